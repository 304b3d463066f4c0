import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.base import Source
from recoverwell.ingest.strava import (
    StravaActivitiesReader,
    StravaRow,
    join_strava,
    parse_strava_date,
)
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


# Issue 11 item 10: every generation of activities.csv reads the same way. Each fixture has the
# verbatim header of a real export (cited) and one synthetic row: a 50-minute, 10.0125 km run.
GENERATIONS = {
    "strava_activities_79.csv": "DillM94/Strava activities.csv:1 (2020, 79 columns)",
    "strava_activities_80.csv": "Mattwasd/Strava activities.csv:1 (2019-2021, 80 columns)",
    "strava_activities_94.csv": (
        "JoBoSo/Strava-Activity-Map strava_exports/strava_export_12_17_2024/activities.csv:1;"
        " AakashB-1996/Strava_Analysis activities.csv:1 (94 columns)"
    ),
    "strava_activities_99.csv": (
        "thefipster/strive legacy/aggregator/TheFipster.ActivityAggregator.Importer/Features/"
        "Classification/Components/Vendors/Strava/StravaActivitiesClassifier.cs:11 (99 columns)"
    ),
    "strava_activities_103.csv": "MaryaPanova/strava-cycling-analysis activities.csv:1 (2026, 103)",
    "strava_activities_en_gb.csv": (
        "dlpb/garmin-strava-activity-updater src/test/java/uk/dlpb/model/StravaActivityTest.java:"
        "19-20 (en-GB account: 78 columns, '24 Dec 2020, 08:13:59')"
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATIONS))
def test_every_header_generation_gives_the_same_activity(name):
    result = read(FIXTURES / name)
    run = result.activities[0]
    assert run.start_time == datetime(2023, 7, 20, 6, 15, tzinfo=UTC)
    assert run.sport is Sport.RUNNING and run.name == "Morning Run"
    assert (run.elapsed_s, run.moving_s) == (3000.0, 2950.0)
    assert run.distance_m == 10012.5  # the second (metre) Distance, never the display 10.01
    assert (run.avg_hr_bpm, run.max_hr_bpm, run.calories_kcal) == (150.5, 172.0, 700.0)
    assert (run.ascent_m, run.descent_m, run.rpe) == (55.0, 54.0, 6.0)
    (effort,) = [o for o in result.observations if o.context == "strava:9000000001"]
    assert effort.value == 80


def test_the_generations_are_the_column_counts_their_sources_say():
    counts = {n: len(first_cells(FIXTURES / n)) for n in GENERATIONS}
    assert counts == {
        "strava_activities_79.csv": 79,
        "strava_activities_80.csv": 80,
        "strava_activities_94.csv": 94,
        "strava_activities_99.csv": 99,
        "strava_activities_103.csv": 103,
        "strava_activities_en_gb.csv": 78,
    }


@pytest.mark.reference(source="Mattwasd/Strava activities.csv:2-3 (GPX uploads, Calories 0.0)")
def test_zero_calories_is_not_estimated_and_left_out():
    result = read(FIXTURES / "strava_activities_80.csv", strict=True)
    evening = result.activities[1]
    assert evening.calories_kcal is None and evening.distance_m == 6506.6
    (note,) = result.issues
    assert note.record == 3 and "not estimated" in note.message


def test_en_gb_dates_are_day_first_on_a_24_hour_clock():
    assert parse_strava_date("24 Dec 2020, 08:13:59") == datetime(
        2020, 12, 24, 8, 13, 59, tzinfo=UTC
    )


def first_cells(path):
    with path.open(newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def test_gear_is_the_activity_gear_name_else_the_gear_id(corpus):
    # the sample names one pair ("pegasus", gear 13966465) and leaves two unnamed (ids only)
    with (corpus / SAMPLE).open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    result = read(corpus / SAMPLE)
    expected = [
        r["Activity Gear"] or (f"Strava gear {r['Gear'].removesuffix('.0')}" if r["Gear"] else None)
        for r in rows
    ]
    assert [a.gear for a in result.activities] == expected
    gears = {a.gear for a in result.activities} - {None}
    assert gears == {"pegasus", "Strava gear 8142932", "Strava gear 9134886"}
    assert sum(a.gear == "pegasus" for a in result.activities) == 10


def test_the_old_header_names_gear_in_its_gear_column(tmp_path):
    path = tmp_path / "activities.csv"
    path.write_text(
        "id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
        "1812345,2018-09-12 15:02:23,Morning Run,Run,,3000,10000.5,false,Pegasus 35,\n"
    )
    (run,) = read(path).activities
    assert run.gear == "Pegasus 35"


def test_join_keeps_the_csv_gear_on_the_activity_read_from_the_file():
    row_activity = Activity(
        datetime(2021, 1, 27, 13, 57, 47, tzinfo=UTC), Sport.RUNNING, 1275.0, gear="pegasus"
    )
    row = StravaRow("1", row_activity, "activities/1.fit", 2)
    from_file = Activity(row_activity.start_time, Sport.RUNNING, 1275.0, source_format="fit")
    (joined,), _ = join_strava([row], lambda _name: from_file)
    assert (joined.source_format, joined.gear) == ("fit", "pegasus")
