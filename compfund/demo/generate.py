"""``compfund demo``: realistic synthetic data, the same for the same seed and date.

Officers first (two administrators, the second confirming the money rights of those the
first adds; a caseworker for every province, fund officers,
approvers, finance, enforcement, audit), then survivors registered by their province's
caseworker, formal identifications and applications with consent, the disclosure of
money received and heads of loss, taken to every workflow status (``casework``); then
the money (``demo.money``): income, awards recommended and decided for eligible
applications, payment batches released, payments paid, failed and returned. Everything
goes through the services, so the demo obeys the same rules and leaves the same audit
trail as real work.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Engine, func, select

from compfund import officers as users
from compfund.actor import BOOTSTRAP, Actor
from compfund.ages import age_on
from compfund.applications import application as apps
from compfund.applications.survivors import DocumentInput, SurvivorInput, register_survivor
from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.demo import casework, names
from compfund.demo.money import DemoMoney, make_demo_money
from compfund.demo.scenarios import (
    IDENTIFYING_OFFICERS,
    ORGANISATIONS,
    SCENARIOS,
    SOURCE_PROVINCE_WEIGHTS,
    Scenario,
)
from compfund.enums import ApplicationStatus, ApplicationType, DocumentType, Sex
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import Application, User
from compfund.officer_rights import confirm_request
from compfund.permissions import Role
from compfund.provinces import BY_CODE, PROVINCES

_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_SURVIVORS = 100_000


@dataclass(frozen=True, slots=True)
class DemoRequest:
    survivors: int = 120
    seed: int = 2026
    as_of: date = date(2026, 11, 1)
    login_prefix: str = ""  # lets tests share one PostgreSQL server (roles are server-wide)

    def __post_init__(self) -> None:
        if not 0 <= self.survivors <= MAX_SURVIVORS:
            raise InvalidInput(f"--survivors takes 0 to {MAX_SURVIVORS}.")
        if self.as_of > today_in_cambodia():
            raise InvalidInput(f"The demo's date {self.as_of} is in the future.")


@dataclass(frozen=True, slots=True)
class DemoLogin:
    login: str
    role: Role
    password: str
    province_code: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "login": self.login,
            "role": self.role.value,
            "password": self.password,
            "province": self.province_code,
        }


@dataclass(frozen=True, slots=True)
class DemoResult:
    logins: list[DemoLogin]
    survivors: int
    identifications: int
    applications: int
    survivor_codes: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    """How many applications ended in each workflow status."""
    money: DemoMoney = field(default_factory=DemoMoney)

    def to_json(self) -> dict[str, object]:
        return {
            "logins": [lg.to_json() for lg in self.logins],
            "survivors": self.survivors,
            "identifications": self.identifications,
            "applications": self.applications,
            "statuses": dict(sorted(self.statuses.items())),
            "money": self.money.to_json(),
        }


def _password(rng: random.Random) -> str:
    return "".join(rng.choice(_PASSWORD_ALPHABET) for _ in range(16))


def _slug(province_code: str) -> str:
    return BY_CODE[province_code].name_en.lower().replace(" ", "_")


def _plan_logins(rng: random.Random, prefix: str) -> list[DemoLogin]:
    plan = [DemoLogin(f"{prefix}admin", Role.ADMIN, _password(rng))]
    for role, count in (
        (Role.FUND_OFFICER, 2),
        (Role.APPROVER, 2),
        (Role.FINANCE_OFFICER, 1),
        (Role.ENFORCEMENT_OFFICER, 1),
        (Role.AUDITOR, 1),
    ):
        for n in range(1, count + 1):
            plan.append(DemoLogin(f"{prefix}{role.value}{n}", role, _password(rng)))
    for province in PROVINCES:
        plan.append(
            DemoLogin(
                f"{prefix}cw_{_slug(province.code)}", Role.CASEWORKER, _password(rng), province.code
            )
        )
    # the second administrator, who confirms the officers with money rights the first adds
    plan.append(DemoLogin(f"{prefix}admin2", Role.ADMIN, _password(rng)))
    return plan


def _actor(uow: UnitOfWork, login: str) -> Actor:
    row = uow.session.execute(select(User).where(User.login == login)).scalar_one()
    return Actor(row.id, row.login, row.role, row.display_name, row.province_code)


def _create_officers(uow: UnitOfWork, plan: list[DemoLogin]) -> dict[str, Actor]:
    """Every officer of the plan, in the demo's one transaction."""
    if uow.session.execute(select(func.count(User.id))).scalar_one():
        raise RuleViolation(
            "This database already has officers: demo data goes only into a new, empty "
            "database (give another --db)."
        )
    admin, second, others = plan[0], plan[-1], plan[1:-1]
    for founder, name in ((admin, "Demo administrator"), (second, "Second demo administrator")):
        users.add_user(
            founder.login,
            role=founder.role,
            password=founder.password,
            display_name=name,
            actor=BOOTSTRAP,
            uow=uow,
        )
    admin_actor, confirmer = _actor(uow, admin.login), _actor(uow, second.login)
    for lg in others:
        where = f" ({BY_CODE[lg.province_code].name_en})" if lg.province_code else ""
        added = users.add_user(
            lg.login,
            role=lg.role,
            password=lg.password,
            display_name=f"Demo {lg.role.label}{where}",
            province_code=lg.province_code,
            actor=admin_actor,
            uow=uow,
        )
        if added.waiting:
            confirm_request(lg.login, actor=confirmer, uow=uow)
    rows = uow.session.execute(select(User)).scalars().all()
    actors = {u.login: Actor(u.id, u.login, u.role, u.display_name, u.province_code) for u in rows}
    return actors


def _pick_scenario(rng: random.Random) -> Scenario:
    return rng.choices(SCENARIOS, weights=[s.weight for s in SCENARIOS])[0]


def _latin_variant(rng: random.Random, name: names.KhmerName) -> str:
    # Most documents use the usual romanisation; some use a variant.
    index = 0 if rng.random() < 0.7 else rng.randrange(len(name.latin))
    return name.latin[index]


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(
        (
            "012",
            "011",
            "015",
            "016",
            "017",
            "070",
            "077",
            "078",
            "085",
            "092",
            "093",
            "096",
            "097",
            "098",
            "010",
            "069",
            "081",
            "086",
            "087",
            "088",
        )
    )
    return f"{prefix} {rng.randrange(100, 999)} {rng.randrange(100, 9999):03d}"


def _documents(rng: random.Random, minor: bool, abroad: bool) -> tuple[DocumentInput, ...]:
    if rng.random() < 0.15:  # documents lost or kept by the trafficker
        return (DocumentInput(DocumentType.COMMUNE_LETTER, None, "Commune chief"),)
    docs: list[DocumentInput] = []
    if minor:
        docs.append(DocumentInput(DocumentType.BIRTH_CERTIFICATE, f"BC{rng.randrange(10**7):07d}"))
    else:
        docs.append(DocumentInput(DocumentType.NATIONAL_ID, f"{rng.randrange(10**8, 10**9)}"))
    if abroad and rng.random() < 0.4:
        docs.append(DocumentInput(DocumentType.PASSPORT, f"N{rng.randrange(10**7):07d}"))
    if rng.random() < 0.3:
        docs.append(DocumentInput(DocumentType.FAMILY_BOOK, f"FB-{rng.randrange(10**6):06d}"))
    return tuple(docs)


def _survivor(
    rng: random.Random, province: str, scenario: Scenario, as_of: date, identified_on: date
) -> tuple[SurvivorInput, bool]:
    sex = Sex.MALE if rng.random() < scenario.share_male else Sex.FEMALE
    given_pool = names.GIVEN_NAMES_MALE if sex is Sex.MALE else names.GIVEN_NAMES_FEMALE
    family, given = rng.choice(names.FAMILY_NAMES), rng.choice(given_pool)
    minor_then = rng.random() < scenario.share_minor
    age_then = rng.randrange(12, 18) if minor_then else rng.randrange(18, 56)
    born = identified_on - timedelta(days=int(age_then * 365.25) + rng.randrange(0, 365))
    known_date = rng.random() < 0.75
    age_now = age_on(as_of, born, None)
    guardian = None
    relationship = None
    if age_now < 18:
        g_family = family if rng.random() < 0.8 else rng.choice(names.FAMILY_NAMES)
        g_given = rng.choice(names.GIVEN_NAMES_FEMALE + names.GIVEN_NAMES_MALE)
        guardian = (
            f"{names.khmer_full_name(g_family, g_given)} / {g_family.latin[0]} {g_given.latin[0]}"
        )
        relationship = rng.choice(names.GUARDIAN_RELATIONSHIPS)[0]
    data = SurvivorInput(
        name_km=names.khmer_full_name(family, given),
        name_latin=f"{_latin_variant(rng, family)} {_latin_variant(rng, given)}",
        sex=sex,
        province_code=province,
        date_of_birth=born if known_date else None,
        birth_year=None if known_date else born.year,
        phone=_phone(rng) if rng.random() < 0.8 else None,
        address=f"Village {rng.randrange(1, 40)}, commune {rng.randrange(1, 12)}, "
        f"{BY_CODE[province].name_en}",
        guardian_name=guardian,
        guardian_relationship=relationship,
        guardian_phone=_phone(rng) if guardian else None,
        documents=_documents(rng, age_now < 18, scenario.countries != ("KH",)),
    )
    return data, minor_then


def _identification(
    rng: random.Random, scenario: Scenario, identified_on: date, minor: bool, province: str
) -> apps.IdentificationInput:
    authority, place = rng.choice(scenario.identified_by)
    country = rng.choice(scenario.countries)
    if authority.value == "dosvy" and "DOSVY" in place and country == "KH":
        place = f"DOSVY {BY_CODE[province].name_en}"
    return apps.IdentificationInput(
        authority=authority,
        officer_name=rng.choice(IDENTIFYING_OFFICERS),
        identified_on=identified_on,
        place=place,
        form_reference=f"VIG-{identified_on.year}-{rng.randrange(1, 9999):04d}",
        exploitation_form=scenario.form,
        country_code=country,
        act_established=True,
        means_established=minor or rng.random() < 0.93,
        purpose_established=rng.random() < 0.97,
        minor_at_time=minor,
    )


def make_demo(engine: Engine, request: DemoRequest) -> DemoResult:
    """Fill an empty database with demo officers, survivors and applications."""
    rng = random.Random(request.seed)
    plan = _plan_logins(rng, request.login_prefix)
    provinces = list(SOURCE_PROVINCE_WEIGHTS)
    weights = list(SOURCE_PROVINCE_WEIGHTS.values())
    codes: list[str] = []
    found_eligible: list[tuple[str, ApplicationStatus]] = []  # with the planned status
    identifications = applications = 0
    statuses: Counter[str] = Counter()
    with UnitOfWork(engine, BOOTSTRAP) as uow:
        actors = _create_officers(uow, plan)
        caseworkers = {a.province_code: a for a in actors.values() if a.role is Role.CASEWORKER}
        fund = {lg.login.removeprefix(request.login_prefix): actors[lg.login] for lg in plan}
        offices: dict[str, casework.Office] = {}
        for i in range(request.survivors):
            # Every province first, then as often as people leave from it.
            province = (
                PROVINCES[i].code if i < len(PROVINCES) else rng.choices(provinces, weights)[0]
            )
            caseworker = caseworkers[province]
            office = offices.setdefault(
                province,
                casework.Office(
                    caseworker, fund["fund_officer1"], fund["fund_officer2"], fund["approver1"]
                ),
            )
            scenario = _pick_scenario(rng)
            pending: ApplicationStatus | None = casework.plan(rng, applications)
            # A case planned to be found ineligible was identified before the fund existed.
            ago = rng.randrange(1900, 2300) if pending in casework.LATE else rng.randrange(5, 700)
            identified_on = request.as_of - timedelta(days=ago)
            data, minor = _survivor(rng, province, scenario, request.as_of, identified_on)
            code = register_survivor(data, actor=caseworker, uow=uow, rng=rng)
            codes.append(code)
            incidents = [(scenario, identified_on, minor)]
            if rng.random() < 0.08:  # re-trafficked: a second, earlier incident
                earlier = identified_on - timedelta(days=rng.randrange(200, 900))
                incidents.append((_pick_scenario(rng), earlier, minor and rng.random() < 0.5))
            for sc, when, was_minor in incidents:
                ident = apps.record_identification(
                    code,
                    _identification(rng, sc, when, was_minor, province),
                    actor=caseworker,
                    uow=uow,
                )
                identifications += 1
                organisation = rng.choice(ORGANISATIONS).format(province=BY_CODE[province].name_en)
                kinds = [ApplicationType.INTERIM_GRANT]
                if rng.random() < 0.4:
                    kinds.append(ApplicationType.COMPENSATION_AWARD)
                for kind in kinds:
                    target = pending or casework.plan(rng, applications)
                    pending = None
                    app_code = apps.create_application(
                        ident, kind, organisation, actor=caseworker, uow=uow, rng=rng
                    )
                    applications += 1
                    casework.take_in(rng, uow, office, app_code, kind, when, target)
                    # Late, but with a reason the fund accepts: an extension.
                    extend = (request.as_of - when).days > 730 and target not in casework.LATE
                    reached = casework.walk(uow, office, app_code, target, extend=extend)
                    statuses[reached.value] += 1
                    if reached is ApplicationStatus.ELIGIBLE:
                        found_eligible.append((app_code, target))
        money = make_demo_money(uow, rng, actors, found_eligible, request.as_of)
        # Awards move some eligible applications on (recommended, approved, rejected).
        statuses = Counter(
            status.value for status in uow.session.execute(select(Application.status)).scalars()
        )
        uow.commit()
    return DemoResult(plan, len(codes), identifications, applications, codes, dict(statuses), money)
