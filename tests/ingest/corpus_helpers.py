"""Corpus helpers for the ingest tests: the manifest, and opening a listed file or member."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml

from recoverwell.ingest.archive import Member, iter_members
from recoverwell.ingest.base import Source

MANIFEST = Path(__file__).with_name("corpus_manifest.yml")


def load_manifest() -> list[dict[str, Any]]:
    """The entries of tests/ingest/corpus_manifest.yml."""
    return yaml.safe_load(MANIFEST.read_text())["files"]


def manifest_cases() -> list[tuple[str, str | None, dict[str, Any]]]:
    """(path, member name or None, facts) for every file and archive member in the manifest."""
    cases = []
    for entry in load_manifest():
        if "members" in entry:
            cases += [(entry["path"], m["name"], m) for m in entry["members"]]
        else:
            cases.append((entry["path"], None, entry))
    return cases


def corpus_member(raw: Path, path: str, member: str | None = None) -> Member:
    """The Member for a corpus file, or for one member of a corpus archive."""
    found = list(iter_members(raw / path))
    if member is None:
        return found[0]
    return next(m for m in found if m.name.endswith("!" + member))


def source_of(name: str, data: bytes) -> Source:
    """A Source over bytes in memory."""
    return Source(name, lambda: io.BytesIO(data), len(data))
