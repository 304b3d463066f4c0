"""The demo workspace: a synthetic athlete, loaded into the store, and what we can show of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from recoverwell.app.synthetic import DEMO_PROFILE, DEMO_SEED, generate_training
from recoverwell.app.synthetic_wellness import (
    LATE_BLOCK_MIN_WEEKS,
    generate_recovery,
    with_late_block,
)
from recoverwell.app.weeks import WeekSummary, summarize_weeks
from recoverwell.app.workspace import Workspace
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.timeutil import parse_timezone, today_in
from recoverwell.core.types import StoredActivity

DEMO_WEEKS = 16


WeekVolume = WeekSummary  # one Monday-to-Sunday week of running (app/weeks.py)


@dataclass(frozen=True, slots=True)
class DemoLoad:
    """What ``load_demo`` stored. ``today`` is the morning after the last day of training."""

    athlete: AthleteProfile
    activities: int
    first_day: date
    last_day: date
    observations: int = 0
    sleep_periods: int = 0
    late_block_start: date | None = None

    @property
    def today(self) -> date:
        """The demo's "today": recovery signals are in, training is still to come."""
        return self.last_day + timedelta(days=1)


def load_demo(
    workspace: Workspace,
    end_day: date | None = None,
    weeks: int = DEMO_WEEKS,
    seed: int = DEMO_SEED,
) -> DemoLoad:
    """Create (or reset) the synthetic demo athlete and store its training up to ``end_day``.

    ``end_day`` defaults to yesterday in the athlete's timezone, so "today" is still to come.
    With at least ``LATE_BLOCK_MIN_WEEKS`` weeks, the last days are a scripted block of
    accumulating fatigue (``synthetic_wellness``; shorter demos have no baselines yet), and the
    recovery signals (HRV, RHR, sleep with naps, check-ins, body mass) run to the morning after
    ``end_day``. Running it twice gives the same workspace: the demo athlete's data is replaced,
    never doubled.
    """
    end_day = end_day or today_in(parse_timezone(DEMO_PROFILE.timezone)) - timedelta(days=1)
    existing = [a for a in workspace.athletes() if a.synthetic and a.name == DEMO_PROFILE.name]
    if existing:
        athlete = existing[0]
        workspace.reset_athlete_data(athlete.id)
    else:
        athlete = workspace.create_athlete(DEMO_PROFILE)
    runs = generate_training(athlete, end_day, weeks=weeks, seed=seed)
    late_block = weeks >= LATE_BLOCK_MIN_WEEKS
    if late_block:
        runs = with_late_block(runs, athlete, end_day, seed)
    workspace.add_activities(runs, athlete.id)
    stored = workspace.activities(athlete_id=athlete.id)
    first = stored[0].local_date
    today = end_day + timedelta(days=1)
    signals = generate_recovery(athlete, runs, first, today, seed, late_block=late_block)
    new_obs, _, _ = workspace.add_observations(signals.observations, athlete.id)
    new_sleep, _, _ = workspace.add_sleep_periods(signals.sleep, athlete.id)
    return DemoLoad(
        athlete,
        len(stored),
        first,
        stored[-1].local_date,
        observations=new_obs,
        sleep_periods=new_sleep,
        late_block_start=signals.late_block_start,
    )


def weekly_volume(activities: list[StoredActivity]) -> list[WeekVolume]:
    """Running volume per ISO week (Monday start), oldest first; weeks without runs included."""
    return summarize_weeks(activities)
