"""Which copies are one session, which copy is kept, what the other gives it: pure rules.

The same session recorded by two devices, exported twice (the FIT and Strava's GPX of it) or
described by a vendor summary (Garmin's summarized activities, Apple workouts, Polar sessions,
Fitbit exercise, Whoop workouts, Strava's CSV rows…) is detected when the starts are within
``DUPLICATE_START_S`` and the two time spans overlap by at least ``DUPLICATE_OVERLAP`` of the
shorter one, with compatible sports (equal, or one of them unknown = ``other``). A copy whose
clock is shifted by a UTC offset in play (an exporter that wrote local time as UTC, e.g.
GoldenCheetah's re-saved FIT) is the same session when its duration and distance agree within
``SHIFTED_MATCH_REL`` (``clock_shifted``). A date-only summary (a reader whose traits say
``date_only``, e.g. TrainingPeaks' workouts CSV: a day, no start; its made-up midnight is never
compared as a start) is the same session as the closest copy of its local day and sport whose
duration and distance agree within ``DATE_ONLY_MATCH_REL`` (``same_day_copy``), one to one
within a file; a copy with a real start is always the one kept.

One copy is kept, by ``preference``: the format's declared ``duplicate_rank`` (FIT > TCX > GPX >
summaries), then more stream channels (RR intervals count as one), then more samples; on a tie
the one already stored stays. So a file with streams beats a summary, and a summary never
replaces a file. Of a clock-shifted pair where only one copy comes from a format that knows its
UTC offset (``knows_utc_offset``: FIT's ``local_timestamp``) and has one, that copy is kept
whatever the preference: the other has the wrong clock.

Enrichment: the copy not kept gives the kept one its **name**, **session RPE** and **gear** when
the kept one has none; what the athlete edited on a stored copy (``edited``) is never
overwritten, and a newcomer that replaces it takes the athlete's values (``carried_edits``).

Everything here works on the copies' facts and the formats' ``ReaderTraits`` (looked up by
format, ``TraitsOf``): no SQL. ``app/import_store.py`` fetches the stored candidates, applies
the verdicts in its transaction and writes the notes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol, TypedDict, TypeVar, cast

from recoverwell.core.timeutil import local_day
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.base import ReaderTraits

DUPLICATE_START_S = 120.0  # two recordings of one run start within ~2 min (formats.md §16.6)
DUPLICATE_OVERLAP = 0.5  # …and share at least half of the shorter one's time span
#: A timezone mistake shifts a start by a UTC offset, at most ±14 h (the widest on Earth).
CLOCK_SHIFT_MAX_S = 14 * 3600.0
#: A shifted copy is the same recording re-exported, so it must agree on elapsed time and
#: distance within 0.2 % (or 5 s / 20 m). A double on the same loop 12 h later differs by more:
#: GPS alone scatters a 13 km loop by ~20–50 m, and nobody repeats an hour to the second.
SHIFTED_MATCH_REL = 0.002
SHIFTED_MATCH_MIN_S = 5.0
SHIFTED_MATCH_MIN_M = 20.0
#: A date-only summary is the same session as a recording on its local day when their durations
#: (elapsed or moving, either side) agree within 2 % or 60 s and, when both know it, their
#: distances within 2 % or 100 m: the summary's totals come from the file, rounded (TrainingPeaks
#: writes hours with a few decimals). Of several such recordings the closest is the one.
DATE_ONLY_MATCH_REL = 0.02
DATE_ONLY_MATCH_MIN_S = 60.0
DATE_ONLY_MATCH_MIN_M = 100.0
#: Stored starts searched around a newcomer's: ±14 h of clock shift, or, for a date-only
#: summary, its local day seen from any offset: a day (24 h) plus the widest offsets on either
#: side (+14 h and −12 h, e.g. a traveller's device offset against a home zone), and a margin.
SEARCH_WINDOW_S = 52 * 3600.0
#: A candidate whose distance cannot be compared ranks behind one whose distance agrees.
UNKNOWN_DISTANCE_GAP = DATE_ONLY_MATCH_REL
#: How far past a date-only copy's made-up start a taken second is looked for (``free_start``).
MADE_UP_START_SPAN = timedelta(hours=1)

#: The traits of a format (``registry.traits_for``; a test passes its own).
TraitsOf = Callable[[str | None], ReaderTraits]


class SessionCopy(Protocol):
    """One copy of a session as duplicate detection sees it (a newcomer or a stored one)."""

    @property
    def start_time(self) -> datetime: ...
    @property
    def elapsed_s(self) -> float: ...
    @property
    def moving_s(self) -> float | None: ...
    @property
    def distance_m(self) -> float | None: ...
    @property
    def sport(self) -> Sport: ...
    @property
    def source_format(self) -> str | None: ...
    @property
    def utc_offset_s(self) -> int | None: ...
    @property
    def n_channels(self) -> int: ...
    @property
    def n_rr(self) -> int: ...
    @property
    def n_samples(self) -> int: ...


class StoredCopy(SessionCopy, Protocol):
    """A stored copy: its id, its local day, what the athlete set on it (``store``'s brief)."""

    @property
    def id(self) -> int: ...
    @property
    def local_date(self) -> date | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def rpe(self) -> float | None: ...
    @property
    def gear(self) -> str | None: ...
    @property
    def excluded(self) -> str | None: ...
    @property
    def edited(self) -> frozenset[str]: ...


S = TypeVar("S", bound=StoredCopy)


@dataclass(frozen=True, slots=True)
class Copy:
    """A newcomer: an activity read from a file, with its format and stream sizes."""

    start_time: datetime
    elapsed_s: float
    sport: Sport
    source_format: str | None
    moving_s: float | None = None
    distance_m: float | None = None
    utc_offset_s: int | None = None
    n_channels: int = 0
    n_rr: int = 0
    n_samples: int = 0

    @classmethod
    def of(
        cls,
        activity: Activity,
        fmt: str | None,
        n_channels: int = 0,
        n_rr: int = 0,
        n_samples: int = 0,
    ) -> Copy:
        """``activity`` as a copy of format ``fmt`` (its own, or its file's)."""
        a = activity
        return cls(
            a.start_time, a.elapsed_s, a.sport, fmt, a.moving_s, a.distance_m, a.utc_offset_s,
            n_channels, n_rr, n_samples,
        )  # fmt: skip


def preference(traits: ReaderTraits, n_channels: int, n_rr: int, n_samples: int) -> tuple[int, ...]:
    """Sort key of a copy: higher is kept."""
    return (traits.duplicate_rank, n_channels + (1 if n_rr else 0), n_samples)


def preference_of(copy: SessionCopy, traits_of: TraitsOf) -> tuple[int, ...]:
    """``preference`` of a copy, its format's traits looked up."""
    return preference(traits_of(copy.source_format), copy.n_channels, copy.n_rr, copy.n_samples)


def overlaps(a_start: float, a_len: float, b_start: float, b_len: float) -> bool:
    """Do two spans (start, length in s) share at least DUPLICATE_OVERLAP of the shorter?"""
    shorter = min(a_len, b_len)
    shared = min(a_start + a_len, b_start + b_len) - max(a_start, b_start)
    if shorter <= 0:
        return abs(a_start - b_start) <= DUPLICATE_START_S
    return shared >= DUPLICATE_OVERLAP * shorter


def compatible(a: Sport, b: Sport) -> bool:
    """Can two sports be one session: equal, or one of them unknown (``other``)?"""
    return a is b or Sport.OTHER in (a, b)


def compatible_with(stored: StoredCopy, sport: Sport) -> bool:
    """A stored copy whose sport the athlete edited matches whatever sport the file says."""
    return compatible(stored.sport, sport) or "sport" in stored.edited


def _close(a: float, b: float, floor: float) -> bool:
    return abs(a - b) <= max(floor, SHIFTED_MATCH_REL * max(abs(a), abs(b)))


def clock_shifted(
    shift_s: float,
    a_elapsed_s: float,
    b_elapsed_s: float,
    a_distance_m: float | None,
    b_distance_m: float | None,
    known_offsets_s: Iterable[float] = (),
) -> bool:
    """Is a start ``shift_s`` away the same session seen through a wrong timezone?

    True when the shift equals (± DUPLICATE_START_S) a UTC offset in play — the device's own
    or the athlete's timezone at either start, the mistake an exporter makes when it writes
    local time as UTC — and both the elapsed times and the distances (both known) agree. A
    double on an identical treadmill program 30 min or 12 h later is not matched unless that
    interval happens to be the athlete's own UTC offset.
    """
    matches_offset = any(
        offset and abs(abs(shift_s) - abs(offset)) <= DUPLICATE_START_S
        for offset in known_offsets_s
    )
    return (
        matches_offset
        and abs(shift_s) <= CLOCK_SHIFT_MAX_S + DUPLICATE_START_S
        and _close(a_elapsed_s, b_elapsed_s, SHIFTED_MATCH_MIN_S)
        and a_distance_m is not None
        and b_distance_m is not None
        and a_distance_m > 0
        and _close(a_distance_m, b_distance_m, SHIFTED_MATCH_MIN_M)
    )


def _offsets_s(tz: tzinfo, *moments: datetime) -> set[float]:
    """The athlete timezone's UTC offsets (s) at the given instants."""
    out = set()
    for moment in moments:
        offset = moment.astimezone(tz).utcoffset()
        if offset is not None:
            out.add(offset.total_seconds())
    return out


def _durations(copy: SessionCopy) -> tuple[float, ...]:
    return (copy.elapsed_s,) if copy.moving_s is None else (copy.elapsed_s, copy.moving_s)


def same_day_copy(
    a_durations_s: Iterable[float],
    b_durations_s: Iterable[float],
    a_distance_m: float | None,
    b_distance_m: float | None,
) -> float | None:
    """How far apart a date-only summary and a recording of its day are (None: not a match).

    A match needs one pair of durations (elapsed or moving, either side) to agree within
    DATE_ONLY_MATCH_REL (or DATE_ONLY_MATCH_MIN_S) and, when both are known and positive, the
    distances within DATE_ONLY_MATCH_REL (or DATE_ONLY_MATCH_MIN_M). The distance is the sum of
    both relative differences (UNKNOWN_DISTANCE_GAP for a distance that cannot be compared), to
    pick the closest of several candidates.
    """

    def rel(x: float, y: float) -> float:
        return abs(x - y) / max(abs(x), abs(y), 1e-9)

    pairs = [
        (x, y)
        for x in a_durations_s
        for y in b_durations_s
        if abs(x - y) <= max(DATE_ONLY_MATCH_MIN_S, DATE_ONLY_MATCH_REL * max(x, y))
    ]
    if not pairs:
        return None
    distance = UNKNOWN_DISTANCE_GAP
    if a_distance_m and b_distance_m and a_distance_m > 0 and b_distance_m > 0:
        limit = max(DATE_ONLY_MATCH_MIN_M, DATE_ONLY_MATCH_REL * max(a_distance_m, b_distance_m))
        if abs(a_distance_m - b_distance_m) > limit:
            return None
        distance = rel(a_distance_m, b_distance_m)
    return min(rel(x, y) for x, y in pairs) + distance


def day_distance(
    new: SessionCopy, stored: StoredCopy, tz: tzinfo, traits_of: TraitsOf
) -> float | None:
    """For a date-only summary against another copy (a recording, or a summary of another
    export): their distance, or None when they are not the same session (another local day or
    sport, durations or distances apart). Two copies with real starts are not compared here."""
    if not (traits_of(new.source_format).date_only or traits_of(stored.source_format).date_only):
        return None
    if new.sport is not stored.sport and "sport" not in stored.edited:
        return None  # by day, "other" (TrainingPeaks' X-Train) matches no run
    if local_day(new.start_time, tz, new.utc_offset_s) != stored.local_date:
        return None
    return same_day_copy(_durations(new), _durations(stored), new.distance_m, stored.distance_m)


def same_session(new: SessionCopy, stored: SessionCopy, tz: tzinfo, traits_of: TraitsOf) -> bool:
    """Same session by start: within DUPLICATE_START_S and overlapping, or clock-shifted. A
    date-only copy's made-up midnight is no start, so it is only ever matched by day."""
    if traits_of(new.source_format).date_only or traits_of(stored.source_format).date_only:
        return False
    a_start, b_start = new.start_time.timestamp(), stored.start_time.timestamp()
    if abs(a_start - b_start) <= DUPLICATE_START_S:
        return overlaps(a_start, new.elapsed_s, b_start, stored.elapsed_s)
    offsets = _offsets_s(tz, new.start_time, stored.start_time)
    offsets |= {float(o) for o in (new.utc_offset_s, stored.utc_offset_s) if o is not None}
    return clock_shifted(
        b_start - a_start,
        new.elapsed_s,
        stored.elapsed_s,
        new.distance_m,
        stored.distance_m,
        offsets,
    )


def find_copies(
    new: SessionCopy,
    candidates: Iterable[S],
    tz: tzinfo,
    traits_of: TraitsOf,
    claimed: set[int],
) -> list[S]:
    """The stored copies of ``new`` among ``candidates`` (stored starts within
    ``SEARCH_WINDOW_S`` of its own, from other imports). By start, every copy found; else a
    date-only summary and a copy of its day pair one to one: the closest not yet ``claimed`` by
    another summary of this file (its id is added to ``claimed``)."""
    fitting = [b for b in candidates if compatible_with(b, new.sport)]
    same = [b for b in fitting if same_session(new, b, tz, traits_of)]
    if same:
        return same
    by_day = [
        (gap, b)
        for b in fitting
        if b.id not in claimed and (gap := day_distance(new, b, tz, traits_of)) is not None
    ]
    if not by_day:
        return []
    closest = min(by_day, key=lambda pair: pair[0])[1]
    claimed.add(closest.id)
    return [closest]


def _knows_its_clock(copy: SessionCopy, traits_of: TraitsOf) -> bool:
    """A copy whose format knows its UTC offset (a device's FIT, ``local_timestamp``) and has
    one: its start is right.

    Offsets of other copies do not count: a floating time placed in the athlete's zone (e.g.
    TrainingPeaks' made-up local midnight) gets an offset without its clock being known.
    """
    return traits_of(copy.source_format).knows_utc_offset and copy.utc_offset_s is not None


def stored_wins(new: SessionCopy, rival: SessionCopy, traits_of: TraitsOf) -> bool:
    """Does the stored ``rival`` stay, rather than the newcomer ``new``?"""
    date_only = traits_of(new.source_format).date_only
    if date_only != traits_of(rival.source_format).date_only:
        return date_only  # a real start beats a made-up midnight, whatever else either has
    shift = abs(rival.start_time.timestamp() - new.start_time.timestamp())
    knows = _knows_its_clock(new, traits_of)
    rival_knows = _knows_its_clock(rival, traits_of)
    if shift > DUPLICATE_START_S and knows != rival_knows:
        # a clock-shifted pair: the device's file has the right start; the other wrote local
        # time as UTC (a re-save may add channels, the clock stays wrong)
        return rival_knows
    return preference_of(rival, traits_of) >= preference_of(new, traits_of)


def kept_copy(better: Sequence[S], traits_of: TraitsOf) -> S:
    """Of the stored copies that beat a newcomer, the one it is counted against."""
    return max(better, key=lambda b: preference_of(b, traits_of))


def same_record(kept: StoredCopy, new: SessionCopy) -> bool:
    """Is ``new`` the record ``kept`` was stored from (another copy of the same source)?"""
    return (kept.source_format, kept.start_time, kept.elapsed_s) == (
        new.source_format,
        new.start_time,
        new.elapsed_s,
    ) and (kept.sport is new.sport or "sport" in kept.edited)


class Fill(TypedDict, total=False):
    """Values a copy not kept gives the kept one."""

    name: str
    rpe: float
    gear: str


def enrichment(
    kept_name: str | None, kept_rpe: float | None, other: Activity, kept_gear: str | None = None
) -> Fill:
    """What ``other`` (a copy not kept) adds to the kept copy: name, RPE and gear it lacks."""
    fill: Fill = {}
    if kept_name is None and other.name:
        fill["name"] = other.name
    if kept_rpe is None and other.rpe is not None:
        fill["rpe"] = other.rpe
    if kept_gear is None and other.gear:
        fill["gear"] = other.gear
    return fill


def fill_for_stored(kept: StoredCopy, other: Activity) -> Fill:
    """What a newcomer not kept gives the stored ``kept``: ``enrichment`` without the fields
    the athlete set (or cleared) on it, which stay so."""
    offered = enrichment(kept.name, kept.rpe, other, kept.gear)
    return cast(Fill, {k: v for k, v in offered.items() if k not in kept.edited})


def carried_edits(rival: StoredCopy) -> dict[str, object]:
    """The values the athlete gave the stored copy a newcomer replaces: they stay."""
    values: dict[str, object] = {
        "sport": rival.sport,
        "name": rival.name,
        "rpe": rival.rpe,
        "gear": rival.gear,
        "excluded": rival.excluded,
    }
    return {name: values[name] for name in sorted(rival.edited) if name in values}


def take_over(new: Activity, rival: StoredCopy) -> Activity:
    """A newcomer that replaces the stored ``rival``: given the rival's name, RPE and gear it
    lacks (``enrichment``), then the values the athlete set on the rival (``carried_edits``)."""
    named = Activity(
        rival.start_time, rival.sport, rival.elapsed_s, name=rival.name, rpe=rival.rpe,
        gear=rival.gear,
    )  # fmt: skip
    taken = replace(new, **enrichment(new.name, new.rpe, named, new.gear))
    return replace(taken, **carried_edits(rival))  # type: ignore[arg-type]


def in_file_key(activity: Activity) -> tuple[datetime, Sport]:
    """Two activities of one file with this key are one, kept once."""
    return activity.start_time, activity.sport


def free_start(start: datetime, taken: Collection[datetime]) -> datetime:
    """A date-only copy's made-up start (midnight + n − 1 s), moved on by whole seconds past
    the ``taken`` starts (stored activities of its sport): a new workout listed first in a
    later export takes the second an earlier export gave another workout of that day."""
    while start in taken:
        start += timedelta(seconds=1)
    return start
