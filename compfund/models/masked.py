"""What an officer who is not in finance reads of bank details: views that mask them.

On PostgreSQL only finance officers may select the payee's name and account from
``payee_details``, ``payee_changes`` and ``payments`` (and the instruction file from
``payment_batches``); every other role reads these views, built by 0004_bank_details and
0006_payee_changes on both databases:

- the account as its last four letters or digits, spaces and hyphens left out
  (``****5678``);
- the payee's name not at all: the letters and statements name the payee from the
  survivor's record, which the roles allowed to produce them may see, and the roles that
  may not see a survivor's identity have no use for the name on an account.

The views are not models (their own ``MetaData``, so no migration comparison or
``create_all`` ever sees them as tables). Lists read them for every role, finance too:
a list needs no more than the last four digits.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

VIEWS = MetaData()

PAYEE_DETAILS_MASKED = Table(
    "payee_details_masked",
    VIEWS,
    Column("id", Integer, primary_key=True),
    Column("survivor_id", Integer),
    Column("channel", String(20)),
    Column("institution", String(80)),
    Column("account", String(8)),
    Column("dosvy_province", String(5)),
    Column("version", Integer),
)

PAYMENTS_MASKED = Table(
    "payments_masked",
    VIEWS,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer),
    Column("idempotency_key", String(40)),
    Column("institution", String(80)),
    Column("account", String(8)),
)

PAYEE_CHANGES_MASKED = Table(
    "payee_changes_masked",
    VIEWS,
    Column("id", Integer, primary_key=True),
    Column("survivor_id", Integer),
    Column("institution", String(80)),
    Column("account", String(8)),
)
