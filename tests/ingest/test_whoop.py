from datetime import date, timedelta
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.whoop import WhoopReader

FIXTURES = Path(__file__).parent / "fixtures"
WHOOP = "exports/whoop/TheOneRichy__whoop_data"


def read(path, strict=False):
    reader = WhoopReader()
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read(
        Source(str(path), lambda: path.open("rb"), path.stat().st_size), strict=strict
    )


def only(result, day, signal):
    (obs,) = [o for o in result.observations if o.day == day and o.signal == signal]
    return obs


def test_physiological_cycles_give_recovery_hrv_and_rhr_on_the_wake_up_day(corpus):
    result = read(corpus / WHOOP / "physiological_cycles.csv")
    assert len([o for o in result.observations if o.signal == "hrv_rmssd_ms"]) == 171
    # first row: onset 2024-06-23 20:24 (UTC-04:00), wake 2024-06-24 05:44 → 24 June
    hrv = only(result, date(2024, 6, 24), "hrv_rmssd_ms")
    assert hrv.value == 16 and hrv.context == "overnight" and hrv.source == "whoop"
    assert only(result, date(2024, 6, 24), "rhr_bpm").value == 77
    assert only(result, date(2024, 6, 24), "vendor_recovery_score").value == 65
    # second row has strain only: cycle start 2024-06-22 23:00 → waking day 23 June
    assert only(result, date(2024, 6, 23), "vendor_strain").value == pytest.approx(4.0)
    assert result.issues == ()


def test_sleeps_become_periods_with_stages_naps_and_the_row_offset(corpus):
    result = read(corpus / WHOOP / "sleeps.csv")
    assert len(result.sleep) == 183
    assert sum(p.is_nap for p in result.sleep) == 11
    first = result.sleep[0]
    assert first.start.utcoffset() == timedelta(hours=-4)
    assert (first.asleep_min, first.in_bed_min, first.deep_min, first.rem_min) == (
        504,
        557,
        77,
        139,
    )
    assert first.light_min == 288 and first.awake_min == 53 and first.score == 100
    assert first.wake_day == date(2024, 6, 24)


def test_workouts_become_activities_with_kcal_and_distance(corpus):
    result = read(corpus / WHOOP / "workouts.csv")
    assert len(result.activities) == 124
    run = result.activities[0]
    assert run.sport is Sport.RUNNING
    assert run.elapsed_s == (29 * 60 + 36) - (8 * 60 + 18)  # 08:08:18 → 08:29:36
    assert run.distance_m == pytest.approx(4068.88)
    assert run.calories_kcal == 272.0 and run.utc_offset_s == -4 * 3600


def test_journal_keeps_alcohol_caffeine_illness_and_notes_other_questions(corpus):
    result = read(corpus / WHOOP / "journal_entries.csv")
    counts = {
        s: sum(o.signal == s for o in result.observations)
        for s in ("alcohol_any", "caffeine_any", "illness")
    }
    assert counts == {"alcohol_any": 172, "caffeine_any": 172, "illness": 172}
    assert only(result, date(2024, 6, 24), "alcohol_any").value == 1.0
    noted = {i.message for i in result.issues if i.action is IssueAction.NOTED}
    assert "journal question 'Take creatine?' has no signal; not stored" in noted


def test_malformed_cycles_keep_good_rows_and_name_line_and_field():
    result = read(FIXTURES / "whoop_cycles_malformed.csv")
    assert only(result, date(2024, 5, 2), "hrv_rmssd_ms").value == 80
    where = {(i.record, i.field) for i in result.issues}
    assert (3, "Cycle timezone") in where
    assert (4, "Recovery score %") in where
    assert only(result, date(2024, 5, 4), "hrv_rmssd_ms").value == 80  # rest of row 4 kept


def test_malformed_cycles_raise_in_strict_mode():
    with pytest.raises(ParseError, match="record 3, field 'Cycle timezone'"):
        read(FIXTURES / "whoop_cycles_malformed.csv", strict=True)
