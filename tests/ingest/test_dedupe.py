"""The duplicate and merge rules on hand-made copies, with the traits given here (no store).

Each case states its copies and works out the verdict from the rules in ``ingest/dedupe.py``
(the thresholds' arithmetic is written out next to the assertion). The traits are the shipped
ones for FIT (recording, rank 3, knows its UTC offset) and GPX (recording, rank 1), and a
date-only summary format ``tp`` like TrainingPeaks' workouts CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.base import SUMMARY_TRAITS, ReaderTraits, RecordKind
from recoverwell.ingest.dedupe import (
    Copy,
    carried_edits,
    fill_for_stored,
    find_copies,
    free_start,
    in_file_key,
    kept_copy,
    preference,
    same_record,
    same_session,
    stored_wins,
    take_over,
)

TRAITS = {
    "fit": ReaderTraits(RecordKind.RECORDING, duplicate_rank=3, knows_utc_offset=True),
    "gpx": ReaderTraits(RecordKind.RECORDING, duplicate_rank=1),
    "tp": ReaderTraits(RecordKind.SUMMARY, date_only=True),
}
BERLIN = ZoneInfo("Europe/Berlin")  # UTC+1 in January
DENVER = ZoneInfo("America/Denver")  # UTC−7 in March
T0 = datetime(2026, 1, 10, 6, 0, tzinfo=UTC)  # 07:00 in Berlin


def traits_of(fmt: str | None) -> ReaderTraits:
    return TRAITS.get(fmt or "", SUMMARY_TRAITS)


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored copy, as the store's brief would give it."""

    id: int
    start_time: datetime
    elapsed_s: float
    source_format: str | None
    sport: Sport = Sport.RUNNING
    moving_s: float | None = None
    distance_m: float | None = None
    utc_offset_s: int | None = None
    local_date: date | None = None
    n_channels: int = 0
    n_rr: int = 0
    n_samples: int = 0
    name: str | None = None
    rpe: float | None = None
    gear: str | None = None
    excluded: str | None = None
    edited: frozenset[str] = frozenset()


def _new(start=T0, elapsed_s=3600.0, fmt="fit", sport=Sport.RUNNING, **kw) -> Copy:
    return Copy(start, elapsed_s, sport, fmt, **kw)


def test_the_declared_rank_decides_before_channels_and_samples() -> None:
    fit, gpx = TRAITS["fit"], TRAITS["gpx"]
    # a FIT with one channel beats a GPX with six: (3, 1, 10) > (1, 6, 9000)
    assert preference(fit, 1, 0, 10) > preference(gpx, 6, 0, 9000)
    # any recording beats a summary with streams: (1, 0, 0) > (0, 4, 600)
    assert preference(gpx, 0, 0, 0) > preference(SUMMARY_TRAITS, 4, 0, 600)
    # RR intervals count as one channel: (3, 3 + 1, 10) > (3, 3, 10); (3, 4, 10) == (3, 4, 10)
    assert preference(fit, 3, 100, 10) == (3, 4, 10) > preference(fit, 3, 0, 10)


def test_only_a_recording_may_rank_above_summaries() -> None:
    with pytest.raises(ValueError, match="only a recording"):
        ReaderTraits(RecordKind.SUMMARY, duplicate_rank=1)
    with pytest.raises(ValueError):
        ReaderTraits(RecordKind.RECORDING, duplicate_rank=-1)


def test_copies_by_start_need_120_s_and_half_the_shorter_span() -> None:
    new = _new()  # 06:00:00–07:00:00
    # 60 s later, 3540 s long: shares 3540 s ≥ 0.5 × 3540 → same session
    late = Stored(1, T0 + timedelta(seconds=60), 3540.0, "gpx")
    # 120 s later is still a start within DUPLICATE_START_S; 121 s is not (and no UTC offset
    # of Berlin, 3600 s, is within 120 s of 121 s)
    edge = Stored(2, T0 + timedelta(seconds=120), 3600.0, "gpx")
    past = Stored(3, T0 + timedelta(seconds=121), 3600.0, "gpx")
    assert same_session(new, late, BERLIN, traits_of)
    assert same_session(new, edge, BERLIN, traits_of)
    assert not same_session(new, past, BERLIN, traits_of)
    # 100 s later but only 150 s long (a piece of the run): the shorter is 150 s, shared
    # min(3600, 250) − max(0, 100) = 150 s ≥ 0.5 × 150 → same
    short = Stored(4, T0 + timedelta(seconds=100), 150.0, "gpx")
    assert find_copies(new, [late, past, short], BERLIN, traits_of, set()) == [late, short]


def test_sports_must_agree_unless_one_is_other_or_the_athlete_set_it() -> None:
    new = _new(sport=Sport.CYCLING)
    ride_as_run = Stored(1, T0, 3600.0, "gpx", sport=Sport.RUNNING)
    unknown = Stored(2, T0, 3600.0, "gpx", sport=Sport.OTHER)
    edited = Stored(3, T0, 3600.0, "gpx", sport=Sport.RUNNING, edited=frozenset({"sport"}))
    found = find_copies(new, [ride_as_run, unknown, edited], BERLIN, traits_of, set())
    assert found == [unknown, edited]


def test_a_clock_shifted_copy_is_one_session_and_the_copy_that_knows_its_offset_stays() -> None:
    # GoldenCheetah's re-save of a FIT (corpus test/roundtrip/3386684871{,-saved}.fit, see
    # tests/app/test_import_store.py): the original says +2 h; the re-save starts 7199 s later,
    # 1441 s vs 1440.668 s (0.33 s ≤ max(5 s, 0.2 % = 2.9 s)), 4921.06 m vs 4922.73 m
    # (1.67 m ≤ max(20 m, 9.8 m)). 7199 s is within 120 s of the 7200 s offset → same session.
    original = _new(elapsed_s=1440.668, distance_m=4922.73, utc_offset_s=7200, n_channels=1)
    resaved = Stored(
        1, T0 + timedelta(seconds=7199), 1441.0, "fit", distance_m=4921.06, n_channels=5
    )
    assert same_session(original, resaved, BERLIN, traits_of)
    # the stored re-save has more channels (5 > 1) but no offset of its own: the original,
    # which knows its clock, replaces it
    assert not stored_wins(original, resaved, traits_of)
    # the other way round: the original stored, the re-save arrives — the original stays
    stored_original = Stored(
        2, T0, 1440.668, "fit", distance_m=4922.73, utc_offset_s=7200, n_channels=1
    )
    newcomer = _new(T0 + timedelta(seconds=7199), 1441.0, distance_m=4921.06, n_channels=5)
    assert stored_wins(newcomer, stored_original, traits_of)
    # 2 h apart without that offset in play (Berlin is +1 h, neither copy says +2 h): a double
    double = Stored(3, T0 + timedelta(hours=2), 1441.0, "fit", distance_m=4921.06)
    assert not same_session(_new(elapsed_s=1440.668, distance_m=4922.73), double, BERLIN, traits_of)


def test_the_stored_copy_stays_on_a_tie_and_a_better_newcomer_replaces_it() -> None:
    gpx = Stored(1, T0, 3600.0, "gpx", n_channels=2, n_samples=3600)
    # the same GPX again: (1, 2, 3600) ≥ (1, 2, 3600) → the stored one stays
    assert stored_wins(_new(fmt="gpx", n_channels=2, n_samples=3600), gpx, traits_of)
    # a FIT of it: (3, 1, 600) > (1, 2, 3600) → the FIT replaces it
    assert not stored_wins(_new(n_channels=1, n_samples=600), gpx, traits_of)
    fit = Stored(2, T0, 3600.0, "fit", n_channels=1)
    assert kept_copy([gpx, fit], traits_of) is fit


def test_a_date_only_summary_pairs_one_to_one_with_the_closest_recording_of_its_day() -> None:
    # Denver, 2026-03-01: the summary's made-up start is local midnight (07:00 UTC)
    midnight = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    day = date(2026, 3, 1)
    summary = _new(midnight, 3000.0, fmt="tp", distance_m=8000.0)
    # AM run 3030 s, 8050 m: |3000 − 3030| = 30 s ≤ max(60 s, 2 % × 3030 = 60.6 s) and
    # |8000 − 8050| = 50 m ≤ max(100 m, 161 m): gap 30/3030 + 50/8050 = 0.0099 + 0.0062
    am = Stored(1, midnight + timedelta(hours=8), 3030.0, "fit", distance_m=8050.0, local_date=day)
    # PM run 3000 s, 8000 m: gap 0 + 0 = 0, the closest
    pm = Stored(2, midnight + timedelta(hours=17), 3000.0, "fit", distance_m=8000.0, local_date=day)
    # a run of the next day with the same totals: another local day, never paired
    nxt = Stored(3, midnight + timedelta(hours=26), 3000.0, "fit", distance_m=8000.0,
                 local_date=date(2026, 3, 2))  # fmt: skip
    claimed: set[int] = set()
    assert find_copies(summary, [am, pm, nxt], DENVER, traits_of, claimed) == [pm]
    assert claimed == {2}
    # a second identical summary of the same file gets the other recording of the day
    assert find_copies(summary, [am, pm, nxt], DENVER, traits_of, claimed) == [am]
    # and a third finds none left: it is stored on its own
    assert find_copies(summary, [am, pm, nxt], DENVER, traits_of, claimed) == []
    # its made-up midnight is never a start: even a recording at 07:00 UTC is not "by start"
    at_midnight = Stored(4, midnight, 3000.0, "fit", distance_m=8000.0, local_date=day)
    assert not same_session(summary, at_midnight, DENVER, traits_of)


def test_a_real_start_always_beats_a_made_up_midnight() -> None:
    midnight = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    recording = Stored(1, midnight + timedelta(hours=8), 3000.0, "gpx")
    summary_stored = Stored(2, midnight, 3000.0, "tp", n_channels=9)
    # a date-only newcomer never replaces a recording, whatever its channels
    assert stored_wins(_new(midnight, 3000.0, fmt="tp", n_channels=9), recording, traits_of)
    # a recording, even the lowest ranked with no channel, replaces a stored date-only summary
    assert not stored_wins(_new(midnight, 3000.0, fmt="gpx"), summary_stored, traits_of)


def test_a_copy_not_kept_fills_only_what_the_athlete_did_not_set() -> None:
    other = Activity(T0, Sport.RUNNING, 3600.0, name="Hill reps", rpe=7.0, gear="pegasus")
    bare = Stored(1, T0, 3600.0, "fit")
    assert fill_for_stored(bare, other) == {"name": "Hill reps", "rpe": 7.0, "gear": "pegasus"}
    # the athlete cleared the name (edited, now None) and set gear: only the RPE is given
    cleared = Stored(2, T0, 3600.0, "fit", gear="vaporfly", edited=frozenset({"name", "gear"}))
    assert fill_for_stored(cleared, other) == {"rpe": 7.0}


def test_the_athletes_edits_of_a_replaced_copy_are_carried_over() -> None:
    edited = frozenset({"sport", "rpe", "excluded"})
    rival = Stored(1, T0, 3600.0, "gpx", sport=Sport.HIKING, name="Mine", rpe=6.0,
                   excluded="injury walk", edited=edited)  # fmt: skip
    assert carried_edits(rival) == {
        "excluded": "injury walk",
        "rpe": 6.0,
        "sport": Sport.HIKING,
    }
    assert carried_edits(Stored(2, T0, 3600.0, "gpx", name="Not edited")) == {}


def test_the_same_record_again_is_unchanged_not_a_duplicate() -> None:
    stored = Stored(1, T0, 3600.0, "garmin")
    assert same_record(stored, _new(fmt="garmin"))
    assert not same_record(stored, _new(fmt="garmin", elapsed_s=3601.0))
    assert not same_record(stored, _new(fmt="polar"))
    # another sport is another record, unless the athlete edited the stored one's sport
    assert not same_record(stored, _new(fmt="garmin", sport=Sport.WALKING))
    edited = Stored(2, T0, 3600.0, "garmin", sport=Sport.HIKING, edited=frozenset({"sport"}))
    assert same_record(edited, _new(fmt="garmin", sport=Sport.WALKING))


def test_in_a_file_one_start_and_sport_is_one_activity() -> None:
    a = Activity(T0, Sport.RUNNING, 3600.0, name="a")
    assert in_file_key(a) == in_file_key(Activity(T0, Sport.RUNNING, 1800.0, name="b"))
    assert in_file_key(a) != in_file_key(Activity(T0, Sport.CYCLING, 3600.0))


def test_a_made_up_start_moves_past_the_seconds_already_taken() -> None:
    midnight = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    taken = {midnight, midnight + timedelta(seconds=1), midnight + timedelta(seconds=3)}
    assert free_start(midnight, taken) == midnight + timedelta(seconds=2)
    assert free_start(midnight + timedelta(seconds=5), taken) == midnight + timedelta(seconds=5)


def test_a_copy_is_made_of_an_activity_with_its_files_format() -> None:
    a = Activity(T0, Sport.RUNNING, 3600.0, distance_m=10_000.0, moving_s=3500.0, utc_offset_s=3600)
    c = Copy.of(a, "gpx", n_channels=2, n_rr=0, n_samples=3600)
    assert (c.source_format, c.distance_m, c.moving_s, c.utc_offset_s) == (
        "gpx",
        10_000.0,
        3500.0,
        3600,
    )
    assert (c.n_channels, c.n_samples) == (2, 3600)


def test_a_newcomer_that_replaces_a_copy_takes_what_it_lacks_and_the_athletes_values() -> None:
    # the FIT arrives with its own RPE 5 and no name; the stored GPX it replaces had the name
    # "Long run" and gear from Strava, and RPE 3 that the athlete set
    fit = Activity(T0, Sport.RUNNING, 3600.0, rpe=5.0, source_format="fit")
    rival = Stored(1, T0, 3600.0, "gpx", name="Long run", rpe=3.0, gear="pegasus",
                   edited=frozenset({"rpe"}))  # fmt: skip
    kept = take_over(fit, rival)
    # name and gear: the FIT has none, so the rival's (enrichment); RPE: the FIT has one, but
    # the athlete's 3 was an edit, and edits are carried over
    assert (kept.name, kept.rpe, kept.gear, kept.source_format) == (
        "Long run",
        3.0,
        "pegasus",
        "fit",
    )
    # without the edit the FIT keeps its own RPE
    assert take_over(fit, Stored(2, T0, 3600.0, "gpx", rpe=3.0)).rpe == 5.0
