"""Ingest: files → core records. Knows nothing about the store (import contract in pyproject)."""
