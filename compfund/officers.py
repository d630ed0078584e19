"""Officers: adding them (and, on PostgreSQL, their database role), listing, disabling,
enabling, resetting a password, changing a role or a caseworker's province.

Administrators only, never on their own login. An officer added with money rights
(approver, finance officer, administrator) starts disabled, and a change of role is only
proposed, until another administrator or an approver confirms it (compfund.officer_rights).
On PostgreSQL the login itself is changed
through the officer-manager functions (compfund.db.pg_roles); the ``users`` row's
changes are recorded by the audit hook, the login's by the functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from compfund.actor import BOOTSTRAP, Actor
from compfund.clock import utc_now
from compfund.db import pg_roles
from compfund.db.uow import UnitOfWork
from compfund.enums import OfficerRequestKind
from compfund.errors import InvalidInput, NotFound, RuleViolation
from compfund.models import User
from compfund.officer_rights import (
    MONEY_RIGHTS,
    RequestSummary,
    never_confirmed,
    pending_by_login,
    propose,
    waiting_change,
)
from compfund.passwords import check_strength, hash_password
from compfund.permissions import Action, Role
from compfund.provinces import parse_province
from compfund.service import service


@dataclass(frozen=True, slots=True)
class UserSummary:
    login: str
    display_name: str
    role: Role
    province_code: str | None
    disabled: bool
    waiting: RequestSummary | None = None
    """A change of this officer's rights that waits for a second officer's decision."""

    def to_json(self) -> dict[str, object]:
        return {
            "login": self.login,
            "display_name": self.display_name,
            "role": self.role.value,
            "province": self.province_code,
            "disabled": self.disabled,
            "waiting": self.waiting.to_json() if self.waiting else None,
        }


def _summary(user: User, waiting: RequestSummary | None = None) -> UserSummary:
    return UserSummary(
        user.login, user.display_name, user.role, user.province_code, user.disabled, waiting
    )


def count_users(uow: UnitOfWork) -> int:
    return int(uow.session.execute(select(func.count(User.id))).scalar_one())


FOUNDING_ADMINISTRATORS = 2
"""How many administrators the database's owner may add without logging in: the first
needs no confirmation, and the second is there to confirm the first's proposals."""


def bootstrap_may_add(uow: UnitOfWork, role: Role) -> bool:
    """May ``BOOTSTRAP`` (the database's owner, nobody logged in) add an officer of
    ``role``? Only a founding administrator, while fewer than two are enabled."""
    enabled_admins = uow.session.execute(
        select(func.count(User.id)).where(User.role == Role.ADMIN, User.disabled.is_(False))
    ).scalar_one()
    return role is Role.ADMIN and enabled_admins < FOUNDING_ADMINISTRATORS


@service(Action.MANAGE_USERS, writes=True)
def add_user(
    login: str,
    *,
    role: Role,
    password: str,
    display_name: str | None = None,
    province_code: str | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> UserSummary:
    """Add an officer. The two founding administrators may be added by ``BOOTSTRAP``;
    every other officer needs an administrator, and one with money rights stays disabled
    until another administrator or an approver confirms them."""
    login = pg_roles.check_login(login.strip().lower())
    check_strength(password)
    if actor is BOOTSTRAP and not bootstrap_may_add(uow, role):
        raise RuleViolation(
            "Only the first administrator, and a second to confirm the first's proposals, "
            "can be added without logging in; log in as an administrator (--user) to add "
            "other officers."
        )
    to_confirm = actor is not BOOTSTRAP and role in MONEY_RIGHTS
    province = _province_for(role, province_code)
    session = uow.session
    if session.execute(select(User.id).where(User.login == login)).first():
        raise RuleViolation(f"An officer with the login {login!r} already exists.")
    postgresql = uow.dialect == "postgresql"
    user = User(
        login=login,
        display_name=(display_name or login).strip(),
        role=role,
        province_code=province,
        disabled=to_confirm,
        password_hash=None if postgresql else hash_password(password),
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    waiting = None
    if to_confirm:  # first: on PostgreSQL the login is made for this request only
        waiting = propose(uow, user, OfficerRequestKind.NEW_OFFICER, role, province, actor)
    if postgresql:
        pg_roles.create_login_role(session, login, role, password)
    return _summary(user, waiting)


@service(Action.MANAGE_USERS, writes=False)
def list_users(*, actor: Actor, uow: UnitOfWork) -> list[UserSummary]:
    """Every officer, with any change of their rights that waits for a decision."""
    waiting = pending_by_login(uow)
    users = uow.session.execute(select(User).order_by(User.login)).scalars()
    return [_summary(u, waiting.get(u.login)) for u in users]


# -- changing an officer: never one's own login ------------------------------------------


def _other_officer(login: str, actor: Actor, uow: UnitOfWork) -> User:
    """The officer ``login`` names, who is not the acting officer."""
    login = login.strip().lower()
    user = uow.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"No officer has the login {login!r}: `compfund user list` shows them.")
    if user.login == actor.login:
        raise RuleViolation(
            "You cannot change your own account: ask another administrator to do it."
        )
    return user


def _province_for(role: Role, province_code: str | None) -> str | None:
    """The responsible province an officer of ``role`` has: a caseworker one, others none."""
    province = parse_province(province_code) if province_code else None
    if role is Role.CASEWORKER and province is None:
        raise InvalidInput("A caseworker needs a responsible province (--province KH-n).")
    if role is not Role.CASEWORKER and province is not None:
        raise InvalidInput("Only caseworkers are tied to a province.")
    return province


def _set_disabled(login: str, disabled: bool, actor: Actor, uow: UnitOfWork) -> UserSummary:
    user = _other_officer(login, actor, uow)
    if user.disabled == disabled:
        state = "disabled" if disabled else "enabled"
        raise RuleViolation(f"{user.login} is already {state}: nothing was changed.")
    if not disabled and never_confirmed(uow, user.login):
        raise RuleViolation(
            f"{user.login} was added with money rights and may log in only once another "
            "administrator or an approver confirms them (`compfund user confirm`)."
        )
    user.disabled = disabled
    if not disabled:
        user.failed_logins = 0
        user.locked_until = None
    uow.session.flush()
    if uow.dialect == "postgresql":
        pg_roles.set_login_enabled(uow.session, user.login, not disabled)
    return _summary(user, waiting_change(uow, user.login))


@service(Action.MANAGE_USERS, writes=True)
def set_user_disabled(login: str, disabled: bool, *, actor: Actor, uow: UnitOfWork) -> UserSummary:
    """Disable an officer (``disabled``) or enable them again."""
    return _set_disabled(login, disabled, actor, uow)


@service(Action.MANAGE_USERS, writes=True)
def disable_user(login: str, *, actor: Actor, uow: UnitOfWork) -> UserSummary:
    """The officer can no longer log in (on PostgreSQL their login becomes NOLOGIN)."""
    return _set_disabled(login, True, actor, uow)


@service(Action.MANAGE_USERS, writes=True)
def enable_user(login: str, *, actor: Actor, uow: UnitOfWork) -> UserSummary:
    """The officer may log in again, and any lock after wrong passwords is lifted."""
    return _set_disabled(login, False, actor, uow)


@service(Action.MANAGE_USERS, writes=True)
def reset_password(login: str, *, password: str, actor: Actor, uow: UnitOfWork) -> UserSummary:
    """A new password for another officer, set by an administrator."""
    user = _other_officer(login, actor, uow)
    check_strength(password)
    if uow.dialect == "postgresql":
        pg_roles.set_password(uow.session, user.login, password)
    else:
        user.password_hash = hash_password(password)
        uow.session.flush()
    return _summary(user, waiting_change(uow, user.login))


@service(Action.MANAGE_USERS, writes=True)
def set_role(
    login: str,
    role: Role,
    *,
    province_code: str | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> UserSummary:
    """Propose moving an officer to another role (a caseworker's province is given with
    it, and an officer who stops being a caseworker keeps none). The officer keeps their
    role until another administrator or an approver confirms the move."""
    user = _other_officer(login, actor, uow)
    if user.role is role:
        raise RuleViolation(f"{user.login} already has the role {role.label}: nothing was changed.")
    province = _province_for(role, province_code)
    waiting = propose(uow, user, OfficerRequestKind.ROLE_CHANGE, role, province, actor)
    return _summary(user, waiting)


@service(Action.MANAGE_USERS, writes=True)
def set_province(login: str, province_code: str, *, actor: Actor, uow: UnitOfWork) -> UserSummary:
    """Give a caseworker another responsible province."""
    user = _other_officer(login, actor, uow)
    if user.role is not Role.CASEWORKER:
        raise InvalidInput(
            f"Only caseworkers are tied to a province; {user.login} has the role {user.role.label}."
        )
    province = _province_for(Role.CASEWORKER, province_code)
    if province == user.province_code:
        raise RuleViolation(f"{user.login} is already responsible for {province}.")
    user.province_code = province
    uow.session.flush()
    return _summary(user, waiting_change(uow, user.login))
