"""Alembic migrations for compfund (run by ``compfund db upgrade``)."""
