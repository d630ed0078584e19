"""Award letters, payment vouchers and survivor statements: documents that name the payee.

Each is an identifying document (TIPSE Art. 49): produced only by the roles the
permission table allows, with a typed reason, and recorded as an identifying access of
that survivor before the document is drawn. Each is an ``ExportTable`` of lines
(item in Khmer, item in English, details) so that it carries the same manifest, chain
head and row digest as every export, and ``compfund audit verify-export`` can tell
whether a printed letter still says what the database says. The lines are built by
functions that log nothing; only the services below log, so checking a document later
reveals no one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.audit.access import log_access
from compfund.awards.award_view import AwardView, award_view, latest_award
from compfund.db.uow import UnitOfWork
from compfund.enums import AwardKind, AwardStatus, Channel, Payee, PaymentStatus
from compfund.errors import RuleViolation
from compfund.ledger.balances import statement_lines
from compfund.models import Application, Award, Instalment, PayeeDetails, Payment, Survivor
from compfund.models.masked import PAYEE_DETAILS_MASKED
from compfund.models.payments import PaymentBatch
from compfund.money import Money
from compfund.permissions import Action
from compfund.provinces import BY_CODE
from compfund.queries.chain_point import chain_point
from compfund.queries.export_table import Cell, ChainPoint, Column, ExportKind, ExportTable
from compfund.reasons import document_request
from compfund.service import (
    application_in_scope,
    in_scope,
    not_found_for,
    service,
    survivor_in_scope,
)

COLUMNS = (
    Column("item_km", "Item (Khmer)", "ចំណុច"),
    Column("item", "Item", "ចំណុច (អង់គ្លេស)"),
    Column("details", "Details", "ព័ត៌មាន"),
)
TITLES = {
    ExportKind.AWARD_LETTER: ("Award letter", "លិខិតជូនដំណឹងអំពីការផ្តល់សំណង"),
    ExportKind.PAYMENT_VOUCHER: ("Payment voucher", "ប័ណ្ណបើកប្រាក់"),
    ExportKind.SURVIVOR_STATEMENT: (
        "Survivor's statement of account",
        "របាយការណ៍គណនីរបស់ជនរងគ្រោះ",
    ),
}
KINDS_KM = {
    AwardKind.INTERIM_GRANT: "ជំនួយស្តារនីតិសម្បទាបណ្តោះអាសន្ន",
    AwardKind.COMPENSATION: "សំណង",
}
KINDS_EN = {
    AwardKind.INTERIM_GRANT: "interim rehabilitation grant",
    AwardKind.COMPENSATION: "compensation award",
}
Line = tuple[Cell, ...]


def _line(km: str, en: str, details: object) -> Line:
    return (km, en, str(details) if details is not None else "")


@dataclass(frozen=True, slots=True)
class PayeeLines:
    """Who the document is for: the survivor and, for a minor's award, the guardian; and
    how they are paid, as every officer but finance reads it: the account masked
    (``****5678``), the name on it left out (compfund.models.masked)."""

    survivor: Survivor
    payee: Payee
    paid_by: str | None

    def lines(self) -> list[Line]:
        s = self.survivor
        out = [
            _line("លេខកូដជនរងគ្រោះ", "Survivor code", s.code),
            _line("ឈ្មោះជនរងគ្រោះ", "Survivor's name", f"{s.name_km} ({s.name_latin})"),
        ]
        if self.payee is Payee.GUARDIAN:
            relation = f" ({s.guardian_relationship})" if s.guardian_relationship else ""
            out.append(
                _line("អ្នកទទួលប្រាក់", "Payee", f"{s.guardian_name or '-'}, guardian{relation}")
            )
        else:
            out.append(_line("អ្នកទទួលប្រាក់", "Payee", f"{s.name_latin}, the survivor"))
        if self.paid_by is not None:
            out.append(_line("គណនីទូទាត់", "Paid by", self.paid_by))
        return out


def _paid_by(uow: UnitOfWork, survivor: Survivor) -> str | None:
    """How the survivor is paid, from the masked payee details: "Bank transfer, ACLEDA
    Bank, account ****5678", or the DOSVY office that hands cash over."""
    view = PAYEE_DETAILS_MASKED.c
    found = uow.session.execute(
        select(PayeeDetails.channel, view.institution, view.account, view.dosvy_province)
        .join(PAYEE_DETAILS_MASKED, view.id == PayeeDetails.id)
        .where(PayeeDetails.survivor_id == survivor.id)
    ).one_or_none()
    if found is None:
        return None
    channel, institution, account, province = found
    if channel is Channel.CASH_DOSVY:
        office = f"DOSVY {BY_CODE[province].name_en}" if province in BY_CODE else "DOSVY"
        return f"{channel.label}, {office}"
    return f"{channel.label}, {institution or '-'}, account {account or '-'}"


def _payee(uow: UnitOfWork, survivor: Survivor, payee: Payee) -> PayeeLines:
    return PayeeLines(survivor, payee, _paid_by(uow, survivor))


def _table(
    actor: Actor, kind: ExportKind, key: str, lines: list[Line], head: ChainPoint
) -> ExportTable:
    title_en, title_km = TITLES[kind]
    return ExportTable(
        kind,
        title_en,
        title_km,
        COLUMNS,
        tuple(lines),
        ((_PARAMETER[kind], key),),
        head,
        actor.name_and_login,
    )


_PARAMETER = {
    ExportKind.AWARD_LETTER: "application",
    ExportKind.PAYMENT_VOUCHER: "payment",
    ExportKind.SURVIVOR_STATEMENT: "survivor",
}


def _survivor_code(lines: list[Line]) -> str:
    """The survivor code every document opens with (see ``PayeeLines.lines``)."""
    assert lines[0][1] == "Survivor code"
    return str(lines[0][2])


# -- award letter -----------------------------------------------------------------------


def _approved_award(uow: UnitOfWork, application: Application) -> tuple[Survivor, AwardView]:
    award = latest_award(uow, application)
    if award.status is not AwardStatus.APPROVED:
        raise RuleViolation(
            f"The award for {application.code} is {award.status.value.replace('_', ' ')}: "
            "an award letter is written only once the award is approved."
        )
    return uow.session.get_one(Survivor, award.survivor_id), award_view(uow, award)


def award_letter_lines(uow: UnitOfWork, application: Application) -> list[Line]:
    survivor, award = _approved_award(uow, application)
    lines = _payee(uow, survivor, award.payee).lines()
    lines += [
        _line("ពាក្យស្នើសុំ", "Application", application.code),
        _line("ប្រភេទ", "Kind of award", f"{KINDS_EN[award.kind]} / {KINDS_KM[award.kind]}"),
    ]
    for head in award.heads:
        lines.append(_line("ប្រភេទនៃការខាតបង់", f"Head of loss: {head.head.label}", head.allowed))
    if award.deductions:
        lines.append(_line("ចំនួនសរុបមុនកាត់កង", "Total before deductions", award.gross))
    for deduction in award.deductions:
        what = deduction.kind.value.replace("_", " ")
        lines.append(_line("ការកាត់កង", f"Deduction: {what}", -deduction.deducted))
    lines.append(_line("ចំនួនទឹកប្រាក់ដែលបានសម្រេច", "Amount awarded", award.amount))
    count = len(award.instalments)
    for i in award.instalments:
        lines.append(
            _line(
                f"ការទូទាត់លើកទី {i.seq} នៃ {count}",
                f"Instalment {i.seq} of {count}, due {i.due_on}",
                i.amount,
            )
        )
    approvers = ", ".join(a for a in (award.first_approved_by, award.decided_by) if a)
    lines.append(_line("អនុម័តដោយ", "Approved by", approvers))
    return lines


# -- payment voucher --------------------------------------------------------------------

_VOUCHER_STATUSES = (PaymentStatus.RELEASED, PaymentStatus.PAID)


def _payment(uow: UnitOfWork, actor: Actor, key: str) -> tuple[Payment, Instalment]:
    wanted = key.strip().upper()
    found = uow.session.execute(
        select(Payment, Instalment, Survivor.province_code)
        .join(Instalment, Instalment.id == Payment.instalment_id)
        .join(Survivor, Survivor.id == Instalment.survivor_id)
        .where(Payment.idempotency_key == wanted)
    ).one_or_none()
    if found is None or not in_scope(actor, found[2]):
        raise not_found_for(actor, f"payment has the key {wanted}")
    return found[0], found[1]


def payment_voucher_lines(uow: UnitOfWork, payment: Payment, instalment: Instalment) -> list[Line]:
    if payment.status not in _VOUCHER_STATUSES:
        raise RuleViolation(
            f"Payment {payment.idempotency_key} is {payment.status.value}: a voucher is "
            "printed only for a released or paid payment."
        )
    survivor = uow.session.get_one(Survivor, instalment.survivor_id)
    award = uow.session.get_one(Award, instalment.award_id)
    application = uow.session.get_one(Application, award.application_id)
    batch = uow.session.get_one(PaymentBatch, payment.batch_id)
    payee = _payee(uow, survivor, award.payee).lines()
    lines = payee[:3] + [
        _line("ឈ្មោះអ្នកទទួលក្នុងការទូទាត់", "Pay to (as released)", payment.payee_name),
        _line("ពាក្យស្នើសុំ", "Application", application.code),
        _line("លេខសម្គាល់ការទូទាត់", "Payment key", payment.idempotency_key),
        _line("បាច់ទូទាត់", "Batch", f"{batch.id}, released by {batch.released_by or '-'}"),
        _line("ការទូទាត់លើកទី", "Instalment", f"{instalment.seq}, due {instalment.due_on}"),
        _line("ចំនួនទឹកប្រាក់", "Amount", Money(payment.amount_minor, payment.currency)),
        _line("មធ្យោបាយទូទាត់", "Channel", payment.channel.label),
    ]
    if payment.channel is not Channel.CASH_DOSVY:
        lines.append(_line("ធនាគារ ឬ សេវាទូទាត់", "Bank or provider", payment.institution))
        lines.append(_line("គណនី", "Account", payment.account))
    if payment.status is PaymentStatus.PAID:
        lines.append(
            _line("បានទូទាត់", "Paid", f"{payment.paid_on} ({payment.paid_reference or '-'})")
        )
    lines += [
        _line("ហត្ថលេខា ឬ ស្នាមមេដៃអ្នកទទួល", "Received by (signature or thumbprint)", ""),
        _line("ប្រគល់ដោយ", "Handed over by (name, signature, date)", ""),
    ]
    return lines


# -- survivor statement -----------------------------------------------------------------


def statement_document_lines(uow: UnitOfWork, survivor: Survivor) -> list[Line]:
    payee = uow.session.execute(
        select(Award.payee)
        .where(Award.survivor_id == survivor.id, Award.status == AwardStatus.APPROVED)
        .order_by(Award.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    lines = _payee(uow, survivor, payee or Payee.SURVIVOR).lines()
    balances: dict[str, Money] = {}
    for movement in statement_lines(uow, survivor.id):
        lines.append(
            _line(
                f"ប្រតិបត្តិការ {movement.entry_date}",
                f"{movement.entry_date} {movement.kind.replace('_', ' ')} "
                f"({movement.account.value.replace('_', ' ')}, entry {movement.entry_seq})",
                movement.amount,
            )
        )
        currency = movement.amount.currency.value
        balances[currency] = balances.get(currency, Money.zero(movement.amount.currency)) + (
            movement.amount
        )
    for currency, balance in sorted(balances.items()):
        lines.append(_line(f"សមតុល្យ ({currency})", f"Balance ({currency})", balance))
    if not balances:
        lines.append(_line("ប្រតិបត្តិការ", "Movements", "none yet"))
    return lines


# -- the documents ----------------------------------------------------------------------


def document_lines(
    uow: UnitOfWork, actor: Actor, kind: ExportKind, key: str
) -> tuple[str, list[Line]]:
    """The document's canonical key and lines, for an actor allowed to see them (logs
    nothing, so ``verify-export`` can compare a printed document's digest with today's)."""
    if kind is ExportKind.AWARD_LETTER:
        application = application_in_scope(uow, actor, key)
        return application.code, award_letter_lines(uow, application)
    if kind is ExportKind.PAYMENT_VOUCHER:
        payment, instalment = _payment(uow, actor, key)
        return payment.idempotency_key, payment_voucher_lines(uow, payment, instalment)
    survivor = survivor_in_scope(uow, actor, key)
    return survivor.code, statement_document_lines(uow, survivor)


def _produce(uow: UnitOfWork, actor: Actor, kind: ExportKind, key: str, reason: str) -> ExportTable:
    """Check the reason, read the chain head, build the lines, record the access."""
    why = document_request(kind.value).read(reason)
    head = chain_point(uow, lock=True)  # no other event between this head and the access
    canonical, lines = document_lines(uow, actor, kind, key)
    log_access(uow, kind.value, [_survivor_code(lines)], why)
    return _table(actor, kind, canonical, lines, head)


@service(Action.PRODUCE_AWARD_LETTER, writes=True)
def award_letter(
    application_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> ExportTable:
    """The letter telling the payee what was awarded and when it is paid."""
    return _produce(uow, actor, ExportKind.AWARD_LETTER, application_code, reason)


@service(Action.PRODUCE_PAYMENT_VOUCHER, writes=True)
def payment_voucher(payment_key: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> ExportTable:
    """The voucher for one payment: whom to pay, how much, how; signed on receipt."""
    return _produce(uow, actor, ExportKind.PAYMENT_VOUCHER, payment_key, reason)


@service(Action.PRODUCE_STATEMENT, writes=True)
def statement_document(
    survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> ExportTable:
    """The survivor's statement of account as a document naming the payee."""
    return _produce(uow, actor, ExportKind.SURVIVOR_STATEMENT, survivor_code, reason)
