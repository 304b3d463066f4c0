from datetime import UTC, date, datetime

import pytest

from recoverwell.app.checkin import (
    SYMPTOM_ITEMS,
    CheckIn,
    NiggleChanges,
    activities_to_rate,
    last_answers,
    niggles_of,
    parse_niggle,
    record_checkin,
    red_flags_on,
    tracks_cycle,
)
from recoverwell.app.signals import daily_signals
from recoverwell.core.errors import InvalidValue, NotFound
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.types import Activity, Sport

DAY = date(2024, 6, 14)


def values(ws, day=DAY):
    return {
        v.signal: v.value
        for v in daily_signals(ws.athlete_scope(), day, day)
        if v.source == "checkin"
    }


@pytest.mark.reference(source="ACSM 2007 fluid replacement: 1 kg body mass lost ≈ 1 L sweat")
def test_fluid_loss_from_pre_and_post_run_mass():
    checkin = CheckIn(
        DAY, body_mass_pre_run_kg=60.0, body_mass_post_run_kg=58.9, fluid_during_run_ml=500
    )
    assert checkin.sweat_loss_ml == pytest.approx((60.0 - 58.9) * 1000 + 500)
    assert CheckIn(DAY, body_mass_pre_run_kg=60.0).sweat_loss_ml is None


def test_a_morning_checkin_is_stored_as_checkin_observations(workspace):
    start = datetime(2024, 6, 14, 12, tzinfo=UTC)  # 06:00 in Denver
    (run_id,) = workspace.add_activities([Activity(start, Sport.RUNNING, 3600.0)])
    assert [a.id for a in activities_to_rate(workspace.athlete_scope(), DAY)] == [run_id]
    niggle = Niggle(DAY, "Calf", Side.LEFT, 3, changes_gait=False)
    result = record_checkin(
        workspace.athlete_scope(),
        CheckIn(
            DAY,
            hooper_sleep=2,
            hooper_fatigue=4,
            hooper_stress=3,
            hooper_soreness=5,
            mood=2,
            motivation=2,
            session_rpe={run_id: 6},
            body_mass_kg=57.2,
            fluid_ml=2500,
            carbohydrate_g=420,
            protein_g=95,
            illness=False,
            travel=True,
            alcohol_drinks=1,
            niggles=[niggle],
        ),
    )
    assert result.new == 14 and result.rpe_set == (run_id,) and result.niggles == 1
    got = values(workspace)
    assert got["hooper_soreness"] == 5 and got["travel"] == 1 and got["illness"] == 0
    assert got["niggle_pain_max"] == 3
    assert workspace.activity(run_id).activity.rpe == 6
    assert niggles_of(workspace.athlete_scope(), DAY, DAY)[0].location == "calf"
    again = record_checkin(workspace.athlete_scope(), CheckIn(DAY, hooper_fatigue=5))
    assert (again.new, again.changed) == (0, 1)
    assert activities_to_rate(workspace.athlete_scope(), DAY) == []
    assert last_answers(workspace.athlete_scope(), date(2024, 6, 15))["hooper_fatigue"] == 5


def test_no_niggles_today_is_a_zero_not_a_missing_value(workspace):
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=()))
    assert values(workspace) == {"niggle_pain_max": 0}


@pytest.mark.parametrize(
    ("checkin", "field"),
    [
        (CheckIn(DAY, hooper_fatigue=8), "hooper_fatigue"),
        (CheckIn(DAY, mood=2.5), "mood"),
        (CheckIn(DAY, body_mass_kg=500), "body_mass_kg"),
        (CheckIn(DAY, session_rpe={1: 11}), "rpe for activity 1"),
        (
            CheckIn(DAY, niggles=[Niggle(date(2024, 6, 1), "knee", Side.RIGHT, 2, False)]),
            "niggle day",
        ),
    ],
)
def test_a_bad_answer_changes_nothing(workspace, checkin, field):
    with pytest.raises(InvalidValue, match=field):
        record_checkin(workspace.athlete_scope(), checkin)
    assert values(workspace) == {}


def test_rpe_for_someone_elses_activity_is_not_found(workspace):
    with pytest.raises(NotFound):
        record_checkin(
            workspace.athlete_scope(), CheckIn(DAY, hooper_sleep=3, session_rpe={999: 5})
        )
    assert values(workspace) == {}  # the transaction rolled back


def test_volumes_niggles_and_rpe_from_text():
    from recoverwell.app.checkin import parse_niggle, parse_rpe
    from recoverwell.core.units import parse_volume_ml

    assert parse_volume_ml("2500") == 2500 and parse_volume_ml("2.5L") == 2500
    assert parse_volume_ml("84oz") == pytest.approx(84 * 29.5735295625)
    niggle = parse_niggle("Achilles, right, 4, gait", DAY)
    assert (niggle.location, niggle.side, niggle.pain_0_10, niggle.changes_gait) == (
        "achilles",
        Side.RIGHT,
        4,
        True,
    )
    assert not parse_niggle("calf,left,2", DAY).changes_gait
    assert parse_rpe("12=7") == (12, 7.0)
    for bad, parse in (
        ("lots", parse_volume_ml),
        ("calf,up,3", lambda t: parse_niggle(t, DAY)),
        ("calf,left", lambda t: parse_niggle(t, DAY)),
        ("7", parse_rpe),
    ):
        with pytest.raises(InvalidValue):
            parse(bad)


def test_red_flag_items_are_stored_as_yes_no_and_bone_pain_comes_from_the_niggle(workspace):
    bone = parse_niggle("front of shin,left,4", DAY, bone_pain=True)
    checkin = CheckIn(
        DAY, cardiac_symptoms=True, head_cold=False, niggles=[bone], ferritin_ng_ml=22
    )
    record_checkin(workspace.athlete_scope(), checkin)
    assert values(workspace) == {
        "cardiac_symptoms": 1,
        "head_cold": 0,
        "bone_pain": 1,
        "niggle_pain_max": 4,
        "ferritin_ng_ml": 22,
    }
    (stored,) = niggles_of(workspace.athlete_scope(), DAY, DAY)
    assert stored.bone_pain and stored.location == "front of shin"


def test_a_niggle_without_bone_pain_stores_no_bone_pain_answer():
    obs = CheckIn(DAY, niggles=[Niggle(DAY, "calf", Side.LEFT, 2, False)]).observations()
    assert "bone_pain" not in {o.signal for o in obs}
    assert not {o.signal for o in CheckIn(DAY).observations()} & set(SYMPTOM_ITEMS)


def test_a_lab_value_outside_its_plausible_range_is_refused():
    with pytest.raises(InvalidValue, match="haemoglobin_g_dl"):
        CheckIn(DAY, haemoglobin_g_dl=120).observations()  # g/L typed as g/dL


def test_red_flags_of_the_day_come_back_after_the_checkin(workspace):
    record_checkin(
        workspace.athlete_scope(), CheckIn(DAY, self_harm_thoughts=True, illness_systemic=True)
    )
    flags = red_flags_on(workspace.athlete_scope(), DAY)
    assert [f.rule_id for f in flags] == ["r9_self_harm_thoughts", "r5_illness"]
    assert red_flags_on(workspace.athlete_scope(), date(2024, 6, 20)) == ()


def test_missed_periods_are_asked_only_of_athletes_who_track_a_cycle(workspace):
    assert not tracks_cycle(workspace.athlete_scope(), DAY)
    record_checkin(workspace.athlete_scope(), CheckIn(date(2023, 8, 1), menstrual_cycle_day=12))
    assert tracks_cycle(workspace.athlete_scope(), DAY)
    assert not tracks_cycle(workspace.athlete_scope(), date(2024, 9, 10))  # more than ~a year later


def test_symptom_answers_are_filed_by_question_name_and_a_mismatch_is_refused():
    from recoverwell.app.checkin import SYMPTOM_QUESTIONS, symptom_answers

    answers = dict.fromkeys(SYMPTOM_QUESTIONS) | {"chest_pain": True, "fever": False}
    filed = symptom_answers(answers)
    assert filed["cardiac_symptoms"] is True and filed["illness_systemic"] is False
    assert [k for k, v in filed.items() if v is not None] == [
        "cardiac_symptoms",
        "illness_systemic",
    ]
    with pytest.raises(ValueError, match="chest_pains"):
        symptom_answers({**answers, "chest_pains": True})
    with pytest.raises(ValueError, match="fever"):
        symptom_answers({k: v for k, v in answers.items() if k != "fever"})


def test_a_no_replaces_the_days_yes_and_leaves_other_days_alone(workspace):
    record_checkin(workspace.athlete_scope(), CheckIn(date(2024, 6, 13), cardiac_symptoms=True))
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, cardiac_symptoms=True))
    result = record_checkin(workspace.athlete_scope(), CheckIn(DAY, cardiac_symptoms=False))
    assert (result.new, result.changed) == (0, 1)
    assert values(workspace) == {"cardiac_symptoms": 0}
    assert values(workspace, date(2024, 6, 13)) == {"cardiac_symptoms": 1}


def test_a_niggle_answer_replaces_the_days_niggles_but_not_its_bone_pain(workspace):
    calf = Niggle(DAY, "calf", Side.LEFT, 6, changes_gait=True)
    hip = parse_niggle("hip,right,3", DAY, bone_pain=True)
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=[calf], bone_pain_sites=[hip]))
    assert values(workspace)["niggle_pain_max"] == 6
    knee = Niggle(DAY, "knee", Side.RIGHT, 2, changes_gait=False)
    result = record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=[knee]))
    assert (result.niggles, result.niggles_removed) == (1, 1)
    assert [n.location for n in niggles_of(workspace.athlete_scope(), DAY, DAY)] == ["hip", "knee"]
    assert values(workspace)["niggle_pain_max"] == 3  # the hip's bone pain is the day's worst
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=()))
    assert [n.location for n in niggles_of(workspace.athlete_scope(), DAY, DAY)] == ["hip"]


def test_no_bone_pain_removes_the_days_bone_pain_reports_and_stores_a_no(workspace):
    hip = parse_niggle("hip,right,3", DAY, bone_pain=True)
    calf = Niggle(DAY, "calf", Side.LEFT, 2, changes_gait=False)
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=[calf], bone_pain_sites=[hip]))
    assert [f.rule_id for f in red_flags_on(workspace.athlete_scope(), DAY)] == [
        "r1_bone_pain_high_risk_site"
    ]
    record_checkin(workspace.athlete_scope(), CheckIn(DAY, bone_pain_sites=()))
    assert [n.location for n in niggles_of(workspace.athlete_scope(), DAY, DAY)] == ["calf"]
    assert values(workspace)["bone_pain"] == 0 and values(workspace)["niggle_pain_max"] == 2
    assert red_flags_on(workspace.athlete_scope(), DAY) == ()


def test_a_bone_pain_answer_alone_leaves_an_unanswered_niggle_question_unanswered():
    # no niggles stored and "no bone pain": nothing changed, so no "nothing hurts" (0) is made up
    changes = CheckIn(DAY, bone_pain_sites=()).niggle_changes(())
    assert (changes.pain_max, changes.bone_pain) == (None, 0.0)
    assert CheckIn(DAY).niggle_changes(()) == NiggleChanges()


def test_no_bone_pain_with_a_bone_pain_niggle_is_refused(workspace):
    bone = parse_niggle("shin,left,4", DAY, bone_pain=True)
    with pytest.raises(InvalidValue, match="bone pain"):
        record_checkin(workspace.athlete_scope(), CheckIn(DAY, niggles=[bone], bone_pain_sites=()))
    assert values(workspace) == {}


def test_a_checkin_with_no_answer_is_refused(workspace):
    with pytest.raises(InvalidValue, match="nothing to record"):
        record_checkin(workspace.athlete_scope(), CheckIn(DAY))


@pytest.mark.parametrize(
    ("signal", "value", "why"),
    [
        ("hooper_soreness", 9, "whole number 1–7"),
        ("hooper_soreness", 0, "whole number 1–7"),
        ("mood", 2.5, "whole number 1–7"),
        ("body_mass_kg", 250, "30–200 kg"),
        ("fluid_ml", float("nan"), "0–15000 mL"),
    ],
)
def test_one_answer_is_checked_on_its_own(signal, value, why):
    from recoverwell.app.checkin import check_value

    with pytest.raises(InvalidValue, match=why):
        check_value(signal, value)
    assert check_value("hooper_soreness", 5) == 5.0
