"""Totals no athlete could produce: reported, kept, excluded from load and volume (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, SampleStreams, Sport
from recoverwell.ingest.base import IssueAction, ReadResult
from recoverwell.ingest.plausibility import (
    AEROBIC_CEILING_KCAL_PER_H,
    KCAL_ALLOWANCE,
    KCAL_MARGIN,
    foot_speed_limit,
    implausible_totals,
    kcal_limit,
)
from recoverwell.ingest.registry import read_source
from recoverwell.ingest.validate import validate_activity, validate_result
from tests.ingest.corpus_helpers import corpus_member, manifest_cases

START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
RUNALYZE_TCX = "Runalyze__Runalyze/tests/testfiles/tcx/"
MILE_M = 1609.344


def _read(corpus: Path, rel: str, strict: bool = False) -> ReadResult:
    return read_source(corpus_member(corpus / "raw", rel).source(), strict=strict)


@pytest.mark.reference(
    source="Runalyze OutOfRangeValueFilter.php:29 (EnergyConsumption 1–65535 kcal) refuses it "
    "too; limit by hand: 2250 × 1.5 × 2731.767 / 3600 + 100 = 2661 kcal"
)
def test_a_45_minute_ride_of_547469_kcal_is_excluded_and_fails_strict(corpus: Path) -> None:
    # the file's Calories are the FTP test's work in joules (≈ 200 W × 2732 s)
    result = _read(corpus, RUNALYZE_TCX + "Power-ns2-extension.tcx")
    (ride,) = result.activities
    assert ride.calories_kcal == 547_469  # kept as the file says, for the athlete to see
    assert ride.excluded is not None and "547,469 kcal in 45:32" in ride.excluded
    assert ride.streams is not None and len(ride.streams) == 2731  # nothing else is lost
    (issue,) = [i for i in result.issues if i.action is IssueAction.EXCLUDED]
    assert issue.field == "calories_kcal"
    assert "over the 2,661 kcal" in issue.message
    assert kcal_limit(2731.767) == pytest.approx(2250 * 1.5 * 2731.767 / 3600 + 100)
    with pytest.raises(ParseError) as caught:
        _read(corpus, RUNALYZE_TCX + "Power-ns2-extension.tcx", strict=True)
    assert caught.value.field == "calories_kcal"
    assert "Power-ns2-extension.tcx" in str(caught.value)


def test_polars_519_kcal_in_13_seconds_is_excluded(corpus: Path) -> None:
    # Polar Beat: 13 s, 94 m, 519 kcal; the limit is 2250 × 1.5 × 13 / 3600 + 100 ≈ 112 kcal
    (ride,) = _read(corpus, RUNALYZE_TCX + "Polar-one-lap-indoor-with-distance.tcx").activities
    assert ride.excluded is not None and ride.excluded.startswith("519 kcal in 0:13")


@pytest.mark.reference(source="hand calculation: 1:23/mi = 1609.344 m / 83 s = 19.39 m/s")
def test_a_run_averaging_1_23_per_mile_is_excluded() -> None:
    speed = MILE_M / 83
    run = Activity(START, Sport.RUNNING, 1800.0, moving_s=1800.0, distance_m=1800 * speed)
    checked, issues = validate_activity(run, "run.fit")
    assert checked.excluded is not None
    assert "19.4 m/s (0:52/km, 1:23/mi)" in checked.excluded
    assert "10,000 m world record" in checked.excluded  # the longest race under 30 min
    assert [(i.field, i.action) for i in issues] == [("distance_m", IssueAction.EXCLUDED)]
    with pytest.raises(ParseError, match="1:23/mi"):
        validate_activity(run, "run.fit", strict=True)


@pytest.mark.reference(
    source="World Athletics records: 10,000 m 26:11.00 (Cheptegei 2020), marathon 2:00:35 "
    "(Kiptum 2023), 100 m 9.58 s (Bolt 2009); + 10 %"
)
def test_the_foot_limit_is_the_record_of_the_longest_race_that_short() -> None:
    assert foot_speed_limit(26 * 60 + 11)[0] == pytest.approx(10_000 / 1571 * 1.1)
    assert foot_speed_limit(3600)[0] == pytest.approx(10_000 / 1571 * 1.1)  # 7.00 m/s
    assert foot_speed_limit(3 * 3600)[0] == pytest.approx(42_195 / 7235 * 1.1)
    assert foot_speed_limit(5)[0] == pytest.approx(100 / 9.58 * 1.1)
    # a world-class 10 km (27:30) is plausible, a car on a 10 km "run" in 20 min is not
    at = Activity(START, Sport.RUNNING, 1650.0, moving_s=1650.0, distance_m=10_000.0)
    assert implausible_totals(at) == []
    car = Activity(START, Sport.RUNNING, 1200.0, moving_s=1200.0, distance_m=20_000.0)
    assert implausible_totals(car)[0][0] == "distance_m"


def test_a_ride_faster_than_85_kmh_is_excluded_but_a_fast_ride_is_not() -> None:
    # 1.5 × the hour record: 1.5 × 56,792 m / 3600 s = 23.66 m/s (85.2 km/h)
    fast = Activity(START, Sport.CYCLING, 3600.0, distance_m=50_000.0)  # 50 km/h
    assert implausible_totals(fast) == []
    drive = Activity(START, Sport.CYCLING, 3600.0, distance_m=100_000.0)  # 100 km/h
    assert [f for f, _ in implausible_totals(drive)] == ["distance_m"]


def test_strava_csvs_936_m_walk_in_3_seconds_is_excluded(corpus: Path) -> None:
    path = corpus / "exports/strava/TheNewThinkTank__strava-insights/data/activities.csv"
    result = read_source(corpus_member(path.parent, path.name).source())
    excluded = [a for a in result.activities if a.excluded]
    assert [(a.sport, a.distance_m, a.moving_s) for a in excluded] == [
        (Sport.WALKING, pytest.approx(936.22), 3.0)
    ]
    assert len(result.activities) == 112  # the row is kept, only out of load and volume


def test_short_efforts_have_an_allowance_and_the_ceiling_is_per_hour() -> None:
    # Strava's 53 s run of 33.6 kcal (2,283 kcal/h) is a hard rep, not an error
    rep = Activity(START, Sport.RUNNING, 53.0, moving_s=53.0, calories_kcal=33.6)
    assert implausible_totals(rep) == []
    assert kcal_limit(3600) == AEROBIC_CEILING_KCAL_PER_H * KCAL_MARGIN + KCAL_ALLOWANCE


def test_no_other_real_activity_of_the_corpus_is_excluded(corpus: Path) -> None:
    """The limits catch garbage, not athletes: of every activity in corpus/raw only the two
    files above are excluded."""
    excluded = set()
    for path, member, facts in manifest_cases():
        if facts["expect"] != "imported":
            continue
        result = read_source(corpus_member(corpus / "raw", path, member).source())
        if any(a.excluded for a in result.activities):
            excluded.add(path.rsplit("/", 1)[-1])
    assert excluded == {"Power-ns2-extension.tcx", "Polar-one-lap-indoor-with-distance.tcx"}


def test_an_activity_already_excluded_keeps_its_reason() -> None:
    mine = Activity(START, Sport.RUNNING, 600.0, distance_m=2000.0, excluded="treadmill test")
    checked, _ = validate_activity(mine, "a.fit")
    assert checked.excluded == "treadmill test"


def test_an_implausible_row_of_an_export_is_excluded_not_dropped() -> None:
    good = Activity(START, Sport.RUNNING, 3600.0, distance_m=12_000.0)
    bad = Activity(START, Sport.RUNNING, 600.0, distance_m=20_000.0)
    result = validate_result(ReadResult("strava_csv", activities=(good, bad)), "activities.csv")
    assert [a.excluded is None for a in result.activities] == [True, False]
    assert result.issues[0].message.startswith("activity 2: average speed")


def test_streams_are_unaffected_by_an_exclusion() -> None:
    t = np.arange(10.0)
    streams = SampleStreams.from_mapping({"time_s": t, "hr_bpm": np.full(10, 150.0)})
    odd = Activity(START, Sport.CYCLING, 9.0, calories_kcal=5000.0, streams=streams)
    checked, _ = validate_activity(odd, "a.fit")
    assert checked.excluded and checked.streams.hr_bpm.tolist() == [150.0] * 10
