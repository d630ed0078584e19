"""The tamper-evident audit trail: hash chains, identifying-access records, verification."""
