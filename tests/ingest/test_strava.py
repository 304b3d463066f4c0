from datetime import UTC, datetime
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.base import Source
from recoverwell.ingest.strava import StravaActivitiesReader, join_strava, parse_strava_date
from recoverwell.ingest.tabular import Collector

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = "exports/strava/TheNewThinkTank__strava-insights/data/activities.csv"


def source(path):
    return Source(str(path), lambda: path.open("rb"), path.stat().st_size)


def read(path, strict=False):
    reader = StravaActivitiesReader()
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read(source(path), strict=strict)


def test_the_87_column_export_reads_every_activity_with_the_metre_distance(corpus):
    result = read(corpus / SAMPLE)
    assert len(result.activities) == 112 and result.issues == ()
    assert sum(a.sport is Sport.RUNNING for a in result.activities) == 89
    ride = result.activities[0]
    assert ride.start_time == datetime(2021, 1, 27, 13, 57, 47, tzinfo=UTC)
    assert ride.distance_m == pytest.approx(5612.39990234375)  # second "Distance", metres
    assert ride.elapsed_s == 1275 and ride.moving_s == 1258 and ride.name == "Afternoon Ride"
    rated = [a for a in result.activities if a.rpe is not None]
    assert len(rated) == 10 and {a.rpe for a in rated} == {3.0, 7.0, 8.0}
    assert next(a for a in rated if a.name == "easy jog").rpe == 3.0


def test_relative_effort_is_kept_per_activity(corpus):
    result = read(corpus / SAMPLE)
    efforts = [o for o in result.observations if o.signal == "strava_relative_effort"]
    assert len(efforts) == 20
    assert all(o.context.startswith("strava:") for o in efforts)


def test_the_pre_2019_header_and_its_malformed_rows():
    result = read(FIXTURES / "strava_activities_2018.csv")
    (run,) = result.activities
    assert run.start_time == datetime(2018, 9, 12, 15, 2, 23, tzinfo=UTC)
    assert run.distance_m == 10000.5
    assert {(i.record, i.field) for i in result.issues} == {(3, "date"), (4, "elapsed_time")}
    with pytest.raises(ParseError, match="record 3, field 'date'"):
        read(FIXTURES / "strava_activities_2018.csv", strict=True)


def test_join_keeps_the_csv_name_and_rpe_on_the_activity_read_from_the_file(corpus):
    reader = StravaActivitiesReader()
    rows = reader.rows(source(corpus / SAMPLE), Collector("activities.csv", "strava_csv"))
    rated = next(r for r in rows if r.activity.rpe == 3.0)
    from_file = Activity(rated.activity.start_time, Sport.RUNNING, 1800.0, name="Run 1")
    seen = []

    def read_file(name):
        seen.append(name)
        return from_file if name == rated.filename else None

    joined, issues = join_strava(rows, read_file)
    assert len(joined) == len(rows) == 112
    merged = joined[rows.index(rated)]
    assert merged.elapsed_s == 1800.0 and merged.name == "easy jog" and merged.rpe == 3.0
    assert len(seen) == 93  # every row with a Filename; manual entries have none
    assert len(issues) == 92  # the other files were not readable here: CSV totals kept


def test_strava_dates_with_a_narrow_no_break_space():
    assert parse_strava_date("Feb 22, 2021, 10:30:06\u202fAM").hour == 10
