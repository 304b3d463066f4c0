"""Why sessions have no load, and what to set: read from each session's models and parameters."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import numpy as np

from recoverwell.app.load_gaps import FIX_HR, FIX_RPE, FIX_THRESHOLD
from recoverwell.app.synthetic import DEMO_PROFILE, simulate_run
from recoverwell.core.types import SampleStreams
from recoverwell.metrics.session import LoadCurrency

START = datetime(2026, 11, 2, 13, tzinfo=UTC)


def _runs(n, *, hr=True, pace=True):
    """``n`` simulated easy runs a day apart, without HR or pace samples when asked."""
    rng = np.random.default_rng(3)
    out = []
    for k in range(n):
        run = simulate_run(START + timedelta(days=k), "easy", 8000.0, DEMO_PROFILE, rng)
        s = run.streams
        assert s is not None
        streams = SampleStreams(
            time_s=s.time_s,
            hr_bpm=s.hr_bpm if hr else None,
            speed_m_s=s.speed_m_s if pace else None,
            distance_m=s.distance_m if pace else None,
            altitude_m=s.altitude_m if pace else None,
        )
        out.append(
            dataclasses.replace(
                run,
                rpe=None,
                streams=streams,
                avg_hr_bpm=run.avg_hr_bpm if hr else None,
                distance_m=run.distance_m if pace else None,
            )
        )
    return out


def test_runs_without_heart_rate_need_a_threshold_pace(workspace):
    workspace.add_activities(_runs(3, hr=False))
    table = workspace.training_table()
    gap = table.load_gap
    assert gap is not None and gap.sessions == 3
    assert gap.reasons == (("no heart rate, threshold pace unknown, no RPE", 3),)
    assert gap.fix == FIX_THRESHOLD and gap.fix_sessions == 3
    assert gap.fix_args[:3] == ("athlete", "set", "--threshold-pace")
    assert "(5 needed)" in gap.fix_why  # too few runs for an estimate yet
    text = gap.text()
    assert text.startswith("3 sessions have no load (2026-11-02…2026-11-04): 3 no heart rate")
    assert "set the threshold pace: recoverwell athlete set --threshold-pace" in text
    workspace.update_athlete(threshold_pace_s_per_km=250.0)
    assert workspace.training_table().load_gap is None  # every run now has an rTSS


def test_heart_rate_without_anchors_or_pace_needs_hrmax_and_hrrest(workspace):
    workspace.update_athlete(hr_max_bpm=None, hr_rest_bpm=None)
    workspace.add_activities(_runs(2, pace=False))
    gap = workspace.load_gap()
    assert gap is not None and gap.fix == FIX_HR
    assert gap.reasons == (("HRmax or HRrest unknown, no pace, no RPE", 2),)
    assert gap.fix_args == ("athlete", "set", "--birth-year", "YYYY", "--hr-rest", "BPM")
    assert "or --hr-max BPM" in gap.fix_why


def test_in_the_srpe_currency_only_an_rpe_helps(workspace):
    workspace.add_activities(_runs(1))
    assert workspace.training_table().load_gap is None  # HRSS in the TSS currency
    gap = workspace.training_table(currency=LoadCurrency.SRPE).load_gap
    assert gap is not None and gap.fix == FIX_RPE and gap.reasons == (("no RPE", 1),)
    assert gap.fix_args == ("checkin", "--rpe", "ACTIVITY_ID=6")


def test_only_the_days_asked_for_are_explained(workspace):
    workspace.add_activities(_runs(3, hr=False))
    day = (START + timedelta(days=2)).date()
    gap = workspace.load_gap(day, day)
    assert gap is not None and gap.sessions == 1 and gap.first_day == gap.last_day == day
    assert workspace.load_gap(day + timedelta(days=1)) is None
