"""Persistence: SQLite (WAL) for a runner, PostgreSQL for clubs; one schema, Alembic migrations."""
