"""Shoe mileage: counted sessions summed per gear, from Strava's export or the athlete's edit."""

from datetime import UTC, date, datetime

import pytest

from recoverwell.app.activity_fixes import ActivityEdit
from recoverwell.app.gear import gear_summary, gear_use
from recoverwell.core.types import Activity, Sport, StoredActivity

SAMPLE = "exports/strava/TheNewThinkTank__strava-insights/data/activities.csv"


def _done(day, km, gear, sport=Sport.RUNNING, **kw):
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    a = Activity(start, sport, km * 300.0, moving_s=km * 300.0, distance_m=km * 1000.0,
                 gear=gear, **kw)  # fmt: skip
    return StoredActivity(0, 1, day, a)


@pytest.mark.reference(source="hand calculation")
def test_each_gear_sums_its_counted_sessions():
    uses = gear_use(
        [
            _done(date(2026, 11, 1), 10, "pegasus"),
            _done(date(2026, 11, 3), 21.1, "pegasus"),
            _done(date(2026, 11, 2), 5, "vaporfly"),
            _done(date(2026, 11, 4), 400, "pegasus", excluded="GPS glitch"),  # left out
            _done(date(2026, 11, 5), 8, None),
            _done(date(2026, 11, 6), 30, "pegasus", sport=Sport.WALKING),
        ]
    )
    pegasus, vaporfly = uses  # most distance first
    assert (pegasus.gear, pegasus.sessions, pegasus.runs) == ("pegasus", 3, 2)
    assert pegasus.distance_m == pytest.approx((10 + 21.1 + 30) * 1000)
    assert pegasus.moving_s == pytest.approx((10 + 21.1 + 30) * 300)
    assert (pegasus.first_day, pegasus.last_day) == (date(2026, 11, 1), date(2026, 11, 6))
    assert pegasus.longest_m == pytest.approx(30_000)
    assert (vaporfly.gear, vaporfly.distance_m) == ("vaporfly", 5000.0)


def test_strava_gear_and_a_users_edit_are_summed_from_the_workspace(workspace, corpus):
    workspace.import_files([corpus / SAMPLE])
    athlete = workspace.athlete().id
    uses, unnamed = gear_summary(workspace.athlete_scope(athlete))
    pegasus = next(u for u in uses if u.gear == "pegasus")
    runs = [a for a in workspace.activities() if a.activity.gear == "pegasus"]
    assert pegasus.sessions == len(runs) == 10
    assert pegasus.distance_m == pytest.approx(sum(a.activity.distance_m or 0 for a in runs))
    plain = next(a for a in workspace.activities() if a.activity.gear is None)
    workspace.edit_activity(plain.id, ActivityEdit(gear="pegasus"))
    uses_after, unnamed_after = gear_summary(workspace.athlete_scope(athlete))
    after = next(u for u in uses_after if u.gear == "pegasus")
    assert after.sessions == 11 and unnamed_after == unnamed - 1
    assert after.distance_m == pytest.approx(pegasus.distance_m + (plain.activity.distance_m or 0))
