"""The fund's double-entry ledger: every riel in and out as balanced, append-only entries."""
