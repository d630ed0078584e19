"""baseline: the whole schema from empty, on SQLite and PostgreSQL

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-03 09:00:00

The schema had never been released to an office when the migrations 0001..0024 were
squashed into this one revision: it builds, from an empty database, the schema that
chain built (``scripts/compare_schema.py`` compares the two, pg_dump against pg_dump).
Written by hand and checked against compfund/models
(tests/integration/test_migrations.py). Besides the tables it creates what the models
cannot say:

- the 25 provinces, the documented default eligibility policy version and the default
  award policy (below, with where their figures came from), and the heads of the audit
  and journal hash chains;
- triggers (migrations/guards.py) that keep the audit trail, the journal, eligibility
  decisions, award policies, awards and payments as they were written; a policy version
  that a decision or an award used never changes; a closed ledger period stays closed;
  a payment and an instalment only move forward;
- on PostgreSQL, where every desk connects as the officer's own role: the fund's group
  roles and the login gate, what each role may read and write, the checks that an
  officer acts in their own name (audit events, four eyes on awards, payment batches
  and erasures), and row-level security: a caseworker's role sees and writes only the
  rows of its own province.

Forward only: it is the first revision, there is nothing to go back to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from migrations.columns import (
    big_id,
    check,
    currency,
    enum,
    foreign_key,
    index,
    moment,
    primary_key,
    unique,
)
from migrations.guards import (
    MONEY_READERS,
    STAFF,
    append_only,
    audit_actor_is_session_user,
    closed_periods_stay_closed,
    create_roles,
    distinct,
    erasure_four_eyes,
    grant,
    guard,
    immutable,
    is_postgresql,
    journal_entries_balance,
    login_gate,
    never_deleted,
    officer_check,
    province_scope,
    province_scope_function,
    used_policy_guard,
)

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = (
    "caseworker",
    "fund_officer",
    "approver",
    "finance_officer",
    "enforcement_officer",
    "auditor",
    "admin",
)
APPLICATION_STATUSES = (
    "draft",
    "submitted",
    "on_hold",
    "under_review",
    "information_requested",
    "eligible",
    "ineligible",
    "award_recommended",
    "approved",
    "rejected",
    "review_requested",
    "withdrawn",
    "closed",
)
CONSENT_METHODS = ("signed_form", "thumbprint_form", "verbal_witnessed")
HEADS = ("lost_wages", "medical_costs", "psychological_harm", "rehabilitation_and_travel", "other")
# The award policy's own limits; the interim grant and the cap per survivor are the
# eligibility policy's (policy_amounts), in force on the day of the calculation.
AWARD_LIMITS = ("two_approvers_above", *HEADS)
CHANNELS = ("bank_transfer", "mobile_money", "cash_dosvy")
GENESIS = "0" * 64  # the prev_hash of a hash chain's first row
LOCK_AFTER = 5  # wrong passwords in a row before an officer's role is locked
LOCK_MINUTES = 15
POLICY_LOCK = 74_610_006  # compfund.eligibility_policy.POLICY_LOCK: decisions hold it shared


def upgrade() -> None:
    _people_and_intake()
    _audit()
    _eligibility()
    _ledger()
    _retention_and_duplicates()
    _awards()
    _disbursements()
    _seed()
    _guards()
    if is_postgresql():
        _postgresql()


def downgrade() -> None:
    raise NotImplementedError(
        "0001_baseline is the first revision: it cannot be downgraded. To start again, "
        "drop the database (or delete the SQLite file) and run `compfund db upgrade`."
    )


# -- tables ---------------------------------------------------------------------------------


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _text(name: str, length: int | None = None, nullable: bool = False) -> sa.Column[str]:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _minor(name: str, nullable: bool = False) -> sa.Column[int]:
    """An amount in minor units of its currency (compfund.money)."""
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def _day(name: str, nullable: bool = False) -> sa.Column[date]:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _moment(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, moment(), nullable=nullable)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _login(name: str, nullable: bool = False) -> sa.Column[str]:
    """An officer's login (a PostgreSQL role name)."""
    return _text(name, 63, nullable)


def _people_and_intake() -> None:
    op.create_table(
        "provinces",
        _text("code", 5),
        _text("name_en", 40),
        _text("name_km", 40),
        primary_key("provinces", "code"),
    )
    op.create_table(
        "users",
        _id(),
        _login("login"),
        _text("display_name", 120),
        sa.Column("role", enum("role", *ROLES), nullable=False),
        _text("province_code", 5, nullable=True),
        _flag("disabled"),
        _text("password_hash", 200, nullable=True),
        _moment("created_at"),
        _int("version"),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        _moment("locked_until", nullable=True),
        check(
            "users", "caseworker_has_province", "role <> 'caseworker' OR province_code IS NOT NULL"
        ),
        foreign_key("users", "province_code", "provinces", "code"),
        primary_key("users"),
        unique("users", "login"),
    )
    op.create_table(
        "survivors",
        _id(),
        _text("code", 12),
        _text("name_km", 120),
        _text("name_latin", 120),
        sa.Column("sex", enum("sex", "female", "male"), nullable=False),
        _day("date_of_birth", nullable=True),
        _int("birth_year", nullable=True),
        _text("province_code", 5),
        _text("phone", 40, nullable=True),
        _text("address", nullable=True),
        _text("guardian_name", 120, nullable=True),
        _text("guardian_relationship", 40, nullable=True),
        _text("guardian_phone", 40, nullable=True),
        _int("registered_by_id"),
        _moment("registered_at"),
        _int("version"),
        check(
            "survivors",
            "birth_known_or_estimated",
            "date_of_birth IS NOT NULL OR birth_year IS NOT NULL",
        ),
        foreign_key("survivors", "province_code", "provinces", "code"),
        foreign_key("survivors", "registered_by_id", "users"),
        primary_key("survivors"),
        unique("survivors", "code"),
    )
    index("survivors", "province_code")
    op.create_table(
        "identifications",
        _id(),
        _int("survivor_id"),
        sa.Column(
            "authority",
            enum(
                "identifying_authority",
                "ahtjpp",
                "provincial_police",
                "border_police",
                "dosvy",
                "mosvy",
                "embassy",
                "court",
            ),
            nullable=False,
        ),
        _text("officer_name", 120),
        _day("identified_on"),
        _text("place", 200),
        _text("form_reference", 60),
        sa.Column(
            "exploitation_form",
            enum(
                "exploitation_form",
                "fishing",
                "construction",
                "agriculture",
                "factory",
                "brick_kiln",
                "domestic_servitude",
                "forced_begging",
                "forced_marriage",
                "sexual_exploitation",
                "other",
            ),
            nullable=False,
        ),
        _text("country_code", 2),
        _flag("act_established"),
        _flag("means_established"),
        _flag("purpose_established"),
        _flag("minor_at_time"),
        _int("recorded_by_id"),
        _moment("recorded_at"),
        foreign_key("identifications", "recorded_by_id", "users"),
        foreign_key("identifications", "survivor_id", "survivors"),
        primary_key("identifications"),
    )
    index("identifications", "survivor_id")
    op.create_table(
        "identity_documents",
        _id(),
        _int("survivor_id"),
        sa.Column(
            "document_type",
            enum(
                "document_type",
                "national_id",
                "passport",
                "family_book",
                "birth_certificate",
                "commune_letter",
            ),
            nullable=False,
        ),
        _text("number", 40, nullable=True),
        _text("issued_by", 120, nullable=True),
        _moment("recorded_at"),
        foreign_key("identity_documents", "survivor_id", "survivors"),
        primary_key("identity_documents"),
    )
    index("identity_documents", "number", "survivor_id")
    op.create_table(
        "applications",
        _id(),
        _text("code", 16),
        _int("identification_id"),
        sa.Column(
            "application_type",
            enum("application_type", "interim_grant", "compensation_award"),
            nullable=False,
        ),
        sa.Column("status", enum("application_status", *APPLICATION_STATUSES), nullable=False),
        _text("submitting_organisation", 120),
        _int("created_by_id"),
        _moment("created_at"),
        _moment("submitted_at", nullable=True),
        _int("version"),
        foreign_key("applications", "created_by_id", "users"),
        foreign_key("applications", "identification_id", "identifications"),
        primary_key("applications"),
        unique("applications", "code"),
    )
    index("applications", "identification_id", "status")
    # The applications list and application_page, newest first, page by page: read
    # backwards on both databases (bench/national_scale.py).
    op.create_index("ix_applications_created_at_id", "applications", ["created_at", "id"])
    op.create_table(
        "application_documents",
        _id(),
        _int("application_id"),
        _text("filename", 255),
        _text("media_type", 100),
        _text("description", nullable=True),
        _int("size_bytes"),
        _text("sha256", 64),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _int("uploaded_by_id"),
        _moment("uploaded_at"),
        check(
            "application_documents",
            "size_within_cap",
            "size_bytes >= 0 AND size_bytes <= 20971520",
        ),
        foreign_key("application_documents", "application_id", "applications"),
        foreign_key("application_documents", "uploaded_by_id", "users"),
        primary_key("application_documents"),
    )
    index("application_documents", "application_id")


def _audit() -> None:
    """The audit trail, hash-linked row to row (compfund.audit.chain), and the head of each
    hash chain (the audit trail's and the journal's)."""
    op.create_table(
        "audit_events",
        big_id(),
        _moment("occurred_at"),
        _login("actor_login"),
        _text("event", 30),
        _text("entity", 60),
        _text("entity_id", 40, nullable=True),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
        _text("detail", 500, nullable=True),
        sa.Column("chain_seq", sa.BigInteger(), nullable=False),
        _text("prev_hash", 64),
        _text("row_hash", 64),
        primary_key("audit_events"),
        unique("audit_events", "chain_seq"),
    )
    index("audit_events", "occurred_at")
    op.create_table(
        "chain_heads",
        _text("chain", 20),
        sa.Column("length", sa.BigInteger(), nullable=False),
        _text("last_hash", 64),
        primary_key("chain_heads", "chain"),
    )


def _eligibility() -> None:
    """Consent, disclosure, heads of loss, policy versions, decisions, the workflow."""
    op.create_table(
        "policy_versions",
        _id(),
        _text("name", 120),
        _day("effective_from"),
        _int("time_limit_days"),
        _int("minor_time_limit_days"),
        _int("review_window_days"),
        _int("information_due_days"),
        sa.Column("accepted_authorities", sa.JSON(), nullable=False),
        sa.Column("identity_documents", sa.JSON(), nullable=False),
        _flag("interim_deducted_from_award"),
        _flag("deduct_only_what_was_paid"),
        _text("note"),
        _int("created_by_id", nullable=True),
        _moment("created_at"),
        check("policy_versions", "information_due_positive", "information_due_days > 0"),
        check("policy_versions", "minor_limit_longer", "minor_time_limit_days >= time_limit_days"),
        check("policy_versions", "review_window_positive", "review_window_days > 0"),
        check("policy_versions", "time_limit_positive", "time_limit_days > 0"),
        foreign_key("policy_versions", "created_by_id", "users"),
        primary_key("policy_versions"),
        unique("policy_versions", "effective_from"),
    )
    op.create_table(
        "policy_amounts",
        _id(),
        _int("policy_version_id"),
        sa.Column("currency", currency(), nullable=False),
        _minor("interim_grant_minor"),
        _minor("award_cap_minor"),
        check("policy_amounts", "cap_covers_interim", "award_cap_minor >= interim_grant_minor"),
        check("policy_amounts", "interim_not_negative", "interim_grant_minor >= 0"),
        foreign_key("policy_amounts", "policy_version_id", "policy_versions"),
        primary_key("policy_amounts"),
        unique("policy_amounts", "policy_version_id", "currency"),
    )
    op.create_table(
        "consents",
        _id(),
        _int("application_id"),
        sa.Column("given_by", enum("consent_giver", "survivor", "guardian"), nullable=False),
        _day("given_on"),
        sa.Column("method", enum("consent_method", *CONSENT_METHODS), nullable=False),
        _int("recorded_by_id"),
        _moment("recorded_at"),
        _day("withdrawn_on", nullable=True),
        sa.Column("withdrawal_method", enum("withdrawal_method", *CONSENT_METHODS), nullable=True),
        _text("withdrawal_note", nullable=True),
        _int("withdrawal_recorded_by_id", nullable=True),
        check(
            "consents",
            "withdrawal_complete",
            "(withdrawn_on IS NULL) = (withdrawal_method IS NULL)",
        ),
        foreign_key("consents", "application_id", "applications"),
        foreign_key("consents", "recorded_by_id", "users"),
        foreign_key("consents", "withdrawal_recorded_by_id", "users"),
        primary_key("consents"),
        unique("consents", "application_id"),
    )
    op.create_table(
        "disclosures",
        _id(),
        _int("application_id"),
        _day("asked_on"),
        _flag("received"),
        _int("recorded_by_id"),
        _moment("recorded_at"),
        foreign_key("disclosures", "application_id", "applications"),
        foreign_key("disclosures", "recorded_by_id", "users"),
        primary_key("disclosures"),
        unique("disclosures", "application_id"),
    )
    op.create_table(
        "disclosed_payments",
        _id(),
        _int("disclosure_id"),
        _minor("amount_minor"),
        sa.Column("currency", currency(), nullable=False),
        _day("received_on"),
        sa.Column(
            "paid_by", enum("payer", "offender", "agent", "employer", "other"), nullable=False
        ),
        _text("paid_by_note", 200, nullable=True),
        sa.Column("received_by", enum("recipient", "survivor", "family"), nullable=False),
        check("disclosed_payments", "amount_positive", "amount_minor > 0"),
        foreign_key("disclosed_payments", "disclosure_id", "disclosures"),
        primary_key("disclosed_payments"),
    )
    index("disclosed_payments", "disclosure_id")
    op.create_table(
        "heads_of_loss",
        _id(),
        _int("application_id"),
        sa.Column("head", enum("head_of_loss", *HEADS), nullable=False),
        _minor("amount_minor"),
        sa.Column("currency", currency(), nullable=False),
        _text("note", nullable=True),
        check("heads_of_loss", "amount_positive", "amount_minor > 0"),
        foreign_key("heads_of_loss", "application_id", "applications"),
        primary_key("heads_of_loss"),
        unique("heads_of_loss", "application_id", "head"),
    )
    op.create_table(
        "status_changes",
        _id(),
        _int("application_id"),
        sa.Column("from_status", enum("from_status", *APPLICATION_STATUSES), nullable=False),
        sa.Column("to_status", enum("to_status", *APPLICATION_STATUSES), nullable=False),
        _text("step", 40),
        _int("actor_id"),
        _moment("changed_at"),
        _text("reason", nullable=True),
        foreign_key("status_changes", "actor_id", "users"),
        foreign_key("status_changes", "application_id", "applications"),
        primary_key("status_changes"),
    )
    index("status_changes", "application_id")
    op.create_table(
        "eligibility_decisions",
        _id(),
        _int("application_id"),
        _int("policy_version_id"),
        sa.Column(
            "outcome",
            enum("eligibility_outcome", "eligible", "ineligible", "information_needed"),
            nullable=False,
        ),
        _day("decided_on"),
        _int("decided_by_id"),
        _moment("decided_at"),
        foreign_key("eligibility_decisions", "application_id", "applications"),
        foreign_key("eligibility_decisions", "decided_by_id", "users"),
        foreign_key("eligibility_decisions", "policy_version_id", "policy_versions"),
        primary_key("eligibility_decisions"),
    )
    index("eligibility_decisions", "application_id", "policy_version_id")
    op.create_table(
        "rule_overrides",
        _id(),
        _int("application_id"),
        _text("rule", 40),
        _text("reason"),
        _int("granted_by_id"),
        _moment("granted_at"),
        foreign_key("rule_overrides", "application_id", "applications"),
        foreign_key("rule_overrides", "granted_by_id", "users"),
        primary_key("rule_overrides"),
        unique("rule_overrides", "application_id", "rule"),
    )
    op.create_table(
        "decision_rule_results",
        _id(),
        _int("decision_id"),
        _text("rule", 40),
        sa.Column("result", enum("rule_result", "passed", "failed", "missing"), nullable=False),
        _text("reason"),
        sa.Column("inputs", sa.JSON(), nullable=False),
        _int("override_id", nullable=True),
        foreign_key("decision_rule_results", "decision_id", "eligibility_decisions"),
        foreign_key("decision_rule_results", "override_id", "rule_overrides"),
        primary_key("decision_rule_results"),
        unique("decision_rule_results", "decision_id", "rule"),
    )
    op.create_table(
        "time_limit_extensions",
        _id(),
        _int("application_id"),
        _text("reason"),
        _int("granted_by_id"),
        _moment("granted_at"),
        foreign_key("time_limit_extensions", "application_id", "applications"),
        foreign_key("time_limit_extensions", "granted_by_id", "users"),
        primary_key("time_limit_extensions"),
        unique("time_limit_extensions", "application_id"),
    )
    op.create_table(
        "information_requests",
        _id(),
        _int("application_id"),
        _int("decision_id", nullable=True),
        _text("asked"),
        _int("requested_by_id"),
        _moment("requested_at"),
        _day("due_on"),
        _moment("answered_at", nullable=True),
        _text("answer", nullable=True),
        _int("answered_by_id", nullable=True),
        check(
            "information_requests",
            "answer_complete",
            "(answered_at IS NULL) = (answer IS NULL)",
        ),
        foreign_key("information_requests", "answered_by_id", "users"),
        foreign_key("information_requests", "application_id", "applications"),
        foreign_key("information_requests", "decision_id", "eligibility_decisions"),
        foreign_key("information_requests", "requested_by_id", "users"),
        primary_key("information_requests"),
    )
    index("information_requests", "application_id", "due_on")


def _ledger() -> None:
    """Accounts, the hash-chained journal, periods, exchange rates, income."""
    op.create_table(
        "exchange_rates",
        _id(),
        _day("rate_date"),
        sa.Column("base", enum("base_currency", "KHR", "USD"), nullable=False),
        sa.Column("quote", enum("quote_currency", "KHR", "USD"), nullable=False),
        _text("rate", 30),
        _text("source", 120),
        _login("recorded_by"),
        _moment("recorded_at"),
        primary_key("exchange_rates"),
    )
    index("exchange_rates", "rate_date")
    op.create_table(
        "journal_entries",
        big_id(),
        sa.Column("chain_seq", sa.BigInteger(), nullable=False),
        _day("entry_date"),
        _moment("recorded_at"),
        _login("actor_login"),
        _text("kind", 30),
        _text("memo", 300),
        _text("source", 60, nullable=True),
        sa.Column("reverses_seq", sa.BigInteger(), nullable=True),
        sa.Column("lines", sa.JSON(), nullable=False),
        _text("prev_hash", 64),
        _text("row_hash", 64),
        primary_key("journal_entries"),
        unique("journal_entries", "chain_seq"),
        unique("journal_entries", "reverses_seq"),
    )
    index("journal_entries", "entry_date", "source")
    op.create_table(
        "ledger_periods",
        _text("month", 7),
        _login("close_requested_by", nullable=True),
        _moment("close_requested_at", nullable=True),
        _login("closed_by", nullable=True),
        _moment("closed_at", nullable=True),
        primary_key("ledger_periods", "month"),
    )
    op.create_table(
        "income_receipts",
        _id(),
        _text("source_kind", 20),
        _text("source_name", 160),
        _text("reference", 80),
        _day("received_on"),
        sa.Column("currency", currency(), nullable=False),
        _minor("amount_minor"),
        _text("restriction", nullable=True),
        sa.Column("entry_seq", sa.BigInteger(), nullable=False),
        _login("recorded_by"),
        _moment("recorded_at"),
        foreign_key("income_receipts", "entry_seq", "journal_entries", "chain_seq"),
        primary_key("income_receipts"),
    )
    op.create_table(
        "ledger_accounts",
        _id(),
        _text("key", 60),
        _text("kind", 40),
        sa.Column("currency", currency(), nullable=False),
        _int("survivor_id", nullable=True),
        foreign_key("ledger_accounts", "survivor_id", "survivors"),
        primary_key("ledger_accounts"),
        unique("ledger_accounts", "key"),
    )
    index("ledger_accounts", "survivor_id")
    op.create_table(
        "journal_postings",
        big_id(),
        sa.Column("entry_seq", sa.BigInteger(), nullable=False),
        _int("account_id"),
        sa.Column("currency", currency(), nullable=False),
        _minor("amount_minor"),
        foreign_key("journal_postings", "account_id", "ledger_accounts"),
        foreign_key("journal_postings", "entry_seq", "journal_entries", "chain_seq"),
        primary_key("journal_postings"),
    )
    index("journal_postings", "account_id", "entry_seq")


def _retention_and_duplicates() -> None:
    """Erasure requests (an administrator asks, an approver approves) and applications
    held because their survivor may be registered already."""
    op.create_table(
        "erasure_requests",
        _id(),
        _int("survivor_id"),
        _text("reason"),
        _login("requested_by"),
        _moment("requested_at"),
        _login("approved_by", nullable=True),
        _moment("erased_at", nullable=True),
        foreign_key("erasure_requests", "survivor_id", "survivors"),
        primary_key("erasure_requests"),
    )
    index("erasure_requests", "survivor_id")
    table = "possible_duplicates"
    op.create_table(
        table,
        _id(),
        _int("application_id"),
        _int("survivor_id"),
        _int("existing_survivor_id"),
        _int("score"),
        _text("reasons", 400),
        _int("flagged_by_id"),
        _moment("flagged_at"),
        sa.Column(
            "resolution", enum("duplicate_resolution", "linked", "overridden"), nullable=True
        ),
        _int("resolved_by_id", nullable=True),
        _moment("resolved_at", nullable=True),
        _text("resolution_reason", nullable=True),
        check(table, "score_is_a_percentage", "score >= 0 AND score <= 100"),
        check(
            table,
            "resolution_complete",
            "(resolution IS NULL) = (resolved_by_id IS NULL) "
            "AND (resolution IS NULL) = (resolved_at IS NULL) "
            "AND (resolution IS NULL) = (resolution_reason IS NULL)",
        ),
        foreign_key(table, "application_id", "applications"),
        foreign_key(table, "survivor_id", "survivors"),
        foreign_key(table, "existing_survivor_id", "survivors"),
        foreign_key(table, "flagged_by_id", "users"),
        foreign_key(table, "resolved_by_id", "users"),
        primary_key(table),
        unique(table, "application_id", "existing_survivor_id"),
    )
    index(table, "application_id", "survivor_id", "existing_survivor_id")


def _awards() -> None:
    """The award policy, awards by heads of loss, deductions, other compensation received."""
    op.create_table(
        "award_policies",
        _id(),
        _text("name", 120),
        _day("effective_from"),
        sa.Column("currency", currency(), nullable=False),
        sa.Column(
            "recovery_order", enum("recovery_order", "victim_first", "fund_first"), nullable=False
        ),
        _text("note"),
        _login("created_by"),
        _moment("created_at"),
        primary_key("award_policies"),
        unique("award_policies", "effective_from"),
    )
    op.create_table(
        "award_policy_amounts",
        _id(),
        _int("award_policy_id"),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("limit_name", enum("policy_limit", *AWARD_LIMITS), nullable=False),
        _minor("amount_minor"),
        check("award_policy_amounts", "not_negative", "amount_minor >= 0"),
        foreign_key("award_policy_amounts", "award_policy_id", "award_policies"),
        primary_key("award_policy_amounts"),
        unique("award_policy_amounts", "award_policy_id", "currency", "limit_name"),
    )
    op.create_table(
        "other_compensation_received",
        _id(),
        _int("survivor_id"),
        sa.Column(
            "source",
            enum("other_source", "court_recovery", "settlement", "other"),
            nullable=False,
        ),
        _text("reference", 80),
        _day("received_on"),
        sa.Column("currency", currency(), nullable=False),
        _minor("amount_minor"),
        _login("recorded_by"),
        _moment("recorded_at"),
        check("other_compensation_received", "positive", "amount_minor > 0"),
        foreign_key("other_compensation_received", "survivor_id", "survivors"),
        primary_key("other_compensation_received"),
    )
    index("other_compensation_received", "survivor_id")
    op.create_table(
        "awards",
        _id(),
        _int("application_id"),
        _int("survivor_id"),
        sa.Column("kind", enum("award_kind", "interim_grant", "compensation"), nullable=False),
        sa.Column(
            "status",
            enum("award_status", "recommended", "awaiting_second_approval", "approved", "rejected"),
            nullable=False,
        ),
        sa.Column("currency", currency(), nullable=False),
        _int("award_policy_id"),
        _day("calculated_on"),
        _int("rate_id", nullable=True),
        _text("rate", 40, nullable=True),
        _minor("gross_minor"),
        _minor("amount_minor"),
        _flag("two_approvers"),
        sa.Column("payee", enum("payee", "survivor", "guardian"), nullable=False),
        _int("instalments"),
        _day("first_due_on", nullable=True),
        _text("note", nullable=True),
        _login("recommended_by"),
        _moment("recommended_at"),
        _login("first_approved_by", nullable=True),
        _moment("first_approved_at", nullable=True),
        _login("decided_by", nullable=True),
        _moment("decided_at", nullable=True),
        _text("decision_reason", nullable=True),
        sa.Column("entry_seq", sa.BigInteger(), nullable=True),
        _int("version"),
        # the eligibility policy version whose interim grant and cap per survivor it used
        _int("policy_version_id", nullable=True),
        check(
            "awards",
            "decider_not_recommender_nor_first_approver",
            "decided_by IS NULL OR (decided_by <> recommended_by AND "
            "(first_approved_by IS NULL OR decided_by <> first_approved_by))",
        ),
        check(
            "awards",
            "first_approver_not_recommender",
            "first_approved_by IS NULL OR first_approved_by <> recommended_by",
        ),
        check("awards", "not_negative", "gross_minor >= 0 AND amount_minor >= 0"),
        check("awards", "instalments_1_to_24", "instalments BETWEEN 1 AND 24"),
        foreign_key("awards", "application_id", "applications"),
        foreign_key("awards", "award_policy_id", "award_policies"),
        foreign_key("awards", "entry_seq", "journal_entries", "chain_seq"),
        foreign_key("awards", "policy_version_id", "policy_versions"),
        foreign_key("awards", "rate_id", "exchange_rates"),
        foreign_key("awards", "survivor_id", "survivors"),
        primary_key("awards"),
    )
    index("awards", "application_id", "status", "survivor_id")
    _unique_where("uq_awards_live_application", "awards", "application_id", "status <> 'rejected'")
    op.create_table(
        "award_heads",
        _id(),
        _int("award_id"),
        sa.Column("head", enum("head_of_loss", *HEADS), nullable=False),
        _minor("claimed_minor", nullable=True),
        _minor("assessed_minor"),
        _minor("cap_minor"),
        _minor("allowed_minor"),
        foreign_key("award_heads", "award_id", "awards"),
        primary_key("award_heads"),
        unique("award_heads", "award_id", "head"),
    )
    op.create_table(
        "award_deductions",
        _id(),
        _int("award_id"),
        sa.Column(
            "kind", enum("deduction_kind", "interim_grant", "other_compensation"), nullable=False
        ),
        _int("interim_award_id", nullable=True),
        _int("other_compensation_id", nullable=True),
        sa.Column("source_currency", currency(), nullable=False),
        _minor("source_minor"),
        _minor("deducted_minor"),
        foreign_key("award_deductions", "award_id", "awards"),
        foreign_key("award_deductions", "interim_award_id", "awards"),
        foreign_key("award_deductions", "other_compensation_id", "other_compensation_received"),
        primary_key("award_deductions"),
    )
    index("award_deductions", "award_id")


def _unique_where(name: str, table: str, column: str, where: str) -> None:
    """A partial unique index, the same on both databases (compfund.models.base)."""
    op.create_index(
        name,
        table,
        [column],
        unique=True,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def _disbursements() -> None:
    """Payee details, instalments, payment batches, payments, reconciliation."""
    op.create_table(
        "payee_details",
        _id(),
        _int("survivor_id"),
        sa.Column("payee", enum("payee", "survivor", "guardian"), nullable=False),
        _text("payee_name", 120),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        _text("institution", 80, nullable=True),
        _text("account", 40, nullable=True),
        _text("dosvy_province", 5, nullable=True),
        _login("updated_by"),
        _moment("updated_at"),
        _int("version"),
        foreign_key("payee_details", "dosvy_province", "provinces", "code"),
        foreign_key("payee_details", "survivor_id", "survivors"),
        primary_key("payee_details"),
        unique("payee_details", "survivor_id"),
    )
    op.create_table(
        "instalments",
        _id(),
        _int("award_id"),
        _int("survivor_id"),
        _int("seq"),
        _day("due_on"),
        sa.Column("currency", currency(), nullable=False),
        _minor("amount_minor"),
        sa.Column(
            "status",
            enum(
                "instalment_status",
                "scheduled",
                "batched",
                "released",
                "paid",
                "failed",
                "returned",
            ),
            nullable=False,
        ),
        _int("version"),
        check("instalments", "positive", "amount_minor > 0"),
        foreign_key("instalments", "award_id", "awards"),
        foreign_key("instalments", "survivor_id", "survivors"),
        primary_key("instalments"),
        unique("instalments", "award_id", "seq"),
    )
    index("instalments", "award_id", "due_on", "status", "survivor_id")
    op.create_table(
        "payment_batches",
        _id(),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        sa.Column("status", enum("batch_status", "built", "released", "cancelled"), nullable=False),
        _int("line_count"),
        _minor("total_minor"),
        _login("built_by"),
        _moment("built_at"),
        _login("released_by", nullable=True),
        _moment("released_at", nullable=True),
        _text("instruction_file", nullable=True),
        _text("instruction_sha256", 64, nullable=True),
        _login("cancelled_by", nullable=True),
        _int("version"),
        check(
            "payment_batches",
            "releaser_not_maker",
            "released_by IS NULL OR released_by <> built_by",
        ),
        primary_key("payment_batches"),
    )
    index("payment_batches", "status")
    op.create_table(
        "payments",
        _id(),
        _int("instalment_id"),
        _int("batch_id"),
        _int("attempt"),
        _text("idempotency_key", 40),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        _minor("amount_minor"),
        _text("payee_name", 120),
        _text("account", 40, nullable=True),
        _text("institution", 80, nullable=True),
        sa.Column(
            "status",
            enum(
                "payment_status", "batched", "released", "paid", "failed", "returned", "cancelled"
            ),
            nullable=False,
        ),
        _day("paid_on", nullable=True),
        _text("paid_reference", 80, nullable=True),
        _text("failure_reason", nullable=True),
        _text("return_reason", nullable=True),
        _login("updated_by"),
        _int("version"),
        check("payments", "positive", "amount_minor > 0"),
        foreign_key("payments", "batch_id", "payment_batches"),
        foreign_key("payments", "instalment_id", "instalments"),
        primary_key("payments"),
        unique("payments", "idempotency_key"),
    )
    index("payments", "batch_id", "instalment_id", "status")
    # The database itself refuses a double payment: at most one payment of an instalment
    # in flight, and at most one paid.
    _unique_where(
        "uq_payments_open_instalment",
        "payments",
        "instalment_id",
        "status IN ('batched', 'released')",
    )
    _unique_where("uq_payments_paid_instalment", "payments", "instalment_id", "status = 'paid'")
    op.create_table(
        "reconciliations",
        _id(),
        _int("batch_id"),
        _text("filename", 255),
        _text("sha256", 64),
        _login("imported_by"),
        _moment("imported_at"),
        foreign_key("reconciliations", "batch_id", "payment_batches"),
        primary_key("reconciliations"),
        unique("reconciliations", "batch_id", "sha256"),
    )
    index("reconciliations", "batch_id")
    op.create_table(
        "reconciliation_lines",
        _id(),
        _int("reconciliation_id"),
        sa.Column(
            "category",
            enum(
                "match_category",
                "matched",
                "missing",
                "unexpected",
                "amount_mismatch",
                "payee_mismatch",
                "duplicate",
            ),
            nullable=False,
        ),
        _int("payment_id", nullable=True),
        _int("row_number", nullable=True),
        _text("statement_key", 80, nullable=True),
        _text("statement_currency", 3, nullable=True),
        _minor("statement_minor", nullable=True),
        _text("statement_payee", 120, nullable=True),
        _text("statement_reference", 80, nullable=True),
        _text("resolution", nullable=True),
        _login("resolved_by", nullable=True),
        _moment("resolved_at", nullable=True),
        _int("version"),
        foreign_key("reconciliation_lines", "payment_id", "payments"),
        foreign_key("reconciliation_lines", "reconciliation_id", "reconciliations"),
        primary_key("reconciliation_lines"),
    )
    index("reconciliation_lines", "reconciliation_id")


# -- what the database starts with ----------------------------------------------------------

PROVINCES = [
    ("KH-1", "Banteay Meanchey", "បន្ទាយមានជ័យ"),
    ("KH-2", "Battambang", "បាត់ដំបង"),
    ("KH-3", "Kampong Cham", "កំពង់ចាម"),
    ("KH-4", "Kampong Chhnang", "កំពង់ឆ្នាំង"),
    ("KH-5", "Kampong Speu", "កំពង់ស្ពឺ"),
    ("KH-6", "Kampong Thom", "កំពង់ធំ"),
    ("KH-7", "Kampot", "កំពត"),
    ("KH-8", "Kandal", "កណ្ដាល"),
    ("KH-9", "Koh Kong", "កោះកុង"),
    ("KH-10", "Kratie", "ក្រចេះ"),
    ("KH-11", "Mondul Kiri", "មណ្ឌលគិរី"),
    ("KH-12", "Phnom Penh", "ភ្នំពេញ"),
    ("KH-13", "Preah Vihear", "ព្រះវិហារ"),
    ("KH-14", "Prey Veng", "ព្រៃវែង"),
    ("KH-15", "Pursat", "ពោធិ៍សាត់"),
    ("KH-16", "Ratanak Kiri", "រតនគិរី"),
    ("KH-17", "Siem Reap", "សៀមរាប"),
    ("KH-18", "Preah Sihanouk", "ព្រះសីហនុ"),
    ("KH-19", "Stung Treng", "ស្ទឹងត្រែង"),
    ("KH-20", "Svay Rieng", "ស្វាយរៀង"),
    ("KH-21", "Takeo", "តាកែវ"),
    ("KH-22", "Oddar Meanchey", "ឧត្ដរមានជ័យ"),
    ("KH-23", "Kep", "កែប"),
    ("KH-24", "Pailin", "ប៉ៃលិន"),
    ("KH-25", "Tbong Khmum", "ត្បូងឃ្មុំ"),
]

DEFAULT_POLICY_NOTE = (
    "Provisional defaults shipped with compfund, to be replaced by the fund's own figures. "
    "Time limit 2 years from identification: the UK Criminal Injuries Compensation Scheme "
    "2012 (para 87). Minors 5 years: the UK scheme gives a child victim longer (para 88, "
    "until age 20 where reported as a child); a day count cannot follow a birthday, so 5 "
    "years. Review within 90 days of the decision: UK scheme para 117. Information due in "
    "30 days: the fund's own choice, to let caseworkers reach survivors in remote "
    "provinces. Every identifying authority of the NCCT Victim Identification Guidelines "
    "(2015/2016) is accepted; identity by national ID, passport, family book, birth "
    "certificate, or a commune chief's letter where documents were lost. Interim grants "
    "are deducted from the final award (New York, Maryland schemes); other compensation "
    "is deducted only as far as actually paid (UK practice). Interim grant USD 200 / KHR "
    "800,000: about one month of Cambodia's garment-sector minimum wage (USD 200 in 2023, "
    "204 in 2024) at about 4,000 riel to the dollar. Cap per survivor USD 5,000 / KHR "
    "20,000,000: a placeholder with no source, for the fund's board to set."
)

# The default award policy. Placeholder figures until the fund's board sets its own (an
# administrator adds a new version with `set_award_policy`; versions are never edited):
# in US dollars (the fund's reference currency); a riel award converts each figure at the
# finance officer's recorded USD/KHR rate for the day of the calculation.
DEFAULT_AWARD_POLICY_USD_CENTS = {
    "two_approvers_above": 2_000_00,  # an award above this needs two distinct approvers
    "lost_wages": 3_000_00,
    "medical_costs": 1_500_00,
    "psychological_harm": 1_500_00,
    "rehabilitation_and_travel": 1_000_00,
    "other": 500_00,
}
DEFAULT_AWARD_POLICY_NOTE = (
    "Default award policy shipped with compfund: placeholder figures in USD, to be replaced "
    "by the fund's own. Interim grant deducted from the final award; only compensation "
    "actually received from other sources is deducted (never what was merely ordered); "
    "recoveries pay the victim in full first, then reimburse the fund."
)
WRITTEN = datetime(2026, 11, 28, tzinfo=UTC)  # when the default policies were written


def _seed() -> None:
    op.bulk_insert(
        sa.table("provinces", sa.column("code"), sa.column("name_en"), sa.column("name_km")),
        [{"code": c, "name_en": e, "name_km": k} for c, e, k in PROVINCES],
    )
    op.bulk_insert(
        sa.table("chain_heads", sa.column("chain"), sa.column("length"), sa.column("last_hash")),
        [
            {"chain": "audit", "length": 0, "last_hash": GENESIS},
            {"chain": "journal", "length": 0, "last_hash": GENESIS},
        ],
    )
    written = WRITTEN if is_postgresql() else WRITTEN.replace(tzinfo=None)
    _default_eligibility_policy(written)
    _default_award_policy(written)


def _default_eligibility_policy(written: datetime) -> None:
    """Version 1: in force from 2016-01-01 (the IJM review's year, before any application
    this system holds), so every application finds a policy."""
    versions = sa.table(
        "policy_versions",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("effective_from", sa.Date),
        sa.column("time_limit_days", sa.Integer),
        sa.column("minor_time_limit_days", sa.Integer),
        sa.column("review_window_days", sa.Integer),
        sa.column("information_due_days", sa.Integer),
        sa.column("accepted_authorities", sa.JSON),
        sa.column("identity_documents", sa.JSON),
        sa.column("interim_deducted_from_award", sa.Boolean),
        sa.column("deduct_only_what_was_paid", sa.Boolean),
        sa.column("note", sa.Text),
        sa.column("created_by_id", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        versions,
        [
            {
                "id": 1,
                "name": "Provisional defaults",
                "effective_from": date(2016, 1, 1),
                "time_limit_days": 730,
                "minor_time_limit_days": 1825,
                "review_window_days": 90,
                "information_due_days": 30,
                "accepted_authorities": [
                    "ahtjpp",
                    "provincial_police",
                    "border_police",
                    "dosvy",
                    "mosvy",
                    "embassy",
                    "court",
                ],
                "identity_documents": [
                    "national_id",
                    "passport",
                    "family_book",
                    "birth_certificate",
                    "commune_letter",
                ],
                "interim_deducted_from_award": True,
                "deduct_only_what_was_paid": True,
                "note": DEFAULT_POLICY_NOTE,
                "created_by_id": None,
                "created_at": written,
            }
        ],
    )
    amounts = sa.table(
        "policy_amounts",
        sa.column("policy_version_id", sa.Integer),
        sa.column("currency", sa.String),
        sa.column("interim_grant_minor", sa.BigInteger),
        sa.column("award_cap_minor", sa.BigInteger),
    )
    op.bulk_insert(
        amounts,
        [
            # minor units: cents, and 1/100 riel (compfund.money uses exponent 2 for both)
            {
                "policy_version_id": 1,
                "currency": "USD",
                "interim_grant_minor": 200_00,
                "award_cap_minor": 5_000_00,
            },
            {
                "policy_version_id": 1,
                "currency": "KHR",
                "interim_grant_minor": 800_000_00,
                "award_cap_minor": 20_000_000_00,
            },
        ],
    )
    _sequence_past_seeded("policy_versions")


def _default_award_policy(written: datetime) -> None:
    policies = sa.table(
        "award_policies",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("effective_from", sa.Date),
        sa.column("currency", sa.String),
        sa.column("recovery_order", sa.String),
        sa.column("note", sa.Text),
        sa.column("created_by", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        policies,
        [
            {
                "id": 1,
                "name": "Default award policy",
                "effective_from": date(2000, 1, 1),
                "currency": "USD",
                "recovery_order": "victim_first",
                "note": DEFAULT_AWARD_POLICY_NOTE,
                "created_by": f"(migration {revision})",
                "created_at": written,
            }
        ],
    )
    amounts = sa.table(
        "award_policy_amounts",
        sa.column("award_policy_id", sa.Integer),
        sa.column("currency", sa.String),
        sa.column("limit_name", sa.String),
        sa.column("amount_minor", sa.BigInteger),
    )
    op.bulk_insert(
        amounts,
        [
            {"award_policy_id": 1, "currency": "USD", "limit_name": k, "amount_minor": v}
            for k, v in DEFAULT_AWARD_POLICY_USD_CENTS.items()
        ],
    )
    _sequence_past_seeded("award_policies")


def _sequence_past_seeded(table: str) -> None:
    """PostgreSQL: an explicit id 1 does not advance the table's sequence."""
    if is_postgresql():
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )


# -- guards, on both databases (migrations/guards.py) ---------------------------------------

DECIDED = "a decision is never changed, a new one is made"
USED = (
    "policy version is used by an eligibility decision or an award: it cannot be changed, "
    "only superseded"
)
USED_BY = (
    "(EXISTS (SELECT 1 FROM eligibility_decisions WHERE policy_version_id = {0}) "
    "OR EXISTS (SELECT 1 FROM awards WHERE policy_version_id = {0}))"
)
AWARD_FINAL = (
    "OLD.status IN ('approved', 'rejected') OR NEW.amount_minor <> OLD.amount_minor "
    "OR NEW.gross_minor <> OLD.gross_minor OR NEW.currency <> OLD.currency "
    "OR NEW.application_id <> OLD.application_id OR NEW.survivor_id <> OLD.survivor_id "
    "OR NEW.recommended_by <> OLD.recommended_by OR NEW.instalments <> OLD.instalments "
    "OR NEW.kind <> OLD.kind OR NEW.award_policy_id <> OLD.award_policy_id"
)
PAYMENT_MOVES = (
    "batched>released",
    "batched>cancelled",
    "released>paid",
    "released>failed",
    "paid>returned",
)
INSTALMENT_MOVES = (
    "scheduled>scheduled",
    "scheduled>batched",
    "batched>scheduled",
    "batched>released",
    "released>paid",
    "released>failed",
    "paid>returned",
    "failed>scheduled",
    "returned>scheduled",
)


def _moves(moves: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{m}'" for m in moves)
    return f"(OLD.status || '>' || NEW.status) NOT IN ({listed})"


def _changed(*columns: str) -> str:
    return " OR ".join(distinct(f"NEW.{c}", f"OLD.{c}") for c in columns)


def _guards() -> None:
    for table in ("audit_events", "journal_entries", "journal_postings"):
        immutable(table)
    for table in ("eligibility_decisions", "decision_rule_results"):
        immutable(table, f"{table} is append-only: {DECIDED}")
    # A policy version that a decision or an award used, and its amounts, never change.
    used_policy_guard(USED_BY, USED, POLICY_LOCK)
    closed_periods_stay_closed()
    for table in (
        "award_policies",
        "award_policy_amounts",
        "award_heads",
        "award_deductions",
        "other_compensation_received",
    ):
        append_only(table)
    _award_guards()
    _payment_guards()


def _award_guards() -> None:
    """An award starts as a recommendation, its figures never change, a decided award is
    final, and (PostgreSQL) only an approver, in their own name and neither the
    recommender nor the first approver, may approve or reject it, whatever client is used."""
    never_deleted("awards")
    guard(
        "awards_start_recommended",
        "awards",
        "INSERT",
        "NEW.status <> 'recommended'",
        "an award starts as a recommendation",
    )
    guard(
        "awards_decided_final",
        "awards",
        "UPDATE",
        f"{AWARD_FINAL} OR {distinct('NEW.policy_version_id', 'OLD.policy_version_id')}",
        "an award's figures never change and a decided award is final",
    )
    if is_postgresql():
        guard(
            "awards_four_eyes",
            "awards",
            "UPDATE",
            "NEW.status <> OLD.status AND "
            + officer_check(
                "session_user::text IN (OLD.recommended_by, coalesce(OLD.first_approved_by, '')) "
                "OR NOT pg_has_role(session_user, 'compfund_approver', 'MEMBER') "
                "OR session_user::text IS DISTINCT FROM CASE WHEN NEW.status = "
                "'awaiting_second_approval' THEN NEW.first_approved_by ELSE NEW.decided_by END"
            ),
            "only an approver who neither recommended nor already approved an award may "
            "approve or reject it, in their own name",
        )


def _payment_guards() -> None:
    """A payment only moves forward (batched -> released -> paid | failed, paid -> returned,
    batched -> cancelled) and its key, amount, payee and instalment never change; an
    instalment's amount never changes and its status follows the same map; no payment,
    instalment, batch or reconciliation is ever deleted; a batch is released by someone
    other than its maker (on PostgreSQL only an approver, in their own name); a
    reconciliation's differences are resolved once, with the resolution kept."""
    for table in ("payments", "instalments", "payment_batches", "reconciliation_lines"):
        never_deleted(table)
    append_only("reconciliations")
    guard(
        "payments_forward_only",
        "payments",
        "UPDATE",
        _moves(PAYMENT_MOVES)
        + " OR "
        + _changed(
            "instalment_id",
            "batch_id",
            "attempt",
            "idempotency_key",
            "channel",
            "currency",
            "amount_minor",
            "payee_name",
            "account",
        ),
        "a payment only moves forward (released, then paid or failed; paid, then returned) "
        "and its key, amount and payee never change",
    )
    guard(
        "instalments_forward_only",
        "instalments",
        "UPDATE",
        _moves(INSTALMENT_MOVES) + " OR " + _changed("award_id", "seq", "currency", "amount_minor"),
        "an instalment's amount never changes and it moves only along its states",
    )
    guard(
        "payment_batches_released_once",
        "payment_batches",
        "UPDATE",
        "OLD.status <> 'built' OR " + _changed("currency", "channel", "built_by", "total_minor"),
        "a released or cancelled payment batch is final",
    )
    guard(
        "reconciliation_lines_resolved_once",
        "reconciliation_lines",
        "UPDATE",
        "OLD.resolution IS NOT NULL OR "
        + _changed("reconciliation_id", "category", "payment_id", "statement_key"),
        "a reconciliation difference is resolved once; its resolution is kept",
    )
    if is_postgresql():
        guard(
            "payment_batches_four_eyes",
            "payment_batches",
            "UPDATE",
            "NEW.status = 'released' AND "
            + officer_check(
                "session_user::text = OLD.built_by "
                "OR NOT pg_has_role(session_user, 'compfund_approver', 'MEMBER') "
                "OR NEW.released_by IS DISTINCT FROM session_user::text"
            ),
            "only an approver who did not build a payment batch may release it, in their own name",
        )


# -- PostgreSQL: roles, grants, row-level security ------------------------------------------

# Every officer reads these (row-level security, below, filters a caseworker's rows).
# alembic_version too: a desk checks that the schema is current when it connects.
READ_BY_STAFF = (
    "alembic_version",
    "provinces",
    "users",
    "audit_events",
    "chain_heads",
    "survivors",
    "identity_documents",
    "identifications",
    "applications",
    "application_documents",
    "policy_versions",
    "policy_amounts",
    "consents",
    "disclosures",
    "disclosed_payments",
    "heads_of_loss",
    "status_changes",
    "eligibility_decisions",
    "rule_overrides",
    "decision_rule_results",
    "time_limit_extensions",
    "information_requests",
    "ledger_accounts",
    "journal_entries",
    "journal_postings",
    "ledger_periods",
    "exchange_rates",
    "income_receipts",
    "erasure_requests",
    "possible_duplicates",
    "award_policies",
    "award_policy_amounts",
)
# Awards and payments: every officer but a caseworker, who reads no money.
READ_BY_MONEY_READERS = (
    "awards",
    "award_heads",
    "award_deductions",
    "other_compensation_received",
    "payee_details",
    "instalments",
    "payment_batches",
    "payments",
    "reconciliations",
    "reconciliation_lines",
)
# Every officer's services append to the audit trail and move its chain head.
WRITTEN_BY_STAFF = (("INSERT", "audit_events"), ("UPDATE", "chain_heads"))
# role: ((privileges, tables), ...): what each role's services write, and any more it reads.
WRITES: dict[str, tuple[tuple[str, str], ...]] = {
    "caseworker": (
        (
            "INSERT, UPDATE",
            "survivors, identity_documents, identifications, applications, application_documents",
        ),
        ("INSERT, UPDATE", "consents, disclosures, information_requests"),
        ("INSERT, UPDATE, DELETE", "disclosed_payments, heads_of_loss"),
        ("INSERT", "status_changes"),
        # a submission may be held as a possible duplicate (screened within the province)
        ("INSERT", "possible_duplicates"),
        # whether a policy version is used by an award, and nothing else of the money
        ("SELECT (policy_version_id)", "awards"),
    ),
    "fund_officer": (
        ("INSERT, UPDATE", "applications, application_documents"),
        ("INSERT, UPDATE", "consents, rule_overrides, time_limit_extensions"),
        ("INSERT, UPDATE", "information_requests"),
        ("INSERT", "status_changes, eligibility_decisions, decision_rule_results"),
        # screens across provinces, links (moving the identification to the registered
        # survivor and copying identity documents over) or overrides
        ("INSERT, UPDATE", "possible_duplicates"),
        ("UPDATE", "identifications"),
        ("INSERT", "identity_documents"),
        ("INSERT", "ledger_accounts, journal_entries, journal_postings"),
        ("INSERT", "awards, award_heads, award_deductions"),
        ("INSERT, UPDATE", "payee_details"),
    ),
    "approver": (
        ("INSERT, UPDATE", "applications"),
        ("INSERT", "status_changes"),
        ("INSERT", "ledger_accounts, journal_entries, journal_postings"),
        ("INSERT, UPDATE", "ledger_periods"),
        ("UPDATE", "awards"),
        ("INSERT, UPDATE", "instalments"),
        ("UPDATE", "payment_batches, payments"),
        # carries out an approved erasure: only the identifying columns, nothing else
        ("UPDATE (approved_by, erased_at)", "erasure_requests"),
        (
            "UPDATE (name_km, name_latin, date_of_birth, phone, address, guardian_name, "
            "guardian_phone, version)",
            "survivors",
        ),
        ("UPDATE (number)", "identity_documents"),
        ("UPDATE (content)", "application_documents"),
    ),
    "finance_officer": (
        ("INSERT", "ledger_accounts, journal_entries, journal_postings"),
        ("INSERT", "exchange_rates, income_receipts"),
        ("INSERT, UPDATE", "ledger_periods"),
        ("INSERT, UPDATE", "instalments, payment_batches, payments, reconciliation_lines"),
        ("INSERT", "reconciliations"),
    ),
    "enforcement_officer": (("INSERT", "other_compensation_received"),),
    "admin": (
        ("INSERT, UPDATE", "users"),
        ("INSERT, UPDATE", "policy_versions"),
        ("INSERT, UPDATE, DELETE", "policy_amounts"),
        ("INSERT", "award_policies, award_policy_amounts"),
        ("INSERT", "erasure_requests"),
    ),
}

# How each table reaches the survivor whose province scopes it, for a caseworker's role.
_OF_APPLICATION = "EXISTS (SELECT 1 FROM applications a WHERE a.id = application_id)"
SCOPE = {
    "survivors": "compfund_in_scope(province_code)",
    "identity_documents": "EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)",
    "identifications": "EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)",
    "applications": "EXISTS (SELECT 1 FROM identifications i WHERE i.id = identification_id)",
    "application_documents": _OF_APPLICATION,
    "consents": _OF_APPLICATION,
    "disclosures": _OF_APPLICATION,
    "disclosed_payments": "EXISTS (SELECT 1 FROM disclosures d WHERE d.id = disclosure_id)",
    "heads_of_loss": _OF_APPLICATION,
    "status_changes": _OF_APPLICATION,
    "eligibility_decisions": _OF_APPLICATION,
    "rule_overrides": _OF_APPLICATION,
    "decision_rule_results": (
        "EXISTS (SELECT 1 FROM eligibility_decisions d WHERE d.id = decision_id)"
    ),
    "time_limit_extensions": _OF_APPLICATION,
    "information_requests": _OF_APPLICATION,
    # A caseworker sees the possible duplicates of their province's applications and of
    # their province's survivors (a merged record stays theirs after a link moved the
    # application away), never the registered survivor's details: those rows scope
    # themselves. What a caseworker is told of a hold across provinces is decided by the
    # service: "referred".
    "possible_duplicates": (
        "EXISTS (SELECT 1 FROM applications a WHERE a.id = application_id) "
        "OR EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)"
    ),
}


def _postgresql() -> None:
    create_roles()
    login_gate(LOCK_AFTER, LOCK_MINUTES)
    audit_actor_is_session_user()
    journal_entries_balance()
    erasure_four_eyes()
    # Reads first, then writes: an object's grantees are listed (pg_dump) in the order
    # they were first granted something, the same for every database built.
    grant("USAGE", "SCHEMA public", STAFF)
    grant("SELECT", ", ".join(READ_BY_STAFF), STAFF)
    grant("SELECT", ", ".join(READ_BY_MONEY_READERS), MONEY_READERS)
    for privileges, tables in WRITTEN_BY_STAFF:
        grant(privileges, tables, STAFF)
    for role, writes in WRITES.items():
        for privileges, tables in writes:
            grant(privileges, tables, f"compfund_{role}")
    grant("USAGE, SELECT", "ALL SEQUENCES IN SCHEMA public", STAFF)
    province_scope_function()
    for table, condition in SCOPE.items():
        province_scope(table, condition)
