import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

import recoverwell
from recoverwell.app import session_loads, training
from recoverwell.app.demo import load_demo
from recoverwell.core.types import Activity, Sport
from recoverwell.metrics.session import LoadCurrency

END = date(2026, 11, 22)  # a Sunday


@pytest.fixture
def demo(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        load_demo(ws, end_day=END, weeks=2)
        yield ws


def test_every_demo_run_gets_an_hr_load_and_the_days_line_up(demo):
    table = demo.training_table()
    assert table.first_data_day == END - timedelta(days=13)
    assert table.sessions_by_model == {"hrss": 16}
    assert [d.day for d in table.days] == [END - timedelta(days=13 - i) for i in range(14)]
    tuesday = next(d for d in table.days if d.day.weekday() == 1)
    assert tuesday.sessions == 2 and tuesday.models == ("hrss", "hrss")
    assert all(d.load_au > 0 for d in table.days)
    first = table.days[0]
    assert first.values["form"] == 0.0  # nothing before the first recorded day
    assert first.acwr_note.startswith("not enough history")
    assert table.estimated == ()  # the demo profile sets every value its loads depend on


def _activity(start, sport=Sport.RUNNING, distance_m=10_000.0, rpe=None, descent_m=None):
    return Activity(
        start_time=start,
        sport=sport,
        elapsed_s=3000.0,
        moving_s=3000.0,
        distance_m=distance_m,
        descent_m=descent_m,
        rpe=rpe,
    )


def test_rest_days_are_zero_and_days_without_data_are_nan(workspace):
    # The fixture athlete lives in Denver; 23:30 local on May 4 is May 5 in UTC.
    late = datetime(2026, 5, 5, 5, 30, tzinfo=UTC)
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities([_activity(late), _activity(late + timedelta(days=3))])
    table = workspace.training_table(date(2026, 5, 3), date(2026, 5, 9))
    by_day = {d.day: d for d in table.days}
    assert math.isnan(by_day[date(2026, 5, 3)].load_au)  # before any data
    assert by_day[date(2026, 5, 4)].sessions == 1  # the local day, not the UTC one
    assert by_day[date(2026, 5, 5)].load_au == 0.0  # a rest day inside the span
    assert by_day[date(2026, 5, 7)].models == ("rtss",)  # no HR stream: average pace
    assert math.isnan(by_day[date(2026, 5, 8)].load_au)  # after the last data
    assert "no heart-rate samples" in by_day[date(2026, 5, 7)].session_notes  # says why


def test_days_after_the_last_run_are_rest_once_the_athlete_has_tracked_through_them(workspace):
    from recoverwell.core.types import Observation

    late = datetime(2026, 5, 5, 5, 30, tzinfo=UTC)  # May 4 in Denver
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities([_activity(late)])
    # An overnight HRV reading on the morning of May 8: May 5, 6 and 7 were lived through.
    workspace.add_observations([Observation(date(2026, 5, 8), "hrv_rmssd_ms", 60.0, "oura")])
    table = workspace.training_table(date(2026, 5, 4), date(2026, 5, 9))
    by_day = {d.day: d.load_au for d in table.days}
    assert [by_day[date(2026, 5, d)] for d in (5, 6, 7)] == [0.0, 0.0, 0.0]
    assert math.isnan(by_day[date(2026, 5, 8)])  # today: its training is still to come
    assert math.isnan(by_day[date(2026, 5, 9)])


def test_running_volume_ignores_cross_training_and_rpe_only_days_are_unknown(workspace):
    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    workspace.add_activities(
        [
            _activity(start, distance_m=12_000.0, descent_m=150.0),
            _activity(start + timedelta(hours=5), sport=Sport.CYCLING, distance_m=40_000.0),
            _activity(start + timedelta(days=1), distance_m=None, rpe=6.0),
        ]
    )
    table = workspace.training_table()
    first, second = table.days
    assert first.distance_m == 12_000.0
    assert second.load_au != second.load_au  # NaN: an RPE without a ratio is not a load
    assert second.unknown_sessions == 1
    assert table.sessions_by_model == {"none": 3}  # no HRmax, no threshold pace, no ratio
    srpe = workspace.training_table(currency=LoadCurrency.SRPE)
    assert srpe.days[1].load_au == pytest.approx(6.0 * 50)


def test_an_empty_athlete_has_an_empty_table(workspace):
    table = workspace.training_table()
    assert table.days == () and table.first_data_day is None


def test_a_start_after_the_end_is_refused_naming_the_fields_not_a_flag(demo):
    with pytest.raises(recoverwell.InvalidValue) as refused:
        demo.training_table(date(2026, 11, 20), date(2026, 11, 10))
    assert str(refused.value) == "start='2026-11-20': is after end 2026-11-10"
    assert refused.value.field == "start" and refused.value.mentions == ("end",)


def _steady_table(n_days, load_au=80.0):
    """A table of n_days at a steady daily load, fitness/fatigue by the exponential EWMA."""
    first = date(2026, 1, 1)
    a_ctl, a_atl = 1 - math.exp(-1 / 42), 1 - math.exp(-1 / 7)
    days = []
    for i in range(n_days):
        ctl = load_au * (1 - (1 - a_ctl) ** (i + 1))
        atl = load_au * (1 - (1 - a_atl) ** (i + 1))
        values = dict.fromkeys(training.DAILY_SERIES, math.nan) | {
            "fitness": ctl,
            "fatigue": atl,
            "acwr_ewma": 1.0 if i >= 27 else math.nan,
        }
        days.append(
            training.TrainingDay(
                first + timedelta(days=i), load_au, 1, 0, ("hrss",), 0.0, values, ""
            )
        )
    table = training.TrainingTable(
        1, LoadCurrency.TSS, tuple(days), first, days[-1].day, None, {}, {}, (), ()
    )
    return first, table


def test_readiness_gets_no_form_before_six_weeks_of_load():
    """docs/science.md §0 / L6: fitness needs ~6 weeks; a zero-seeded CTL makes steady training
    read as 'high fatigue' (3 weeks at 80/day: CTL 80·(1 − e^(−21/42)) = 31.5, ATL
    80·(1 − e^(−3)) = 76.0, TSB −44.5). Form after day d counts only from the 42nd day of data."""
    first, table = _steady_table(60)
    arrays = training.load_arrays(table, first, first + timedelta(days=59))
    form = np.asarray(arrays.form_tsb)
    assert np.isnan(form[: training.PMC_WARMUP_D - 1]).all()
    assert not np.isnan(form[training.PMC_WARMUP_D - 1 :]).any()
    assert form[-1] == pytest.approx(80 * (math.exp(-60 / 7) - math.exp(-60 / 42)))
    assert np.asarray(arrays.acwr)[27] == 1.0  # ACWR has its own (28-day) refusal
    np.testing.assert_array_equal(arrays.history_d, np.arange(1.0, 61.0))


def test_readiness_gets_the_running_volume_after_each_day(demo):
    """The L3/L4 rules read run_spike, the longest run, 7-day distance and distance ACWR."""
    table = demo.training_table()
    first = table.first_data_day
    arrays = training.load_arrays(table, first, table.last_data_day)
    assert set(arrays.volume) == {"run_spike", "longest_run_m", "distance_7d_m", "distance_acwr"}
    for i, day in enumerate(table.days):
        assert arrays.volume["distance_7d_m"][i] == pytest.approx(
            day.values["distance_7d_m"], nan_ok=True
        )
        assert arrays.volume["longest_run_m"][i] <= day.distance_m  # one run of the day's total
    assert np.nanmax(arrays.volume["longest_run_m"]) > 0


def test_readiness_gets_the_days_in_a_row_without_training(workspace):
    """docs/science.md L7 reads the length of a break: 10 days without a session (days 20–29),
    counted over the whole history even when the range asked for starts inside the break."""
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    first = date(2026, 1, 1)
    noon = datetime(2026, 1, 1, 19, 0, tzinfo=UTC)  # 12:00 in Denver
    days = [*range(20), *range(30, 40)]
    workspace.add_activities([_activity(noon + timedelta(days=d)) for d in days])
    table = workspace.training_table(first, first + timedelta(days=39))
    streak = [d.values["rest_streak_d"] for d in table.days]
    assert streak == [0.0] * 20 + [float(k) for k in range(1, 11)] + [0.0] * 10
    start = first + timedelta(days=25)  # inside the break
    late = workspace.training_table(start, first + timedelta(days=39))
    arrays = training.load_arrays(late, start, first + timedelta(days=39))
    np.testing.assert_array_equal(arrays.rest_streak_d[:6], [6.0, 7.0, 8.0, 9.0, 10.0, 0.0])
    before = training.load_arrays(table, first - timedelta(days=2), first)
    assert np.isnan(before.rest_streak_d[:2]).all() and before.rest_streak_d[2] == 0.0


# --- training segments: a long gap without sessions starts history again (issue 11 item 9) ---

#: A real 2019 run (7.3 km, 2019-01-01 15:37 UTC, average HR 141; corpus manifest) to import
#: into recent data: the "one old file" of issue 11.
OLD_RUN_FIT = "GoldenCheetah__GoldenCheetah/test/rides/Garmin920_withFirstbeat.fit"
RECENT_END = date(2026, 3, 28)


def _same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("weeks", [4, 7])  # 7: past the 42-day warm-up, form is in the score
def test_one_old_file_leaves_todays_verdict_and_the_recent_table_unchanged_issue_11(
    sqlite_url, corpus, weeks
):
    """Seven empty years once counted as rest days and seeded the PMC from 2019: today's form
    went from +0 to −56 and the score moved by 9 points. Now the gap starts a new segment."""
    with recoverwell.open(sqlite_url, create=True) as ws:
        demo = load_demo(ws, end_day=RECENT_END, weeks=weeks)
        before = ws.readiness(demo.today)
        recent = ws.training_table(demo.first_day, demo.today)
        report = ws.import_files([corpus / "raw" / OLD_RUN_FIT])
        assert report.summary().startswith("1 new")
        after = ws.readiness(demo.today)
        table = ws.training_table(demo.first_day, demo.today)
        assert after.score == before.score and after.light == before.light
        assert repr(after.components) == repr(before.components)  # notes, z, values, all
        for old, new in zip(recent.days, table.days, strict=True):
            assert _same(old.load_au, new.load_au) and old.acwr_note == new.acwr_note
            for name, value in old.values.items():
                assert _same(value, new.values[name]), (new.day, name)
        assert table.segments == (
            training.Segment(date(2019, 1, 1), date(2019, 1, 1)),  # 08:37 in Denver
            training.Segment(demo.first_day, demo.last_day),
        )


def _run(day, minutes=50.0, km=10.0):
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=19)  # noon, Denver
    return Activity(
        start_time=start,
        sport=Sport.RUNNING,
        elapsed_s=minutes * 60,
        moving_s=minutes * 60,
        distance_m=km * 1000,
    )


@pytest.fixture
def gap(workspace):
    """One run on 2019-06-03, then 45 days from 2026-03-01 alternating 10 km in 50 min and
    5 km in 25 min (no HR: rTSS at a 4:00/km threshold, IF = 240/300 = 0.8 for both)."""
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    first = date(2026, 3, 1)
    recent = [
        _run(first + timedelta(days=i), *((50, 10) if i % 2 == 0 else (25, 5))) for i in range(45)
    ]
    workspace.add_activities([_run(date(2019, 6, 3)), *recent])
    return workspace


@pytest.mark.reference(source="hand calculation: PMC seeded per training segment")
def test_each_segment_is_seeded_by_the_mean_of_its_own_first_four_weeks(gap):
    long, short = 50 / 60 * 0.8**2 * 100, 25 / 60 * 0.8**2 * 100  # rTSS 53.3 and 26.7
    seed = (14 * long + 14 * short) / 28  # the 2026 segment's first 28 days: 14 of each
    a_ctl, a_atl = 1 - math.exp(-1 / 42), 1 - math.exp(-1 / 7)
    table = gap.training_table(date(2019, 6, 3), date(2019, 6, 4))
    old, after = table.days
    # the 2019 segment has one day of data: its seed is that day's load
    assert old.values["fitness"] == pytest.approx(long) and old.values["form"] == 0.0
    assert math.isnan(after.load_au) and math.isnan(after.values["fitness"])  # a gap: no data
    table = gap.training_table(date(2026, 2, 28), date(2026, 3, 2))
    gap_day, first, second = table.days
    assert math.isnan(gap_day.load_au) and math.isnan(gap_day.values["fatigue"])
    assert first.values["form"] == 0.0  # seed − seed: nothing before the segment counts
    fitness = seed + a_ctl * (long - seed)
    fatigue = seed + a_atl * (long - seed)
    assert first.values["fitness"] == pytest.approx(fitness)
    assert first.values["fatigue"] == pytest.approx(fatigue)
    assert second.values["fitness"] == pytest.approx(fitness + a_ctl * (short - fitness))
    assert second.values["form"] == pytest.approx(fitness - fatigue)
    days_off = (date(2026, 3, 1) - date(2019, 6, 3)).days - 1
    assert any(
        f"after {days_off} days without a session" in n and "at 40 au/day" in n for n in table.notes
    )


def test_after_a_long_gap_windows_and_warm_up_restart_but_the_break_is_still_seen(gap):
    """ACWR needs 28 days of the new segment, form 42 (docs/science.md L2, L6), and the L7 return
    rule still reads the days off: the verdict says it is back from the break."""
    first = date(2026, 3, 1)
    table = gap.training_table(first - timedelta(days=2), first + timedelta(days=44))
    acwr = [d.values["acwr_coupled"] for d in table.days[2:]]
    assert all(math.isnan(x) for x in acwr[:27]) and not math.isnan(acwr[27])
    arrays = training.load_arrays(table, first - timedelta(days=2), first + timedelta(days=44))
    days_off = (first - date(2019, 6, 3)).days - 1
    assert list(arrays.rest_streak_d[:3]) == [days_off - 1, days_off, 0.0]
    assert math.isnan(arrays.history_d[1]) and arrays.history_d[2] == 1.0  # counted afresh
    form = np.asarray(arrays.form_tsb)[2:]
    assert np.isnan(form[: training.PMC_WARMUP_D - 1]).all() and not np.isnan(form[-1])
    (load,) = [c for c in gap.readiness(first + timedelta(days=10)).components if c.key == "load"]
    assert f"back from {days_off} days without training" in load.note
    assert "10 of 42 days of training data" in load.note


def _same(a, b):
    """Equal floats, NaN equal to NaN (a NaN is 'no data', which must agree too)."""
    return (math.isnan(a) and math.isnan(b)) or a == b


def _table_facts(table):
    return [
        (d.day, d.load_au, d.sessions, d.unknown_sessions, d.distance_m, d.values)
        for d in table.days
    ]


def _assert_same_tables(mine, theirs):
    assert len(mine.days) == len(theirs.days)
    for a, b in zip(_table_facts(mine), _table_facts(theirs), strict=True):
        assert a[0] == b[0] and a[2:4] == b[2:4]
        assert _same(a[1], b[1]) and _same(a[4], b[4]), a[0]
        assert all(_same(a[5][k], b[5][k]) for k in a[5]), a[0]


def test_a_session_whose_load_cannot_be_computed_counts_without_load_issue_11(
    demo, monkeypatch, tmp_path
):
    # Whatever makes one session's load fail (Runalyze's negative-pause.tcx made
    # sample_durations_s raise), the athlete's numbers still compute: that session counts as one
    # without load, its reason is stored with it (not recomputed on every call) and it is
    # recomputed when the load parameters change.
    from recoverwell.core.errors import MetricInputError

    runs = demo.activities()
    one_run_days = [a for a in runs if sum(b.local_date == a.local_date for b in runs) == 1]
    bad = one_run_days[len(one_run_days) // 2]
    real, calls = session_loads.session_load, []

    def failing(activity, params):
        calls.append(activity.start_time)
        if activity.start_time == bad.activity.start_time:
            raise MetricInputError("time_s must not go backwards")
        return real(activity, params)

    monkeypatch.setattr(session_loads, "session_load", failing)
    demo.update_athlete(hr_rest_bpm=46)  # new parameters: every load is computed again
    table = demo.training_table()
    day = next(d for d in table.days if d.day == bad.local_date)
    assert math.isnan(day.load_au) and day.sessions == 1 and day.unknown_sessions == 1
    assert "load not computed: time_s must not go backwards" in day.session_notes
    assert any("1 whose load could not be computed" in n for n in table.notes)
    assert not math.isnan(table.days[-1].values["fitness"])  # every other number computes
    with recoverwell.open(f"sqlite:///{tmp_path / 'clean.db'}", create=True) as clean:
        load_demo(clean, end_day=END, weeks=2)
        clean.update_athlete(hr_rest_bpm=46)
        reference = clean.training_table(end=bad.local_date - timedelta(days=1))
    _assert_same_tables(demo.training_table(end=bad.local_date - timedelta(days=1)), reference)
    calls.clear()
    demo.training_table()
    assert calls == []  # the failure is stored like any load
    demo.update_athlete(hr_rest_bpm=47)
    demo.training_table()
    assert bad.activity.start_time in calls  # and computed again for new parameters


def test_excluded_sessions_count_as_no_session_in_load_volume_and_readiness_issue_11(workspace):
    # The reference is the same history without the excluded session at all: "no session".
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    me = workspace.athlete().id
    twin = workspace.create_athlete(
        recoverwell.AthleteProfile(
            name="Twin", hr_max_bpm=190, hr_rest_bpm=45, timezone="America/Denver",
            threshold_pace_s_per_km=240.0,
        )
    ).id  # fmt: skip
    noon = datetime(2026, 3, 1, 19, 0, tzinfo=UTC)  # 12:00 in Denver
    runs = [_activity(noon + timedelta(days=d), distance_m=10_000.0 + 100 * d) for d in range(30)]
    bogus = replace(
        _activity(noon + timedelta(days=12, hours=6), distance_m=58_000.0),  # 1:23/mi for 50 min
        excluded="a run averaging 1:23/mi",
    )
    workspace.add_activities([*runs, bogus], athlete_id=me)
    workspace.add_activities(runs, athlete_id=twin)
    mine, theirs = (
        workspace.training_table(athlete_id=me),
        workspace.training_table(athlete_id=twin),
    )
    _assert_same_tables(mine, theirs)
    assert mine.sessions_by_model == theirs.sessions_by_model == {"rtss": 30}
    assert any("1 excluded (counted as no session)" in n for n in mine.notes)
    day = date(2026, 3, 31)
    verdict, twins = (
        workspace.readiness(day, athlete_id=me),
        workspace.readiness(day, athlete_id=twin),
    )
    assert (verdict.score, verdict.components) == (twins.score, twins.components)
