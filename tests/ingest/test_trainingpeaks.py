from datetime import date, timedelta
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.localtime import is_floating
from recoverwell.ingest.trainingpeaks import TrainingPeaksReader

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = "exports/trainingpeaks/EdlineDallal__ironman_training_dashboard/workouts.csv"


def read(path, strict=False):
    reader = TrainingPeaksReader()
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read(
        Source(str(path), lambda: path.open("rb"), path.stat().st_size), strict=strict
    )


def test_completed_workouts_become_activities_and_keep_tss_if_rpe_feeling(corpus):
    result = read(corpus / SAMPLE)
    assert len(result.activities) == 113  # 129 rows − planned-only rows and days off
    first = result.activities[0]
    assert first.sport is Sport.RUNNING and first.name == "Z2 - לפי דופק"
    assert first.elapsed_s == pytest.approx(1.38244915008545 * 3600)
    assert first.distance_m == pytest.approx(12528.83984375)
    assert is_floating(first.start_time) and first.start_time.date() == date(2026, 2, 1)
    day1 = {
        o.signal: o.value
        for o in result.observations
        if o.day == date(2026, 2, 1) and o.context == "workout:1"
    }
    assert day1 == {
        "tss_au": 63.03,
        "intensity_factor": pytest.approx(0.638982729245007),
        "tp_rpe": 1.0,
        "tp_feeling": 1.0,
    }
    skipped = next(i for i in result.issues if "planned-only" in i.message)
    assert skipped.count == 129 - 113 and skipped.action is IssueAction.NOTED


def test_two_workouts_on_one_day_stay_apart_and_bad_rows_are_reported():
    result = read(FIXTURES / "trainingpeaks_workouts_malformed.csv")
    easy, strides = result.activities
    assert strides.start_time - easy.start_time == timedelta(seconds=1)
    contexts = {(o.context, o.signal) for o in result.observations}
    assert ("workout:2", "tss_au") in contexts and ("workout:2", "tp_feeling") not in contexts
    dropped = {(i.record, i.field) for i in result.issues if i.action is IssueAction.DROPPED}
    assert dropped == {(4, "WorkoutDay"), (5, "TimeTotalInHours")}


def test_strict_mode_raises_on_the_impossible_date():
    with pytest.raises(ParseError, match="record 4, field 'WorkoutDay'"):
        read(FIXTURES / "trainingpeaks_workouts_malformed.csv", strict=True)
