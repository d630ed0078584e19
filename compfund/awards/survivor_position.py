"""A survivor's position before a new award: what other awards already take of the cap per
survivor, and what may still be deducted (approved interim grants, compensation actually
received from other sources), net of what earlier live awards already deducted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from compfund.awards.calculation import DeductionSource
from compfund.db.uow import UnitOfWork
from compfund.enums import AwardKind, AwardStatus, DeductionKind
from compfund.models import Award, AwardDeduction, OtherCompensation
from compfund.money import Currency, Money


@dataclass(frozen=True, slots=True)
class SurvivorPosition:
    awarded: tuple[Money, ...]  # gross of the survivor's other live compensation awards
    sources: tuple[DeductionSource, ...]

    def currencies(self) -> set[Currency]:
        return {m.currency for m in self.awarded} | {s.remaining.currency for s in self.sources}


def _used(
    uow: UnitOfWork, column: InstrumentedAttribute[int | None], excluding: int | None
) -> dict[int, int]:
    """Source id -> minor units already used by live awards (other than ``excluding``)."""
    query = (
        select(column, func.sum(AwardDeduction.source_minor))
        .join(Award, Award.id == AwardDeduction.award_id)
        .where(Award.status != AwardStatus.REJECTED, column.is_not(None))
        .group_by(column)
    )
    if excluding is not None:
        query = query.where(Award.id != excluding)
    return {int(k or 0): int(v) for k, v in uow.session.execute(query)}


def survivor_position(
    uow: UnitOfWork, survivor_id: int, excluding: int | None = None
) -> SurvivorPosition:
    live = select(Award).where(
        Award.survivor_id == survivor_id, Award.status != AwardStatus.REJECTED
    )
    if excluding is not None:
        live = live.where(Award.id != excluding)
    awarded: dict[Currency, int] = defaultdict(int)
    interim: list[Award] = []
    for award in uow.session.execute(live.order_by(Award.id)).scalars():
        if award.kind is AwardKind.COMPENSATION:
            awarded[award.currency] += award.gross_minor
        elif award.status is AwardStatus.APPROVED:
            interim.append(award)
    used_interim = _used(uow, AwardDeduction.interim_award_id, excluding)
    used_other = _used(uow, AwardDeduction.other_compensation_id, excluding)
    sources = [
        DeductionSource(
            DeductionKind.INTERIM_GRANT,
            a.id,
            Money(a.amount_minor - used_interim.get(a.id, 0), a.currency),
        )
        for a in interim
    ]
    received = uow.session.execute(
        select(OtherCompensation)
        .where(OtherCompensation.survivor_id == survivor_id)
        .order_by(OtherCompensation.received_on, OtherCompensation.id)
    ).scalars()
    sources += [
        DeductionSource(
            DeductionKind.OTHER_COMPENSATION,
            r.id,
            Money(r.amount_minor - used_other.get(r.id, 0), r.currency),
        )
        for r in received
    ]
    return SurvivorPosition(
        tuple(Money(v, c) for c, v in sorted(awarded.items())),
        tuple(s for s in sources if s.remaining.minor > 0),
    )
