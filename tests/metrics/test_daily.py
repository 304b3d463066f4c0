from datetime import date

import numpy as np
import pytest

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.daily import (
    covered_mask,
    daily_count,
    daily_max,
    daily_min_gap_h,
    daily_total,
    day_offsets,
    segment_bounds,
    week_totals,
)


def test_rest_days_are_zero_and_days_outside_the_data_are_nan():
    covered = covered_mask(7, 1, 4)
    total = daily_total(np.array([1, 1, 3]), np.array([50.0, 20.0, 80.0]), 7, covered)
    np.testing.assert_array_equal(total, [np.nan, 70.0, 0.0, 80.0, 0.0, np.nan, np.nan])


def test_a_day_whose_sessions_have_no_load_is_unknown_not_rest():
    covered = covered_mask(3, 0, 2)
    offsets = np.array([0, 1, 1])
    values = np.array([np.nan, np.nan, 30.0])
    np.testing.assert_array_equal(daily_total(offsets, values, 3, covered), [np.nan, 30.0, 0.0])
    unknown = daily_count(offsets, 3, covered, where=np.isnan(values))
    np.testing.assert_array_equal(unknown, [1, 1, 0])  # day 1 is incomplete: the caller says so


def test_counts_maxima_and_gaps_between_runs():
    covered = covered_mask(3, 0, 2)
    offsets = day_offsets([date(2026, 5, 4), date(2026, 5, 4), date(2026, 5, 6)], date(2026, 5, 4))
    np.testing.assert_array_equal(offsets, [0, 0, 2])
    np.testing.assert_array_equal(daily_count(offsets, 3, covered), [2, 0, 1])
    np.testing.assert_array_equal(
        daily_max(offsets, np.array([8e3, 16e3, 5e3]), 3, covered), [16e3, 0, 5e3]
    )
    # 06:00–07:00, 17:30–18:00 on day 0; 06:00–06:40 on day 2 (hours since midnight of day 0)
    h = 3600.0
    start = np.array([6, 17.5, 54]) * h
    end = np.array([7, 18, 54 + 2 / 3]) * h
    np.testing.assert_allclose(daily_min_gap_h(offsets, start, end, 3), [10.5, np.nan, 36.0])


def test_sessions_must_fall_inside_the_series():
    with pytest.raises(MetricInputError):
        daily_total(np.array([5]), np.array([1.0]), 3, covered_mask(3, 0, 2))


@pytest.mark.reference(source="hand calculation: Monday-to-Sunday weeks")
def test_week_totals_start_on_monday():
    # 2026-05-06 is a Wednesday: the first week holds Wed–Sun, the next starts on Monday 11th.
    mondays, totals = week_totals(date(2026, 5, 6), np.arange(1.0, 11.0))
    assert mondays == [date(2026, 5, 4), date(2026, 5, 11)]
    np.testing.assert_array_equal(totals, [1 + 2 + 3 + 4 + 5, 6 + 7 + 8 + 9 + 10])


@pytest.mark.reference(source="hand calculation: gaps between session days")
def test_a_gap_of_more_than_the_limit_between_sessions_starts_a_segment():
    # session days 0, 1, 1, 5, 50, 51, 94, 137: days off between them 0, 3, 50 − 5 − 1 = 44,
    # 0, 94 − 51 − 1 = 42, 137 − 94 − 1 = 42; only the 44 is more than 42
    offsets = np.array([51, 0, 1, 1, 5, 50, 94, 137])
    firsts, lasts = segment_bounds(offsets, 42)
    np.testing.assert_array_equal(firsts, [0, 50])
    np.testing.assert_array_equal(lasts, [5, 137])
    firsts, lasts = segment_bounds(offsets, 41)  # 42 days off is now more than the limit
    np.testing.assert_array_equal(firsts, [0, 50, 94, 137])
    np.testing.assert_array_equal(lasts, [5, 51, 94, 137])
    assert [a.size for a in segment_bounds(np.array([], dtype=np.int64), 42)] == [0, 0]
