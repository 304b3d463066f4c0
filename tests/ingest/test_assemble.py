"""Stream assembly helpers: great-circle distance, step cadence, empty channels."""

from __future__ import annotations

import math

import numpy as np
import pytest

from recoverwell.core.types import Sport
from recoverwell.ingest.assemble import (
    EARTH_RADIUS_M,
    build_streams,
    cumulative_distance_m,
    steps_per_minute,
)


@pytest.mark.reference(source="haversine on a sphere of IUGG mean radius: R·Δφ for a meridian")
def test_one_degree_along_a_meridian_is_r_times_pi_over_180() -> None:
    d = cumulative_distance_m(np.array([0.0, 1.0]), np.array([10.0, 10.0]))
    assert d.tolist() == pytest.approx([0.0, EARTH_RADIUS_M * math.pi / 180])  # ≈ 111,195 m


def test_distance_carries_over_samples_without_position() -> None:
    d = cumulative_distance_m(np.array([0.0, np.nan, 0.001]), np.array([0.0, np.nan, 0.0]))
    assert np.isnan(d[1]) and d[2] == pytest.approx(EARTH_RADIUS_M * math.pi / 180 * 0.001)


def test_steps_are_twice_the_strides_for_foot_sports_only() -> None:
    strides, fraction = np.array([85.0, 90.0]), np.array([0.5, np.nan])
    assert steps_per_minute(strides, fraction, Sport.RUNNING).tolist() == [171.0, 180.0]
    assert steps_per_minute(strides, None, Sport.CYCLING) is None


def test_all_nan_channels_are_left_out() -> None:
    streams = build_streams(np.arange(3.0), {"hr_bpm": np.full(3, np.nan), "power_w": np.ones(3)})
    assert streams.channels == ("time_s", "power_w")
