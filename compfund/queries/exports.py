"""Exports as audit events, and checking an exported file against the database.

Every export is recorded after the file is made: its kind, parameters, row count, the
digest of its rows, the SHA-256 of the file and the chain head printed in it (the head
read before this event). ``check_export`` takes what a file says about itself (its
manifest, the digest recomputed from its own cells, its SHA-256) and compares it with
the database: the audit trail must match exactly up to the recorded head; a register
is compared with today's data, saying how many events came since.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from compfund.actor import Actor
from compfund.db.audit_hook import record_event
from compfund.db.uow import UnitOfWork
from compfund.models import AuditEvent
from compfund.permissions import Action
from compfund.queries.audit_trail import AuditRange, audit_rows
from compfund.queries.chain_point import chain_hash_at, chain_point
from compfund.queries.export_table import ExportKind, Manifest, cambodia_time, rows_digest
from compfund.queries.payee_documents import document_lines
from compfund.queries.register import (
    RegisterFilter,
    identified_cells,
    register_rows,
    scoped_filter,
    stable_register,
)
from compfund.service import require, service

EXPORT_EVENT = "export"
FORMATS = ("xlsx", "pdf")


@service(Action.VIEW_CASES, writes=True)
def record_export(
    manifest: Manifest, file_format: str, file_sha256: str, *, actor: Actor, uow: UnitOfWork
) -> int:
    """Record an export in the audit trail; returns the event's place in the chain."""
    require(actor, manifest.kind.action)
    record_event(
        uow.session,
        event_name=EXPORT_EVENT,
        entity=manifest.kind.value,
        detail=f"{manifest.rows} rows as {file_format}",
        new_values={
            "format": file_format,
            "parameters": dict(manifest.parameters),
            "rows": manifest.rows,
            "rows_sha256": manifest.rows_sha256,
            "file_sha256": file_sha256,
            "chain_head": manifest.chain_head,
            "chain_seq": manifest.chain_seq,
        },
    )
    return chain_point(uow).seq


@dataclass(frozen=True, slots=True)
class ExportCheck:
    matches: bool
    findings: tuple[str, ...]
    recorded_seq: int | None
    events_since: int

    def to_json(self) -> dict[str, object]:
        return {
            "matches": self.matches,
            "findings": list(self.findings),
            "export_event": self.recorded_seq,
            "events_since_head": self.events_since,
        }

    def report(self, file_name: str) -> str:
        """The verdict on ``file_name`` and every finding, one line each."""
        verdict = "MATCHES the database" if self.matches else "DOES NOT MATCH the database"
        return "\n".join([f"{file_name}: {verdict}.", *(f"- {f}" for f in self.findings)])


def _recorded_export(uow: UnitOfWork, manifest: Manifest, file_sha256: str) -> AuditEvent | None:
    candidates = uow.session.execute(
        select(AuditEvent)
        .where(
            AuditEvent.event == EXPORT_EVENT,
            AuditEvent.entity == manifest.kind.value,
            AuditEvent.chain_seq > manifest.chain_seq,
        )
        .order_by(AuditEvent.chain_seq)
    ).scalars()
    for event in candidates:
        values: dict[str, Any] = event.new_values or {}
        if values.get("file_sha256") == file_sha256:
            return event
    return None


def _current_digest(uow: UnitOfWork, actor: Actor, manifest: Manifest) -> str:
    parameters = dict(manifest.parameters)
    columns = list(manifest.columns)
    if manifest.kind is ExportKind.AUDIT_TRAIL:
        rows = audit_rows(uow, AuditRange.from_parameters(parameters), manifest.chain_seq)
        return rows_digest(columns, [r.cells() for r in rows])
    if manifest.kind.payee_document:
        (key,) = parameters.values()
        return rows_digest(columns, document_lines(uow, actor, manifest.kind, key)[1])
    filters = scoped_filter(actor, RegisterFilter.from_parameters(parameters))
    if manifest.kind is ExportKind.IDENTIFIED_APPLICATIONS:
        # Only compared here, never shown: the check itself reveals no one.
        return rows_digest(columns, identified_cells(uow, register_rows(uow, filters)))
    _, current = stable_register(uow, filters)
    return rows_digest(columns, [r.cells() for r in current])


@service(Action.VIEW_CASES, writes=False)
def check_export(
    manifest: Manifest,
    file_rows_sha256: str,
    file_sha256: str,
    file_format: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
) -> ExportCheck:
    """Does this file still say what the database says? (see the module docstring)"""
    require(actor, manifest.kind.action)
    problems: list[str] = []
    notes: list[str] = []
    if file_rows_sha256 != manifest.rows_sha256:
        problems.append(
            "The rows in this file were changed after it was exported: the digest of its "
            f"cells ({file_rows_sha256[:12]}...) is not the one in its manifest "
            f"({manifest.rows_sha256[:12]}...)."
        )
    head_now = chain_point(uow)
    since = max(head_now.seq - manifest.chain_seq, 0)
    if chain_hash_at(uow, manifest.chain_seq) != manifest.chain_head:
        problems.append(
            f"The chain head printed in this file (event {manifest.chain_seq}, "
            f"{manifest.chain_head[:12]}...) is not in this database's audit trail: the "
            "file comes from another database, or the trail was rewritten."
        )
        return ExportCheck(False, tuple(problems), None, since)
    recorded = _recorded_export(uow, manifest, file_sha256)
    if recorded is not None:
        notes.append(
            f"This exact file was exported by {recorded.actor_login} at "
            f"{cambodia_time(recorded.occurred_at)} (audit event {recorded.chain_seq})."
        )
    elif file_format == "pdf":
        problems.append(
            "No export of this exact PDF is recorded in the audit trail: its bytes were "
            "changed after it was exported."
        )
    else:
        notes.append(
            "The file's bytes are not those recorded at export (it was saved again); "
            "its cells were checked instead."
        )
    current = _current_digest(uow, actor, manifest)
    if manifest.kind is ExportKind.AUDIT_TRAIL:
        if current == manifest.rows_sha256:
            notes.append(f"The audit trail up to event {manifest.chain_seq} matches the file.")
        else:
            problems.append(
                f"The audit trail up to event {manifest.chain_seq} no longer matches the "
                "rows exported: stored events were changed (run `compfund audit verify`)."
            )
    elif current == manifest.rows_sha256:
        notes.append(
            f"The current data still matches the file ({since} audit events since its "
            "chain head; none changed these rows)."
        )
    else:
        problems.append(
            f"The current data differs from the file: {since} audit events since its chain "
            f"head (event {manifest.chain_seq}) changed what these rows show."
        )
    findings = tuple(problems + notes)
    seq = recorded.chain_seq if recorded is not None else None
    return ExportCheck(not problems, findings, seq, since)
