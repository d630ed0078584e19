"""The fund's eligibility policy: versions with effective dates, set by an administrator.

A version is in force from its ``effective_from`` until the next version's. Once an
eligibility decision has used a version it is never changed, only superseded by a new
one (this service refuses, and so does a database trigger for raw SQL). A new version
takes effect today or later: the past stays as it was decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select, text

from compfund.actor import Actor
from compfund.clock import parse_date, today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import DocumentType, IdentifyingAuthority
from compfund.errors import InvalidInput, NotFound, RuleViolation
from compfund.models import Award, EligibilityDecision, PolicyAmount, PolicyVersion
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class PolicyAmounts:
    """A version's amounts in one currency."""

    interim_grant: Money
    award_cap: Money


@dataclass(frozen=True, slots=True)
class PolicyInput:
    name: str
    effective_from: date
    time_limit_days: int
    minor_time_limit_days: int
    review_window_days: int
    information_due_days: int
    accepted_authorities: tuple[IdentifyingAuthority, ...]
    identity_documents: tuple[DocumentType, ...]
    amounts: tuple[PolicyAmounts, ...]
    note: str
    interim_deducted_from_award: bool = True
    deduct_only_what_was_paid: bool = True


@dataclass(frozen=True, slots=True)
class PolicySummary:
    id: int
    name: str
    effective_from: date
    time_limit_days: int
    minor_time_limit_days: int
    review_window_days: int
    information_due_days: int
    accepted_authorities: tuple[str, ...]
    identity_documents: tuple[str, ...]
    amounts: tuple[PolicyAmounts, ...]
    interim_deducted_from_award: bool
    deduct_only_what_was_paid: bool
    note: str
    used: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "time_limit_days": self.time_limit_days,
            "minor_time_limit_days": self.minor_time_limit_days,
            "review_window_days": self.review_window_days,
            "information_due_days": self.information_due_days,
            "accepted_authorities": list(self.accepted_authorities),
            "identity_documents": list(self.identity_documents),
            "amounts": [
                {"interim_grant": a.interim_grant.to_json(), "award_cap": a.award_cap.to_json()}
                for a in self.amounts
            ],
            "interim_deducted_from_award": self.interim_deducted_from_award,
            "deduct_only_what_was_paid": self.deduct_only_what_was_paid,
            "note": self.note,
            "used": self.used,
        }


POLICY_LOCK = 74_610_006
"""PostgreSQL advisory lock key: decisions hold it shared, and the trigger of
``used_policy_guard`` (migrations/guards.py) takes it exclusively before any change to a
policy version, so a version cannot be changed while a decision that uses it is being
made (nor read half-changed)."""


def policy_in_force(uow: UnitOfWork, day: date, *, lock: bool = False) -> PolicyVersion:
    """The version in force on ``day``. With ``lock``, no change to any policy version can
    commit until this transaction ends (on SQLite, BEGIN IMMEDIATE already serialises)."""
    if lock and uow.dialect == "postgresql":
        uow.session.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": POLICY_LOCK})
    query = (
        select(PolicyVersion)
        .where(PolicyVersion.effective_from <= day)
        .order_by(PolicyVersion.effective_from.desc())
        .limit(1)
    )
    version = uow.session.execute(query).scalar_one_or_none()
    if version is None:
        raise RuleViolation(
            f"No eligibility policy is in force on {day}: an administrator must set one."
        )
    return version


def is_used(uow: UnitOfWork, version_id: int) -> bool:
    """True once an eligibility decision or an award (its interim grant or cap per
    survivor) has used the version."""
    for used_by in (EligibilityDecision.policy_version_id, Award.policy_version_id):
        # that one column only: on PostgreSQL a caseworker may read no other of awards
        if uow.session.execute(
            select(exists(select(used_by).where(used_by == version_id)))
        ).scalar_one():
            return True
    return False


def _summary(uow: UnitOfWork, version: PolicyVersion) -> PolicySummary:
    return PolicySummary(
        id=version.id,
        name=version.name,
        effective_from=version.effective_from,
        time_limit_days=version.time_limit_days,
        minor_time_limit_days=version.minor_time_limit_days,
        review_window_days=version.review_window_days,
        information_due_days=version.information_due_days,
        accepted_authorities=tuple(version.accepted_authorities),
        identity_documents=tuple(version.identity_documents),
        amounts=tuple(PolicyAmounts(a.interim_grant, a.award_cap) for a in version.amounts),
        interim_deducted_from_award=version.interim_deducted_from_award,
        deduct_only_what_was_paid=version.deduct_only_what_was_paid,
        note=version.note,
        used=is_used(uow, version.id),
    )


def _validate(data: PolicyInput, uow: UnitOfWork, replacing: int | None) -> None:
    today = today_in_cambodia()
    if not data.name.strip():
        raise InvalidInput("Name the policy version (e.g. 'Board decision 2027-01').")
    if not data.note.strip():
        raise InvalidInput("Say where the policy's figures come from (the note).")
    if not data.deduct_only_what_was_paid:
        raise RuleViolation(
            "An award deducts only compensation the survivor actually received, never what "
            "a court merely ordered: deduct_only_what_was_paid stays true."
        )
    if data.effective_from < today:
        raise RuleViolation(
            f"A policy version takes effect today ({today}) or later, not on "
            f"{data.effective_from}: decisions already made keep the policy they used."
        )
    for label, days in (
        ("time limit", data.time_limit_days),
        ("review window", data.review_window_days),
        ("information due period", data.information_due_days),
    ):
        if days <= 0:
            raise InvalidInput(f"The {label} must be a positive number of days, not {days}.")
    if data.minor_time_limit_days < data.time_limit_days:
        raise InvalidInput(
            f"The time limit for minors ({data.minor_time_limit_days} days) must be at least "
            f"the general one ({data.time_limit_days} days)."
        )
    if not data.accepted_authorities:
        raise InvalidInput("Accept at least one identifying authority.")
    if not data.identity_documents:
        raise InvalidInput("Accept at least one kind of identity document.")
    currencies = [a.interim_grant.currency for a in data.amounts]
    if sorted(currencies) != sorted(Currency):
        raise InvalidInput("Give the interim grant and the cap once in each of KHR and USD.")
    for a in data.amounts:
        if a.award_cap.currency is not a.interim_grant.currency:
            raise InvalidInput("An interim grant and its cap must be in the same currency.")
        if a.interim_grant.is_negative() or a.award_cap < a.interim_grant:
            raise InvalidInput(
                f"The cap ({a.award_cap}) must cover the interim grant ({a.interim_grant}), "
                "and neither may be negative."
            )
    clash = uow.session.execute(
        select(PolicyVersion.id).where(PolicyVersion.effective_from == data.effective_from)
    ).scalar_one_or_none()
    if clash is not None and clash != replacing:
        raise RuleViolation(
            f"Policy version {clash} already takes effect on {data.effective_from}."
        )


def _fill(version: PolicyVersion, data: PolicyInput) -> None:
    version.name = data.name.strip()
    version.effective_from = data.effective_from
    version.time_limit_days = data.time_limit_days
    version.minor_time_limit_days = data.minor_time_limit_days
    version.review_window_days = data.review_window_days
    version.information_due_days = data.information_due_days
    version.accepted_authorities = sorted({a.value for a in data.accepted_authorities})
    version.identity_documents = sorted({d.value for d in data.identity_documents})
    version.interim_deducted_from_award = data.interim_deducted_from_award
    version.deduct_only_what_was_paid = data.deduct_only_what_was_paid
    version.note = data.note.strip()
    version.amounts = [
        PolicyAmount(
            currency=a.interim_grant.currency,
            interim_grant_minor=a.interim_grant.minor,
            award_cap_minor=a.award_cap.minor,
        )
        for a in data.amounts
    ]


@service(Action.SET_POLICY, writes=True)
def set_policy(data: PolicyInput, *, actor: Actor, uow: UnitOfWork) -> int:
    """Add a policy version that supersedes the one in force from its effective date."""
    _validate(data, uow, replacing=None)
    version = PolicyVersion(created_by_id=actor.user_id, created_at=utc_now())
    _fill(version, data)
    uow.session.add(version)
    uow.session.flush()
    return version.id


@service(Action.SET_POLICY, writes=True)
def amend_policy(version_id: int, data: PolicyInput, *, actor: Actor, uow: UnitOfWork) -> None:
    """Correct a version that no decision has used yet; a used one is only superseded."""
    version = uow.session.get(PolicyVersion, version_id)
    if version is None:
        raise NotFound(f"No policy version {version_id}.")
    if is_used(uow, version_id):
        raise RuleViolation(
            f"Policy version {version_id} ({version.name}) has been used by eligibility "
            "decisions or awards: it cannot be changed. Set a new version that supersedes it."
        )
    _validate(data, uow, replacing=version_id)
    version.amounts.clear()
    uow.session.flush()  # old amounts go before the new ones take their (version, currency)
    _fill(version, data)
    uow.session.flush()


@service(Action.VIEW_CASES, writes=False)
def current_policy(*, actor: Actor, uow: UnitOfWork, on: date | None = None) -> PolicySummary:
    """The version in force today in Cambodia (or ``on`` a given day)."""
    return _summary(uow, policy_in_force(uow, on or today_in_cambodia()))


@service(Action.VIEW_CASES, writes=False)
def policy_versions(*, actor: Actor, uow: UnitOfWork) -> list[PolicySummary]:
    versions = uow.session.execute(
        select(PolicyVersion).order_by(PolicyVersion.effective_from)
    ).scalars()
    return [_summary(uow, v) for v in versions]


_FIELDS = {
    "name": str,
    "effective_from": str,
    "time_limit_days": int,
    "minor_time_limit_days": int,
    "review_window_days": int,
    "information_due_days": int,
    "accepted_authorities": list,
    "identity_documents": list,
    "amounts": list,
    "interim_deducted_from_award": bool,
    "deduct_only_what_was_paid": bool,
    "note": str,
}
_SHOWN_ONLY = {"id", "used"}  # what `compfund eligibility policy --json` adds


def _money(value: object, what: str) -> Money:
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise InvalidInput(f'{what} must be {{"amount": "200.00", "currency": "USD"}}.')
    if not isinstance(value["amount"], str):
        raise InvalidInput(f'Write {what} as a string such as "200.00", never a number.')
    return Money.of(value["amount"], str(value["currency"]))


def _members(enum: type[DocumentType] | type[IdentifyingAuthority], values: list[object]) -> list:  # type: ignore[type-arg]
    known = ", ".join(m.value for m in enum)
    try:
        return [enum(str(v)) for v in values]
    except ValueError:
        raise InvalidInput(f"Use only these values: {known}.") from None


def policy_from_json(data: object) -> PolicyInput:
    """A policy version as written in a file: the shape `eligibility policy --json` shows."""
    if not isinstance(data, dict):
        raise InvalidInput("A policy file holds one JSON object.")
    unknown = set(data) - set(_FIELDS) - _SHOWN_ONLY
    missing = set(_FIELDS) - set(data)
    if unknown or missing:
        raise InvalidInput(
            f"Policy fields unknown: {sorted(unknown) or 'none'}; missing: {sorted(missing) or 'none'}."
        )
    for name, kind in _FIELDS.items():
        value = data[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidInput(f"The policy's {name} must be a JSON {kind.__name__}.")
    effective = parse_date(data["effective_from"], "policy's effective_from date")
    amounts = []
    for row in data["amounts"]:
        if not isinstance(row, dict):
            raise InvalidInput(
                "Each of the policy's amounts holds an interim_grant and an award_cap."
            )
        amounts.append(
            PolicyAmounts(
                _money(row.get("interim_grant"), "interim_grant"),
                _money(row.get("award_cap"), "award_cap"),
            )
        )
    return PolicyInput(
        name=data["name"],
        effective_from=effective,
        time_limit_days=data["time_limit_days"],
        minor_time_limit_days=data["minor_time_limit_days"],
        review_window_days=data["review_window_days"],
        information_due_days=data["information_due_days"],
        accepted_authorities=tuple(_members(IdentifyingAuthority, data["accepted_authorities"])),
        identity_documents=tuple(_members(DocumentType, data["identity_documents"])),
        amounts=tuple(amounts),
        note=data["note"],
        interim_deducted_from_award=data["interim_deducted_from_award"],
        deduct_only_what_was_paid=data["deduct_only_what_was_paid"],
    )
