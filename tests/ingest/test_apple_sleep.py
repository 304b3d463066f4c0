from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from recoverwell.ingest.apple_sleep import (
    ASLEEP,
    AWAKE,
    IN_BED,
    MERGE_GAP,
    SleepSegments,
    union_minutes,
)

T0 = datetime(2024, 1, 1, 22, tzinfo=UTC)
ASLEEP_OLD = "HKCategoryValueSleepAnalysisAsleep"


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_overlapping_intervals_are_counted_once():
    assert union_minutes([(at(0), at(60)), (at(30), at(90)), (at(120), at(130))]) == 90 + 10
    assert union_minutes([]) == 0


@given(st.lists(st.tuples(st.integers(0, 600), st.integers(1, 120)), max_size=20))
def test_the_union_never_exceeds_the_sum_nor_the_span(segments):
    spans = [(at(s), at(s + d)) for s, d in segments]
    total = union_minutes(spans)
    assert total <= sum(d for _, d in segments)
    if spans:
        assert total <= (max(e for _, e in spans) - min(s for s, _ in spans)).total_seconds() / 60


def test_pre_ios16_segments_of_one_source_make_one_night_and_a_gap_splits_them():
    segments = SleepSegments()
    segments.add("phone", at(0), at(480), IN_BED, "r1")
    segments.add("phone", at(15), at(470), ASLEEP_OLD, "r2")
    segments.add("phone", at(200), at(210), AWAKE, "r3")
    late = 480 + MERGE_GAP.total_seconds() / 60 + 1
    segments.add("phone", at(late), at(late + 30), ASLEEP_OLD, "r4")
    assert len(segments) == 4
    night, nap = segments.periods()
    assert night.in_bed_min == 480 and night.asleep_min == 455 and night.deep_min is None
    assert night.awakenings == 1 and night.record_ref == "r1 (+2 segments)"
    assert nap.start == at(late) and nap.in_bed_min == 30  # span when no InBed segment
    assert ASLEEP_OLD in ASLEEP
