"""Reader choice: content first, suffix second; a plain list more readers can join."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverwell.core.errors import NothingToImport, ParseError, UnsupportedFormat
from recoverwell.core.types import Observation
from recoverwell.ingest import registry
from recoverwell.ingest.archive import Member, iter_members
from recoverwell.ingest.base import ReadResult, Source
from recoverwell.ingest.registry import READERS, read_source, reader_for, sniff_head
from tests.ingest.corpus_helpers import corpus_member, manifest_cases, source_of

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


# --- routing every corpus file ------------------------------------------------------------------

EXPORT_READER = {  # corpus/exports/<vendor>/… → the format of the reader that must claim it
    "apple_health": "apple_health",
    "elite_hrv": "elite_hrv",
    "fitbit": "fitbit",
    "hrv4training": "hrv4training",
    "sleep_cycle": "sleep_cycle",
    "strava": "strava_csv",
    "trainingpeaks": "trainingpeaks",
    "whoop": "whoop",
}


def _route(member: Member) -> str:
    """The reader's format, or ``skipped: …`` / ``unsupported: …`` with the reason."""
    source = member.source()
    try:
        return reader_for(sniff_head(source), source.name).format
    except NothingToImport as err:
        return f"skipped: {err.detail}"
    except UnsupportedFormat as err:
        return f"unsupported: {err.detail}"


def test_every_raw_corpus_file_goes_to_its_own_reader_or_is_refused_for_its_reason(
    corpus: Path,
) -> None:
    routes = {}
    for path, member, facts in manifest_cases():
        found = corpus_member(corpus / "raw", path, member)
        routes[found.name] = (_route(found), facts)
    assert len(routes) == len(manifest_cases())
    for name, (route, facts) in routes.items():
        if facts["expect"] == "skipped" and facts["kind"] == "fit":
            assert route == "fit", name  # the FIT reader itself says "not an activity"
        elif facts["expect"] == "skipped":
            assert route == "skipped: documentation, not data", name
        elif facts["expect"] == "unsupported":
            assert route.startswith("unsupported: not a format"), name
        else:  # imported, or rejected by its own reader (device-relative, no data…)
            assert route == facts["kind"].lower(), name


def test_every_export_corpus_file_goes_to_its_vendors_reader_or_is_skipped(corpus: Path) -> None:
    exports = corpus / "exports"
    seen = {}
    for path in sorted(p for p in exports.rglob("*") if p.is_file()):
        for member in iter_members(path):
            seen[member.name.removeprefix(f"{exports}/")] = _route(member)
    skipped = {name: r for name, r in seen.items() if r.startswith("skipped")}
    assert {Path(n).name for n in skipped} == {"PROVENANCE.md", "time_in_heart_rate_zones.json"}
    assert skipped["fitbit/PROVENANCE.md"] == "skipped: documentation, not data"
    routes = [n for n in seen if n.endswith(".gpx")]
    assert routes == [
        "apple_health/dogsheep__healthkit-to-sqlite/tests/zip_contents/apple_health_export/"
        "workout-routes/route_2019-06-11_3.00pm.gpx"
    ]
    assert seen[routes[0]] == "gpx"  # read by the GPX reader when joined to its workout
    for name, route in seen.items():
        if name not in skipped and name not in routes:
            assert route == EXPORT_READER[name.split("/", 1)[0]], name
    assert len(seen) == 28  # every file in corpus/exports at the time of writing


def test_each_format_declares_its_traits_and_the_registry_finds_them() -> None:
    from recoverwell.ingest.base import SUMMARY_TRAITS, RecordKind
    from recoverwell.ingest.registry import duplicate_ranks, traits_for

    # the device files rank above every summary, FIT first (a device file > lap totals > track)
    assert duplicate_ranks() == {"fit": 3, "tcx": 2, "gpx": 1}
    assert {f: traits_for(f).kind for f in ("fit", "tcx", "gpx")} == dict.fromkeys(
        ("fit", "tcx", "gpx"), RecordKind.RECORDING
    )
    assert traits_for("fit").knows_utc_offset and not traits_for("gpx").knows_utc_offset
    assert traits_for("trainingpeaks").date_only  # WorkoutDay, no start time
    assert not any(traits_for(f).date_only for f in ("garmin", "strava_csv", "apple_health"))
    assert traits_for("strava_csv").join is not None and traits_for("apple_health").join
    assert traits_for("garmin").join is None  # its FIT files meet their summaries in dedupe
    # a format no reader has (the demo's, a user's mapping) is a summary like any other
    assert traits_for("synthetic") is SUMMARY_TRAITS and traits_for(None) is SUMMARY_TRAITS


def test_a_registered_reader_s_traits_are_found_by_its_format(monkeypatch) -> None:
    from recoverwell.ingest import registry
    from tests.ingest.fake_export import FORMAT, FakeSessionsReader

    assert not registry.traits_for(FORMAT).date_only
    monkeypatch.setattr(registry, "READERS", [*registry.READERS, FakeSessionsReader(True)])
    assert registry.traits_for(FORMAT).date_only
