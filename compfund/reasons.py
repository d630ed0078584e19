"""Written reasons and text limits: the one home of every "at least N characters".

An officer writes a reason wherever the fund keeps one: to see who a survivor is, to
reject an award, to link or override a possible duplicate, to resolve a bank statement's
difference, to record a failed payment, to take a workflow step that asks for one. Each
kind of reason is a ``Reason`` here with its minimum; the services read reasons with
``Reason.read`` and the window sizes and enables its fields from the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from compfund.errors import InvalidInput

MAX_REASON = 400
"""Longer reasons are kept to their first 400 characters."""
MIN_SEARCH = 2
"""A survivor search needs at least two characters of a name or a document number."""
MAX_SEARCH_RESULTS = 50
"""A survivor search shows at most this many survivors."""


def squeezed(text: str) -> str:
    """``text`` with its runs of spaces and line breaks made single spaces."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Reason:
    """One kind of written reason: how long it must be and how the officer is asked."""

    minimum: int
    ask: str
    kept: str = ""
    """What becomes of the reason, said after the minimum ("; it is kept ...")."""

    def read(self, typed: str) -> str:
        """The reason as kept (spaces squeezed, at most MAX_REASON characters), or a
        clear refusal naming the minimum."""
        text = squeezed(typed)
        if len(text) < self.minimum:
            raise InvalidInput(
                self.refusal, key="reason.too_short", params={"minimum": self.minimum}
            )
        return text[:MAX_REASON]

    @property
    def refusal(self) -> str:
        end = self.kept or ("" if self.ask.endswith(".") else ".")
        if self.minimum <= 1:
            return f"{self.ask}{end}"
        return f"{self.ask} (at least {self.minimum} characters){self.kept or '.'}"

    def is_enough(self, typed: str) -> bool:
        return len(squeezed(typed)) >= self.minimum

    def missing(self, typed: str) -> int:
        """How many more characters the reason needs (0 when it is long enough)."""
        return max(0, self.minimum - len(squeezed(typed)))


IDENTIFYING_ACCESS = Reason(
    10,
    "Say why you need to see this survivor's identity",
    "; the reason is kept in the audit trail.",
)
AWARD_REJECTION = Reason(
    10,
    "Give the reason for rejecting the award",
    "; it is kept with the award and shown to the fund officer.",
)
DUPLICATE_DECISION = Reason(
    10,
    "Say why",
    ": the reason for linking or overriding a possible duplicate is kept with the application.",
)
RECONCILIATION = Reason(10, "Say how the difference was resolved")
PAYMENT_FAILED = Reason(5, "Say why the payment failed, in the bank's or provider's words")
PAYMENT_RETURNED = Reason(5, "Say why the payment was returned, in the bank's or provider's words")
ENTRY_REVERSAL = Reason(
    10, "Say why the entry is reversed", "; the reason is kept in the audit trail."
)
PAYEE_CHANGE_REFUSAL = Reason(
    10,
    "Say why the payee change is refused",
    "; it is kept with the change for the officer who proposed it.",
)
RULE_OVERRIDE = Reason(1, "An override needs a reason, and the reason is kept.")
TIME_LIMIT_EXTENSION = Reason(1, "An extension of the time limit needs a reason, and it is kept.")


def workflow_step(step: str, application: str) -> Reason:
    """A workflow step that asks for a reason: any words will do, but some."""
    return Reason(1, f"Give a reason to {step} {application}")


def document_request(document: str) -> Reason:
    """A payee document names its survivor: producing one is an identifying access."""
    return Reason(
        IDENTIFYING_ACCESS.minimum,
        f"Say why this {document} is needed",
        IDENTIFYING_ACCESS.kept,
    )
