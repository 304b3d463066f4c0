"""Alembic migrations for the recoverwell schema (run with ``recoverwell db upgrade``)."""
