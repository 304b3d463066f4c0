"""The peers' own test expectations about the corpus files, run against recoverwell (issue 11).

Each entry of ``peer_expectations.yml`` is one assertion from a peer's test suite (Runalyze,
GoldenCheetah, Elevate, gpxpy, python-fitparse, fitdecode, sweatpy, tcxreader, the Garmin FIT
SDK, tormoder/fit, fitparse-rs), with the peer's file and line, restated as a quantity recoverwell
produces when it reads the file as the import does (``registry.read_source``: reader, then
validation), in our units, with the peer's own tolerance or a stated one.

- An entry that fails on today's code carries ``xfail: "<issue 11 class>"`` and runs as a strict
  xfail: main stays green, and the mark must go when the fix lands (a pass then fails the run).
- An entry whose peer defines the quantity differently from us carries ``differs:`` and is not a
  value test; the difference is documented in docs/metrics.md ("Where peers differ"), which
  :func:`test_every_difference_is_documented` checks.

``RECOVERWELL_PEER_FILES`` may point at a folder in the corpus layout holding peer fixtures that
are not in the shared corpus (Elevate's); without it their entries skip, saying so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.ingest.peer_quantities import (
    ACTIVITY_FIELDS,
    ACTIVITY_QUANTITIES,
    FILE_QUANTITIES,
    ISSUE_11_CLASSES,
    PEER_FILES_ENV,
    check,
    corpus_path,
    load_expectations,
    locate,
    measure,
    read,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
SPEC = load_expectations()
PEERS: dict[str, dict[str, Any]] = SPEC["peers"]
ENTRIES: list[dict[str, Any]] = SPEC["expectations"]
_SLUG = re.compile(r"[^A-Za-z0-9_.\-]+")


def _id(entry: dict[str, Any]) -> str:
    where = "/".join(entry["file"].rsplit("/", 2)[-2:])
    if entry.get("member"):
        where += "!" + entry["member"]
    act = f"#{entry['activity']}" if "activity" in entry else ""
    return _SLUG.sub("_", f"{entry['peer']}-{where}{act}-{entry['quantity']}")


def _params() -> list[Any]:
    params = []
    for entry in ENTRIES:
        if "differs" in entry:
            continue
        peer = PEERS[entry["peer"]]
        marks = [pytest.mark.reference(source=f"{peer['repo']} {entry['cite']}")]
        if "xfail" in entry:
            marks.append(pytest.mark.xfail(strict=True, reason=f"issue 11: {entry['xfail']}"))
        params.append(pytest.param(entry, id=_id(entry), marks=marks))
    return params


@pytest.mark.parametrize("entry", _params())
def test_recoverwell_meets_the_peer_expectation(corpus: Path, entry: dict[str, Any]) -> None:
    rel = corpus_path(entry, PEERS)
    path = locate(corpus, rel)
    if path is None:
        peer = PEERS[entry["peer"]]["repo"]
        pytest.skip(f"{peer}'s fixtures are not in the shared corpus; set {PEER_FILES_ENV}")
    check(measure(read(path, entry.get("member")), entry, path), entry)


def test_the_expectations_file_is_well_formed() -> None:
    known = ACTIVITY_FIELDS | ACTIVITY_QUANTITIES | FILE_QUANTITIES
    pattern = re.compile(
        r"^((has|min|max|no_zero):\w+|\w+\[-?\d+(:-?\d+)?\]|csv:\w+|" + "|".join(known) + ")$"
    )
    seen = set()
    for entry in ENTRIES:
        name = _id(entry)
        assert entry["peer"] in PEERS, name
        assert re.fullmatch(r"\S+:\d+(-\d+)?", entry["cite"]), f"{name}: cite is path:line"
        assert pattern.match(entry["quantity"]), f"{name}: unknown quantity"
        assert sum(k in entry for k in ("expected", "one_of", "at_least", "at_most")) >= 1, name
        assert not ("xfail" in entry and "differs" in entry), name
        if "xfail" in entry:
            assert entry["xfail"] in ISSUE_11_CLASSES, f"{name}: {entry['xfail']!r}"
        key = (name, entry.get("cite"))
        assert key not in seen, f"{name} listed twice"
        seen.add(key)


def test_every_corpus_file_named_exists(corpus: Path) -> None:
    missing = {
        corpus_path(e, PEERS)
        for e in ENTRIES
        if PEERS[e["peer"]].get("in_corpus", True) and locate(corpus, corpus_path(e, PEERS)) is None
    }
    assert missing == set()


def test_every_difference_is_documented() -> None:
    section = DOC.read_text().split("## Where peers differ", 1)
    assert len(section) == 2, "docs/metrics.md has no 'Where peers differ' section"
    text = section[1]
    for entry in ENTRIES:
        if "differs" in entry:
            assert entry["differs"] in text, f"{_id(entry)}: difference {entry['differs']!r}"
