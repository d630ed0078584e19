"""Synthetic demo data for the fund system (no real survivor data)."""
