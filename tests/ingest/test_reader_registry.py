"""Reader choice: content first, suffix second; a plain list more readers can join."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError, UnsupportedFormat
from recoverwell.core.types import Observation
from recoverwell.ingest import registry
from recoverwell.ingest.base import ReadResult, Source
from recoverwell.ingest.registry import READERS, read_source, reader_for
from tests.ingest.corpus_helpers import source_of

GPX = b"<?xml version='1.0'?><gpx xmlns='http://www.topografix.com/GPX/1/1'></gpx>"


def test_content_wins_over_the_suffix(corpus: Path) -> None:
    fit = (corpus / "raw/dtcooper__python-fitparse/tests/files/Activity.fit").read_bytes()
    assert reader_for(fit[:1024], "misnamed.gpx").format == "fit"
    assert reader_for(GPX, "misnamed.fit").format == "gpx"


def test_the_suffix_decides_when_no_reader_claims_the_content() -> None:
    assert reader_for(b"garbage", "broken.tcx").format == "tcx"
    assert reader_for(b"garbage", "x.zip!folder/broken.FIT").format == "fit"


def test_empty_and_unknown_content_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match=r"empty\.fit: unsupported format \(empty file\)"):
        reader_for(b"", "empty.fit")
    with pytest.raises(UnsupportedFormat, match=r"notes\.txt"):
        reader_for(b"hello", "notes.txt")


def test_a_broken_file_picked_by_suffix_gets_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"broken\.tcx"):
        read_source(source_of("broken.tcx", b"<TrainingCenterDatabase><Activities>"))


class _WellnessReader:
    format = "wellness-csv"

    def sniff(self, head: bytes, name: str) -> bool:
        return head.startswith(b"day,rhr")

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        from datetime import date

        obs = Observation(date(2024, 5, 1), "rhr_bpm", 44.0, "test")
        return ReadResult(self.format, observations=(obs,))


def test_a_new_reader_joins_by_being_appended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "READERS", [*READERS, _WellnessReader()])
    result = read_source(source_of("rhr.csv", b"day,rhr\n2024-05-01,44\n"))
    assert result.source_format == "wellness-csv" and result.observations[0].value == 44.0
