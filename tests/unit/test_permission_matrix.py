"""Every role x every action, written out for a person to review, and every service held
to it.

MATRIX is the answer key: it is typed here, not read from ``compfund.permissions``, so
a change to the permission table fails this test until someone changes this table too,
and a reviewer sees the change as a row of the diff. CW caseworker, FO fund officer,
AP approver, FI finance officer, EN enforcement officer, AU auditor, AD administrator.

The service check is the decorator's own, made before the service touches anything: an
allowed role gets past it and stops at this test's unit of work, whose session raises
``PastThePermissionCheck``; a refused role gets PermissionDenied naming the action. Any
other error (a RuntimeError inside the decorator, say) fails the case.
"""

import importlib

import pytest

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.errors import PermissionDenied
from compfund.permissions import PERMISSIONS, Action, Role
from compfund.service import SERVICES
from tests.unit.test_permissions import _public_service_functions

_public_service_functions()  # imports every module, so SERVICES is complete

MATRIX = """
action                             CW  FO  AP  FI  EN  AU  AD
view cases                          x   x   x   x   x   x   x
register survivor                   x   .   .   .   .   .   .
view identity                       x   x   x   .   .   .   .
record identification               x   .   .   .   .   .   .
submit application                  x   .   .   .   .   .   .
attach document                     x   x   .   .   .   .   .
open attachment                     x   x   x   .   .   .   .
record consent                      x   .   .   .   .   .   .
withdraw application                x   x   .   .   .   .   .
hold possible duplicate             x   x   .   .   .   .   .
resolve possible duplicate          .   x   .   .   .   .   .
provide information                 x   x   .   .   .   .   .
request review                      x   x   .   .   .   .   .
decide eligibility                  .   x   .   .   .   .   .
override rule                       .   x   .   .   .   .   .
extend time limit                   .   x   .   .   .   .   .
request information                 .   x   .   .   .   .   .
decide review                       .   x   x   .   .   .   .
close application                   .   x   .   .   .   .   .
recommend award                     .   x   .   .   .   .   .
approve award                       .   .   x   .   .   .   .
produce survivor statement          .   x   x   x   .   .   .
produce award letter                .   x   x   .   .   .   .
produce payment voucher             .   .   .   x   .   .   .
record income                       .   .   .   x   .   .   .
build batch                         .   .   .   x   .   .   .
release batch                       .   .   x   .   .   .   .
record payment                      .   .   .   x   .   .   .
reconcile statement                 .   .   .   x   .   .   .
propose payee change                x   x   .   .   .   .   .
confirm payee change                .   .   .   x   .   .   .
view payee details                  x   x   .   x   .   .   .
view awards and payments            .   x   x   x   x   x   x
record other compensation received  .   .   .   .   x   .   .
close period                        .   .   x   x   .   .   .
reverse journal entry               .   .   .   x   .   .   .
write off                           .   .   x   .   .   .   .
set rates                           .   .   .   x   .   .   .
record court case                   .   .   .   .   x   .   .
set policy                          .   .   .   .   .   .   x
manage users                        .   .   .   .   .   .   x
confirm or refuse officer rights    .   .   x   .   .   .   x
view changes of officer rights      .   .   x   .   .   x   x
erase identity after retention      .   .   x   .   .   .   x
export ledger                       .   .   .   x   .   x   .
export identified data              .   x   x   .   .   .   .
view audit trail                    .   .   .   .   .   x   x
"""
ROLES = {
    "CW": Role.CASEWORKER,
    "FO": Role.FUND_OFFICER,
    "AP": Role.APPROVER,
    "FI": Role.FINANCE_OFFICER,
    "EN": Role.ENFORCEMENT_OFFICER,
    "AU": Role.AUDITOR,
    "AD": Role.ADMIN,
}


def _read_matrix() -> dict[Action, frozenset[Role]]:
    header, *rows = MATRIX.strip().splitlines()
    columns = [ROLES[name] for name in header.split()[1:]]
    table: dict[Action, frozenset[Role]] = {}
    for row in rows:
        (*words,) = row.split()
        marks = words[-len(columns) :]
        action = Action(" ".join(words[: -len(columns)]))
        assert set(marks) <= {"x", "."}, row
        table[action] = frozenset(r for r, m in zip(columns, marks, strict=True) if m == "x")
    return table


ALLOWED = _read_matrix()


class PastThePermissionCheck(Exception):
    """Raised by the test's unit of work when a service first touches its session."""


class _Untouchable(UnitOfWork):
    @property
    def session(self):  # type: ignore[no-untyped-def, override]
        raise PastThePermissionCheck


def _service(qualified: str):  # type: ignore[no-untyped-def]
    module, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(module), name)


# The fund's services only: a test may define a service of its own (test_ledger does).
OURS = sorted(name for name in SERVICES if name.startswith("compfund."))
CASES = [(name, role) for name in OURS for role in Role]


def test_the_permission_table_is_the_reviewed_matrix() -> None:
    assert set(ALLOWED) == set(Action), "every action has a row, and only actions do"
    for action in Action:
        assert PERMISSIONS[action] == ALLOWED[action], action.value


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n.split('.')[-1]}-{r}" for n, r in CASES])
def test_each_service_lets_through_exactly_the_roles_of_the_matrix(name: str, role: Role) -> None:
    action = SERVICES[name]
    actor = Actor(1, f"a_{role.value}", role, "Test officer", "KH-1")
    untouchable = _Untouchable(engine=None, actor=actor)  # type: ignore[arg-type]
    service = _service(name)
    if role in ALLOWED[action]:
        with pytest.raises(PastThePermissionCheck):
            service(actor=actor, uow=untouchable)
    else:
        with pytest.raises(PermissionDenied, match=f"may not {action.value}"):
            service(actor=actor, uow=untouchable)


def test_the_matrix_covers_every_action_used() -> None:
    assert len(CASES) == len(OURS) * len(Role) >= 500
    assert set(SERVICES.values()) <= set(ALLOWED)
