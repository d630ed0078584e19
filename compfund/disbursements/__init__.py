"""Disbursements: payee details, payment batches, payments and reconciliation."""
