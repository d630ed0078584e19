"""The permission table: which role may do which action, kept as data.

Every service names its action (see ``compfund.service.service``) and is refused
unless the acting officer's role is listed for it here. The window and the command
line read the same table to decide what to offer. A caseworker is further limited to
survivors of their responsible province; that scope is checked by the services.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from compfund.errors import InvalidInput


class Role(StrEnum):
    CASEWORKER = "caseworker"
    FUND_OFFICER = "fund_officer"
    APPROVER = "approver"
    FINANCE_OFFICER = "finance_officer"
    ENFORCEMENT_OFFICER = "enforcement_officer"
    AUDITOR = "auditor"
    ADMIN = "admin"

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls(text.strip().lower())
        except ValueError:
            known = ", ".join(r.value for r in cls)
            raise InvalidInput(f"Unknown role {text!r}: use one of {known}.") from None

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Action(StrEnum):
    # survivors and intake
    VIEW_CASES = "view cases"
    REGISTER_SURVIVOR = "register survivor"
    VIEW_IDENTITY = "view identity"
    RECORD_IDENTIFICATION = "record identification"
    SUBMIT_APPLICATION = "submit application"
    ATTACH_DOCUMENT = "attach document"
    OPEN_ATTACHMENT = "open attachment"
    RECORD_CONSENT = "record consent"
    WITHDRAW_APPLICATION = "withdraw application"
    HOLD_DUPLICATE = "hold possible duplicate"
    RESOLVE_DUPLICATE = "resolve possible duplicate"
    PROVIDE_INFORMATION = "provide information"
    REQUEST_REVIEW = "request review"
    # eligibility and awards
    DECIDE_ELIGIBILITY = "decide eligibility"
    OVERRIDE_RULE = "override rule"
    EXTEND_TIME_LIMIT = "extend time limit"
    REQUEST_INFORMATION = "request information"
    DECIDE_REVIEW = "decide review"
    CLOSE_APPLICATION = "close application"
    RECOMMEND_AWARD = "recommend award"
    APPROVE_AWARD = "approve award"
    # money
    PRODUCE_STATEMENT = "produce survivor statement"
    PRODUCE_AWARD_LETTER = "produce award letter"
    PRODUCE_PAYMENT_VOUCHER = "produce payment voucher"
    RECORD_INCOME = "record income"
    BUILD_BATCH = "build batch"
    RELEASE_BATCH = "release batch"
    RECORD_PAYMENT = "record payment"
    RECONCILE_STATEMENT = "reconcile statement"
    PROPOSE_PAYEE_CHANGE = "propose payee change"
    CONFIRM_PAYEE_CHANGE = "confirm payee change"
    VIEW_PAYEE_DETAILS = "view payee details"
    VIEW_MONEY = "view awards and payments"
    RECORD_OTHER_COMPENSATION = "record other compensation received"
    CLOSE_PERIOD = "close period"
    REVERSE_ENTRY = "reverse journal entry"
    WRITE_OFF = "write off"
    SET_RATES = "set rates"
    # enforcement
    RECORD_COURT_CASE = "record court case"
    # administration and audit
    SET_POLICY = "set policy"
    MANAGE_USERS = "manage users"
    DECIDE_OFFICER_RIGHTS = "confirm or refuse officer rights"
    VIEW_OFFICER_RIGHTS = "view changes of officer rights"
    ERASE_IDENTITY = "erase identity after retention"
    EXPORT_LEDGER = "export ledger"
    EXPORT_IDENTIFIED_DATA = "export identified data"
    VIEW_AUDIT_TRAIL = "view audit trail"


_ALL_STAFF = frozenset(Role)
_C, _F, _A = Role.CASEWORKER, Role.FUND_OFFICER, Role.APPROVER
_FIN, _E, _AU, _AD = Role.FINANCE_OFFICER, Role.ENFORCEMENT_OFFICER, Role.AUDITOR, Role.ADMIN

PERMISSIONS: Mapping[Action, frozenset[Role]] = {
    Action.VIEW_CASES: _ALL_STAFF,
    Action.REGISTER_SURVIVOR: frozenset({_C}),
    Action.VIEW_IDENTITY: frozenset({_C, _F, _A}),
    Action.RECORD_IDENTIFICATION: frozenset({_C}),
    Action.SUBMIT_APPLICATION: frozenset({_C}),
    Action.ATTACH_DOCUMENT: frozenset({_C, _F}),
    Action.OPEN_ATTACHMENT: frozenset({_C, _F, _A}),
    Action.RECORD_CONSENT: frozenset({_C}),
    Action.WITHDRAW_APPLICATION: frozenset({_C, _F}),
    Action.HOLD_DUPLICATE: frozenset({_C, _F}),  # a caseworker's submission may be held
    Action.RESOLVE_DUPLICATE: frozenset({_F}),
    Action.PROVIDE_INFORMATION: frozenset({_C, _F}),
    Action.REQUEST_REVIEW: frozenset({_C, _F}),  # on the survivor's behalf
    Action.DECIDE_ELIGIBILITY: frozenset({_F}),
    Action.OVERRIDE_RULE: frozenset({_F}),
    Action.EXTEND_TIME_LIMIT: frozenset({_F}),
    Action.REQUEST_INFORMATION: frozenset({_F}),
    Action.DECIDE_REVIEW: frozenset({_F, _A}),  # never the first decider (four eyes)
    Action.CLOSE_APPLICATION: frozenset({_F}),
    Action.RECOMMEND_AWARD: frozenset({_F}),
    Action.APPROVE_AWARD: frozenset({_A}),
    Action.PRODUCE_STATEMENT: frozenset({_F, _A, _FIN}),
    Action.PRODUCE_AWARD_LETTER: frozenset({_F, _A}),
    Action.PRODUCE_PAYMENT_VOUCHER: frozenset({_FIN}),
    Action.RECORD_INCOME: frozenset({_FIN}),
    Action.BUILD_BATCH: frozenset({_FIN}),
    Action.RELEASE_BATCH: frozenset({_A}),
    Action.RECORD_PAYMENT: frozenset({_FIN}),
    Action.RECONCILE_STATEMENT: frozenset({_FIN}),
    # where money goes: proposed by the survivor's caseworker or a fund officer, in effect
    # only once a finance officer who did not propose it confirms it (four eyes)
    Action.PROPOSE_PAYEE_CHANGE: frozenset({_C, _F}),
    Action.CONFIRM_PAYEE_CHANGE: frozenset({_FIN}),
    Action.VIEW_PAYEE_DETAILS: frozenset({_C, _F, _FIN}),
    Action.VIEW_MONEY: frozenset({_F, _A, _FIN, _E, _AU, _AD}),
    Action.RECORD_OTHER_COMPENSATION: frozenset({_E}),
    Action.CLOSE_PERIOD: frozenset({_FIN, _A}),
    Action.REVERSE_ENTRY: frozenset({_FIN}),
    Action.WRITE_OFF: frozenset({_A}),
    Action.SET_RATES: frozenset({_FIN}),
    Action.RECORD_COURT_CASE: frozenset({_E}),
    Action.SET_POLICY: frozenset({_AD}),
    Action.MANAGE_USERS: frozenset({_AD}),
    # never the officer who proposed the change, nor the officer it names (four eyes)
    Action.DECIDE_OFFICER_RIGHTS: frozenset({_AD, _A}),
    Action.VIEW_OFFICER_RIGHTS: frozenset({_AD, _A, _AU}),
    Action.ERASE_IDENTITY: frozenset({_AD, _A}),
    Action.EXPORT_LEDGER: frozenset({_FIN, _AU}),
    Action.EXPORT_IDENTIFIED_DATA: frozenset({_F, _A}),
    Action.VIEW_AUDIT_TRAIL: frozenset({_AU, _AD}),
}


def allowed(role: Role, action: Action) -> bool:
    """True when ``role`` may perform ``action`` according to the table."""
    return role in PERMISSIONS.get(action, frozenset())


def actions_for(role: Role) -> frozenset[Action]:
    """Everything ``role`` may do: what the window and command line offer that officer."""
    return frozenset(a for a, roles in PERMISSIONS.items() if role in roles)
