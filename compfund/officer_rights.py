"""Officers who hold money rights: four eyes on who may approve and pay (issue 10).

An officer added with approver, finance officer or administrator rights starts disabled
(on PostgreSQL their login cannot connect), and any change of an officer's role is only
proposed: the change takes effect when another administrator, or an approver, confirms
it; never the administrator who proposed it, never the officer it names. One person
with two logins is the classic way round four eyes. Every request is kept with its
decision (``officer_role_requests``): auditors list them.

The founding administrators, added by the database's owner without logging in
(``BOOTSTRAP``), need no confirmation: someone has to be first to confirm.

On PostgreSQL the decision is the database's own (``compfund_officer_confirm`` and
``compfund_officer_refuse``, migrations/officer_rights.py), which read the decider from
the session's login, so a plain database client cannot get round it either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import utc_now
from compfund.db import pg_roles
from compfund.db.uow import UnitOfWork
from compfund.enums import OfficerRequestKind, OfficerRequestOutcome
from compfund.errors import NotFound, RuleViolation
from compfund.models import OfficerRoleRequest, User
from compfund.permissions import Action, Role
from compfund.reasons import Reason
from compfund.service import service

MONEY_RIGHTS = frozenset({Role.APPROVER, Role.FINANCE_OFFICER, Role.ADMIN})
"""Roles a new officer gets only once a second officer confirms them."""

REFUSAL = Reason(5, "Say why the change of the officer's rights is refused")


@dataclass(frozen=True, slots=True)
class RequestSummary:
    login: str
    kind: OfficerRequestKind
    from_role: Role | None
    role: Role
    province_code: str | None
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    outcome: OfficerRequestOutcome | None
    reason: str | None

    @property
    def what(self) -> str:
        """The change in words: "new approver", "fund officer -> approver"."""
        where = f" in {self.province_code}" if self.province_code else ""
        if self.kind is OfficerRequestKind.NEW_OFFICER:
            return f"new {self.role.label}{where}"
        before = self.from_role.label if self.from_role else "?"
        return f"{before} -> {self.role.label}{where}"

    def to_json(self) -> dict[str, object]:
        return {
            "login": self.login,
            "kind": self.kind.value,
            "from_role": self.from_role.value if self.from_role else None,
            "role": self.role.value,
            "province": self.province_code,
            "proposed_by": self.proposed_by,
            "proposed_at": self.proposed_at.isoformat(),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "outcome": self.outcome.value if self.outcome else "pending",
            "reason": self.reason,
        }


def _summary(request: OfficerRoleRequest) -> RequestSummary:
    return RequestSummary(
        request.login,
        request.kind,
        request.from_role,
        request.role,
        request.province_code,
        request.proposed_by,
        request.proposed_at,
        request.decided_by,
        request.decided_at,
        request.outcome,
        request.reason,
    )


def pending_request(uow: UnitOfWork, login: str) -> OfficerRoleRequest | None:
    return uow.session.execute(
        select(OfficerRoleRequest).where(
            OfficerRoleRequest.login == login, OfficerRoleRequest.outcome.is_(None)
        )
    ).scalar_one_or_none()


def waiting_change(uow: UnitOfWork, login: str) -> RequestSummary | None:
    """The undecided change of ``login``'s rights, if any."""
    request = pending_request(uow, login)
    return _summary(request) if request else None


def pending_by_login(uow: UnitOfWork) -> dict[str, RequestSummary]:
    """Every undecided request, by the login it names (for the list of officers)."""
    found = uow.session.execute(
        select(OfficerRoleRequest).where(OfficerRoleRequest.outcome.is_(None))
    ).scalars()
    return {r.login: _summary(r) for r in found}


def never_confirmed(uow: UnitOfWork, login: str) -> bool:
    """True for an officer proposed as new whom nobody confirmed (pending or refused)."""
    outcomes = uow.session.execute(
        select(OfficerRoleRequest.outcome).where(
            OfficerRoleRequest.login == login,
            OfficerRoleRequest.kind == OfficerRequestKind.NEW_OFFICER,
        )
    ).scalars()
    found = list(outcomes)
    return bool(found) and OfficerRequestOutcome.CONFIRMED not in found


def propose(
    uow: UnitOfWork,
    user: User,
    kind: OfficerRequestKind,
    role: Role,
    province_code: str | None,
    actor: Actor,
) -> RequestSummary:
    """Record a proposed change of ``user``'s rights, for a second officer to decide."""
    waiting = pending_request(uow, user.login)
    if waiting is not None:
        raise RuleViolation(
            f"A change of {user.login} ({_summary(waiting).what}, proposed by "
            f"{waiting.proposed_by}) is waiting for a decision: confirm or refuse it first."
        )
    request = OfficerRoleRequest(
        login=user.login,
        kind=kind,
        from_role=user.role if kind is OfficerRequestKind.ROLE_CHANGE else None,
        role=role,
        province_code=province_code,
        proposed_by=actor.login,
        proposed_at=utc_now(),
    )
    uow.session.add(request)
    uow.session.flush()
    return _summary(request)


def _waiting_for(login: str, actor: Actor, uow: UnitOfWork) -> OfficerRoleRequest:
    login = login.strip().lower()
    request = pending_request(uow, login)
    if request is None:
        raise NotFound(
            f"No change of {login!r} is waiting for a decision: `compfund user requests` "
            "lists them."
        )
    if actor.login in (request.proposed_by, request.login):
        raise RuleViolation(
            "You proposed this change, or it is about you: another administrator or an "
            "approver decides it."
        )
    return request


@service(Action.DECIDE_OFFICER_RIGHTS, writes=True)
def confirm_request(login: str, *, actor: Actor, uow: UnitOfWork) -> RequestSummary:
    """Confirm another administrator's proposal: the new officer may log in, or the officer
    moves to the role proposed."""
    request = _waiting_for(login, actor, uow)
    session = uow.session
    if _database_decides(uow, actor):
        pg_roles.confirm_request(session, request.login)
        session.expire_all()  # the database changed the request and the officer
        return _summary(session.get_one(OfficerRoleRequest, request.id))
    user = session.execute(select(User).where(User.login == request.login)).scalar_one()
    _decide(request, OfficerRequestOutcome.CONFIRMED, actor)
    if request.kind is OfficerRequestKind.NEW_OFFICER:
        user.disabled = False
    else:
        user.role = request.role
        user.province_code = request.province_code
    session.flush()
    if uow.dialect == "postgresql":  # the schema's owner, in the confirmer's name
        if request.kind is OfficerRequestKind.NEW_OFFICER:
            pg_roles.set_login_enabled(session, request.login, True)
        else:
            pg_roles.set_group(session, request.login, request.role)
    return _summary(request)


def _database_decides(uow: UnitOfWork, actor: Actor) -> bool:
    """PostgreSQL, with the deciding officer connected as their own login (every desk)."""
    return uow.dialect == "postgresql" and pg_roles.is_session_user(uow.session, actor.login)


def _decide(request: OfficerRoleRequest, outcome: OfficerRequestOutcome, actor: Actor) -> None:
    request.outcome = outcome
    request.decided_by = actor.login
    request.decided_at = utc_now()


@service(Action.DECIDE_OFFICER_RIGHTS, writes=True)
def refuse_request(login: str, *, reason: str, actor: Actor, uow: UnitOfWork) -> RequestSummary:
    """Refuse another administrator's proposal, for a stated reason: nothing changes (an
    officer proposed as new stays disabled)."""
    why = REFUSAL.read(reason)
    request = _waiting_for(login, actor, uow)
    session = uow.session
    if _database_decides(uow, actor):
        pg_roles.refuse_request(session, request.login, why)
        session.expire_all()
        return _summary(session.get_one(OfficerRoleRequest, request.id))
    _decide(request, OfficerRequestOutcome.REFUSED, actor)
    request.reason = why
    session.flush()
    return _summary(request)


@service(Action.VIEW_OFFICER_RIGHTS, writes=False)
def list_requests(
    *, pending_only: bool = False, actor: Actor, uow: UnitOfWork
) -> list[RequestSummary]:
    """Proposed changes of officers' rights, newest first, decided or not."""
    query = select(OfficerRoleRequest).order_by(OfficerRoleRequest.id.desc())
    if pending_only:
        query = query.where(OfficerRoleRequest.outcome.is_(None))
    return [_summary(r) for r in uow.session.execute(query).scalars()]
