"""``compfund demo``: realistic synthetic data, the same for the same seed and date.

Most tests look at what an officer would find in a database of each kind filled with
60 survivors (seed 7, dated 2026-11-01). Those that only read share one such database
per kind in this module (``demo``); a test that writes, logging in included, gets its
own (``fresh_demo``).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from compfund import clock
from compfund.actor import BOOTSTRAP, Actor
from compfund.ages import ADULT_AGE, age_on
from compfund.clock import today_in_cambodia
from compfund.db.engine import open_engine
from compfund.db.uow import UnitOfWork
from compfund.db.urls import parse_url
from compfund.demo.generate import DemoRequest, DemoResult, make_demo
from compfund.desk import Desk
from compfund.enums import ApplicationStatus, Sex
from compfund.errors import InvalidInput, RuleViolation
from compfund.ledger.check import check_ledger
from compfund.models import (
    Application,
    Award,
    ClaimedLoss,
    Consent,
    DisclosedPayment,
    Disclosure,
    Identification,
    IdentityDocument,
    Instalment,
    PayeeChange,
    PayeeDetails,
    Payment,
    PaymentBatch,
    Survivor,
    User,
)
from compfund.models.base import Base
from compfund.permissions import Role
from compfund.provinces import PROVINCES
from tests.conftest import TestDatabase, cheap_passwords, fresh_database
from tests.integration.cli_helpers import Cli, count

AS_OF = date(2026, 11, 1)
AUDITOR = Actor(None, "demo-check", Role.AUDITOR, "Demo check")
SURVIVORS = 60
KHMER = re.compile(r"^[\u1780-\u17ff]+( [\u1780-\u17ff]+)+$")
LATIN = re.compile(r"^[A-Z][a-z]*( [A-Z][a-z]*)+$")


@dataclass
class Demo:
    database: TestDatabase
    result: DemoResult
    survivors: list[Survivor]
    identifications: list[Identification]
    applications: list[Application]


def load(engine: Engine, model: type[Base]) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(model.__table__).order_by(model.__table__.c.id)).all())


def build_demo(database: TestDatabase) -> Demo:
    request = DemoRequest(survivors=SURVIVORS, seed=7, as_of=AS_OF, login_prefix=database.prefix)
    with cheap_passwords():  # also in a module-scoped fixture, set up before the test's own
        result = make_demo(database.engine, request)
    return Demo(
        database,
        result,
        load(database.engine, Survivor),
        load(database.engine, Identification),
        load(database.engine, Application),
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest) -> Iterator[Demo]:
    """One demo database of each kind for the module's tests that only read it (built once
    per xdist worker that runs them: each worker takes tests in collection order)."""
    with fresh_database(request, request.param) as database:
        yield build_demo(database)


@pytest.fixture
def fresh_demo(database: TestDatabase) -> Demo:
    """A demo database of the test's own, for a test that writes to it."""
    return build_demo(database)


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Callable[[str], Engine]:
    """``sqlite_engine(name)``: an engine on a fresh, migrated SQLite file in tmp_path."""

    def new(name: str) -> Engine:
        path = tmp_path / name
        shutil.copyfile(sqlite_template, path)
        return open_engine(parse_url(f"sqlite:///{path}"))

    return new


# -- what the data looks like -------------------------------------------------------------


def test_the_result_counts_what_was_written(demo: Demo) -> None:
    assert demo.result.survivors == len(demo.survivors) == SURVIVORS
    assert demo.result.identifications == len(demo.identifications)
    assert demo.result.applications == len(demo.applications)
    assert sorted(demo.result.survivor_codes) == sorted(s.code for s in demo.survivors)


def test_every_province_has_survivors(demo: Demo) -> None:
    assert {s.province_code for s in demo.survivors} == {p.code for p in PROVINCES}


def test_there_are_men_and_women(demo: Demo) -> None:
    assert {s.sex for s in demo.survivors} == {Sex.MALE.value, Sex.FEMALE.value}


def test_names_are_khmer_with_a_latin_transliteration(demo: Demo) -> None:
    for s in demo.survivors:
        assert KHMER.match(s.name_km), s.name_km
        assert LATIN.match(s.name_latin), s.name_latin


def test_the_same_khmer_name_is_transliterated_in_several_ways(demo: Demo) -> None:
    spellings: dict[str, set[str]] = defaultdict(set)
    for s in demo.survivors:
        spellings[s.name_km.split()[0]].add(s.name_latin.split()[0])

    assert any(len(latin) > 1 for latin in spellings.values())


def test_there_are_minors_at_identification_and_today(demo: Demo) -> None:
    assert any(i.minor_at_time for i in demo.identifications)
    assert any(age_on(AS_OF, s.date_of_birth, s.birth_year) < ADULT_AGE for s in demo.survivors)


def test_every_survivor_under_18_has_a_guardian(demo: Demo) -> None:
    minors = [s for s in demo.survivors if age_on(AS_OF, s.date_of_birth, s.birth_year) < ADULT_AGE]

    assert minors
    for s in minors:
        assert s.guardian_name and s.guardian_name.strip(), s.code
        assert s.guardian_relationship, s.code


def test_several_forms_of_exploitation_and_countries(demo: Demo) -> None:
    forms = {i.exploitation_form for i in demo.identifications}
    countries = {i.country_code for i in demo.identifications}

    assert len(forms) >= 4
    assert {"TH", "MY", "CN", "KH"} <= countries


def test_several_authorities_identified_survivors(demo: Demo) -> None:
    assert len({i.authority for i in demo.identifications}) >= 3


def test_every_survivor_is_identified_and_has_an_application(demo: Demo) -> None:
    identified = {i.survivor_id for i in demo.identifications}
    applied = {a.identification_id for a in demo.applications}

    assert identified == {s.id for s in demo.survivors}
    assert applied == {i.id for i in demo.identifications}


def test_identifications_are_dated_on_or_before_the_demo_date(demo: Demo) -> None:
    assert all(i.identified_on <= AS_OF for i in demo.identifications)


def test_applications_are_in_every_workflow_status(demo: Demo) -> None:
    statuses = [a.status for a in demo.applications]

    assert set(statuses) == {s.value for s in ApplicationStatus}
    assert demo.result.statuses == dict(Counter(statuses))
    for a in demo.applications:
        if a.status == ApplicationStatus.DRAFT.value:
            assert a.submitted_at is None
        elif a.status not in (ApplicationStatus.WITHDRAWN.value, ApplicationStatus.CLOSED.value):
            assert a.submitted_at is not None


def test_applications_carry_consent_disclosures_and_heads_of_loss(demo: Demo) -> None:
    engine = demo.database.engine
    consents = load(engine, Consent)
    disclosures = load(engine, Disclosure)
    losses = load(engine, ClaimedLoss)

    assert {c.given_by for c in consents} >= {"survivor"}
    assert {d.received for d in disclosures} == {True, False}  # "nothing" is an answer too
    assert load(engine, DisclosedPayment) and all(
        p.amount_minor > 0 for p in load(engine, DisclosedPayment)
    )
    assert {loss.head for loss in losses} >= {"lost_wages", "psychological_harm"}
    claims = {a.id for a in demo.applications if a.application_type == "compensation_award"}
    assert {loss.application_id for loss in losses} <= claims


def test_the_fund_has_income_awards_and_payments(demo: Demo) -> None:
    money = demo.result.money
    assert money.income_entries == 2
    assert money.awards_approved > 0 and money.awards_recommended > money.awards_approved
    assert money.batches_released > 0 and money.payments_paid > 0
    with demo.database.engine.connect() as conn:
        awards = {str(s) for s in conn.execute(select(Award.status)).scalars()}
        payments = {str(s) for s in conn.execute(select(Payment.status)).scalars()}
        channels = {str(c) for c in conn.execute(select(PaymentBatch.channel)).scalars()}
    assert {"recommended", "approved"} <= awards
    assert {"paid", "failed"} <= payments
    assert len(channels) >= 2


def test_one_payee_change_awaits_a_finance_officers_confirmation(demo: Demo) -> None:
    assert demo.result.money.payee_changes_awaiting == 1
    with demo.database.engine.connect() as conn:
        changes = conn.execute(select(PayeeChange.status, PayeeChange.proposed_by)).all()
        details = conn.execute(select(func.count(PayeeDetails.id))).scalar_one()
    statuses = [str(status) for status, _by in changes]
    assert statuses.count("pending") == 1 and statuses.count("confirmed") == details
    with UnitOfWork(demo.database.engine, BOOTSTRAP, read_only=True) as uow:
        assert check_ledger(actor=AUDITOR, uow=uow).sound


def test_survivors_are_registered_by_their_own_provinces_caseworker(demo: Demo) -> None:
    with demo.database.engine.connect() as conn:
        registrars = conn.execute(
            select(Survivor.province_code, User.role, User.province_code).join(
                User, User.id == Survivor.registered_by_id
            )
        ).all()

    assert registrars
    for survivor_province, role, officer_province in registrars:
        assert role is Role.CASEWORKER
        assert officer_province == survivor_province


# -- logins -----------------------------------------------------------------------------


def test_logins_cover_every_role_and_every_province(demo: Demo) -> None:
    logins = demo.result.logins

    assert {lg.role for lg in logins} == set(Role)
    assert {lg.province_code for lg in logins if lg.role is Role.CASEWORKER} == {
        p.code for p in PROVINCES
    }
    assert all(lg.login.startswith(demo.database.prefix) for lg in logins)
    assert len({lg.login for lg in logins}) == len(logins)


def test_every_login_works_with_its_password(fresh_demo: Demo) -> None:
    for lg in fresh_demo.result.logins:  # each login is recorded: a write
        desk = Desk.log_in(fresh_demo.database.url, lg.login, lg.password)
        try:
            assert desk.actor.login == lg.login
            assert desk.actor.role is lg.role
            assert desk.actor.province_code == lg.province_code
        finally:
            desk.close()


def test_passwords_are_long_and_distinct(demo: Demo) -> None:
    passwords = [lg.password for lg in demo.result.logins]

    assert all(len(p) >= 12 for p in passwords)
    assert len(set(passwords)) == len(passwords)


# -- the same seed gives the same data -----------------------------------------------------


def plain_columns(model: type[Base]) -> list[Any]:
    """Columns that do not depend on row ids or on when the demo ran."""
    return [
        c
        for c in model.__table__.columns
        if not (c.name in {"id", "version", "code"} or c.name.endswith(("_id", "_at")))
        and not c.info.get("secret")  # the password hash is salted afresh every time
    ]


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        officers = conn.execute(select(*plain_columns(User), User.login).order_by(User.login)).all()
        survivors = conn.execute(
            select(Survivor.code, *plain_columns(Survivor)).order_by(Survivor.code)
        ).all()
        documents = conn.execute(
            select(Survivor.code, *plain_columns(IdentityDocument))
            .join(Survivor, Survivor.id == IdentityDocument.survivor_id)
            .order_by(Survivor.code, IdentityDocument.id)
        ).all()
        identifications = conn.execute(
            select(Survivor.code, *plain_columns(Identification))
            .join(Survivor, Survivor.id == Identification.survivor_id)
            .order_by(Survivor.code, Identification.id)
        ).all()
        applications = conn.execute(
            select(
                Survivor.code,
                Identification.form_reference,
                Application.code,
                *plain_columns(Application),
            )
            .join(Identification, Identification.id == Application.identification_id)
            .join(Survivor, Survivor.id == Identification.survivor_id)
            .order_by(Survivor.code, Application.id)
        ).all()
        awards = conn.execute(
            select(Application.code, *plain_columns(Award))
            .join(Application, Application.id == Award.application_id)
            .order_by(Award.id)
        ).all()
        instalments = conn.execute(select(*plain_columns(Instalment)).order_by(Instalment.id)).all()
        payments = conn.execute(select(*plain_columns(Payment)).order_by(Payment.id)).all()
    return {
        "awards": [(r[0].split("-")[2], *r[1:]) for r in awards],
        "instalments": [tuple(r) for r in instalments],
        "payments": [tuple(r) for r in payments],
        "officers": [tuple(r) for r in officers],
        "survivors": [tuple(r) for r in survivors],
        "documents": [tuple(r) for r in documents],
        "identifications": [tuple(r) for r in identifications],
        # APP-2026-048172: the year is when the demo ran, the number comes from the seed
        "applications": [(r[0], r[1], r[2].split("-")[2], *r[3:]) for r in applications],
    }


def demo_snapshot(engine: Engine, seed: int) -> tuple[DemoResult, dict[str, list[tuple[Any, ...]]]]:
    try:
        result = make_demo(engine, DemoRequest(survivors=SURVIVORS, seed=seed, as_of=AS_OF))
        return result, snapshot(engine)
    finally:
        engine.dispose()


def test_the_same_seed_and_date_give_the_same_data(
    sqlite_engine: Callable[[str], Engine],
) -> None:
    first_result, first = demo_snapshot(sqlite_engine("first.sqlite"), seed=7)
    second_result, second = demo_snapshot(sqlite_engine("second.sqlite"), seed=7)

    assert all(first.values())
    assert first_result.logins == second_result.logins
    assert first_result.survivor_codes == second_result.survivor_codes
    for table in first:
        assert first[table] == second[table], table


def test_another_seed_gives_other_data(sqlite_engine: Callable[[str], Engine]) -> None:
    seven_result, seven = demo_snapshot(sqlite_engine("seven.sqlite"), seed=7)
    eight_result, eight = demo_snapshot(sqlite_engine("eight.sqlite"), seed=8)

    assert [lg.password for lg in seven_result.logins] != [
        lg.password for lg in eight_result.logins
    ]
    assert seven["survivors"] != eight["survivors"]
    assert seven["identifications"] != eight["identifications"]


def test_the_officers_password_hashes_are_not_part_of_the_seed(
    sqlite_engine: Callable[[str], Engine],
) -> None:
    def hashes(engine: Engine) -> list[str | None]:
        try:
            make_demo(engine, DemoRequest(survivors=0, seed=7, as_of=AS_OF))
            with engine.connect() as conn:
                return list(conn.execute(select(User.password_hash).order_by(User.login)).scalars())
        finally:
            engine.dispose()

    first, second = hashes(sqlite_engine("a.sqlite")), hashes(sqlite_engine("b.sqlite"))

    assert all(first) and all(second)
    assert set(first).isdisjoint(second)  # salted: equal seeds still give fresh salts


# -- refusals -------------------------------------------------------------------------------


def test_demo_refuses_a_database_that_already_has_officers(database: TestDatabase) -> None:
    database.admin()

    with pytest.raises(RuleViolation, match="already has officers"):
        make_demo(
            database.engine,
            DemoRequest(survivors=10, seed=7, as_of=AS_OF, login_prefix=database.prefix),
        )

    assert count(database.engine, User) == 1
    assert count(database.engine, Survivor) == 0
    if database.kind == "postgresql":
        with database.engine.connect() as conn:
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"),
                {"p": f"{database.prefix}%"},
            ).scalars()
            assert list(roles) == [database.login("admin")]


@pytest.mark.parametrize("survivors", [-1, 100_001])
def test_demo_refuses_a_survivor_count_out_of_range(database: TestDatabase, survivors: int) -> None:
    with pytest.raises(InvalidInput, match="--survivors"):
        make_demo(
            database.engine,
            DemoRequest(survivors=survivors, seed=7, as_of=AS_OF, login_prefix=database.prefix),
        )

    assert count(database.engine, User) == 0


def test_demo_dated_in_the_future_is_refused_with_nothing_written(
    database: TestDatabase,
) -> None:
    future = today_in_cambodia() + timedelta(days=400)

    with pytest.raises(InvalidInput):
        make_demo(
            database.engine,
            DemoRequest(survivors=10, seed=7, as_of=future, login_prefix=database.prefix),
        )

    assert count(database.engine, User) == 0


def test_demo_dated_today_gives_a_guardian_to_a_minor_near_their_birthday(
    database: TestDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `compfund demo` without --as-of is dated today: pretend today is AS_OF.
    monkeypatch.setattr(clock, "utc_now", lambda: datetime(2026, 11, 1, 3, 0, tzinfo=UTC))
    assert today_in_cambodia() == AS_OF

    # Seed 28 draws, among 60 survivors, one born a few days short of 18 years before AS_OF.
    make_demo(
        database.engine,
        DemoRequest(survivors=SURVIVORS, seed=28, as_of=AS_OF, login_prefix=database.prefix),
    )

    assert count(database.engine, Survivor) == SURVIVORS


# -- the command --------------------------------------------------------------------------


def test_demo_command_prints_the_logins_as_json(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"

    result = cli("--json", "demo", "--survivors", "30", "--as-of", "2026-11-01", "--db", url)

    assert result.code == 0, result.stderr
    report = result.json()
    assert report["survivors"] == 30
    assert report["applications"] >= 30
    logins = report["logins"]
    assert {lg["role"] for lg in logins} == {r.value for r in Role}
    for lg in logins:
        assert {"login", "role", "password"} <= set(lg)
        assert lg["login"] and len(lg["password"]) >= 12
    admin = next(lg for lg in logins if lg["role"] == "admin")
    listed = cli(
        "--json", "user", "list", "--db", url, "--user", admin["login"], password=admin["password"]
    )
    assert listed.code == 0, listed.stderr
    assert {u["login"] for u in listed.json()["users"]} == {lg["login"] for lg in logins}


def test_demo_command_refuses_a_database_with_officers(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    first = cli("--json", "demo", "--survivors", "0", "--as-of", "2026-11-01", "--db", url)
    assert first.code == 0, first.stderr

    again = cli("--json", "demo", "--survivors", "5", "--as-of", "2026-11-01", "--db", url)

    assert again.code == 1
    assert again.error()["code"] == "refused"
    assert "already has officers" in again.error()["message"]
