"""Throwaway SQLite databases with officers and applications, for the window's tests.

Built through compfund's own services (one unit of work per batch, so hundreds of
applications take about a second); only the screenshot data backdates timestamps and
moves statuses directly, because no service for review or award exists yet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from compfund.actor import BOOTSTRAP, Actor
from compfund.clock import utc_now
from compfund.db.engine import open_engine
from compfund.db.migrate import upgrade
from compfund.db.uow import UnitOfWork
from compfund.db.urls import parse_url
from compfund.demo.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    khmer_full_name,
    latin_full_name,
)
from compfund.models import Application, Survivor
from compfund.models.enums import (
    ApplicationStatus,
    ApplicationType,
    ExploitationForm,
    IdentifyingAuthority,
    Sex,
)
from compfund.permissions import Role
from compfund.services.applications import (
    IdentificationInput,
    create_application,
    record_identification,
    submit_application,
)
from compfund.services.survivors import SurvivorInput, register_survivor
from compfund.services.users import add_user

ADMIN_PASSWORD = "admin password 2026"
CASEWORKER_PASSWORD = "caseworker password 2026"


@dataclass(frozen=True, slots=True)
class SampleDatabase:
    url: str
    engine: Engine
    admin: Actor
    caseworkers: dict[str, Actor]  # province code -> that province's caseworker


def new_database(path: Path, provinces: tuple[str, ...]) -> SampleDatabase:
    """An empty database with an administrator and one caseworker per province."""
    url = f"sqlite:///{path}"
    engine = open_engine(parse_url(url))
    upgrade(engine)
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
                code = register_survivor(survivor, actor=actor, uow=uow, rng=rng)
                identification = record_identification(
                    code, _identification(rng), actor=actor, uow=uow
                )
                kind = (
                    ApplicationType.INTERIM_GRANT
                    if i % 4 == 0
                    else ApplicationType.COMPENSATION_AWARD
                )
                application = create_application(
                    identification, kind, "DoSVY provincial office", actor=actor, uow=uow, rng=rng
                )
                submit_application(application, actor=actor, uow=uow)
            uow.commit()
    return names


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
