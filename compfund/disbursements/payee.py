"""Payee details: how a survivor, or for a minor their guardian, is paid.

Names, account numbers and phone numbers identify a survivor: they are masked in the audit
trail, and showing them is an identifying access with a reason. Only finance officers read
them in clear (they pay); the fund officer who records them reads them back masked, the
account as its last four digits and no name (``payee_details_masked``; on PostgreSQL the
database refuses the fund officer's role the clear columns). Changing existing details
needs the version the officer loaded, so two desks never overwrite each other silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.audit.access import log_access
from compfund.db.uow import UnitOfWork
from compfund.enums import Channel, Payee
from compfund.errors import InvalidInput, NotFound
from compfund.models import PayeeDetails, Survivor
from compfund.models.masked import PAYEE_DETAILS_MASKED
from compfund.permissions import Action, Role
from compfund.provinces import BY_CODE, parse_province
from compfund.reasons import IDENTIFYING_ACCESS
from compfund.service import service, survivor_in_scope

_ACCOUNT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z \-]{3,38}$")


@dataclass(frozen=True, slots=True)
class PayeeInput:
    channel: Channel
    payee_name: str
    institution: str | None = None  # the bank or the mobile-money provider
    account: str | None = None  # account number or mobile number
    dosvy_province: str | None = None  # cash: the DOSVY office that hands it over


@dataclass(frozen=True, slots=True)
class PayeeView:
    """Payee details as an officer who is not in finance sees them: no name, the account
    masked (``****5678``)."""

    survivor_code: str
    payee: Payee
    channel: Channel
    institution: str | None
    account: str | None
    dosvy_province: str | None
    version: int


def checked_payee(data: PayeeInput) -> PayeeInput:
    """``data`` tidied, or refused with what is missing."""
    name = " ".join(data.payee_name.split())
    if not name:
        raise InvalidInput("Give the payee's name as on their account or identity document.")
    if data.channel is Channel.CASH_DOSVY:
        if not data.dosvy_province:
            raise InvalidInput("Cash is handed over by a DOSVY office: name its province.")
        return PayeeInput(data.channel, name, None, None, parse_province(data.dosvy_province))
    what = "bank" if data.channel is Channel.BANK_TRANSFER else "mobile-money provider"
    if not (data.institution or "").strip():
        raise InvalidInput(f"Name the {what} for a {data.channel.label}.")
    account = " ".join((data.account or "").split())
    if not _ACCOUNT.match(account):
        number = "account number" if data.channel is Channel.BANK_TRANSFER else "mobile number"
        raise InvalidInput(f"Give the payee's {number} (4 to 39 letters, digits, - or spaces).")
    return PayeeInput(data.channel, name, data.institution.strip()[:80], account, None)  # type: ignore[union-attr]


def masked_payee_details(uow: UnitOfWork, survivor: Survivor, actor: Actor) -> PayeeView | None:
    """The survivor's payee details as every officer but finance reads them; a caseworker,
    who reads no money, not even the masked account (``account`` None)."""
    if actor.role is Role.CASEWORKER:
        row = uow.session.execute(
            select(
                PayeeDetails.payee,
                PayeeDetails.channel,
                PayeeDetails.institution,
                PayeeDetails.dosvy_province,
                PayeeDetails.version,
            ).where(PayeeDetails.survivor_id == survivor.id)
        ).one_or_none()
        if row is None:
            return None
        return PayeeView(survivor.code, row[0], row[1], row[2], None, row[3], row[4])
    view = PAYEE_DETAILS_MASKED.c
    found = uow.session.execute(
        select(
            PayeeDetails.payee,
            PayeeDetails.channel,
            view.institution,
            view.account,
            view.dosvy_province,
            view.version,
        )
        .join(PAYEE_DETAILS_MASKED, view.id == PayeeDetails.id)
        .where(PayeeDetails.survivor_id == survivor.id)
    ).one_or_none()
    if found is None:
        return None
    payee, channel, institution, account, province, version = found
    return PayeeView(survivor.code, payee, channel, institution, account, province, version)


def cash_office(details: PayeeDetails) -> str:
    province = BY_CODE[details.dosvy_province] if details.dosvy_province else None
    return f"DOSVY {province.name_en}" if province else "DOSVY"


@service(Action.VIEW_PAYEE_DETAILS, writes=True)
def show_payee_details(
    survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> PayeeView:
    """The payee details with their version, masked (an identifying access, logged with its
    reason): enough to see which details are on file before changing them."""
    why = IDENTIFYING_ACCESS.read(reason)
    survivor = survivor_in_scope(uow, actor, survivor_code)
    details = masked_payee_details(uow, survivor, actor)
    if details is None:
        raise NotFound(f"No payee details are recorded for {survivor.code}.")
    log_access(uow, "payee details", [survivor.code], why)
    return details
