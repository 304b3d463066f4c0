"""Shared by every activity reader: columns → ``SampleStreams``, step cadence, track length.

Totals a file leaves out are computed later, from the validated samples (``ingest/fill.py``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np

from recoverwell.core.types import STREAM_CHANNELS, FloatArray, SampleStreams, Sport

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean Earth radius (Moritz 2000), as gpxpy and Runalyze use

#: sports whose cadence is counted in steps: FIT/TCX/GPX store strides (one foot) per minute
FOOT_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})


def utc_from_unix(seconds: float) -> datetime:
    """A tz-aware UTC datetime from Unix seconds."""
    return datetime.fromtimestamp(seconds, UTC)


def build_streams(time_s: FloatArray, columns: Mapping[str, FloatArray | None]) -> SampleStreams:
    """Streams from a time column and optional channels; all-NaN channels become ``None``."""
    kept: dict[str, FloatArray] = {"time_s": np.asarray(time_s, dtype=float)}
    for name in STREAM_CHANNELS[1:]:
        column = columns.get(name)
        if column is None:
            continue
        array = np.asarray(column, dtype=float)
        if len(array) and np.isfinite(array).any():
            kept[name] = array
    return SampleStreams.from_mapping(kept)


def steps_per_minute(
    cadence: FloatArray | None, fractional: FloatArray | None, sport: Sport
) -> FloatArray | None:
    """Device cadence (strides/min, one foot) → steps/min for foot sports; None otherwise.

    Cycling rpm and swim strokes are not steps, so they are not put in ``cadence_spm``.
    """
    if cadence is None or sport not in FOOT_SPORTS:
        return None
    total = cadence if fractional is None else cadence + np.nan_to_num(fractional, nan=0.0)
    result: FloatArray = 2.0 * total
    return result


def cumulative_distance_m(lat_deg: FloatArray, lon_deg: FloatArray) -> FloatArray:
    """Cumulative great-circle (haversine) distance between consecutive valid positions.

    Samples without a position get NaN; the distance carries over such gaps.
    """
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    idx = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    out = np.full(len(lat), np.nan)
    if len(idx) == 0:
        return out
    vl, vo = lat[idx], lon[idx]
    a = (
        np.sin(np.diff(vl) / 2) ** 2
        + np.cos(vl[:-1]) * np.cos(vl[1:]) * np.sin(np.diff(vo) / 2) ** 2
    )
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    out[idx] = np.concatenate(([0.0], np.cumsum(step)))
    return out


def finite_or_none(value: float | None) -> float | None:
    """``value`` as float, or None when it is missing or not finite."""
    if value is None:
        return None
    f = float(value)
    return f if math.isfinite(f) else None
