"""What an officer sees of an award: plain frozen values, never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.enums import (
    AwardKind,
    AwardStatus,
    DeductionKind,
    HeadOfLoss,
    InstalmentStatus,
    Payee,
)
from compfund.errors import NotFound
from compfund.models import Application, Award, Instalment, Survivor
from compfund.money import Money
from compfund.permissions import Action
from compfund.service import application_in_scope, service

HEAD_COLUMNS = ("head of loss", "claimed", "assessed", "cap", "allowed")


@dataclass(frozen=True, slots=True)
class HeadLine:
    head: HeadOfLoss
    claimed: Money | None
    assessed: Money
    cap: Money
    allowed: Money


@dataclass(frozen=True, slots=True)
class DeductionLine:
    kind: DeductionKind
    source_id: int
    source_used: Money
    deducted: Money


@dataclass(frozen=True, slots=True)
class InstalmentLine:
    id: int
    seq: int
    due_on: str
    amount: Money
    status: InstalmentStatus


@dataclass(frozen=True, slots=True)
class AwardView:
    id: int
    application_code: str
    survivor_code: str
    kind: AwardKind
    status: AwardStatus
    gross: Money
    amount: Money
    heads: tuple[HeadLine, ...]
    deductions: tuple[DeductionLine, ...]
    rate: str | None
    two_approvers: bool
    payee: Payee
    recommended_by: str
    first_approved_by: str | None
    decided_by: str | None
    decision_reason: str | None
    entry_seq: int | None
    version: int
    instalments: tuple[InstalmentLine, ...]
    award_policy_id: int
    policy_version_id: int | None  # the eligibility policy's: interim grant, cap per survivor

    def headline(self) -> str:
        """ "Award 7 for CF-... (SV-...): recommended, 1,200.00 USD (gross ...)"."""
        gross = f" (gross {self.gross})" if self.gross != self.amount else ""
        return (
            f"Award {self.id} for {self.application_code} ({self.survivor_code}): "
            f"{self.status.value.replace('_', ' ')}, {self.amount}{gross}"
        )

    def head_rows(self) -> list[list[str]]:
        """Each head of loss under ``HEAD_COLUMNS``; "-" where nothing was claimed."""
        return [
            [h.head.label, str(h.claimed or "-"), str(h.assessed), str(h.cap), str(h.allowed)]
            for h in self.heads
        ]

    def notes(self) -> list[str]:
        """What the calculation says below its heads: deductions, rate, policies, approvers
        still needed and the instalments."""
        lines = [
            f"less {d.kind.value.replace('_', ' ')} {d.deducted} (source {d.source_id})"
            for d in self.deductions
        ]
        if self.rate:
            lines.append(f"exchange rate used: {self.rate}")
        version = self.policy_version_id
        lines.append(
            f"award policy {self.award_policy_id}"
            + (f"; eligibility policy version {version}" if version is not None else "")
        )
        if self.two_approvers and self.status is not AwardStatus.APPROVED:
            lines.append("above the policy's threshold: two different approvers are needed")
        if self.instalments:
            lines.append(
                f"{len(self.instalments)} instalment(s), first due {self.instalments[0].due_on}"
            )
        return lines

    def to_json(self) -> dict[str, object]:
        return {
            "award": self.id,
            "application": self.application_code,
            "survivor": self.survivor_code,
            "kind": self.kind.value,
            "status": self.status.value,
            "gross": self.gross.to_json(),
            "amount": self.amount.to_json(),
            "heads": [
                {
                    "head": h.head.value,
                    "claimed": h.claimed.to_json() if h.claimed else None,
                    "assessed": h.assessed.to_json(),
                    "cap": h.cap.to_json(),
                    "allowed": h.allowed.to_json(),
                }
                for h in self.heads
            ],
            "deductions": [
                {
                    "kind": d.kind.value,
                    "source": d.source_id,
                    "source_used": d.source_used.to_json(),
                    "deducted": d.deducted.to_json(),
                }
                for d in self.deductions
            ],
            "rate": self.rate,
            "two_approvers": self.two_approvers,
            "payee": self.payee.value,
            "recommended_by": self.recommended_by,
            "first_approved_by": self.first_approved_by,
            "decided_by": self.decided_by,
            "reason": self.decision_reason,
            "journal_entry": self.entry_seq,
            "version": self.version,
            "instalments": [
                {
                    "id": i.id,
                    "seq": i.seq,
                    "due": i.due_on,
                    "status": i.status.value,
                    **i.amount.to_json(),
                }
                for i in self.instalments
            ],
            "award_policy": self.award_policy_id,
            "eligibility_policy_version": self.policy_version_id,
        }


def award_view(uow: UnitOfWork, award: Award) -> AwardView:
    session = uow.session
    application = session.get(Application, award.application_id)
    survivor = session.get(Survivor, award.survivor_id)
    assert application is not None and survivor is not None
    cur = award.currency
    instalments = session.execute(
        select(Instalment).where(Instalment.award_id == award.id).order_by(Instalment.seq)
    ).scalars()
    return AwardView(
        award.id,
        application.code,
        survivor.code,
        award.kind,
        award.status,
        award.gross,
        award.amount,
        tuple(
            HeadLine(
                h.head,
                Money(h.claimed_minor, cur) if h.claimed_minor is not None else None,
                Money(h.assessed_minor, cur),
                Money(h.cap_minor, cur),
                Money(h.allowed_minor, cur),
            )
            for h in award.heads
        ),
        tuple(
            DeductionLine(
                d.kind,
                d.interim_award_id or d.other_compensation_id or 0,
                Money(d.source_minor, d.source_currency),
                Money(d.deducted_minor, cur),
            )
            for d in award.deductions
        ),
        award.rate,
        award.two_approvers,
        award.payee,
        award.recommended_by,
        award.first_approved_by,
        award.decided_by,
        award.decision_reason,
        award.entry_seq,
        award.version,
        tuple(
            InstalmentLine(i.id, i.seq, i.due_on.isoformat(), i.amount, i.status)
            for i in instalments
        ),
        award.award_policy_id,
        award.policy_version_id,
    )


def latest_award(uow: UnitOfWork, application: Application) -> Award:
    """The application's live award, else its latest rejected one."""
    award = uow.session.execute(
        select(Award)
        .where(Award.application_id == application.id)
        .order_by((Award.status == AwardStatus.REJECTED).asc(), Award.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if award is None:
        raise NotFound(f"No award has been recommended for {application.code}.")
    return award


@service(Action.VIEW_MONEY, writes=False)
def show_award(application_code: str, *, actor: Actor, uow: UnitOfWork) -> AwardView:
    application = application_in_scope(uow, actor, application_code)
    return award_view(uow, latest_award(uow, application))


@service(Action.VIEW_MONEY, writes=False)
def awards_awaiting_decision(*, actor: Actor, uow: UnitOfWork) -> list[AwardView]:
    """Recommended awards still waiting for an approver, oldest first."""
    waiting = uow.session.execute(
        select(Award)
        .where(Award.status.in_([AwardStatus.RECOMMENDED, AwardStatus.AWAITING_SECOND_APPROVAL]))
        .order_by(Award.id)
    ).scalars()
    return [award_view(uow, a) for a in waiting]
