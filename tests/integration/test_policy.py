"""Policy versions: documented defaults, set by an administrator, frozen once used (by the
service and, for raw SQL, by a trigger on both databases); decisions are append-only."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from compfund.clock import today_in_cambodia
from compfund.eligibility.decisions import check_eligibility
from compfund.eligibility_policy import (
    POLICY_LOCK,
    PolicyAmounts,
    amend_policy,
    current_policy,
    policy_versions,
    set_policy,
)
from compfund.enums import ApplicationStatus
from compfund.errors import InvalidInput, PermissionDenied, RuleViolation
from compfund.money import Money
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import policy_from_today
from tests.integration.workflow_office import open_office


def test_the_shipped_defaults_and_where_they_came_from(database: TestDatabase) -> None:
    policy = database.officer("fo", Role.FUND_OFFICER).read(current_policy)
    assert (policy.id, policy.name) == (1, "Provisional defaults")
    assert (policy.time_limit_days, policy.minor_time_limit_days) == (730, 1825)
    assert policy.review_window_days == 90 and policy.information_due_days == 30
    assert "embassy" in policy.accepted_authorities
    assert "commune_letter" in policy.identity_documents
    assert policy.interim_deducted_from_award and policy.deduct_only_what_was_paid
    assert {(a.interim_grant, a.award_cap) for a in policy.amounts} == {
        (Money.of("200", "USD"), Money.of("5000", "USD")),
        (Money.of("800000", "KHR"), Money.of("20000000", "KHR")),
    }
    for source in ("Criminal Injuries Compensation Scheme", "para 117", "New York", "minimum wage"):
        assert source in policy.note


def test_an_administrator_supersedes_the_policy_from_today(database: TestDatabase) -> None:
    admin = database.admin()
    version = admin.do(set_policy, policy_from_today(review_window_days=60))
    assert admin.read(current_policy).id == version
    assert admin.read(current_policy).review_window_days == 60
    yesterday = today_in_cambodia() - timedelta(days=1)
    assert admin.read(current_policy, on=yesterday).id == 1
    assert [v.id for v in admin.read(policy_versions)] == [1, version]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"effective_from": today_in_cambodia() - timedelta(days=1)}, RuleViolation, "today"),
        ({"minor_time_limit_days": 365}, InvalidInput, "time limit for minors"),
        ({"time_limit_days": 0}, InvalidInput, "positive number of days"),
        ({"note": " "}, InvalidInput, "where the policy's figures come from"),
        (
            {"amounts": (PolicyAmounts(Money.of("200", "USD"), Money.of("5000", "USD")),)},
            InvalidInput,
            "each of KHR and USD",
        ),
        (
            {
                "amounts": (
                    PolicyAmounts(Money.of("900", "USD"), Money.of("500", "USD")),
                    PolicyAmounts(Money.of("0", "KHR"), Money.of("0", "KHR")),
                )
            },
            InvalidInput,
            "must cover the interim grant",
        ),
    ],
)
def test_a_bad_policy_is_refused(
    database: TestDatabase, change: dict, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        database.admin().do(set_policy, policy_from_today(**change))


def test_only_an_administrator_sets_policy(database: TestDatabase) -> None:
    fo = database.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(PermissionDenied, match="fund officer may not set policy"):
        fo.do(set_policy, policy_from_today())


def test_an_unused_version_may_be_corrected(database: TestDatabase) -> None:
    admin = database.admin()
    version = admin.do(set_policy, policy_from_today())
    fixed = dataclasses.replace(
        policy_from_today(name="Board decision, corrected"),
        amounts=(
            PolicyAmounts(Money.of("250", "USD"), Money.of("6000", "USD")),
            PolicyAmounts(Money.of("1000000", "KHR"), Money.of("24000000", "KHR")),
        ),
    )
    admin.do(amend_policy, version, fixed)
    policy = admin.read(current_policy)
    assert policy.name == "Board decision, corrected" and not policy.used
    assert Money.of("250", "USD") in {a.interim_grant for a in policy.amounts}


@pytest.fixture
def used(database: TestDatabase) -> TestDatabase:
    """Policy version 1 used by one eligibility decision."""
    office = open_office(database)
    office.application_in(ApplicationStatus.ELIGIBLE)
    return database


def test_a_used_version_is_refused_by_the_service(used: TestDatabase) -> None:
    admin = used.admin()
    assert admin.read(current_policy).used
    with pytest.raises(
        RuleViolation, match="used by eligibility decisions or awards: it cannot be changed"
    ):
        admin.do(amend_policy, 1, policy_from_today())


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE policy_versions SET time_limit_days = 3650 WHERE id = 1",
        "DELETE FROM policy_versions WHERE id = 1",
        "UPDATE policy_amounts SET award_cap_minor = 1 WHERE policy_version_id = 1",
        "DELETE FROM policy_amounts WHERE policy_version_id = 1",
        "INSERT INTO policy_amounts (policy_version_id, currency, interim_grant_minor, "
        "award_cap_minor) VALUES (1, 'USD', 0, 0)",
    ],
)
def test_a_used_version_is_refused_to_raw_sql_even_for_the_owner(
    used: TestDatabase, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="cannot be changed, only superseded"):
        with used.engine.begin() as conn:
            conn.execute(text(statement))
    with used.engine.connect() as conn:
        assert conn.execute(text("SELECT time_limit_days FROM policy_versions")).scalar() == 730


def test_raw_sql_may_still_correct_an_unused_version(used: TestDatabase) -> None:
    used.admin().do(set_policy, policy_from_today())
    with used.engine.begin() as conn:
        fixed = conn.execute(text("UPDATE policy_versions SET name = 'typo fixed' WHERE id = 2"))
        assert fixed.rowcount == 1  # the unused version is there, and was changed
    with used.engine.connect() as conn:
        names = conn.execute(text("SELECT id, name FROM policy_versions ORDER BY id")).all()
    assert [tuple(n) for n in names][1] == (2, "typo fixed")
    assert names[0][1] != "typo fixed"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE eligibility_decisions SET outcome = 'ineligible'",
        "DELETE FROM decision_rule_results",
    ],
)
def test_stored_decisions_are_append_only(used: TestDatabase, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"):
        with used.engine.begin() as conn:
            conn.execute(text(statement))


def test_a_check_uses_the_version_in_force_and_records_it(database: TestDatabase) -> None:
    office = open_office(database)
    version = database.admin().do(set_policy, policy_from_today())
    code = office.new_application()
    office.step(code, ApplicationStatus.SUBMITTED, "cw")
    report = office["fo1"].do(check_eligibility, code)
    assert report.policy_version_id == version and report.policy_name == "Board decision"


@pytest.mark.postgres_only
def test_a_version_cannot_be_changed_while_a_decision_using_it_is_being_made(
    database: TestDatabase,
) -> None:
    """The decision holds the policy lock shared; the change waits for it, then sees the
    committed decision and is refused (without the lock it would see none, and succeed)."""
    office = open_office(database)
    code = office.application_in(ApplicationStatus.SUBMITTED)
    changed: list[BaseException | None] = []

    def change_policy() -> None:
        try:
            with database.engine.begin() as conn:
                conn.execute(text("UPDATE policy_versions SET name = 'changed' WHERE id = 1"))
            changed.append(None)
        except DBAPIError as error:
            changed.append(error)

    with database.engine.begin() as deciding:
        deciding.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": POLICY_LOCK})
        deciding.execute(
            text(
                "INSERT INTO eligibility_decisions (application_id, policy_version_id, outcome, "
                "decided_on, decided_by_id, decided_at) SELECT a.id, 1, 'eligible', "
                "current_date, a.created_by_id, now() FROM applications a WHERE a.code = :c"
            ),
            {"c": code},
        )
        other = threading.Thread(target=change_policy)
        other.start()
        other.join(timeout=1.0)
        assert other.is_alive(), "the policy change did not wait for the decision"
    other.join(timeout=30)
    assert changed and isinstance(changed[0], DBAPIError)
    assert "cannot be changed, only superseded" in str(changed[0])
