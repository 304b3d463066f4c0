"""Totals computed from samples where the file has none: peers' values on their own test files.

Runalyze references are its parser tests at commit 5669237 (tests/inc/core/Parser/Activity/
FileType/{Gpx,Fit}Test.php) and its elevation tests (tests/inc/core/Calculation/Elevation/...),
read through ``registry.read_source`` (read, validate, fill) as the importer does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.types import Activity, SampleStreams, Sport
from recoverwell.ingest.base import IssueAction, ReadResult
from recoverwell.ingest.fill import (
    PAUSE_MIN_S,
    climb_m,
    fill_activity,
    moving_s,
    pause_limit_s,
    sample_weights_s,
    weighted_mean,
)
from recoverwell.ingest.registry import read_source
from tests.ingest.corpus_helpers import source_of

RUNALYZE = "Runalyze__Runalyze/tests/testfiles/"
GPX_TEST = "Runalyze tests/inc/core/Parser/Activity/FileType/GpxTest.php"
FIT_TEST = "Runalyze tests/inc/core/Parser/Activity/FileType/FitTest.php"
START = datetime(2024, 5, 1, 6, tzinfo=UTC)


def _read(corpus: Path, rel: str) -> ReadResult:
    path = corpus / "raw" / RUNALYZE / rel
    return read_source(source_of(path.name, path.read_bytes()))


def _one(corpus: Path, rel: str) -> Activity:
    (activity,) = _read(corpus, rel).activities
    return activity


# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.reference(
    source="Runalyze tests/inc/core/Calculation/Elevation/Strategy/ThresholdTest.php:11-27"
)
@pytest.mark.parametrize(
    ("threshold_m", "kept"),
    [(0, [0, 6, 5, 7, 4, 10, 0]), (1, [0, 6, 4, 10, 0]), (2, [0, 6, 10, 0])],
)
def test_climb_keeps_the_turning_points_runalyzes_threshold_method_keeps(
    threshold_m: float, kept: list[float]
) -> None:
    up, down = climb_m(np.array([0, 2, 4, 6, 5, 7, 4, 8, 10, 0], dtype=float), threshold_m)
    steps = np.diff(kept)
    assert (up, down) == (steps[steps > 0].sum(), -steps[steps < 0].sum())


@pytest.mark.reference(
    source="Runalyze tests/inc/core/Calculation/Elevation/CalculatorTest.php:21-31,57-67"
)
def test_climb_matches_runalyzes_calculator() -> None:
    assert climb_m(np.array([0, 10, 17, 14, 20, 3, 11, 0], dtype=float), 0) == (31, 31)
    assert climb_m(np.array([0, 2, 4, 6, 5, 7, 4, 8, 10, 0], dtype=float), 2) == (10, 10)
    assert climb_m(np.array([0, 10, np.nan, 17, 20, 35], dtype=float), 0) == (35, 0)
    assert climb_m(np.array([5.0])) == (None, None)
    assert climb_m(None) == (None, None)


@given(st.lists(st.floats(-400, 8000, allow_nan=False), min_size=2, max_size=60))
def test_ascent_minus_descent_is_last_minus_first_altitude(altitudes: list[float]) -> None:
    up, down = climb_m(np.array(altitudes))
    assert up is not None and down is not None and up >= 0 and down >= 0
    assert up - down == pytest.approx(altitudes[-1] - altitudes[0], abs=1e-6)


@pytest.mark.reference(source="hand calculation: Runalyze TrackdataAverages weights, pause cut out")
def test_an_average_is_weighted_by_the_time_before_each_sample_and_skips_pauses() -> None:
    t = np.array([0.0, 1, 2, 3, 30, 31])  # median step 1 s → limit max(10 × 1, 10) = 10 s
    hr = np.array([100.0, 110, 120, 130, 170, 150])
    assert pause_limit_s(t) == PAUSE_MIN_S == 10.0
    assert sample_weights_s(t).tolist() == [0, 1, 1, 1, 0, 1]  # 27 s gap = pause
    assert weighted_mean(hr, sample_weights_s(t)) == (110 + 120 + 130 + 150) / 4
    assert moving_s(t) == 31 - 27
    cadence = np.array([0.0, 0, 170, 172, 0, 174])  # standing still: zeros do not count
    assert weighted_mean(cadence, sample_weights_s(t), zeros=False) == (170 + 172 + 174) / 3


def test_the_files_own_totals_win_and_every_computed_one_is_reported() -> None:
    t = np.arange(0.0, 601.0, 1.0)
    streams = SampleStreams(time_s=t, hr_bpm=np.full(601, 150.0), distance_m=3.0 * t)
    activity = Activity(
        START, Sport.RUNNING, 600.0, moving_s=600.0, avg_hr_bpm=140.0, streams=streams
    )
    filled, issues = fill_activity(activity, "run.tcx")
    assert filled.avg_hr_bpm == 140.0  # the file's, not the samples' 150
    assert (filled.max_hr_bpm, filled.distance_m) == (150.0, 1800.0)
    assert filled.avg_speed_m_s == 1800.0 / 600.0  # distance / moving time
    (issue,) = issues
    assert issue.action is IssueAction.NOTED
    assert issue.field == "distance_m, max_hr_bpm, avg_speed_m_s"
    assert "computed from its 601 samples" in issue.message
    again, none = fill_activity(filled, "run.tcx")
    assert none == [] and again.max_hr_bpm == 150.0


# --- heart rate, cadence and moving time of GPX files (no totals in the format) ----------------


@pytest.mark.reference(source=GPX_TEST + ":192 (Runalyze issue #1936)")
def test_gpx_heart_rate_is_time_weighted_not_a_plain_mean(corpus: Path) -> None:
    a = _one(corpus, "gpx/hr-not-always-there.gpx")
    assert a.avg_hr_bpm == pytest.approx(137, abs=0.5)
    assert np.nanmean(a.streams.hr_bpm) == pytest.approx(135.5, abs=0.05)  # the old plain mean


@pytest.mark.reference(source=GPX_TEST + ":106-107,120-121 (SportTracks st:heartRateTrack)")
@pytest.mark.parametrize(("rel", "avg", "top"), [("SpoQ.gpx", 112, 132), ("SpoQ-2.gpx", 106, 128)])
def test_sporttracks_heart_rate_tracks_give_the_averages_runalyze_finds(
    corpus: Path, rel: str, avg: float, top: float
) -> None:
    a = _one(corpus, "gpx/" + rel)
    assert a.avg_hr_bpm == pytest.approx(avg, abs=0.5)
    assert a.max_hr_bpm == top


@pytest.mark.reference(source=GPX_TEST + ":259 (Runalyze issue #2255)")
def test_runkeeper_heart_rate_average(corpus: Path) -> None:
    a = _one(corpus, "gpx/runkeeper-negative-time-step-at-start.gpx")
    assert a.avg_hr_bpm == pytest.approx(151, abs=0.5)


@pytest.mark.reference(source=GPX_TEST + ":180 (87 per foot = 174 steps/min)")
def test_cadence_of_a_gpx_without_type_is_kept_and_averaged(corpus: Path) -> None:
    result = _read(corpus, "gpx/strava-export.gpx")
    (a,) = result.activities
    assert a.sport is Sport.OTHER and a.avg_cadence_spm == pytest.approx(2 * 87, abs=2 * 0.5)
    assert any(i.field == "cadence_spm" and "no <type>" in i.message for i in result.issues)


@pytest.mark.reference(source=GPX_TEST + ":32-33,143,257-258")
@pytest.mark.parametrize(
    ("rel", "moving", "tolerance", "elapsed"),
    [
        ("standard.gpx", 2295, 15, 2306),
        ("NavRun500.gpx", 1 * 3600 + 13 * 60 - 29 * 60, 10, None),  # three pauses, 29 min
        ("runkeeper-negative-time-step-at-start.gpx", 3329, 10, 3329),
    ],
)
def test_gpx_moving_time_is_elapsed_time_without_pauses(
    corpus: Path, rel: str, moving: float, tolerance: float, elapsed: float | None
) -> None:
    a = _one(corpus, "gpx/" + rel)
    assert a.moving_s == pytest.approx(moving, abs=tolerance)
    if elapsed is not None:
        assert a.elapsed_s == elapsed


def test_stops_inside_a_track_segment_are_pauses_where_runalyze_counts_only_the_break(
    corpus: Path,
) -> None:
    # Runalyze GpxTest.php:239-243 expects 5:17:21 = 19041 s: it cuts out only the 3780 s
    # between the two segments. The file also stands still 21 times inside its segments
    # (50-570 s, at ~0.05 m/s); recoverwell cuts those out too (docs/metrics.md).
    a = _one(corpus, "gpx/break-between-trkseg.gpx")
    assert a.elapsed_s - a.moving_s > 3780
    assert a.moving_s < 5 * 3600 + 17 * 60 + 21


# --- FIT sessions that leave totals out -------------------------------------------------------


@pytest.mark.reference(source=FIT_TEST + ":87-91")
def test_a_fit_session_without_heart_rate_totals_gets_them_from_its_records(
    corpus: Path,
) -> None:
    result = _read(corpus, "fit/Fenix-2.fit")
    (a,) = result.activities
    assert (a.moving_s, a.elapsed_s) == (975, 1210)  # the session's own
    assert a.avg_hr_bpm == pytest.approx(137, abs=0.5)
    assert a.max_hr_bpm == 169
    (note,) = [i for i in result.issues if i.field and "avg_hr_bpm" in i.field]
    assert note.action is IssueAction.NOTED


@pytest.mark.reference(source=FIT_TEST + ":488-501 (Runalyze issue #1886)")
def test_a_suunto_session_missing_its_final_lap_is_repaired_from_the_records(
    corpus: Path,
) -> None:
    result = _read(corpus, "fit/Suunto-Ambit-3-Peak-without-final-lap.fit")
    (a,) = result.activities
    assert a.moving_s == pytest.approx(4961, abs=0.5)
    assert a.elapsed_s == pytest.approx(4961, abs=0.5)
    assert a.distance_m == pytest.approx(15_220, abs=1)
    assert len(a.laps) == 22
    assert sum(lap.elapsed_s for lap in a.laps) == pytest.approx(4961, abs=0.5)
    assert sum(lap.distance_m or 0 for lap in a.laps) == pytest.approx(15_220, abs=1)
    assert a.avg_speed_m_s == pytest.approx(15_220 / 4961, rel=1e-3)  # distance / moving time
    (repair,) = [i for i in result.issues if i.action is IssueAction.REPAIRED]
    assert repair.field == "elapsed_s, moving_s" and "926 s past" in repair.message


# --- TCX has no climb ---------------------------------------------------------------------------


def test_a_tcx_run_gets_ascent_and_descent_from_its_altitudes(corpus: Path) -> None:
    a = _one(corpus, "tcx/Standard.tcx")
    assert a.sport is Sport.RUNNING and a.ascent_m and a.descent_m
    altitude = a.streams.altitude_m[np.isfinite(a.streams.altitude_m)]
    assert a.ascent_m - a.descent_m == pytest.approx(altitude[-1] - altitude[0])
    assert a.ascent_m < climb_m(altitude, 0)[0]  # jitter under 3 m does not count


@pytest.mark.reference(source="hand calculation: 0.001° of latitude = 6371008.8 m × π/180 × 0.001")
def test_positions_without_distance_samples_give_the_great_circle_distance() -> None:
    from recoverwell.ingest.fill import fill_activity

    t = np.array([0.0, 10.0, 20.0])
    streams = SampleStreams(
        time_s=t, lat_deg=np.array([45.0, 45.001, 45.002]), lon_deg=np.array([7.0, 7.0, 7.0])
    )
    start = datetime(2024, 5, 1, 6, tzinfo=UTC)
    filled, issues = fill_activity(Activity(start, Sport.RUNNING, 20.0, streams=streams), "a.tcx")
    step = 6_371_008.8 * np.pi / 180 * 0.001  # 111.19 m per 0.001° along a meridian
    assert filled.streams.distance_m == pytest.approx([0.0, step, 2 * step])
    assert filled.distance_m == pytest.approx(2 * step)
    assert issues[0].field == "distance_m" and issues[0].action is IssueAction.NOTED
