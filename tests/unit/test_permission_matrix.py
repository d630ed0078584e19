"""Every role x every service: refused or let through exactly as the permission table says.

The check is the service decorator's own, made before the service touches anything, so
an allowed role gets past it (and then stops at this test's empty unit of work) while a
refused role gets PermissionDenied naming the action.
"""

import importlib

import pytest

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.errors import PermissionDenied
from compfund.permissions import PERMISSIONS, Role
from compfund.service import SERVICES
from tests.unit.test_permissions import _public_service_functions

_public_service_functions()  # imports every module, so SERVICES is complete


def _service(qualified: str):  # type: ignore[no-untyped-def]
    module, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(module), name)


# The fund's services only: a test may define a service of its own (test_ledger does).
OURS = sorted(name for name in SERVICES if name.startswith("compfund."))
CASES = [(name, role) for name in OURS for role in Role]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n.split('.')[-1]}-{r}" for n, r in CASES])
def test_role_meets_the_table(name: str, role: Role) -> None:
    action = SERVICES[name]
    actor = Actor(1, f"a_{role.value}", role, "Test officer", "KH-1")
    outside = UnitOfWork(engine=None, actor=actor)  # type: ignore[arg-type]
    service = _service(name)
    if role in PERMISSIONS[action]:
        with pytest.raises((RuntimeError, TypeError)) as got:
            service(actor=actor, uow=outside)
        assert not isinstance(got.value, PermissionDenied)
    else:
        with pytest.raises(PermissionDenied, match=f"may not {action.value}"):
            service(actor=actor, uow=outside)


def test_the_matrix_covers_every_action_used() -> None:
    ours = [name for name in SERVICES if name.startswith("compfund.")]
    assert len(CASES) == len(ours) * len(Role) >= 400
    assert set(SERVICES.values()) <= set(PERMISSIONS)
