"""Officers who hold money rights (issue 10), through the services on both databases: a
new approver, finance officer or administrator, and any change of role, waits for another
administrator or an approver; never the proposer, never the officer it names."""

from __future__ import annotations

import pytest

from compfund.enums import OfficerRequestKind, OfficerRequestOutcome
from compfund.errors import AuthenticationFailed, InvalidInput, PermissionDenied, RuleViolation
from compfund.officer_rights import confirm_request, list_requests, refuse_request
from compfund.officers import add_user, enable_user, list_users, set_role
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase


def _propose_approver(db: TestDatabase, name: str = "new_ap") -> str:
    login = db.login(name)
    added = db.admin().do(add_user, login, role=Role.APPROVER, password=PASSWORD)
    assert added.disabled and added.waiting is not None
    assert added.waiting.kind is OfficerRequestKind.NEW_OFFICER
    return login


def test_a_new_approver_waits_for_a_second_administrator(database: TestDatabase) -> None:
    login = _propose_approver(database)
    with pytest.raises(AuthenticationFailed):
        database.desk_for(login)
    with pytest.raises(RuleViolation, match="confirms them"):
        database.admin().do(enable_user, login)

    decided = database.confirmer().do(confirm_request, login)

    assert (decided.outcome, decided.decided_by) == (
        OfficerRequestOutcome.CONFIRMED,
        database.login("admin2"),
    )
    assert database.desk_for(login).actor.role is Role.APPROVER


def test_a_caseworker_or_an_auditor_needs_no_confirmation(database: TestDatabase) -> None:
    database.officer("au", Role.AUDITOR)
    assert database.desk_for(database.login("au")).actor.role is Role.AUDITOR
    assert database.admin().read(list_users)[-1].waiting is None


def test_nobody_confirms_their_own_proposal(database: TestDatabase) -> None:
    login = _propose_approver(database)
    with pytest.raises(RuleViolation, match="You proposed this change"):
        database.admin().do(confirm_request, login)
    with pytest.raises(RuleViolation, match="You proposed this change"):
        database.admin().do(refuse_request, login, reason="changed my mind")


def test_an_approver_confirms_but_not_a_change_about_themselves(database: TestDatabase) -> None:
    approver = database.officer("ap", Role.APPROVER)
    fund_officer = database.officer("fo", Role.FUND_OFFICER)
    ap, fo = database.login("ap"), database.login("fo")
    database.admin().do(set_role, ap, Role.ADMIN)
    with pytest.raises(RuleViolation, match="it is about you"):
        approver.do(confirm_request, ap)
    with pytest.raises(PermissionDenied):
        fund_officer.do(confirm_request, ap)

    database.admin().do(set_role, fo, Role.FINANCE_OFFICER)
    assert database.desk_for(fo).actor.role is Role.FUND_OFFICER
    approver.do(confirm_request, fo)
    assert database.desk_for(fo).actor.role is Role.FINANCE_OFFICER


def test_one_change_waits_at_a_time(database: TestDatabase) -> None:
    database.officer("fo", Role.FUND_OFFICER)
    fo = database.login("fo")
    database.admin().do(set_role, fo, Role.APPROVER)
    with pytest.raises(RuleViolation, match="is waiting for a decision"):
        database.admin().do(set_role, fo, Role.AUDITOR)


def test_a_refused_officer_stays_disabled(database: TestDatabase) -> None:
    login = _propose_approver(database)
    with pytest.raises(InvalidInput, match="Say why"):
        database.confirmer().do(refuse_request, login, reason="")
    refused = database.confirmer().do(refuse_request, login, reason="not one of ours")
    assert (refused.outcome, refused.reason) == (OfficerRequestOutcome.REFUSED, "not one of ours")
    with pytest.raises(RuleViolation, match="confirms them"):
        database.admin().do(enable_user, login)
    with pytest.raises(AuthenticationFailed):
        database.desk_for(login)


def test_auditors_list_every_request_decided_or_not(database: TestDatabase) -> None:
    auditor = database.officer("au", Role.AUDITOR)
    database.officer("ap", Role.APPROVER)
    waiting = _propose_approver(database)

    listed = auditor.read(list_requests)
    assert [(r.login, r.outcome) for r in listed] == [
        (waiting, None),
        (database.login("ap"), OfficerRequestOutcome.CONFIRMED),
    ]
    assert [r.login for r in auditor.read(list_requests, pending_only=True)] == [waiting]
    with pytest.raises(PermissionDenied):
        database.officer("cw", Role.CASEWORKER, "KH-1").read(list_requests)
