"""Profile estimates from the runner's own runs, on the synthetic runner whose thresholds we know.

``app/synthetic.py`` simulates every run from the demo profile: HR at threshold pace on the flat
is 44 + 0.87 × (190 − 44) = 171 bpm, threshold pace 218 s/km. The expected estimates below are
derived from what the simulated week contains, not read from the code's output:

- the hardest sustained effort is Thursday's tempo, 6 mi at 1.03 × threshold pace (36 min);
  its best 30 min hold that speed, so Daniels' T pace is T(VDOT(v_tempo, 30 min));
- its HR is 44 + 146 × 0.87 / 1.03 = 167.3 bpm, so LTHR reads 0.95 × 167.3 (the 20-min test);
- the fastest running is the 1 km reps at 0.94 × threshold pace: HR 44 + 146 × 0.87 / 0.94 =
  179.1 on the flat, held for minutes; the simulation caps HR at 190. That is a floor under the
  runner's 190: it raises an age estimate below it (age 50: Tanaka 173), not one above it.

Tolerances come from the simulated course: its hills (grades up to ~3 %) slow the runner by
1 + 4.5 × grade uphill and speed him by 1/(1 + 2 × grade) downhill, where Minetti's GAP credits
~5.4 × grade, so grade-adjusted speed over a hilly window reads up to ~2.5 % under the plan (3 %
allowed); the grade terms of its HR model move HR by up to 146 × 0.025 ≈ 4 bpm (4 allowed).

No workout is all-out, so every estimate sits on the cautious side of the truth: LTHR and
threshold pace below the simulation's, as the method documents.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

import recoverwell
from recoverwell.app import estimates
from recoverwell.app.estimates import BESTS_RULES, MIN_RUNS, profile_estimates
from recoverwell.app.load_state import StateAction
from recoverwell.app.synthetic import DEMO_PROFILE, generate_training, simulate_run
from recoverwell.metrics.estimates import (
    SPEED_EFFORT_S,
    best_session,
    best_vdot,
    daniels_t_speed_m_s,
    vdot,
)
from recoverwell.store.bests import list_session_bests
from recoverwell.store.engine import reading

END = date(2026, 11, 29)  # a Sunday: 16 full weeks
HR_REST, HR_MAX, THRESHOLD_S_PER_KM = 44.0, 190.0, 218.0
TEMPO_S_PER_KM = 1.03 * THRESHOLD_S_PER_KM
GAP_TOLERANCE = 0.03
HR_TOLERANCE_BPM = 4.0

UNSET = dataclasses.replace(
    DEMO_PROFILE,
    name="Own data",
    synthetic=False,
    birth_year=None,
    hr_max_bpm=None,
    lthr_bpm=None,
    threshold_pace_s_per_km=None,
)


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('est') / 'rw.db'}"
    with recoverwell.open(url, create=True) as ws:
        athlete = ws.create_athlete(UNSET)
        ws.add_activities(generate_training(DEMO_PROFILE, END, weeks=16), athlete.id)
        yield ws, athlete.id


def _expected_threshold_s_per_km():
    v = 1000.0 / TEMPO_S_PER_KM
    level = vdot(np.array(v), np.array(1800.0))
    return 1000.0 / float(daniels_t_speed_m_s(level))


@pytest.mark.reference(source="Daniels T pace of the simulated tempo (module docstring)")
def test_threshold_pace_is_daniels_t_of_the_hardest_tempo(runner):
    ws, athlete_id = runner
    resolved = ws.resolved_profile(athlete_id, END)
    pace = resolved.threshold_pace_s_per_km
    assert pace.origin == "estimated" and pace.method.startswith("Daniels T pace")
    expected = _expected_threshold_s_per_km()  # 234.8 s/km
    assert pace.value == pytest.approx(expected, rel=GAP_TOLERANCE)
    assert pace.value > THRESHOLD_S_PER_KM  # slower than the truth: no race in training


@pytest.mark.reference(source="Friel/80-20 on the simulated tempo's HR (module docstring)")
def test_lthr_is_the_tempos_20_minute_hr_times_095(runner):
    ws, athlete_id = runner
    lthr = ws.resolved_profile(athlete_id, END).lthr_bpm  # no HRmax: no Karvonen to compare
    tempo_hr = HR_REST + (HR_MAX - HR_REST) * 0.87 / 1.03
    assert (
        lthr.origin == "estimated"
        and "20-min HR" in lthr.method
        and "second-best run" in lthr.method
    )
    assert lthr.value == pytest.approx(0.95 * tempo_hr, abs=HR_TOLERANCE_BPM)
    assert lthr.value < HR_REST + 0.87 * (HR_MAX - HR_REST)  # below the simulation's 171


def test_the_runs_only_raise_karvonens_lthr(runner):
    ws, athlete_id = runner
    try:
        # HRmax 170: Karvonen 44 + 0.85 × (170 − 44) = 151.1 → 151, under the runs' ~159
        ws.update_athlete(athlete_id, hr_max_bpm=170.0)
        raised = ws.resolved_profile(athlete_id, END).lthr_bpm
        assert raised.value > 151 and "20-min HR" in raised.method
        # HRmax 190: Karvonen 44 + 0.85 × 146 = 168.1 → 168 stays, and says what the runs read
        ws.update_athlete(athlete_id, hr_max_bpm=190.0)
        kept = ws.resolved_profile(athlete_id, END).lthr_bpm
        assert kept.value == 168 and kept.method.startswith("Karvonen")
        assert "not above Karvonen's 168" in kept.method
    finally:
        ws.update_athlete(athlete_id, hr_max_bpm=None)


@pytest.mark.reference(source="the simulated reps' HR and the simulation's cap (docstring)")
def test_hr_max_from_the_runs_only_raises_the_age_estimate(runner):
    ws, athlete_id = runner
    reps_hr = HR_REST + (HR_MAX - HR_REST) * 0.87 / 0.94  # 179.1
    floor = ws.resolved_profile(athlete_id, END).hr_max_bpm
    assert floor.value is None and "a floor, not a maximum, without an age" in floor.method
    try:
        ws.update_athlete(athlete_id, birth_year=END.year - 50)  # Tanaka: 208 − 35 = 173
        raised = ws.resolved_profile(athlete_id, END).hr_max_bpm
        assert raised.origin == "estimated" and "above Tanaka's 173" in raised.method
        assert reps_hr - HR_TOLERANCE_BPM <= raised.value <= HR_MAX
        ws.update_athlete(athlete_id, birth_year=1994)  # Tanaka at 32: 208 − 22.4 = 186
        resolved = ws.resolved_profile(athlete_id, END)
        assert resolved.hr_max_bpm.value == 186.0
        assert resolved.hr_max_bpm.method.startswith("Tanaka 2001")
        assert "not above Tanaka's 186" in resolved.hr_max_bpm.method
    finally:
        ws.update_athlete(athlete_id, birth_year=None)


def test_a_set_value_always_wins(runner):
    ws, athlete_id = runner
    try:
        ws.update_athlete(athlete_id, lthr_bpm=171.0, threshold_pace_s_per_km=218.0)
        kept = ws.resolved_profile(athlete_id, END)
        assert kept.lthr_bpm.origin == "set" and kept.lthr_bpm.value == 171.0
        assert kept.threshold_pace_s_per_km.origin == "set" and kept.estimated == ()
    finally:
        ws.update_athlete(athlete_id, lthr_bpm=None, threshold_pace_s_per_km=None)


def test_too_few_runs_leave_the_fallback_and_say_how_many(runner):
    ws, athlete_id = runner
    early = END - timedelta(weeks=16) + timedelta(days=MIN_RUNS - 2)  # a few days of runs
    resolved = ws.resolved_profile(athlete_id, early)
    pace = resolved.threshold_pace_s_per_km
    assert pace.value is None and pace.origin == "unknown"
    assert f"({MIN_RUNS} needed)" in pace.method
    found = profile_estimates(ws.athlete_scope(athlete_id), early)
    assert not found.threshold_pace_s_per_km.usable and found.threshold_pace_s_per_km.runs > 0


def test_best_efforts_are_read_once_and_again_when_the_rules_change(runner, monkeypatch):
    ws, athlete_id = runner
    ws.resolved_profile(athlete_id, END)
    calls = []
    real = estimates.session_bests
    monkeypatch.setattr(estimates, "session_bests", lambda s: calls.append(1) or real(s))
    ws.resolved_profile(athlete_id, END)
    assert calls == []
    with reading(ws.engine) as conn:
        rows = list_session_bests(conn, athlete_id)
    assert {r["rules"] for r in rows.values()} == {BESTS_RULES}
    monkeypatch.setattr(estimates, "BESTS_RULES", BESTS_RULES + ";changed")
    ws.resolved_profile(athlete_id, END)
    assert len(calls) == len(rows)


def test_a_changed_estimate_recomputes_loads_and_rebuilds_the_nightly_state(tmp_path):
    with recoverwell.open(f"sqlite:///{tmp_path / 'rw.db'}", create=True) as ws:
        athlete = ws.create_athlete(dataclasses.replace(UNSET, timezone="UTC"))
        yesterday = ws.today(athlete.id) - timedelta(days=1)  # the job reads as of today
        runs = generate_training(DEMO_PROFILE, yesterday, weeks=6)
        ws.add_activities(runs, athlete.id)
        first = ws.update_load_states()[0]
        before = ws.resolved_profile(athlete.id)
        # two faster tempos today (two runs must agree): a new threshold-pace estimate
        faster = dataclasses.replace(DEMO_PROFILE, threshold_pace_s_per_km=205.0)
        rng = np.random.default_rng(7)
        today = yesterday + timedelta(days=1)
        tempos = [
            simulate_run(datetime.combine(today, time(hour), tzinfo=UTC), "tempo", 16_000.0,
                         faster, rng)
            for hour in (7, 17)
        ]  # fmt: skip
        ws.add_activities(tempos, athlete.id)
        after = ws.resolved_profile(athlete.id)
        assert after.threshold_pace_s_per_km.value < before.threshold_pace_s_per_km.value
        update = ws.update_load_states()[0]
    assert first.action is StateAction.REBUILT
    assert update.action is StateAction.REBUILT
    assert "an estimate from the runs" in update.reason


RUNALYZE_FILES = "raw/Runalyze__Runalyze/tests/testfiles"


def test_real_runs_give_plausible_bests_and_one_faulty_run_sets_nothing(corpus, sqlite_url):
    """Corpus runs read in place: a Forerunner 305 TCX whose GPS altitude jitters (per-sample
    grades averaged 11 % and read 3:03/km for 10 min where it ran 4:25), and a TomTom FIT whose
    optical HR sits at ~220 for minutes (Runalyze's invalid-altitude test file)."""
    files = [
        corpus / RUNALYZE_FILES / "tcx" / "Standard.tcx",
        corpus / RUNALYZE_FILES / "fit" / "invalid-altitude-and-empty-record-at-end.fit",
        corpus / RUNALYZE_FILES / "fit" / "FR920xt-with-Stryd.fit",
        corpus / RUNALYZE_FILES / "fit" / "FR920xt-with-runscribe-plus.fit",
    ]
    with recoverwell.open(sqlite_url, create=True) as ws:
        athlete = ws.create_athlete(recoverwell.AthleteProfile(name="Corpus", timezone="UTC"))
        ws.import_files(files, athlete_id=athlete.id)
        runs = ws.activities(athlete_id=athlete.id)
        bests = estimates.cached_bests(ws.athlete_scope(athlete.id), runs)
    assert len(runs) == len(files)
    by_device = {a.activity.device or "": bests[a.id] for a in runs}
    fr305 = next(b for d, b in by_device.items() if d.startswith("Forerunner305"))
    assert 1000 / fr305.gap_mean_max_m_s[0] > 240  # not the 183 s/km per-sample grades gave
    levels, _ = best_vdot(np.array([b.gap_mean_max_m_s for b in bests.values()]), SPEED_EFFORT_S)
    assert np.nanmax(levels) < 60  # club runners, no GPS fault read as world class
    held = [b.hr_held_max_bpm for b in bests.values()]
    assert max(held) >= 215  # the TomTom's fault is there …
    assert best_session(held, runs_agreeing=2).value < 200  # … and sets nothing alone
