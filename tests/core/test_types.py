from datetime import UTC, date, datetime

import numpy as np
import pytest

from recoverwell.core.errors import InvalidValue
from recoverwell.core.types import Activity, DailyWellness, SampleStreams, Sport


def test_streams_must_all_have_the_length_of_time():
    with pytest.raises(InvalidValue, match="hr_bpm"):
        SampleStreams(time_s=np.arange(5.0), hr_bpm=np.arange(4.0))


def test_streams_list_their_channels_in_canonical_order():
    s = SampleStreams.from_mapping({"hr_bpm": [140, 141], "time_s": [0, 1]})
    assert s.channels == ("time_s", "hr_bpm")
    assert s.hr_bpm is not None and s.hr_bpm.dtype == np.float64
    assert len(s) == 2


def test_unknown_stream_channels_are_refused():
    with pytest.raises(InvalidValue, match="heart"):
        SampleStreams.from_mapping({"time_s": [0], "heart": [1]})


def test_activities_need_an_aware_start_and_a_sane_rpe():
    with pytest.raises(InvalidValue, match="start_time"):
        Activity(start_time=datetime(2026, 1, 1), sport=Sport.RUNNING, elapsed_s=60)  # noqa: DTZ001
    with pytest.raises(InvalidValue, match="rpe"):
        Activity(
            start_time=datetime(2026, 1, 1, tzinfo=UTC), sport=Sport.RUNNING, elapsed_s=60, rpe=11
        )


def test_daily_wellness_becomes_one_observation_per_recorded_signal():
    row = DailyWellness(
        day=date(2026, 11, 25),
        source="checkin",
        resting_hr_bpm=44,
        hooper_fatigue=3,
        extra={"fluid_ml": 2500},
    )
    obs = row.observations()
    assert {(o.signal, o.value) for o in obs} == {
        ("resting_hr_bpm", 44.0),
        ("hooper_fatigue", 3.0),
        ("fluid_ml", 2500.0),
    }
    assert {o.source for o in obs} == {"checkin"}


def test_sleep_periods_need_aware_ordered_times():
    from recoverwell.core.types import SleepPeriod

    start = datetime(2026, 11, 24, 22, tzinfo=UTC)
    with pytest.raises(InvalidValue, match="end"):
        SleepPeriod(start=start, end=start, source="x")
    with pytest.raises(InvalidValue, match="aware"):
        SleepPeriod(start=datetime(2026, 11, 24, 22), end=start, source="x")  # noqa: DTZ001
