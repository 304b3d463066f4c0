"""A coach's workspace: which athlete a command is for, never "the first" (issue 12 item 10)."""

from datetime import date

import pytest

import recoverwell
from recoverwell.app.athletes import add_athlete, find_athlete, roster
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import InvalidValue, NotFound
from recoverwell.core.types import Observation


@pytest.fixture
def squad(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        ana = ws.create_athlete(AthleteProfile(name="Ana", timezone="America/Denver"))
        ben = ws.create_athlete(AthleteProfile(name="Ben", timezone="Europe/Madrid"))
        yield ws, ana, ben


def test_one_athlete_is_the_default(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        ana = ws.create_athlete(AthleteProfile(name="Ana"))
        assert ws.athlete() == ana == find_athlete(ws, None)


def test_with_several_athletes_none_is_chosen_for_you(squad):
    ws, _, _ = squad
    # before: the CLI took the first athlete (Ana) silently; a check-in for Ben landed on Ana
    with pytest.raises(NotFound, match=r"has 2 athletes \(1 Ana, 2 Ben\)") as several:
        find_athlete(ws, None)
    assert several.value.action == "choose athlete"  # the CLI says --athlete, the web its own


def test_an_empty_workspace_says_to_run_init(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws, pytest.raises(NotFound) as none:
        find_athlete(ws, None)
    assert none.value.action == "init"  # the CLI says: run `recoverwell init`


def test_an_athlete_is_found_by_id_or_by_name_in_any_case(squad):
    ws, ana, ben = squad
    assert find_athlete(ws, "2") == ben == find_athlete(ws, 2)
    assert find_athlete(ws, "ben") == ben and find_athlete(ws, " ANA ") == ana
    with pytest.raises(NotFound, match=r"no athlete named 'Cy': this workspace has 1 Ana, 2 Ben"):
        find_athlete(ws, "Cy")
    with pytest.raises(NotFound, match="no athlete with id 9"):
        find_athlete(ws, "9")


def test_two_athletes_of_one_name_are_picked_by_id(squad):
    ws, ana, _ = squad
    ws.update_athlete(2, name="ana")  # a rename can still make two of one name
    twice = r"2 athletes are named 'Ana' \(1 Ana, 2 ana\): say which by id"
    with pytest.raises(NotFound, match=twice):
        find_athlete(ws, "Ana")
    assert find_athlete(ws, "1") == ana


def test_add_refuses_a_name_already_taken_and_an_empty_one(squad):
    ws, _, _ = squad
    cy = add_athlete(ws, "Cy", timezone="UTC")
    assert cy.id == 3 and ws.athlete(3).name == "Cy"
    with pytest.raises(InvalidValue, match="athlete 2 is already called that"):
        add_athlete(ws, "BEN", timezone="UTC")
    with pytest.raises(InvalidValue, match="needs a name"):
        add_athlete(ws, "  ", timezone="UTC")
    with pytest.raises(InvalidValue, match="Mars"):
        add_athlete(ws, "Dee", timezone="Mars/Base")
    assert len(ws.athletes()) == 3


def test_the_roster_counts_each_athletes_data(squad):
    ws, _, ben = squad
    ws.add_observations([Observation(date(2026, 11, 2), "rhr_bpm", 50.0, "garmin")], ben.id)
    entries = {e.athlete.name: e for e in roster(ws)}
    assert (entries["Ben"].daily_readings, entries["Ben"].activities) == (1, 0)
    assert (entries["Ana"].daily_readings, entries["Ana"].last_activity) == (0, None)


def test_removing_an_athlete_says_what_went(squad):
    ws, ana, ben = squad
    ws.add_observations([Observation(date(2026, 11, 2), "rhr_bpm", 50.0, "garmin")], ben.id)
    removed = ws.remove_athlete(ben.id)
    assert removed["daily readings"] == 1 and removed["activities"] == 0
    assert ws.athletes() == [ana] and find_athlete(ws, None) == ana
    with pytest.raises(NotFound):
        ws.remove_athlete(ben.id)
