import pickle
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from recoverwell.core.types import Activity, Lap, Observation, SleepPeriod, Sport
from recoverwell.ingest.base import ReadResult
from recoverwell.ingest.localtime import (
    FLOATING,
    floating,
    floating_day_start,
    is_floating,
    resolve_floating,
)

DENVER = ZoneInfo("America/Denver")


def test_floating_times_get_the_athlete_zone_and_keep_their_wall_clock():
    start = floating(datetime(2024, 7, 1, 6, 30))  # noqa: DTZ001
    run = Activity(start, Sport.RUNNING, 3600.0, utc_offset_s=0, laps=(Lap(0, start, 3600.0),))
    sleep = SleepPeriod(start - timedelta(hours=8), start, "x", wake_day=date(2024, 7, 1))
    reading = Observation(date(2024, 7, 1), "rhr_bpm", 44, "x", recorded_at=start)
    utc = Observation(
        date(2024, 7, 1), "rhr_bpm", 44, "y", recorded_at=datetime(2024, 7, 1, tzinfo=UTC)
    )
    result = resolve_floating(ReadResult("x", (run,), (reading, utc), (sleep,)), DENVER)
    (resolved,) = result.activities
    assert resolved.start_time.tzinfo is DENVER and resolved.start_time.hour == 6
    assert resolved.utc_offset_s == -6 * 3600  # MDT in July
    assert resolved.laps[0].start_time.tzinfo is DENVER
    assert result.sleep[0].start.tzinfo is DENVER and result.sleep[0].end.hour == 6
    assert result.observations[0].recorded_at.tzinfo is DENVER
    assert result.observations[1] is utc  # aware times are left alone


def test_markers():
    day_start = floating_day_start(date(2024, 1, 2))
    assert is_floating(day_start) and day_start.tzinfo is FLOATING and day_start.hour == 0
    assert not is_floating(None) and not is_floating(datetime(2024, 1, 1, tzinfo=UTC))


def test_floating_times_decoded_in_a_worker_process_are_still_resolved():
    # Big batches are decoded in worker processes: results come back pickled, and a floating
    # time must still be recognised (and placed in the athlete's zone) after the round trip.
    start = floating(datetime(2024, 1, 15, 6, 30))  # noqa: DTZ001
    run = Activity(start, Sport.RUNNING, 3600.0, utc_offset_s=0)
    sleep = SleepPeriod(start - timedelta(hours=8), start, "x", wake_day=date(2024, 1, 15))
    reading = Observation(date(2024, 1, 15), "rhr_bpm", 44, "x", recorded_at=start)
    sent = pickle.loads(pickle.dumps(ReadResult("x", (run,), (reading,), (sleep,))))
    assert is_floating(sent.activities[0].start_time)
    result = resolve_floating(sent, DENVER)
    assert result.activities[0].start_time == datetime(2024, 1, 15, 13, 30, tzinfo=UTC)
    assert result.activities[0].utc_offset_s == -7 * 3600  # MST in January
    assert result.sleep[0].end == datetime(2024, 1, 15, 13, 30, tzinfo=UTC)
    assert result.observations[0].recorded_at == datetime(2024, 1, 15, 13, 30, tzinfo=UTC)


def test_an_instant_without_a_day_goes_on_its_local_date_in_the_athlete_zone():
    # 22:30 UTC on Nov 1 is 07:30 on Nov 2 in Tokyo (UTC+9) and 15:30 on Nov 1 in Denver (MDT).
    stamp = datetime(2019, 11, 1, 22, 30, tzinfo=UTC)
    score = Observation(
        date(2019, 11, 1), "sleep_score", 76, "fitbit", recorded_at=stamp, day_from_recorded_at=True
    )
    plain = Observation(date(2019, 11, 1), "rhr_bpm", 50, "fitbit", recorded_at=stamp)
    tokyo = resolve_floating(ReadResult("x", (), (score, plain)), ZoneInfo("Asia/Tokyo"))
    assert [o.day for o in tokyo.observations] == [date(2019, 11, 2), date(2019, 11, 1)]
    assert not tokyo.observations[0].day_from_recorded_at  # placed once
    denver = resolve_floating(ReadResult("x", (), (score,)), DENVER)
    assert denver.observations[0].day == date(2019, 11, 1)
