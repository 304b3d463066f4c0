"""Daily signals resolved across sources: which value is *the* value of a signal on a day.

Every source's value stays stored (``daily_observations``, ``sleep_periods``). When two sources
give the same signal for the same day, the athlete's **source priority** for that signal picks
the one used; the others come back as ``alternatives``. Values are resolved per
(day, signal, context): an overnight HRV and a morning-spot HRV are different series and never
stand in for one another (formats.md §0).

Priority: ``set_source_priority(scope, "hrv_rmssd_ms", ["oura", "garmin"])`` per signal, or for
every signal with ``"*"``. A priority entry matches a source exactly or as its vendor prefix
(``apple_health`` matches ``apple_health:Welltory``; ``apple_health:Welltory`` matches only that
app). Sources the athlete did not rank follow ``DEFAULT_SOURCE_ORDER``, then alphabetically.

Sleep signals of a wake-up day come from sleep periods (main sleep: total, in bed, efficiency,
stages, awakenings, latency, score; naps: ``nap_min``), per source, then resolve like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recoverwell.core.errors import InvalidValue
from recoverwell.core.signals import SIGNALS
from recoverwell.core.types import Observation, SleepPeriod
from recoverwell.store.observations import list_observations
from recoverwell.store.priorities import get_priorities, set_priority, stored_sources
from recoverwell.store.sleep_periods import list_sleep_periods

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

#: The default order, documented in docs/formats.md: what the runner says in the check-in first;
#: then dedicated recovery wearables (overnight measures), then phones, apps and logs.
DEFAULT_SOURCE_ORDER: tuple[str, ...] = (
    "checkin",
    "garmin",
    "polar",
    "oura",
    "whoop",
    "fitbit",
    "apple_health",
    "hrv4training",
    "elite_hrv",
    "sleep_cycle",
    "intervals_icu",
    "pmsys",
    "trainingpeaks",
    "strava",
)
ALL_SIGNALS = "*"
_PCT = 100.0


@dataclass(frozen=True, slots=True)
class ResolvedValue:
    """The value used for (day, signal, context), where it came from, and the ones not used."""

    day: date
    signal: str
    context: str
    value: float
    source: str
    record_ref: str | None
    alternatives: tuple[Observation, ...] = ()


def _matches(entry: str, source: str) -> bool:
    return source == entry or source.startswith(entry + ":")


def source_rank(source: str, order: Sequence[str]) -> tuple[int, int, str]:
    """Sort key of a source under an order (athlete's first, then the default)."""
    for group, entries in enumerate((order, DEFAULT_SOURCE_ORDER)):
        for i, entry in enumerate(entries):
            if _matches(entry, source):
                return (group, i, source)
    return (2, 0, source)


def resolve(
    observations: Iterable[Observation], priorities: Mapping[str, Sequence[str]]
) -> list[ResolvedValue]:
    """One value per (day, signal, context), chosen by source priority; sorted by day, signal."""
    groups: dict[tuple[date, str, str], list[Observation]] = {}
    for obs in observations:
        groups.setdefault((obs.day, obs.signal, obs.context), []).append(obs)
    out = []
    for (day, signal, context), group in sorted(groups.items()):
        order = priorities.get(signal) or priorities.get(ALL_SIGNALS) or ()
        ranked = sorted(group, key=lambda o: source_rank(o.source, order))
        best = ranked[0]
        out.append(
            ResolvedValue(
                day, signal, context, best.value, best.source, best.record_ref, tuple(ranked[1:])
            )
        )
    return out


def sleep_observations(periods: Iterable[tuple[date, SleepPeriod]]) -> list[Observation]:
    """Daily sleep signals per (wake day, source) from sleep periods (naps apart)."""
    by_key: dict[tuple[date, str], list[SleepPeriod]] = {}
    for day, period in periods:
        by_key.setdefault((day, period.source), []).append(period)
    out = []
    for (day, source), group in sorted(by_key.items()):
        for signal, value, ref in _sleep_values(group):
            if value is not None:
                out.append(Observation(day, signal, value, source, record_ref=ref))
    return out


def _sleep_values(group: list[SleepPeriod]) -> list[tuple[str, float | None, str | None]]:
    """(signal, value, record ref) of one source's periods of one wake day."""
    main = [p for p in group if not p.is_nap]
    naps = [p for p in group if p.is_nap]
    out: list[tuple[str, float | None, str | None]] = []
    if naps:
        out.append(("nap_min", sum(_nap_minutes(p) for p in naps), naps[0].record_ref))
    if not main:
        return out
    ref = main[0].record_ref
    asleep = _total(p.asleep_min for p in main)
    in_bed = _total(p.in_bed_min for p in main)
    out += [("sleep_total_min", asleep, ref), ("sleep_in_bed_min", in_bed, ref)]
    if asleep is not None and in_bed:
        out.append(("sleep_efficiency_pct", min(_PCT, asleep / in_bed * _PCT), ref))
    for signal, attr in (
        ("sleep_deep_min", "deep_min"),
        ("sleep_rem_min", "rem_min"),
        ("sleep_light_min", "light_min"),
        ("sleep_awake_min", "awake_min"),
        ("sleep_latency_min", "latency_min"),
    ):
        out.append((signal, _total(getattr(p, attr) for p in main), ref))
    awakenings = [p.awakenings for p in main if p.awakenings is not None]
    out.append(("sleep_awakenings", float(sum(awakenings)) if awakenings else None, ref))
    scores = [p.score for p in main if p.score is not None]
    out.append(("sleep_score", scores[0] if scores else None, ref))
    return out


def _total(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _nap_minutes(period: SleepPeriod) -> float:
    if period.asleep_min is not None:
        return period.asleep_min
    return (period.end - period.start).total_seconds() / 60


def daily_signals(
    scope: AthleteScope, start: date, end: date, *, signals: Sequence[str] | None = None
) -> list[ResolvedValue]:
    """The resolved daily signals of ``[start, end]`` (stored observations and sleep periods)."""
    athlete = scope.athlete_id
    with scope.read() as conn:
        observations = list_observations(conn, athlete, signals, start, end)
        periods = list_sleep_periods(conn, athlete, start, end)
        priorities = get_priorities(conn, athlete)
    derived = sleep_observations(periods)
    if signals is not None:
        derived = [o for o in derived if o.signal in signals]
    return resolve([*observations, *derived], priorities)


def source_priority(scope: AthleteScope) -> dict[str, tuple[str, ...]]:
    """The athlete's own source orders (signal → sources; ``*`` = all signals)."""
    with scope.read() as conn:
        return get_priorities(conn, scope.athlete_id)


def set_source_priority(
    scope: AthleteScope, signal: str, sources: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Set the source order of ``signal`` (or ``*``); an empty list restores the default."""
    if signal != ALL_SIGNALS and signal not in SIGNALS:
        raise InvalidValue("signal", signal, "not a known signal; see docs/formats.md")
    cleaned = tuple(s.strip() for s in sources if s.strip())
    if len(set(cleaned)) != len(cleaned):
        raise InvalidValue("sources", ",".join(cleaned), "a source is listed twice")
    athlete = scope.athlete_id
    with scope.write() as conn:
        _check_sources(cleaned, stored_sources(conn, athlete))
        set_priority(conn, athlete, signal, cleaned)
        return get_priorities(conn, athlete)


def reset_source_priority(scope: AthleteScope) -> None:
    """Forget every source order the athlete set: the default order again for every signal."""
    athlete = scope.athlete_id
    with scope.write() as conn:
        for signal in get_priorities(conn, athlete):
            set_priority(conn, athlete, signal, ())


def _check_sources(ranked: Sequence[str], stored: set[str]) -> None:
    """Each ranked source is a known vendor (``apple_health:<app>`` included) or one the athlete
    has data from (a spreadsheet mapping's own source name); a typo is an error, not an order
    that silently never matches."""
    vendors = set(DEFAULT_SOURCE_ORDER)
    for source in ranked:
        if source in stored or source in vendors or source.split(":", 1)[0] in vendors:
            continue
        known = sorted(vendors | stored)
        raise InvalidValue("sources", source, f"not a known source: one of {', '.join(known)}")
