"""Reads that feed tables and reports: plain frozen rows, never live ORM objects."""
