"""The permission table is the one source of who may do what."""

import importlib
import inspect
import pkgutil

import compfund
from compfund.permissions import PERMISSIONS, Action, Role, actions_for, allowed
from compfund.service import SERVICES

SERVICE_PACKAGES = (compfund,)


def _public_service_functions() -> list[tuple[str, object]]:
    """Every public function anywhere in the core that takes actor= and uow=."""
    found = []
    for package in SERVICE_PACKAGES:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                if fn.__module__ != module.__name__ or name.startswith("_"):
                    continue
                # A service takes actor= and uow= as keyword-only arguments; helpers that
                # take them positionally (scope look-ups) are called from services.
                params = inspect.signature(fn).parameters
                keyword_only = inspect.Parameter.KEYWORD_ONLY
                if all(n in params and params[n].kind is keyword_only for n in ("actor", "uow")):
                    found.append((f"{module.__name__}.{name}", fn))
    return found


def test_every_service_has_an_entry_in_the_permission_table() -> None:
    services = _public_service_functions()
    assert len(services) >= 8
    missing = [name for name, fn in services if not hasattr(fn, "compfund_action")]
    assert missing == [], f"services without @service(Action...): {missing}"
    for name, fn in services:
        action = fn.compfund_action  # type: ignore[attr-defined]
        assert action in PERMISSIONS, f"{name} performs {action}, which has no row"
        assert SERVICES[name] is action


def test_every_action_has_at_least_one_role() -> None:
    for action in Action:
        assert PERMISSIONS[action], f"nobody may {action.value}"


def test_four_eyes_roles_are_separate() -> None:
    assert not allowed(Role.FUND_OFFICER, Action.APPROVE_AWARD)
    assert not allowed(Role.FINANCE_OFFICER, Action.RELEASE_BATCH)
    assert allowed(Role.APPROVER, Action.RELEASE_BATCH)


def test_auditor_only_reads() -> None:
    reads = {
        Action.VIEW_CASES,
        Action.EXPORT_LEDGER,
        Action.VIEW_AUDIT_TRAIL,
        Action.VIEW_MONEY,
        Action.VIEW_OFFICER_RIGHTS,
    }
    assert actions_for(Role.AUDITOR) == reads
    assert not allowed(Role.AUDITOR, Action.VIEW_IDENTITY)
