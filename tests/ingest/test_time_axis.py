"""The time axis after validation (issue 11): never before 0, never back, clock jumps closed.

Peer expectations are Runalyze's own tests on the same files
(tests/inc/core/Parser/Activity/FileType/{Fit,Tcx,Gpx}Test.php at commit 5669237a).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, SampleStreams, Sport
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult
from recoverwell.ingest.registry import read_source
from recoverwell.ingest.time_axis import CLOCK_JUMP_S, TIME_OUTSIDE_S, repair_time_axis
from recoverwell.ingest.validate import validate_activity
from tests.ingest.corpus_helpers import corpus_member

RUNALYZE = "Runalyze__Runalyze/tests/testfiles/"
START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def _read(corpus: Path, rel: str, strict: bool = False) -> ReadResult:
    return read_source(corpus_member(corpus / "raw", rel).source(), strict=strict)


def _time_issues(result: ReadResult) -> list[ImportIssue]:
    return [i for i in result.issues if i.field == "time_s"]


def _run(t: list[float], elapsed_s: float, **channels: list[float]) -> Activity:
    columns = {"time_s": np.array(t, float)}
    columns |= {k: np.array(v, float) for k, v in channels.items()}
    if len(columns) == 1:
        columns["hr_bpm"] = np.full(len(t), 140.0)
    streams = SampleStreams.from_mapping(columns)
    return Activity(START, Sport.RUNNING, elapsed_s, streams=streams)


class _Recorder:
    """A flag callback that keeps what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[int], str, IssueAction]] = []

    def __call__(self, bad, field, message, action=IssueAction.DROPPED, *, fails_strict=None):
        if bad.any():
            self.calls.append(((np.flatnonzero(bad) + 1).tolist(), message, action))
        return bool(bad.any())


# --- the peers' files -----------------------------------------------------------------------


@pytest.mark.reference(
    source="Runalyze FitTest.php:704-709 testThatTimeJumpIsHandledCorrectly: "
    "end(Time) = 3389 ± 10 s, duration 3389 s"
)
def test_a_device_clock_jump_keeps_the_data_after_the_jump(corpus: Path) -> None:
    result = _read(corpus, RUNALYZE + "fit/time-jump.fit")
    (activity,) = result.activities
    t = activity.streams.time_s
    assert len(t) == 567  # every record kept (before: 102, the rest dropped as outside)
    assert t[-1] == pytest.approx(3389, abs=10)
    assert activity.elapsed_s == pytest.approx(3389, abs=1)
    (jump,) = _time_issues(result)
    assert (jump.action, jump.record, jump.count) == (IssueAction.REPAIRED, 103, 465)
    # after the jump the samples follow on: 475 s, then the file's usual step
    assert t[101] == 475 and 475 < t[102] <= 475 + 10


@pytest.mark.reference(
    source="Runalyze FitTest.php:509-516 testThatIrregularTimestampsAreIgnored: "
    "duration 7115 s, 42.801 km, time strictly increasing"
)
def test_one_second_jump_to_the_past_leaves_a_strictly_increasing_axis(corpus: Path) -> None:
    result = _read(corpus, RUNALYZE + "fit/One-second-jump-to-past.fit")
    (activity,) = result.activities
    assert activity.moving_s == 7115
    assert activity.distance_m / 1000 == pytest.approx(42.801, abs=0.001)
    assert (np.diff(activity.streams.time_s) > 0).all()
    (backwards,) = _time_issues(result)
    assert (backwards.record, backwards.action) == (2, IssueAction.DROPPED)


@pytest.mark.reference(
    source="Runalyze FitTest.php:137-143 testFenix2FileWithNegativeTime: "
    "duration 2:35:21, min(Time) ≥ 0"
)
def test_fenix_2_negative_times_start_at_zero(corpus: Path) -> None:
    (activity,) = _read(corpus, RUNALYZE + "fit/Fenix-2-negative-times.fit").activities
    assert activity.moving_s == 2 * 3600 + 35 * 60 + 21
    assert activity.streams.time_s.min() >= 0
    assert activity.start_time == datetime(2014, 8, 28, 7, 32, 58, tzinfo=UTC)  # 09:32 local


@pytest.mark.reference(
    source="Runalyze GpxTest.php:251-257 testNegativeTimeStepsFromRunkeeper: "
    "duration and elapsed 3329 ± 10 s, average HR 151 ± 0.5"
)
def test_runkeepers_negative_step_at_the_start_is_left_out(corpus: Path) -> None:
    result = _read(corpus, RUNALYZE + "gpx/runkeeper-negative-time-step-at-start.gpx")
    (activity,) = result.activities
    assert activity.elapsed_s == pytest.approx(3329, abs=10)
    assert activity.avg_hr_bpm == pytest.approx(151, abs=0.5)
    t = activity.streams.time_s
    assert t[0] == 0 and (np.diff(t) > 0).all()
    assert [(i.record, i.action) for i in _time_issues(result)] == [(2, IssueAction.DROPPED)]


@pytest.mark.reference(
    source="Runalyze TcxTest.php:253-256 testNegativePauseFromSigma (no negative pause); "
    "TcxActivity::parseLaps starts at the earliest of Id, lap start and first trackpoint"
)
def test_sigmas_trackpoints_before_the_lap_start_move_the_start_back(corpus: Path) -> None:
    # Id 14:33:44, first lap StartTime 14:33:51, first two trackpoints 14:33:44: 7 s early
    result = _read(corpus, RUNALYZE + "tcx/negative-pause.tcx")
    (activity,) = result.activities
    assert activity.start_time == datetime(2016, 9, 22, 14, 33, 44, tzinfo=UTC)
    t = activity.streams.time_s
    assert t[0] == 0 and (np.diff(t) >= 0).all()
    rebase, backwards = _time_issues(result)
    assert (rebase.action, rebase.record, rebase.count) == (IssueAction.REPAIRED, 1, 2)
    assert (backwards.action, backwards.count) == (IssueAction.DROPPED, 5)  # lap 2 overlaps 1
    assert activity.moving_s == pytest.approx(574.7 + 8.7 + 7550.1)  # the laps' own totals


def test_goldencheetahs_tcx_a_second_early_no_longer_breaks_the_load(corpus: Path) -> None:
    # test/rides/2009_01_09_11_13_14.tcx: first trackpoint 1 s before the lap, 12 steps back
    result = _read(corpus, "GoldenCheetah__GoldenCheetah/test/rides/2009_01_09_11_13_14.tcx")
    (activity,) = result.activities
    assert activity.start_time == datetime(2009, 1, 9, 19, 13, 13, tzinfo=UTC)
    t = activity.streams.time_s
    assert t[0] == 0 and (np.diff(t) >= 0).all()
    assert [(i.action, i.count) for i in _time_issues(result)] == [
        (IssueAction.REPAIRED, 1),
        (IssueAction.DROPPED, 12),
    ]


def test_a_fenix_2_multisport_session_starts_at_its_first_record(corpus: Path) -> None:
    # The first session says 08:00:01; its records begin 2717 s earlier (first_timestamp in the
    # manifest, 07:14:44), and its distance (25,072 m) and elapsed time (11,738 s, ending when
    # the transition starts at 10:30:24) count from there: the start moves, the totals stay.
    result = _read(
        corpus, "dtcooper__python-fitparse/tests/files/activity-large-fenxi2-multisport.fit"
    )
    first = result.activities[0]
    assert first.start_time == datetime(2015, 8, 29, 7, 14, 44, tzinfo=UTC)
    assert first.elapsed_s == pytest.approx(11738.24)
    assert first.start_time + timedelta(seconds=first.elapsed_s) == pytest.approx(
        result.activities[1].start_time, abs=timedelta(seconds=3)
    )
    assert first.streams.time_s[0] == 0
    issue = next(i for i in result.issues if i.action is IssueAction.REPAIRED)
    assert issue.message.startswith("activity 1: samples before") and issue.count == 2700


@pytest.mark.reference(
    source="Runalyze FitTest.php:692-696 testThatInvalidAltitudeAndEmptyRecordAreIgnored: "
    "Altitude[0] null, end(Altitude) not null"
)
def test_the_empty_record_at_the_end_is_left_out(corpus: Path) -> None:
    result = _read(corpus, RUNALYZE + "fit/invalid-altitude-and-empty-record-at-end.fit")
    (activity,) = result.activities
    altitude = activity.streams.altitude_m
    assert np.isnan(altitude[0]) and np.isfinite(altitude[-1])
    assert activity.streams.time_s[-1] == 4819  # the empty record at 4988 s is gone
    empty = next(i for i in result.issues if "empty record" in i.message)
    assert (empty.record, empty.action) == (4715, IssueAction.DROPPED)
    _read(corpus, RUNALYZE + "fit/invalid-altitude-and-empty-record-at-end.fit", strict=True)


def test_repairs_do_not_fail_strict_mode_but_a_sample_going_back_does(corpus: Path) -> None:
    jump = 20 * 86400.0
    early_and_jumped = _run([-2, -1, 0, 1, 1 + jump, 2 + jump], 3.0)
    checked, _ = validate_activity(early_and_jumped, "a.fit", strict=True)
    assert checked.streams.time_s.tolist() == [0, 1, 2, 3, 4, 5]
    with pytest.raises(ParseError) as caught:
        _read(corpus, RUNALYZE + "tcx/negative-pause.tcx", strict=True)
    assert (caught.value.record, caught.value.field) == (120, "time_s")


# --- the rules, one by one ------------------------------------------------------------------


def test_leading_samples_before_the_start_move_it_back() -> None:
    checked, issues = validate_activity(_run([-3, -2, -1, 0, 1], 10.0), "a.tcx")
    assert checked.start_time == START - timedelta(seconds=3)
    assert checked.streams.time_s.tolist() == [0, 1, 2, 3, 4]
    (issue,) = issues
    assert (issue.action, issue.record, issue.count) == (IssueAction.REPAIRED, 1, 3)


def test_a_jumped_tail_follows_the_sample_before_by_the_usual_step() -> None:
    # 2 s sampling, then the clock leaps 20 days: 0 2 4 6 | 1728008 1728010 → 0 2 4 6 8 10
    jump = 20 * 86400.0
    t = [0, 2, 4, 6, 6 + jump + 2, 6 + jump + 4]
    recorder = _Recorder()
    axis = repair_time_axis(np.array(t), np.ones(6, bool), 10.0, recorder)
    assert axis.keep.all() and axis.time_s.tolist() == [0, 2, 4, 6, 8, 10]
    assert [(c[0], c[2]) for c in recorder.calls] == [([5, 6], IssueAction.REPAIRED)]


def test_a_clock_excursion_that_comes_back_is_left_out() -> None:
    # GoldenCheetah test/rides/2013-04-11-17-32-50.fit: 14 samples at a clock 2 years ahead
    t = [0, 1, 2, 7e7, 7e7 + 1, 3, 4]
    recorder = _Recorder()
    axis = repair_time_axis(np.array(t), np.ones(7, bool), 4.0, recorder)
    assert axis.keep.tolist() == [True, True, True, False, False, True, True]
    assert [c[2] for c in recorder.calls] == [IssueAction.DROPPED]


def test_a_single_sample_after_a_jump_is_a_stray_not_a_clock() -> None:
    # python-fitparse strava-android-app-201.10-b1218918.fit: the last record at 2,027,039,630 s
    recorder = _Recorder()
    axis = repair_time_axis(np.array([0, 1, 2, 3, 2.027e9]), np.ones(5, bool), 3558.0, recorder)
    assert axis.keep.tolist() == [True, True, True, True, False]


def test_a_long_pause_inside_the_activity_is_not_a_jump() -> None:
    # Runalyze Fenix-3-with-empty-runscribe.fit pauses 4424 s inside its 6634 s
    t = np.array([0.0, 1, 2, 2 + 4424, 2 + 4425])
    axis = repair_time_axis(t, np.ones(5, bool), 6634.0, _Recorder())
    assert axis.keep.all() and axis.time_s.tolist() == t.tolist()
    assert CLOCK_JUMP_S < 4424 < 6634 + TIME_OUTSIDE_S


def test_empty_records_are_left_out_only_at_the_ends() -> None:
    # a TCX trackpoint with only a time inside the track marks a pause: kept
    nan = np.nan
    activity = _run([0, 1, 2, 3, 4, 5], 5.0, hr_bpm=[nan, 140, nan, 141, 142, nan])
    checked, issues = validate_activity(activity, "a.fit")
    assert checked.streams.time_s.tolist() == [1, 2, 3, 4]
    (issue,) = issues
    assert (issue.record, issue.count, issue.action) == (1, 2, IssueAction.DROPPED)
    validate_activity(activity, "a.fit", strict=True)  # nothing of value was lost


@settings(deadline=None, max_examples=200)
@given(
    st.lists(
        st.one_of(
            st.floats(-5000, 5000),
            st.floats(-1e8, 1e8),
            st.just(float("nan")),
        ),
        min_size=1,
        max_size=40,
    ),
    st.floats(0, 4000),
)
def test_after_validation_time_never_goes_back_and_starts_at_zero_or_later(t, elapsed) -> None:
    activity = _run(t, elapsed)
    checked, _ = validate_activity(activity, "any.fit")
    if checked.streams is not None:
        kept = checked.streams.time_s
        assert kept[0] >= 0
        assert (np.diff(kept) >= 0).all()
        assert checked.start_time <= START
