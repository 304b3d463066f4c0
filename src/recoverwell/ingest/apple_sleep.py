"""Apple Health sleep segments → sleep periods, one source at a time (formats.md §4).

HealthKit stores sleep as stage *segments*, and several sources (Watch, iPhone bedtime, Pillow,
SleepScore, AutoSleep…) write overlapping segments for the same night. Segments of one source
less than ``MERGE_GAP`` apart form one period; minutes per stage are the union of that stage's
segments (``InBed`` overlaps the asleep stages, so nothing is ever summed twice), and sources are
never combined. iOS 16+ ``AsleepCore`` is stored as light sleep; ``Asleep`` (before iOS 16) and
``AsleepUnspecified`` count as asleep without a stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from recoverwell.core.types import SleepPeriod

MERGE_GAP = timedelta(hours=1)  # segments closer than this are one night (or one nap)
_V = "HKCategoryValueSleepAnalysis"
IN_BED = f"{_V}InBed"
AWAKE = f"{_V}Awake"
STAGES = {f"{_V}AsleepDeep": "deep", f"{_V}AsleepREM": "rem", f"{_V}AsleepCore": "light"}
ASLEEP = {f"{_V}Asleep", f"{_V}AsleepUnspecified", *STAGES}
KNOWN = {IN_BED, AWAKE, *ASLEEP}
_S_PER_MIN = 60.0


def union_minutes(intervals: Iterable[tuple[datetime, datetime]]) -> float:
    """Minutes covered by the union of intervals (overlaps counted once)."""
    total = 0.0
    current: tuple[datetime, datetime] | None = None
    for start, end in sorted(intervals):
        if current is None or start > current[1]:
            if current is not None:
                total += (current[1] - current[0]).total_seconds()
            current = (start, end)
        elif end > current[1]:
            current = (current[0], end)
    if current is not None:
        total += (current[1] - current[0]).total_seconds()
    return total / _S_PER_MIN


@dataclass(slots=True)
class SleepSegments:
    """Collects sleep segments while the export streams by; ``periods()`` merges them."""

    _by_source: dict[str, list[tuple[datetime, datetime, str, str]]] = field(default_factory=dict)

    def add(self, source: str, start: datetime, end: datetime, value: str, ref: str) -> None:
        """One segment (``value`` is one of ``KNOWN``) of ``source``."""
        self._by_source.setdefault(source, []).append((start, end, value, ref))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_source.values())

    def periods(self) -> list[SleepPeriod]:
        """Every source's segments merged into sleep periods (naps not yet marked)."""
        out = []
        for source, segments in self._by_source.items():
            segments.sort()
            night: list[tuple[datetime, datetime, str, str]] = []
            night_end: datetime | None = None
            for segment in segments:
                if night_end is not None and segment[0] - night_end > MERGE_GAP:
                    out.append(_period(source, night))
                    night, night_end = [], None
                night.append(segment)
                night_end = segment[1] if night_end is None else max(night_end, segment[1])
            if night:
                out.append(_period(source, night))
        return out


def _period(source: str, night: list[tuple[datetime, datetime, str, str]]) -> SleepPeriod:
    start = min(s[0] for s in night)
    end_segment = max(night, key=lambda s: s[1])
    end = end_segment[1]

    def minutes(values: set[str]) -> float | None:
        spans = [(s[0], s[1]) for s in night if s[2] in values]
        return union_minutes(spans) if spans else None

    in_bed = minutes({IN_BED})
    asleep = minutes(ASLEEP)
    stages = {name: minutes({value}) for value, name in STAGES.items()}
    has_stages = any(v is not None for v in stages.values())
    awakes = sum(1 for s in night if s[2] == AWAKE)
    return SleepPeriod(
        start=start,
        end=end,
        source=source,
        asleep_min=asleep,
        in_bed_min=in_bed if in_bed is not None else union_minutes((s[0], s[1]) for s in night),
        deep_min=(stages["deep"] or 0.0) if has_stages else None,
        rem_min=(stages["rem"] or 0.0) if has_stages else None,
        light_min=(stages["light"] or 0.0) if has_stages else None,
        awake_min=minutes({AWAKE}),
        awakenings=awakes if has_stages or awakes else None,
        record_ref=f"{night[0][3]} (+{len(night) - 1} segments)"[:255],
        wake_day=end.date(),
    )
