"""Officers: adding them (and, on PostgreSQL, their database role), listing, disabling."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from compfund.actor import BOOTSTRAP, Actor
from compfund.clock import utc_now
from compfund.db import pg_roles
from compfund.db.uow import UnitOfWork
from compfund.errors import InvalidInput, NotFound, RuleViolation
from compfund.models import User
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

    def to_json(self) -> dict[str, object]:
        return {
            "login": self.login,
            "display_name": self.display_name,
            "role": self.role.value,
            "province": self.province_code,
            "disabled": self.disabled,
        }


def _summary(user: User) -> UserSummary:
    return UserSummary(user.login, user.display_name, user.role, user.province_code, user.disabled)


def count_users(uow: UnitOfWork) -> int:
    return int(uow.session.execute(select(func.count(User.id))).scalar_one())


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
    """Add an officer. The first administrator may be added by ``BOOTSTRAP`` on an empty
    database; every later officer needs an administrator."""
    login = pg_roles.check_login(login.strip().lower())
    check_strength(password)
    if actor is BOOTSTRAP and (count_users(uow) > 0 or role is not Role.ADMIN):
        raise RuleViolation(
            "Only the first administrator can be added without logging in; "
            "log in as an administrator (--user) to add other officers."
        )
    province = parse_province(province_code) if province_code else None
    if role is Role.CASEWORKER and province is None:
        raise InvalidInput("A caseworker needs a responsible province (--province KH-n).")
    if role is not Role.CASEWORKER and province is not None:
        raise InvalidInput("Only caseworkers are tied to a province.")
    session = uow.session
    if session.execute(select(User.id).where(User.login == login)).first():
        raise RuleViolation(f"An officer with the login {login!r} already exists.")
    postgresql = uow.dialect == "postgresql"
    user = User(
        login=login,
        display_name=(display_name or login).strip(),
        role=role,
        province_code=province,
        disabled=False,
        password_hash=None if postgresql else hash_password(password),
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    if postgresql:
        pg_roles.create_login_role(session, login, role, password)
    return _summary(user)


@service(Action.MANAGE_USERS, writes=False)
def list_users(*, actor: Actor, uow: UnitOfWork) -> list[UserSummary]:
    users = uow.session.execute(select(User).order_by(User.login)).scalars()
    return [_summary(u) for u in users]


@service(Action.MANAGE_USERS, writes=True)
def set_user_disabled(login: str, disabled: bool, *, actor: Actor, uow: UnitOfWork) -> UserSummary:
    user = uow.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"No officer has the login {login!r}.")
    if user.login == actor.login and disabled:
        raise RuleViolation("You cannot disable your own account.")
    user.disabled = disabled
    uow.session.flush()
    if uow.dialect == "postgresql":
        pg_roles.set_login_enabled(uow.session, login, not disabled)
    return _summary(user)
