from datetime import date

import pytest

from recoverwell.app.checkin import CheckIn, record_checkin
from recoverwell.app.checkin_answers import (
    MASS_CHANGE_CONFIRM_PCT,
    day_answers,
    hooper_text,
    mass_jump,
    niggles_text,
    parse_bone_pain,
    parse_hooper,
    parse_mass,
    parse_niggles,
    parse_rpe_value,
    parse_run_masses,
    parse_which,
)
from recoverwell.core.errors import InvalidValue
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.types import Observation
from recoverwell.core.units import UnitSystem

DAY = date(2024, 6, 14)
ITEMS = ("hooper_sleep", "hooper_fatigue", "hooper_stress", "hooper_soreness", "mood", "motivation")


def test_the_hooper_line_is_checked_item_by_item_and_names_the_bad_one():
    assert parse_hooper("2 3 3 5 - 2", ITEMS) == {
        "hooper_sleep": 2,
        "hooper_fatigue": 3,
        "hooper_stress": 3,
        "hooper_soreness": 5,
        "mood": None,
        "motivation": 2,
    }
    for text, named in (
        ("2 3 3 9 2 2", "soreness='9'"),
        ("2 3 3 5 2 2.5", "motivation='2.5'"),
        ("2 x 3 5 2 2", "fatigue='x'"),
        ("2 3 3", "answers='2 3 3': give 6 numbers"),
    ):
        with pytest.raises(InvalidValue, match=named):
            parse_hooper(text, ITEMS)


def test_rpe_item_numbers_and_niggles_at_their_prompts():
    assert parse_rpe_value("") is None and parse_rpe_value("7") == 7
    with pytest.raises(InvalidValue, match="CR-10"):
        parse_rpe_value("11")
    assert parse_which("1 4,4", 10) == [1, 4] and parse_which("-", 10) == []
    for bad in ("0", "11", "x", ""):
        with pytest.raises(InvalidValue, match="which"):
            parse_which(bad, 10)
    assert parse_niggles("", DAY) == [] and parse_niggles("none", DAY) == []
    two = parse_niggles("calf,left,3; knee,right,5,gait", DAY)
    assert niggles_text(two) == "calf,left,3; knee,right,5,gait"
    assert parse_niggles(niggles_text(two), DAY) == two


def test_bone_pain_needs_a_place_and_is_marked_as_bone_pain():
    (shin,) = parse_bone_pain("front of shin,left,4", DAY)
    assert shin.bone_pain and shin.location == "front of shin"
    with pytest.raises(InvalidValue, match="say where"):
        parse_bone_pain("-", DAY)


@pytest.mark.reference(source="1 lb = 0.45359237 kg exactly: 126 lb, 124.5 lb in kg")
def test_the_masses_around_a_run_are_two_masses_in_the_athletes_unit():
    pre, post = parse_run_masses("126 124.5", UnitSystem.MI)
    assert (pre, post) == (pytest.approx(126 * 0.45359237), pytest.approx(124.5 * 0.45359237))
    assert parse_run_masses("57kg 57.6kg", UnitSystem.MI) == (57, 57.6)
    assert parse_run_masses("", UnitSystem.KM) is None
    with pytest.raises(InvalidValue, match="before and after"):
        parse_run_masses("57kg", UnitSystem.KM)


@pytest.mark.reference(source="1 lb = 0.45359237 kg exactly")
def test_a_mass_at_its_prompt_is_in_the_athletes_unit_and_plausible():
    assert parse_mass("126", UnitSystem.MI) == pytest.approx(126 * 0.45359237)
    assert parse_mass("57.2", UnitSystem.KM) == 57.2
    with pytest.raises(InvalidValue, match="bare number is in lb"):
        parse_mass("57.2", UnitSystem.MI)  # 57.2 lb = 25.9 kg: below the 30 kg floor
    with pytest.raises(InvalidValue, match="bare number is in kg"):
        parse_mass("250", UnitSystem.KM)


def test_the_days_answers_are_the_defaults_and_hooper_falls_back_to_the_last_one(workspace):
    record_checkin(workspace.athlete_scope(), CheckIn(date(2024, 6, 12), hooper_sleep=4, mood=3))
    calf = Niggle(DAY, "calf", Side.LEFT, 3, changes_gait=False)
    hip = Niggle(DAY, "hip", Side.RIGHT, 4, changes_gait=False, bone_pain=True)
    record_checkin(
        workspace.athlete_scope(),
        CheckIn(DAY, hooper_sleep=2, body_mass_kg=57.2, cardiac_symptoms=True, head_cold=False),
    )
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=[calf], bone_pain_sites=[hip]))
    today = day_answers(workspace.athlete_scope(), DAY)
    assert hooper_text(today, ITEMS) == "2 - - - 3 -"
    assert today.values["body_mass_kg"] == 57.2
    assert today.reported == ("cardiac_symptoms",)
    assert today.aches == (calf,) and today.bone_pain == (hip,)
    assert day_answers(workspace.athlete_scope(), date(2024, 6, 15)).values == {}


def _mass(ws, day, kg, source):
    ws.add_observations([Observation(day, "body_mass_kg", kg, source)])


@pytest.mark.reference(source="hand arithmetic: (59.0 − 57.2) / 57.2 × 100 = 3.147 %")
def test_a_mass_jump_is_measured_from_the_latest_morning_mass_of_the_week_before(workspace):
    assert MASS_CHANGE_CONFIRM_PCT == 3.0
    assert mass_jump(workspace.athlete_scope(), DAY, 126.0) is None  # nothing to compare with
    _mass(workspace, date(2024, 6, 6), 80.0, "checkin")  # 8 days before: out of the window
    assert mass_jump(workspace.athlete_scope(), DAY, 59.0) is None
    _mass(workspace, date(2024, 6, 12), 57.2, "checkin")
    _mass(workspace, date(2024, 6, 12), 60.0, "garmin")  # the check-in's own value wins
    jump = mass_jump(workspace.athlete_scope(), DAY, 59.0)
    assert jump is not None and jump.previous_day == date(2024, 6, 12)
    assert jump.change_pct == pytest.approx((59.0 - 57.2) / 57.2 * 100)
    assert mass_jump(workspace.athlete_scope(), DAY, 58.8) is None  # +2.80 %
    assert mass_jump(workspace.athlete_scope(), DAY, 55.4).change_pct == pytest.approx(
        (55.4 - 57.2) / 57.2 * 100
    )
    _mass(workspace, date(2024, 6, 13), 70.0, "withings")  # a scale's export counts too
    assert mass_jump(workspace.athlete_scope(), DAY, 70.5) is None


def test_a_mass_jump_is_not_measured_against_the_same_day(workspace):
    _mass(workspace, DAY, 57.2, "checkin")  # a re-run's own earlier answer is not "before"
    assert mass_jump(workspace.athlete_scope(), DAY, 126.0) is None
