"""Throwaway SQLite databases with officers and applications, for the window's tests.

Built through compfund's own services (one unit of work per batch, so hundreds of
applications take about a second); only the screenshot data backdates timestamps and
moves statuses directly, because no service for review or award exists yet.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from compfund.actor import BOOTSTRAP, Actor
from compfund.applications.application import (
    IdentificationInput,
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.survivors import DocumentInput, SurvivorInput, register_survivor
from compfund.clock import utc_now
from compfund.db.engine import open_engine
from compfund.db.uow import UnitOfWork
from compfund.db.urls import parse_url
from compfund.demo.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    khmer_full_name,
    latin_full_name,
)
from compfund.enums import (
    ApplicationStatus,
    ApplicationType,
    DocumentType,
    ExploitationForm,
    IdentifyingAuthority,
    Sex,
)
from compfund.models import Application, Survivor, User
from compfund.officer_rights import confirm_request
from compfund.officers import add_user
from compfund.permissions import Role

ADMIN_PASSWORD = "admin password 2026"
CASEWORKER_PASSWORD = "caseworker password 2026"


@dataclass(frozen=True, slots=True)
class SampleDatabase:
    url: str
    engine: Engine
    admin: Actor
    caseworkers: dict[str, Actor]  # province code -> that province's caseworker


def new_database(path: Path, provinces: tuple[str, ...], template: Path) -> SampleDatabase:
    """An empty database with an administrator and one caseworker per province, in a copy
    of ``template`` (a migrated SQLite file: the suite's ``sqlite_template``)."""
    url = f"sqlite:///{path}"
    shutil.copyfile(template, path)
    engine = open_engine(parse_url(url))
    with UnitOfWork(engine, BOOTSTRAP) as uow:
        summary = add_user(
            "admin", role=Role.ADMIN, password=ADMIN_PASSWORD, actor=BOOTSTRAP, uow=uow
        )
        uow.commit()
    admin = Actor(1, summary.login, summary.role, summary.display_name)
    caseworkers = {}
    with UnitOfWork(engine, admin) as uow:
        for number, province in enumerate(provinces, start=2):
            login = f"cw{province.lower().replace('-', '')}"
            add_user(
                login,
                role=Role.CASEWORKER,
                password=CASEWORKER_PASSWORD,
                display_name=f"Caseworker {province}",
                province_code=province,
                actor=admin,
                uow=uow,
            )
            caseworkers[province] = Actor(
                number, login, Role.CASEWORKER, f"Caseworker {province}", province
            )
        uow.commit()
    return SampleDatabase(url, engine, admin, caseworkers)


def add_applications(db: SampleDatabase, counts: dict[str, int], seed: int = 1) -> list[str]:
    """Register ``counts[province]`` survivors there, each with one submitted application.

    Returns every survivor's name (Khmer and Latin), for privacy checks.
    """
    rng = random.Random(seed)
    names: list[str] = []
    for province, count in counts.items():
        actor = db.caseworkers[province]
        with UnitOfWork(db.engine, actor) as uow:
            for i in range(count):
                female = i % 3 != 0
                family = rng.choice(FAMILY_NAMES)
                given = rng.choice(GIVEN_NAMES_FEMALE if female else GIVEN_NAMES_MALE)
                survivor = SurvivorInput(
                    name_km=khmer_full_name(family, given),
                    name_latin=latin_full_name(family, given),
                    sex=Sex.FEMALE if female else Sex.MALE,
                    province_code=province,
                    birth_year=1975 + rng.randrange(30),
                )
                names += [survivor.name_km, survivor.name_latin]
                kind = (
                    ApplicationType.INTERIM_GRANT
                    if i % 4 == 0
                    else ApplicationType.COMPENSATION_AWARD
                )
                _register_and_apply(survivor, kind, actor, uow, rng)
            uow.commit()
    return names


def _register_and_apply(
    survivor: SurvivorInput,
    kind: ApplicationType,
    actor: Actor,
    uow: UnitOfWork,
    rng: random.Random,
) -> str:
    """Register ``survivor`` with one identification and one submitted application."""
    code = register_survivor(survivor, actor=actor, uow=uow, rng=rng)
    identification = record_identification(code, _identification(rng), actor=actor, uow=uow)
    application = create_application(
        identification, kind, "DoSVY provincial office", actor=actor, uow=uow, rng=rng
    )
    submit_application(application, actor=actor, uow=uow)
    return code


OFFICER_PASSWORD = "officer password 2026"


def add_officer(
    db: SampleDatabase, login: str, role: Role, province_code: str | None = None
) -> None:
    """Another officer, with OFFICER_PASSWORD; one with money rights is confirmed by a
    second founding administrator (``admin2``), as four eyes want."""
    with UnitOfWork(db.engine, db.admin) as uow:
        added = add_user(
            login,
            role=role,
            password=OFFICER_PASSWORD,
            display_name=f"{role.label.capitalize()} {login}",
            province_code=province_code,
            actor=db.admin,
            uow=uow,
        )
        if added.waiting:
            confirm_request(login, actor=_confirmer(uow), uow=uow)
        uow.commit()


def _confirmer(uow: UnitOfWork) -> Actor:
    """The second founding administrator, added by the owner the first time it is needed."""
    found = uow.session.execute(select(User).where(User.login == "admin2")).scalar_one_or_none()
    if found is None:
        add_user("admin2", role=Role.ADMIN, password=ADMIN_PASSWORD, actor=BOOTSTRAP, uow=uow)
        found = uow.session.execute(select(User).where(User.login == "admin2")).scalar_one()
    return Actor(found.id, found.login, found.role, found.display_name)


# Two survivors with every identifying field, for the identity views. Their Khmer names
# carry subscripts and vowels written before the consonant (ស្រី, ពេជ្រ), which show at
# once when shaping goes wrong.
MINOR_IN_FULL = SurvivorInput(
    name_km="កែវ ស្រីពេជ្រ",
    name_latin="Keo Sreypich",
    sex=Sex.FEMALE,
    province_code="KH-2",
    date_of_birth=date(2011, 4, 12),
    phone="012 345 678",
    address="ភូមិស្វាយ ឃុំអូរតាគី ស្រុកថ្មគោល ខេត្តបាត់ដំបង",
    guardian_name="ចាន់ សុភា (Chan Sophea)",
    guardian_relationship="mother",
    guardian_phone="097 765 4321",
    documents=(
        DocumentInput(DocumentType.BIRTH_CERTIFICATE, "BC20110412"),
        DocumentInput(DocumentType.FAMILY_BOOK, "FB77120"),
    ),
)
ADULT_IN_FULL = SurvivorInput(
    name_km="ព្រំ វិចិត្រ",
    name_latin="Prum Vichet",
    sex=Sex.MALE,
    province_code="KH-12",
    birth_year=1988,
    phone="088 111 2233",
    documents=(DocumentInput(DocumentType.PASSPORT, "N0456789"),),
)


def identifying_values(survivor: SurvivorInput) -> list[str]:
    """What must never show while the window is locked."""
    values = [survivor.name_km, survivor.name_latin, survivor.phone, survivor.address]
    values += [survivor.guardian_name, survivor.guardian_phone]
    values += [d.number for d in survivor.documents]
    return [v for v in values if v]


def add_survivor_in_full(db: SampleDatabase, survivor: SurvivorInput) -> str:
    """Register ``survivor`` (by its province's caseworker) with a submitted application;
    returns the survivor code."""
    actor = db.caseworkers[survivor.province_code]
    with UnitOfWork(db.engine, actor) as uow:
        code = _register_and_apply(
            survivor, ApplicationType.INTERIM_GRANT, actor, uow, random.Random(survivor.name_latin)
        )
        uow.commit()
    return code


def _identification(rng: random.Random) -> IdentificationInput:
    return IdentificationInput(
        authority=rng.choice(list(IdentifyingAuthority)),
        officer_name="Officer Dara",
        identified_on=date(2025, 1, 1) + timedelta(days=rng.randrange(300)),
        place="Poipet Transit Center",
        form_reference=f"MOSVY-{rng.randrange(10000, 99999)}",
        exploitation_form=rng.choice(list(ExploitationForm)),
        country_code=rng.choice(["TH", "MY", "CN", "KH"]),
        act_established=True,
        means_established=True,
        purpose_established=True,
        minor_at_time=False,
    )


SCREENSHOT_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.INFORMATION_REQUESTED,
    ApplicationStatus.ELIGIBLE,
    ApplicationStatus.AWARD_RECOMMENDED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.ON_HOLD,
)


def spread_out(engine: Engine, actor: Actor, seed: int = 2) -> None:
    """Backdate applications over the last months and move submitted ones along the
    review (screenshot only: the review services do not exist yet). Drafts stay drafts."""
    rng = random.Random(seed)
    with UnitOfWork(engine, actor) as uow:
        applications = uow.session.execute(select(Application)).scalars().all()
        for application in applications:
            created = utc_now() - timedelta(days=rng.randrange(5, 200), hours=rng.randrange(24))
            application.created_at = created
            if application.submitted_at is not None:
                application.submitted_at = created + timedelta(hours=rng.randrange(1, 72))
                application.status = rng.choice(SCREENSHOT_STATUSES)
        uow.commit()


def survivor_names(db: SampleDatabase) -> list[str]:
    with UnitOfWork(db.engine, db.admin, read_only=True) as uow:
        rows = uow.session.execute(select(Survivor.name_km, Survivor.name_latin)).all()
    return [name for row in rows for name in row]


PRIVACY_OFFICERS = {
    "fo": Role.FUND_OFFICER,
    "ap": Role.APPROVER,
    "au": Role.AUDITOR,
    "fin": Role.FINANCE_OFFICER,
    "fo_lock": Role.FUND_OFFICER,  # wrong passwords at the lock screen
    "fo_lockout": Role.FUND_OFFICER,  # five of them
}


@dataclass(frozen=True, slots=True)
class PrivacyDatabase:
    db: SampleDatabase
    minor: str  # MINOR_IN_FULL's survivor code (Battambang, KH-2)
    adult: str  # ADULT_IN_FULL's survivor code (Phnom Penh, KH-12)


def new_privacy_database(path: Path, template: Path) -> PrivacyDatabase:
    """Seven applications in Battambang and Phnom Penh, two survivors in full, and an
    officer of each role that matters to the identity views."""
    db = new_database(path, ("KH-2", "KH-12"), template)
    add_applications(db, {"KH-2": 3, "KH-12": 2}, seed=5)
    minor = add_survivor_in_full(db, MINOR_IN_FULL)
    adult = add_survivor_in_full(db, ADULT_IN_FULL)
    for login, role in PRIVACY_OFFICERS.items():
        add_officer(db, login, role)
    return PrivacyDatabase(db, minor, adult)


def password_for(login: str) -> str:
    return OFFICER_PASSWORD if login in PRIVACY_OFFICERS else CASEWORKER_PASSWORD
