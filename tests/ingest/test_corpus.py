"""Every corpus file against its manifest entry: read (no database), compared with its totals.

Facts in the manifest come from fitdecode / ElementTree (scripts/corpus_manifest.py), not from our
readers. Tolerances, stated once:

- the activity's totals are the file's own: distance within 0.01 m (a Connect IQ field that
  declares it replaces the native distance wins, fit_decode.py), elapsed (FIT) or lap time
  (TCX) within 0.01 s, average HR within 0.5 bpm (TCX: lap averages weighted by lap time);
- the samples agree with those totals: distance covered within 2 % or 50 m, time span within
  5 % or 60 s, time-weighted mean HR (gaps capped at 10 s) within 5 bpm. Files whose own samples
  and totals disagree are listed with the reason (``stream_mismatch``) and must really disagree,
  unless the reader repaired the total that disagrees and said so;
- a total the reader reports as ``repaired`` (ingest/fill.py: a session that leaves out its
  final lap) is not compared with the file's own value: the samples check covers it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from recoverwell.core.errors import NothingToImport, ParseError, UnsupportedFormat
from recoverwell.core.types import Activity
from recoverwell.ingest.base import IssueAction, ReadResult
from recoverwell.ingest.registry import read_source
from tests.ingest.corpus_helpers import corpus_member, load_manifest, manifest_cases

DISTANCE_REL, DISTANCE_ABS_M = 0.02, 50.0
SPAN_REL, SPAN_ABS_S = 0.05, 60.0
HR_ABS_BPM = 5.0
HR_GAP_CAP_S = 10.0

CASES = manifest_cases()
IDS = [f"{p}!{m}" if m else p for p, m, _ in CASES]


def test_every_corpus_file_is_in_the_manifest_and_every_entry_exists(corpus: Path) -> None:
    raw = corpus / "raw"
    on_disk = {p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()}
    listed = {e["path"] for e in load_manifest()}
    assert on_disk - listed == set(), "files missing from tests/ingest/corpus_manifest.yml"
    assert listed - on_disk == set(), "manifest entries without a file"


def _time_weighted_mean(t: np.ndarray, v: np.ndarray) -> float | None:
    ok = np.isfinite(t) & np.isfinite(v)
    t, v = t[ok], v[ok]
    if len(v) < 2:
        return float(v.mean()) if len(v) else None
    w = np.minimum(np.diff(t), HR_GAP_CAP_S)
    return float((v[:-1] * w).sum() / w.sum()) if w.sum() > 0 else float(v.mean())


def _stream_problems(a: Activity) -> list[str]:
    s = a.streams
    if s is None:
        return []
    out = []
    if s.distance_m is not None and a.distance_m:
        d = s.distance_m[np.isfinite(s.distance_m)]
        covered = float(d.max() - min(d.min(), 0.0))
        if abs(covered - a.distance_m) > max(DISTANCE_REL * a.distance_m, DISTANCE_ABS_M):
            out.append(f"distance {covered:.0f} m vs {a.distance_m:.0f} m")
    span = float(np.nanmax(s.time_s) - min(np.nanmin(s.time_s), 0.0))
    if a.elapsed_s and abs(span - a.elapsed_s) > max(SPAN_REL * a.elapsed_s, SPAN_ABS_S):
        out.append(f"span {span:.0f} s vs {a.elapsed_s:.0f} s")
    if s.hr_bpm is not None and a.avg_hr_bpm:
        mean = _time_weighted_mean(s.time_s, s.hr_bpm)
        if mean is not None and abs(mean - a.avg_hr_bpm) > HR_ABS_BPM:
            out.append(f"HR {mean:.1f} vs {a.avg_hr_bpm:.1f} bpm")
    return out


def _repaired(result: ReadResult) -> set[str]:
    """The totals the reader says it repaired (issue fields are comma-separated names)."""
    return {
        name.strip()
        for issue in result.issues
        if issue.action is IssueAction.REPAIRED and issue.field
        for name in issue.field.split(",")
    }


def _check_totals(
    activities: tuple[Activity, ...], facts: dict[str, Any], repaired: set[str]
) -> None:
    if facts["kind"] == "fit":
        distinct = {(s["start_time"], s["sport"]): s for s in reversed(facts["sessions"])}
        sessions = [
            s for s in facts["sessions"] if distinct.get((s["start_time"], s["sport"])) is s
        ]
        sessions = sessions or [None]  # a repeated session (chained copy) is read once
        assert len(activities) == len(sessions)
        for a, s in zip(activities, sessions, strict=True):
            if s is None:
                continue
            distance = s.get("developer_distance_m", s["distance_m"])  # Connect IQ rule
            if distance is not None and "distance_m" not in repaired:
                assert a.distance_m == pytest.approx(distance, abs=0.01)
            if s["elapsed_s"] is not None and "elapsed_s" not in repaired:
                assert a.elapsed_s == pytest.approx(s["elapsed_s"], abs=0.01)
            if s["avg_hr_bpm"] is not None and s["avg_hr_bpm"] != 0:
                assert a.avg_hr_bpm == pytest.approx(s["avg_hr_bpm"], abs=0.5)
    elif facts["kind"] == "tcx":
        with_laps = [x for x in facts["activities"] if x["laps"]]
        assert len(activities) == len(facts["activities"])
        for a, x in zip(activities, facts["activities"], strict=True):
            assert len(a.laps) == x["laps"]
            if x["laps"]:
                assert a.moving_s == pytest.approx(x["lap_time_s"], abs=0.01)
                assert (a.distance_m or 0.0) == pytest.approx(x["distance_m"], abs=0.01)
            if x["avg_hr_bpm"] is not None:
                assert a.avg_hr_bpm == pytest.approx(x["avg_hr_bpm"], abs=0.5)
        assert with_laps or activities
    else:  # GPX: no totals in the format; one activity from all timed points
        assert len(activities) == 1
        assert len(activities[0].streams or ()) <= facts["timed_points"]


@pytest.mark.parametrize(("path", "member", "facts"), CASES, ids=IDS)
def test_corpus_file_reads_as_its_manifest_says(
    corpus: Path, path: str, member: str | None, facts: dict[str, Any]
) -> None:
    source = corpus_member(corpus / "raw", path, member).source()
    if facts["expect"] != "imported":
        error = {"unsupported": UnsupportedFormat, "skipped": NothingToImport}.get(
            facts["expect"], ParseError
        )
        with pytest.raises(error) as caught:
            read_source(source)
        if facts["expect"] == "unsupported":  # unknown, not merely "nothing to import"
            assert not isinstance(caught.value, NothingToImport)
        assert facts["reason"] in str(caught.value)
        assert Path(member or path).name in str(caught.value)
        return
    result = read_source(source)
    repaired = _repaired(result)
    _check_totals(result.activities, facts, repaired)
    problems = [p for a in result.activities for p in _stream_problems(a)]
    if "stream_mismatch" in facts:
        assert problems or repaired, (
            f"listed as mismatching ({facts['stream_mismatch']}) but agrees"
        )
    else:
        assert problems == []
