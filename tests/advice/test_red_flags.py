"""Red flags fire on their pattern, not on its near misses, within their lookback, with evidence.

Each scenario is the steady arithmetic athlete (every other signal usual) plus what the runner
reported; thresholds come from docs/science.md §10, N9, N10 and are restated here as numbers.
"""

import pytest

from recoverwell.advice.findings import Severity
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import recovery_state
from recoverwell.advice.red_flags import RULES, RULES_BY_ID, is_red_flag, red_flags
from recoverwell.core.athlete import Sex
from recoverwell.core.signals import SIGNALS
from tests.advice.athletes import Athlete


def _flags(athlete):
    state = recovery_state(athlete.signals(), ReadinessSettings())
    return red_flags(state, athlete.n - 1)


def _ids(athlete):
    return [f.rule_id for f in _flags(athlete)]


def test_a_steady_athlete_has_no_red_flags():
    assert _flags(Athlete()) == []


def test_the_table_reads_known_signals_and_every_rule_has_a_source_and_action():
    for rule in RULES:
        assert rule.source and rule.trigger and rule.lookback_d >= 0
        for s in rule.signals:
            assert s in SIGNALS or s == "niggles", (rule.rule_id, s)
    assert len(RULES_BY_ID) == len(RULES)
    nudges = {r.rule_id for r in RULES if not r.is_red_flag}
    assert nudges == {"r5_head_cold", "r12_vitamin_d_below_target"}


# --- R5 illness and the neck check -----------------------------------------------------------


def test_illness_today_refers_and_reports_the_rhr_change():
    (flag,) = _flags(Athlete().illness().rhr_up(11))
    assert flag.rule_id == "r5_illness"
    assert flag.evidence["days_ago"] == 0
    assert flag.evidence["rhr_delta_bpm"] == 11
    assert flag.severity is Severity.REFER


def test_the_lookback_is_the_r5_window():
    assert RULES_BY_ID["r5_illness"].lookback_d == 2
    assert _flags(Athlete().illness(days_ago=2))[0].evidence["days_ago"] == 2
    assert _flags(Athlete().illness(days_ago=3)) == []


def test_symptoms_below_the_neck_refer_even_with_a_head_cold():
    (flag,) = _flags(Athlete().report("illness_systemic").report("head_cold"))
    assert flag.rule_id == "r5_illness" and flag.evidence["illness_systemic"] == 1


def test_a_head_cold_only_is_a_nudge_not_a_red_flag():
    (f,) = _flags(Athlete().illness().report("head_cold"))
    assert f.rule_id == "r5_head_cold" and f.severity is Severity.NUDGE
    assert not is_red_flag(f)


def test_fever_yesterday_still_refers_today_with_only_a_head_cold():
    athlete = Athlete().report("illness_systemic", days_ago=1).report("head_cold")
    assert _ids(athlete) == ["r5_illness"]


# --- R1 bone pain ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "site"),
    [
        ("hip", "groin or hip"),
        ("groin", "groin or hip"),
        ("front of shin", "front of the shin"),
        ("top of mid-foot", "top of the mid-foot"),
        ("outer foot", "outer base of the foot"),
        ("big toe ball", "ball of the big toe"),
        ("inner ankle", "inner ankle"),
        ("sacrum", "pubic bone or sacrum"),
    ],
)
def test_bone_pain_at_a_high_risk_site_is_urgent(location, site):
    (flag,) = _flags(Athlete().niggle(location, 4, bone=True))
    assert flag.rule_id == "r1_bone_pain_high_risk_site"
    assert flag.severity is Severity.URGENT
    assert flag.evidence["site"] == site and flag.evidence["location"] == location


def test_bone_pain_elsewhere_refers_and_stops_running():
    (flag,) = _flags(Athlete().niggle("shin", 3, bone=True, side="right"))
    assert flag.rule_id == "r1_bone_pain" and flag.severity is Severity.REFER
    assert flag.evidence == {
        "bone_pain": 1.0,
        "days_ago": 0.0,
        "location": "shin",
        "side": "right",
        "pain_0_10": 3,
    }


def test_the_same_high_risk_place_without_bone_pain_is_not_r1():
    assert _flags(Athlete().niggle("hip", 3)) == []


def test_bone_pain_reported_by_another_source_without_a_location_refers():
    (flag,) = _flags(Athlete().report("bone_pain", days_ago=2))
    assert flag.rule_id == "r1_bone_pain" and "location" not in flag.evidence


def test_bone_pain_holds_for_a_week_then_drops():
    assert RULES_BY_ID["r1_bone_pain"].lookback_d == 7
    assert _ids(Athlete().niggle("shin", 3, days_ago=7, bone=True)) == ["r1_bone_pain"]
    assert _flags(Athlete().niggle("shin", 3, days_ago=8, bone=True)) == []


def test_two_bone_pain_locations_give_one_flag_each():
    athlete = Athlete().niggle("hip", 5, bone=True).niggle("shin", 3, days_ago=1, bone=True)
    assert sorted(_ids(athlete)) == ["r1_bone_pain", "r1_bone_pain_high_risk_site"]


# --- R2 niggles --------------------------------------------------------------------------------


def test_a_niggle_that_changes_the_gait_refers():
    (flag,) = _flags(Athlete().niggle("achilles", 3, gait=True))
    assert flag.rule_id == "r2_niggle" and flag.severity is Severity.REFER
    assert flag.evidence["changes_gait"] == 1 and flag.evidence["location"] == "achilles"


def test_pain_above_5_refers_and_5_does_not():
    assert _flags(Athlete().niggle("knee", 6))[0].evidence["pain_high"] == 1
    assert _flags(Athlete().niggle("knee", 5)) == []


def test_pain_worse_three_mornings_in_a_row_refers_two_does_not():
    rising = Athlete().niggle("calf", 2, 2).niggle("calf", 3, 1).niggle("calf", 4, 0)
    assert _flags(rising)[0].evidence["worse_mornings"] == 3
    two = Athlete().niggle("calf", 3, 2).niggle("calf", 3, 1).niggle("calf", 4, 0)
    assert _flags(two) == []


def test_the_same_niggle_for_more_than_14_days_refers():
    athlete = Athlete()
    for ago in range(0, 15, 2):  # every other day from 14 days ago: spans 15 days
        athlete.niggle("hamstring", 2, ago)
    (flag,) = _flags(athlete)
    assert flag.evidence["persisted_d"] == 14 + 1


def test_14_days_is_not_more_than_14():
    athlete = Athlete()
    for ago in range(14):
        athlete.niggle("hamstring", 2, ago)
    assert _flags(athlete) == []


def test_a_nothing_hurts_day_breaks_the_episode():
    athlete = Athlete()
    for ago in range(20):
        athlete.niggle("hamstring", 2, ago)
    athlete.niggles = [n for n in athlete.niggles if n.day != athlete.day(8)]
    athlete.nothing_hurts(8)
    assert _flags(athlete) == []


def test_a_later_nothing_hurts_answer_clears_yesterdays_niggle():
    assert _ids(Athlete().niggle("knee", 7, days_ago=1)) == ["r2_niggle"]
    assert _flags(Athlete().niggle("knee", 7, days_ago=1).nothing_hurts()) == []


def test_a_bone_pain_niggle_is_r1s_not_r2s():
    assert _ids(Athlete().niggle("shin", 8, gait=True, bone=True)) == ["r1_bone_pain"]


# --- URGENT items: R3, R4, R6, R9 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "rule_id"),
    [
        ("sudden_pop", "r3_sudden_pop"),
        ("cardiac_symptoms", "r4_chest_symptoms"),
        ("heat_illness_signs", "r6_heat_signs"),
        ("self_harm_thoughts", "r9_self_harm_thoughts"),
    ],
)
def test_an_urgent_item_fires_for_two_days_after_the_report(item, rule_id):
    (flag,) = _flags(Athlete().report(item))
    assert flag.rule_id == rule_id and flag.severity is Severity.URGENT
    assert _ids(Athlete().report(item, days_ago=2)) == [rule_id]
    assert _flags(Athlete().report(item, days_ago=3)) == []
    assert _flags(Athlete().report(item, value=0.0)) == []  # asked and denied


# --- R7 symptoms after a long run -----------------------------------------------------------


def test_post_run_symptoms_with_mass_gain_are_urgent():
    athlete = Athlete().report("long_run_symptoms")
    athlete.value("body_mass_pre_run_kg", 57.0).value("body_mass_post_run_kg", 57.6)
    (flag,) = _flags(athlete)
    assert flag.rule_id == "r7_post_run_symptoms" and flag.severity is Severity.URGENT
    assert flag.evidence["mass_change_kg"] == pytest.approx(57.6 - 57.0)


def test_post_run_symptoms_without_weights_are_urgent():
    (flag,) = _flags(Athlete().report("long_run_symptoms"))
    assert flag.rule_id == "r7_post_run_symptoms" and flag.evidence["mass_change"] == "unknown"


def test_post_run_symptoms_with_mass_loss_refer_instead():
    athlete = Athlete().report("long_run_symptoms")
    athlete.value("body_mass_pre_run_kg", 57.0).value("body_mass_post_run_kg", 55.9)
    (flag,) = _flags(athlete)
    assert flag.rule_id == "r7_post_run_symptoms_mass_loss" and flag.severity is Severity.REFER


def test_yesterdays_evening_run_weights_count_for_this_mornings_symptoms():
    athlete = Athlete().report("long_run_symptoms")
    athlete.value("body_mass_pre_run_kg", 60.0, 1).value("body_mass_post_run_kg", 60.4, 1)
    assert _flags(athlete)[0].evidence["mass_change_kg"] == pytest.approx(60.4 - 60.0)


def test_mass_gain_without_symptoms_is_not_r7():
    athlete = Athlete().value("body_mass_pre_run_kg", 57.0).value("body_mass_post_run_kg", 57.6)
    assert _flags(athlete) == []


# --- R8, R10, R11 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "rule_id"),
    [
        ("missed_periods_3m", "r8_missed_periods"),
        ("low_mood_2w", "r10_low_mood"),
        ("unexplained_signs", "r11_unexplained_signs"),
    ],
)
def test_a_reported_refer_item_holds_for_a_week(item, rule_id):
    (flag,) = _flags(Athlete().report(item, days_ago=7))
    assert flag.rule_id == rule_id and flag.severity is Severity.REFER
    assert _flags(Athlete().report(item, days_ago=8)) == []


def test_mood_at_the_bad_end_on_10_of_14_days_refers():
    athlete = Athlete().mood(6, days=14)
    for ago in (1, 4, 7, 10):  # 4 better days: 14 − 4 = 10 low days
        athlete.value("mood", 3, ago)
    (flag,) = _flags(athlete)
    assert flag.rule_id == "r10_low_mood"
    assert flag.evidence["low_mood_days"] == 14 - 4


def test_mood_at_the_bad_end_on_9_of_14_days_does_not():
    athlete = Athlete().mood(7, days=14)
    for ago in (1, 4, 7, 10, 13):
        athlete.value("mood", 3, ago)
    assert _flags(athlete) == []


def test_mood_at_5_for_two_weeks_is_not_the_bad_end():
    assert _flags(Athlete().mood(5, days=14)) == []


def test_low_mood_reported_and_seen_in_the_check_ins_is_one_flag():
    (flag,) = _flags(Athlete().mood(6, days=14).report("low_mood_2w"))
    assert flag.evidence["low_mood_2w"] == 1 and flag.evidence["low_mood_days"] == 14


# --- R12 bloodwork ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signal", "low", "ok", "rule_id"),
    [
        ("ferritin_ng_ml", 34.0, 35.0, "r12_ferritin_low"),
        ("haemoglobin_g_dl", 11.4, 11.5, "r12_haemoglobin_low"),
        ("vitamin_d_nmol_l", 49.0, 75.0, "r12_vitamin_d_low"),
    ],
)
def test_a_lab_value_below_its_cut_off_refers_and_at_it_does_not(signal, low, ok, rule_id):
    (flag,) = _flags(Athlete().value(signal, low, days_ago=3))
    assert flag.rule_id == rule_id and flag.severity is Severity.REFER
    assert flag.evidence[signal] == low and flag.evidence["days_ago"] == 3
    assert _flags(Athlete().value(signal, ok)) == []


def test_haemoglobin_uses_the_mens_cut_off_for_men():
    assert _flags(Athlete().value("haemoglobin_g_dl", 12.5)) == []
    (flag,) = _flags(Athlete().value("haemoglobin_g_dl", 12.5).as_sex(Sex.MALE))
    assert flag.evidence["limit"] == 13.0


def test_vitamin_d_between_50_and_75_is_a_nudge():
    (f,) = _flags(Athlete().value("vitamin_d_nmol_l", 60.0))
    assert f.rule_id == "r12_vitamin_d_below_target" and f.severity is Severity.NUDGE


def test_a_lab_result_older_than_two_weeks_is_not_flagged_and_the_latest_counts():
    assert _flags(Athlete().value("ferritin_ng_ml", 20.0, days_ago=15)) == []
    newer = Athlete().value("ferritin_ng_ml", 20.0, days_ago=10).value("ferritin_ng_ml", 60, 2)
    assert _flags(newer) == []
