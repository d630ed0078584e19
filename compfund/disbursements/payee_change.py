"""Where money goes: a payee's details change only on a finance officer's confirmation.

A change of a survivor's payee details (channel, institution, account, name; the first
record too) is proposed by a caseworker of the survivor's province or a fund officer. It
takes effect only when a finance officer who did not propose it confirms it: then the
details on file become what it says (their version + 1). A finance officer may refuse it
instead, with a reason. At most one change of a survivor waits at a time, and meanwhile
that survivor's instalments stay out of new batches; a batch already released is not
altered, and a change is not confirmed while a built batch pays the survivor from the
details on file (release or cancel it first).

On PostgreSQL, where each officer connects as their own role, no officer's role writes
``payee_details``: the database confirms or refuses a change in the name of the finance
officer logged in (``compfund_payee_confirm``, ``compfund_payee_refuse``,
0006_payee_changes) and the service writes the change to the audit trail, as the audit
hook would. The payee's name and account of a change are read in clear by finance only
(and shown only with a reason, as an identifying access); the others read them masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, null, select
from sqlalchemy import text as sql

from compfund.actor import Actor
from compfund.audit.access import log_access
from compfund.awards.award import payee_for
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.audit_hook import append_events, audit_row, masked
from compfund.db.uow import RELOAD, UnitOfWork
from compfund.disbursements.guarded import on_own_login
from compfund.disbursements.payee import PayeeInput, PayeeView, checked_payee, masked_payee_details
from compfund.enums import Channel, Payee, PayeeChangeStatus, PaymentStatus
from compfund.errors import ConcurrentEdit, InvalidInput, NotFound, RuleViolation
from compfund.four_eyes import PAYEE_CHANGE
from compfund.models import Instalment, PayeeChange, PayeeDetails, Payment, Survivor
from compfund.models.masked import PAYEE_CHANGES_MASKED
from compfund.permissions import Action, Role
from compfund.reasons import IDENTIFYING_ACCESS, PAYEE_CHANGE_REFUSAL
from compfund.service import not_found_for, service, survivor_in_scope

AWAITING = "payee change awaiting confirmation"
"""Why a survivor's instalment is left out of a batch while their change waits."""


@dataclass(frozen=True, slots=True)
class PayeeChangeView:
    """A proposed change. ``account`` is masked (``****5678``) unless a finance officer
    asked to see it with a reason; a caseworker sees no account at all (None). The payee's
    name is shown only in that finance case."""

    id: int
    survivor_code: str
    payee: Payee
    channel: Channel
    institution: str | None
    account: str | None
    dosvy_province: str | None
    replaces_version: int | None
    status: PayeeChangeStatus
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    refusal_reason: str | None
    version: int
    payee_name: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "change": self.id,
            "survivor": self.survivor_code,
            "payee": self.payee.value,
            "channel": self.channel.value,
            "institution": self.institution,
            "account": self.account,
            "payee_name": self.payee_name,
            "dosvy_province": self.dosvy_province,
            "replaces_version": self.replaces_version,
            "status": self.status.value,
            "proposed_by": self.proposed_by,
            "proposed_at": self.proposed_at.isoformat(),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "refusal_reason": self.refusal_reason,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class PayeeOnFile:
    """A survivor's payee details on file (None before the first is confirmed) and the
    changes proposed, newest first."""

    survivor_code: str
    details: PayeeView | None
    changes: tuple[PayeeChangeView, ...]


@dataclass(frozen=True, slots=True)
class PayeeDecision:
    """A change confirmed (``details_version`` the details' new version) or refused."""

    change: PayeeChangeView
    details_version: int | None


# -- reading changes ---------------------------------------------------------------------


def _changes(
    uow: UnitOfWork,
    actor: Actor,
    *,
    survivor: Survivor | None = None,
    change_id: int | None = None,
    pending_only: bool = False,
    clear: bool = False,
) -> list[PayeeChangeView]:
    """Changes as ``actor`` may read them: in clear (``clear``, finance only), masked
    through ``payee_changes_masked``, or for a caseworker without the account."""
    view = PAYEE_CHANGES_MASKED.c
    c = PayeeChange
    if clear:
        account: Any = c.account
        name: Any = c.payee_name
    elif actor.role is Role.CASEWORKER:
        account, name = null(), null()
    else:
        account, name = view.account, null()
    query = select(
        c.id,
        Survivor.code,
        c.payee,
        c.channel,
        c.institution,
        account,
        c.dosvy_province,
        c.replaces_version,
        c.status,
        c.proposed_by,
        c.proposed_at,
        c.decided_by,
        c.decided_at,
        c.refusal_reason,
        c.version,
        name,
    ).join(Survivor, Survivor.id == c.survivor_id)
    if not clear and actor.role is not Role.CASEWORKER:
        query = query.join(PAYEE_CHANGES_MASKED, view.id == c.id)
    if actor.scoped_province is not None:
        query = query.where(Survivor.province_code == actor.scoped_province)
    if survivor is not None:
        query = query.where(c.survivor_id == survivor.id)
    if change_id is not None:
        query = query.where(c.id == change_id)
    if pending_only:
        query = query.where(c.status == PayeeChangeStatus.PENDING)
    rows = uow.session.execute(query.order_by(c.id.desc())).all()
    return [PayeeChangeView(*row) for row in rows]


def _one_change(uow: UnitOfWork, actor: Actor, change_id: int) -> PayeeChangeView:
    found = _changes(uow, actor, change_id=change_id)
    if not found:
        raise not_found_for(actor, f"payee change has the number {change_id}")
    return found[0]


def pending_survivors(uow: UnitOfWork, survivor_ids: Sequence[int]) -> set[int]:
    """Which of these survivors have a payee change awaiting confirmation."""
    if not survivor_ids:
        return set()
    found = uow.session.execute(
        select(PayeeChange.survivor_id).where(
            PayeeChange.survivor_id.in_(survivor_ids),
            PayeeChange.status == PayeeChangeStatus.PENDING,
        )
    ).scalars()
    return set(found)


# -- proposing ---------------------------------------------------------------------------


@service(Action.PROPOSE_PAYEE_CHANGE, writes=True)
def propose_payee_change(
    survivor_code: str,
    data: PayeeInput,
    *,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> PayeeChangeView:
    """Propose how the survivor is to be paid (for a minor, through the guardian); a change
    of details on file names the version it replaces (``expected_version``), so nobody's
    change is lost. Nothing changes until a finance officer confirms it."""
    survivor = survivor_in_scope(uow, actor, survivor_code)
    checked = checked_payee(data)
    payee = payee_for(survivor, today_in_cambodia())
    on_file = uow.session.execute(
        select(PayeeDetails.version).where(PayeeDetails.survivor_id == survivor.id)
    ).scalar_one_or_none()
    if on_file is not None and expected_version is None:
        raise InvalidInput(
            f"{survivor.code} already has payee details (version {on_file}): open them and "
            "propose your change with that version, so nobody's change is lost."
        )
    if on_file != expected_version:
        raise ConcurrentEdit(RELOAD)
    waiting = pending_survivors(uow, [survivor.id])
    if waiting:
        raise RuleViolation(
            f"A change of {survivor.code}'s payee details already awaits a finance officer's "
            "confirmation: it is confirmed or refused before another is proposed.",
            key="payee_change.pending",
        )
    change = PayeeChange(
        survivor_id=survivor.id,
        payee=payee,
        payee_name=checked.payee_name,
        channel=checked.channel,
        institution=checked.institution,
        account=checked.account,
        dosvy_province=checked.dosvy_province,
        replaces_version=on_file,
        status=PayeeChangeStatus.PENDING,
        proposed_by=actor.login,
        proposed_at=utc_now(),
    )
    uow.session.add(change)
    uow.session.flush()
    return _one_change(uow, actor, change.id)


# -- confirming or refusing ----------------------------------------------------------------


def _row(uow: UnitOfWork, table: Table, key: int) -> dict[str, Any] | None:
    found = uow.session.execute(select(table).where(table.c.id == key)).mappings().one_or_none()
    return dict(found) if found is not None else None


def _audited(
    uow: UnitOfWork, table: Table, before: dict[str, Any] | None, after: dict[str, Any]
) -> dict[str, Any]:
    """The audit event the hook would write for this change of a row (masked as it masks)."""
    columns = table.c
    if before is None:
        old = None
        new = {k: masked(columns[k], v) for k, v in after.items()}
    else:
        changed = [k for k, v in after.items() if before.get(k) != v]
        old = {k: masked(columns[k], before[k]) for k in changed}
        new = {k: masked(columns[k], after[k]) for k in changed}
    return audit_row(
        uow.session,
        event_name="insert" if before is None else "update",
        entity=table.name,
        entity_id=str(after["id"]),
        old_values=old,
        new_values=new,
    )


def _in_the_database(
    uow: UnitOfWork, statement: str, params: dict[str, Any], change: PayeeChange
) -> Any:
    """PostgreSQL, the finance officer's own login: the database decides the change (and
    writes the details); the trail gets the same events the audit hook would write."""
    uow.session.flush()
    tables: Any = (PayeeChange.__table__, PayeeDetails.__table__)
    details_id = uow.session.execute(
        select(PayeeDetails.id).where(PayeeDetails.survivor_id == change.survivor_id)
    ).scalar_one_or_none()
    before = (
        _row(uow, tables[0], change.id),
        _row(uow, tables[1], details_id) if details_id else None,
    )
    result = uow.session.execute(sql(statement), params).scalar()
    if result is None:  # no longer pending at that version: another desk decided it
        raise ConcurrentEdit(RELOAD)
    uow.session.expire_all()
    after_change = _row(uow, tables[0], change.id)
    after_details = (
        uow.session.execute(select(tables[1]).where(tables[1].c.survivor_id == change.survivor_id))
        .mappings()
        .one_or_none()
    )
    events = []
    if after_details is not None and (before[1] is None or before[1] != dict(after_details)):
        events.append(_audited(uow, tables[1], before[1], dict(after_details)))
    assert after_change is not None
    events.append(_audited(uow, tables[0], before[0], after_change))
    append_events(uow.session, events)
    return result


def _pending(
    uow: UnitOfWork, actor: Actor, change_id: int, expected_version: int | None
) -> PayeeChange:
    change = uow.session.get(PayeeChange, change_id)
    if change is None:
        raise NotFound(f"No payee change has the number {change_id}.")
    if expected_version is not None and change.version != expected_version:
        raise ConcurrentEdit(RELOAD)
    if change.status is not PayeeChangeStatus.PENDING:
        raise RuleViolation(
            f"Payee change {change.id} is {change.status.value} already: nothing to decide.",
            key="payee_change.decided",
        )
    PAYEE_CHANGE.check(actor, change.proposed_by)
    return change


def _batched_payment(uow: UnitOfWork, survivor_id: int) -> int | None:
    """A built batch paying the survivor from the details on file, if any."""
    return uow.session.execute(
        select(func.min(Payment.batch_id))
        .join(Instalment, Instalment.id == Payment.instalment_id)
        .where(Instalment.survivor_id == survivor_id, Payment.status == PaymentStatus.BATCHED)
    ).scalar()


@service(Action.CONFIRM_PAYEE_CHANGE, writes=True)
def confirm_payee_change(
    change_id: int, *, expected_version: int | None = None, actor: Actor, uow: UnitOfWork
) -> PayeeDecision:
    """Confirm a proposed change (never one's own): the survivor's payee details become
    what it says."""
    change = _pending(uow, actor, change_id, expected_version)
    details = uow.session.execute(
        select(PayeeDetails).where(PayeeDetails.survivor_id == change.survivor_id)
    ).scalar_one_or_none()
    if (details.version if details else None) != change.replaces_version:
        raise RuleViolation(
            f"The payee details changed after change {change.id} was proposed: refuse it, and "
            "propose it again from the details on file.",
            key="payee_change.stale",
        )
    batch = _batched_payment(uow, change.survivor_id)
    if batch is not None:
        raise RuleViolation(
            f"Payment batch {batch} pays this survivor from the details on file: release or "
            "cancel it before confirming the change.",
            key="payee_change.batched",
        )
    if on_own_login(uow, actor):
        version = int(
            _in_the_database(
                uow,
                "SELECT public.compfund_payee_confirm(:change, :version)",
                {"change": change.id, "version": change.version},
                change,
            )
        )
    else:
        version = _confirmed_here(uow, actor, change, details)
    return PayeeDecision(_one_change(uow, actor, change.id), version)


def _confirmed_here(
    uow: UnitOfWork, actor: Actor, change: PayeeChange, details: PayeeDetails | None
) -> int:
    """SQLite (one desk), or the schema's owner: the service writes the details."""
    fields = {
        "payee": change.payee,
        "payee_name": change.payee_name,  # deferred: loaded before anything is added
        "channel": change.channel,
        "institution": change.institution,
        "account": change.account,
        "dosvy_province": change.dosvy_province,
        "updated_by": actor.login,
        "updated_at": utc_now(),
    }
    if details is None:
        details = PayeeDetails(survivor_id=change.survivor_id, **fields)
        uow.session.add(details)
    else:
        for name, value in fields.items():
            setattr(details, name, value)
    change.status = PayeeChangeStatus.CONFIRMED
    change.decided_by = actor.login
    change.decided_at = details.updated_at
    uow.session.flush()
    return details.version


@service(Action.CONFIRM_PAYEE_CHANGE, writes=True)
def refuse_payee_change(
    change_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> PayeeDecision:
    """Refuse a proposed change, with the reason: the details on file stay as they are."""
    why = PAYEE_CHANGE_REFUSAL.read(reason)
    change = _pending(uow, actor, change_id, expected_version)
    if on_own_login(uow, actor):
        _in_the_database(
            uow,
            "SELECT public.compfund_payee_refuse(:change, :version, :reason)",
            {"change": change.id, "version": change.version, "reason": why},
            change,
        )
    else:
        change.status = PayeeChangeStatus.REFUSED
        change.decided_by = actor.login
        change.decided_at = utc_now()
        change.refusal_reason = why
        uow.session.flush()
    return PayeeDecision(_one_change(uow, actor, change.id), None)


# -- showing -----------------------------------------------------------------------------


@service(Action.VIEW_PAYEE_DETAILS, writes=True)
def show_payee(survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> PayeeOnFile:
    """The survivor's payee details on file (masked) and the changes proposed (an
    identifying access, logged with its reason). A finance officer, who confirms them,
    sees the changes' payee name and account in clear."""
    why = IDENTIFYING_ACCESS.read(reason)
    survivor = survivor_in_scope(uow, actor, survivor_code)
    details = masked_payee_details(uow, survivor, actor)
    clear = actor.role is Role.FINANCE_OFFICER
    changes = _changes(uow, actor, survivor=survivor, clear=clear)
    if details is None and not changes:
        raise NotFound(f"No payee details are recorded or proposed for {survivor.code}.")
    log_access(uow, "payee details", [survivor.code], why)
    return PayeeOnFile(survivor.code, details, tuple(changes))


@service(Action.VIEW_PAYEE_DETAILS, writes=False)
def payee_changes_pending(*, actor: Actor, uow: UnitOfWork) -> tuple[PayeeChangeView, ...]:
    """Every change awaiting confirmation, oldest first, masked (a caseworker: their
    province's, without the account)."""
    return tuple(reversed(_changes(uow, actor, pending_only=True)))
