"""The readiness verdict: a scenario suite of named athlete weeks, plus the verdict's invariants.

Each scenario starts from the steady athlete of conftest.py (every signal at its personal
normal today: z = 0) and scripts the last days by arithmetic. Each asserts the light, the ranked
reasons (rule ids) and the coverage; expected values are worked out in the comments from the
documented weights (HRV .25, RHR .15, sleep .20, wellness .25, load .15), score = 70 + 20 × the
weighted mean z, green ≥ 60, red < 40.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverwell.advice.components import Status
from recoverwell.advice.findings import Severity
from recoverwell.advice.readiness import Confidence, Light
from recoverwell.advice.readiness_settings import ReadinessSettings
from tests.advice.athletes import HRV_SD, Athlete

pytestmark = pytest.mark.reference(source="docs/readiness.md weights; arithmetic in each test")


def _component(v, key):
    return next(c for c in v.components if c.key == key)


def test_a_usual_week_is_green_at_the_neutral_score_with_full_coverage(athlete):
    v = athlete().verdict()
    assert v.light is Light.GREEN
    assert v.score == pytest.approx(70.0)
    assert v.rule_ids == ()
    assert v.coverage == pytest.approx(1.0)
    assert v.confidence is Confidence.HIGH
    assert sum(c.contribution for c in v.components) == pytest.approx(0.0)


def test_hrv_down_3_days_with_soreness_and_a_load_jump_is_accumulated_fatigue(athlete):
    """HRV −1.5 SD for 3 days + soreness 6/7 for 3 days + ACWR 1.6."""
    a = athlete().hrv_sd(-1.5, days=3).item("soreness", 6, days=3).load(acwr=1.6)
    v = a.verdict()
    # Hooper today 3 + 3 + 2 + 6 = 14; its 28-day baseline already holds two such mornings,
    # so the z comes from those 28 values (mean/sample SD computed directly, not by the code):
    window = sum(a.hooper.values())[-29:-1]
    wellness_z = (14 - window.mean()) / window.std(ddof=1)
    assert _component(v, "wellness").z == pytest.approx(-wellness_z)
    # HRV z ≈ −1.4 (two earlier dips sit in its baseline too); load −(1.6 − 1.3)/0.2 = −1.5.
    hrv_z = _component(v, "hrv").z
    assert -1.5 < hrv_z < -1.3
    assert v.score == pytest.approx(70 + 20 * (0.25 * hrv_z - 0.25 * wellness_z + 0.15 * -1.5))
    assert v.light is Light.AMBER
    # 7-day HRV mean = −1.5·3/7 = −0.64 SD: below the ±0.5 SD band (sustained autonomic);
    # soreness 6 for 3 days (sustained subjective); ACWR > 1.5 (load): ≥ 2 domains agree.
    # Hooper z > 1 on each of the 3 days → §6a's CAUTION, ahead of HRV (it moves more points).
    assert v.rule_ids == (
        "accumulated_fatigue",
        "load_jump_with_soreness",
        "wellness_worse_3_days",
    )
    assert "hrv_trend_below_normal" in {f.rule_id for f in v.findings[3:]}
    assert v.coverage == pytest.approx(1.0)
    assert set(v.domains_flagged) == {"autonomic", "subjective", "load"}


def test_classic_accumulated_stress_is_red(athlete):
    """8a row 1: HRV −2 SD and RHR +6 bpm for 5 days, fatigue 6 for 4 days, 6 h sleep x 5."""
    v = (
        athlete()
        .hrv_sd(-2.0, days=5)
        .rhr_up(6, days=5)
        .item("fatigue", 6, days=4)
        .sleep(360, days=5)
        .verdict()
    )
    # HRV ≈ −1.7, RHR clipped −3, sleep (360 − 480)/60 = −2, Hooper (3+6+2+3 = 14) → −2.08:
    # composite ≈ (.25·−1.7 + .15·−3 + .2·−2 + .25·−2.08 + 0) = −1.79 → score ≈ 34: red, and
    # four domains... three flagged (autonomic, sleep, subjective) agree.
    assert v.light is Light.RED
    assert v.score < 40
    assert v.rule_ids[0] == "accumulated_fatigue"
    assert set(v.rule_ids[1:]) <= {
        "rhr_sustained_rise",
        "wellness_worse_3_days",
        "hrv_trend_below_normal",
        "sleep_debt",
    }
    assert all(f.severity is Severity.CAUTION for f in v.reasons)
    assert v.coverage == pytest.approx(1.0)


def test_feels_bad_but_numbers_are_fine(athlete):
    """Fatigue 6 and stress 5 this morning; HRV, RHR, sleep and load all usual."""
    v = athlete().item("fatigue", 6).item("stress", 5).verdict()
    # Hooper 3 + 6 + 5 + 3 = 17 vs 11 → z 4.2, clipped to −3: .25·−3 → score 55: amber.
    assert v.light is Light.AMBER
    assert v.score == pytest.approx(55.0)
    # three NUDGEs carry the same 15 points; ties go by rule id
    assert v.rule_ids == ("feels_worse_than_numbers", "hooper_fatigue_high", "wellness_worse_today")
    assert v.coverage == pytest.approx(1.0)


def test_numbers_are_bad_but_the_athlete_feels_fine(athlete):
    """HRV −2 SD and RHR +8 bpm this morning only; the check-in is usual."""
    v = athlete().hrv_sd(-2.0).rhr_up(8).verdict()
    # HRV ≈ −2.0 (one dip only), RHR +8 / 1.43 → clipped −3: .25·−2 + .15·−3 = −0.95 → 51.
    assert v.light is Light.AMBER
    assert v.score == pytest.approx(51.0, abs=0.5)
    # two NUDGEs ranked by points: HRV 20·.25·2 = 10 ahead of RHR 20·.15·3 = 9; then INFO
    assert v.rule_ids == ("hrv_low_today", "rhr_above_normal", "numbers_worse_than_feel")
    assert v.domains_flagged == ("autonomic",)


def test_one_short_night_is_a_nudge_not_a_verdict(athlete):
    """5 h of sleep last night, everything else usual."""
    v = athlete().sleep(300).verdict()
    # (300 − 480)/60 = −3: .2·−3 = −0.6 → score 58: amber; only the sleep domain is flagged.
    assert v.light is Light.AMBER
    assert v.score == pytest.approx(58.0)
    assert v.rule_ids == ("sleep_short_last_night",)


def test_a_short_sleep_week_alone_stays_green_with_sleep_nudges(athlete):
    """6 h 20 min (380 min) for 7 nights; no other domain agrees (docs/science.md §0)."""
    v = athlete().sleep(380, days=7).verdict()
    # (380 − 480)/60 = −1.67: .2·−1.67 → score 63.3: green. S1 (7-day mean < 7 h) and S2
    # (debt 7 × 100 = 700 min > 5 h) are CAUTIONs, shown as NUDGEs without a second domain.
    assert v.light is Light.GREEN
    assert v.score == pytest.approx(70 - 20 * 0.2 * 100 / 60)
    assert v.rule_ids == ("sleep_debt", "sleep_short_last_night", "sleep_short_week")
    assert all(f.severity is Severity.NUDGE for f in v.reasons)


def test_a_load_jump_alone_is_described_not_alarmed(athlete):
    """ACWR 1.7 after yesterday, everything else usual."""
    v = athlete().load(acwr=1.7).verdict()
    # −(1.7 − 1.3)/0.2 = −2: .15·−2 → score 64: green, with a neutral "is that planned?".
    assert v.light is Light.GREEN
    assert v.score == pytest.approx(64.0)
    assert v.rule_ids == ("load_large_jump",)


def test_back_from_a_ten_day_break_the_ratio_is_not_called_a_jump(athlete):
    """ACWR 1.7 after yesterday, but 10 days without
    training ended 5 days ago (docs/science.md L7)."""
    v = athlete().load(acwr=1.7).back_from_break(10, ended_days_ago=5).verdict()
    # The load component reads form only: TSB −5 is above −10, so z = 0 and the score stays
    # at 70 (against 64 with the ratio read); the reason is the return, not a jump.
    assert v.light is Light.GREEN
    assert v.score == pytest.approx(70.0)
    assert v.rule_ids == ("return_after_break",)
    assert v.coverage == pytest.approx(1.0)
    assert "back from 10 days" in _component(v, "load").note


def test_illness_is_a_red_flag_whatever_the_numbers(athlete):
    v = athlete().illness().verdict()
    assert v.light is Light.RED
    assert v.score == pytest.approx(70.0)  # the numbers are usual; the flag overrides them
    assert v.rule_ids == ("r5_illness",)
    assert v.findings[0].severity is Severity.REFER
    assert v.light_rule.startswith("red flag")


def test_illness_two_days_ago_still_flags_but_three_days_ago_does_not(athlete):
    assert athlete().illness(days_ago=2).verdict().rule_ids == ("r5_illness",)
    assert athlete().illness(days_ago=3).verdict().light is Light.GREEN


def test_no_objective_data_gives_no_verdict(athlete):
    """Only the check-in this week: HRV, RHR and sleep missing, no load."""
    v = athlete().drop("hrv", 7).drop("rhr", 7).drop("sleep", 7).no_load().verdict()
    # wellness .25 of 1.0 present → coverage 25 % < 40 %: grey, no score
    assert v.light is Light.GREY
    assert v.score is None
    assert v.coverage == pytest.approx(0.25)
    assert v.confidence is Confidence.NONE
    assert v.rule_ids[0] == "not_enough_data"


def test_a_red_flag_shows_even_without_data(athlete):
    v = athlete().drop("hrv", 7).drop("rhr", 7).drop("sleep", 7).no_load().illness().verdict()
    assert v.light is Light.RED
    assert v.score is None
    assert v.rule_ids[0] == "r5_illness"


def test_an_urgent_flag_replaces_the_verdict_with_stop_and_seek_care(athlete):
    """Chest symptoms on a day whose numbers are all usual, plus a CAUTION-level pattern."""
    v = athlete().report("cardiac_symptoms").item("soreness", 6, days=9).verdict()
    assert v.light is Light.RED
    assert v.score is None  # no score: nothing to train on
    assert v.urgent
    assert v.rule_ids == ("r4_chest_symptoms",)
    assert [f.rule_id for f in v.findings] == ["r4_chest_symptoms"]  # no training advice
    assert v.light_rule.startswith("urgent red flag")


def test_urgent_flags_come_before_refer_flags_and_all_are_shown(athlete):
    v = (
        athlete()
        .report("self_harm_thoughts")
        .illness()
        .niggle("hip", 5, bone=True)
        .value("ferritin_ng_ml", 20.0)
        .niggle("knee", 7, side="right")
        .verdict()
    )
    assert len(v.reasons) == 5  # more than REASONS_MAX: a red flag is never cut
    assert [f.severity for f in v.reasons[:2]] == [Severity.URGENT] * 2
    assert set(v.rule_ids) == {
        "r9_self_harm_thoughts",
        "r1_bone_pain_high_risk_site",
        "r5_illness",
        "r2_niggle",
        "r12_ferritin_low",
    }


@pytest.mark.parametrize("k", [0.0, 1.0])
def test_a_refer_flag_is_never_softened_by_good_numbers(athlete, k):
    """Every signal at or above normal (HRV +1 SD, RHR −3 bpm, 9 h sleep): still red."""
    good = athlete().hrv_sd(k, days=7).rhr_up(-3 * k, days=7).sleep(480 + 60 * k, days=7)
    v = good.value("ferritin_ng_ml", 25.0).verdict()
    assert v.score is not None and v.score >= 70.0
    assert v.light is Light.RED and v.rule_ids[0] == "r12_ferritin_low"
    assert v.red_flags[0].severity is Severity.REFER and not v.urgent


FLAGGED = {
    "r4_chest_symptoms": lambda a: a.report("cardiac_symptoms"),
    "r1_bone_pain": lambda a: a.niggle("shin", 3, bone=True),
    "r2_niggle": lambda a: a.niggle("knee", 3, gait=True),
    "r5_illness": lambda a: a.illness(),
    "r10_low_mood": lambda a: a.report("low_mood_2w"),
    "r12_ferritin_low": lambda a: a.value("ferritin_ng_ml", 20.0),
}


@settings(max_examples=60)
@given(
    rule_id=st.sampled_from(sorted(FLAGGED)),
    hrv_k=st.floats(-3, 3),
    rhr_bpm=st.floats(-8, 12),
    sleep_min=st.floats(240, 600),
    acwr=st.floats(0.5, 2.0),
)
def test_numbers_never_add_or_remove_a_red_flag(rule_id, hrv_k, rhr_bpm, sleep_min, acwr):
    """Whatever HRV, RHR, sleep and load do, the flag
    and the red light stay (docs/science.md §0)."""
    base = Athlete().hrv_sd(hrv_k, 3).rhr_up(rhr_bpm, 3).sleep(sleep_min, 3).load(acwr=acwr)
    assert base.verdict().red_flags == ()
    v = FLAGGED[rule_id](base).verdict()
    assert v.light is Light.RED
    assert [f.rule_id for f in v.red_flags] == [rule_id]
    assert v.reasons[0].rule_id == rule_id


def test_an_urgent_flag_shows_with_no_other_data(athlete):
    v = (
        athlete()
        .drop("hrv", 7)
        .drop("rhr", 7)
        .drop("sleep", 7)
        .drop("hooper", 7)
        .no_load()
        .report("heat_illness_signs")
        .verdict()
    )
    assert v.light is Light.RED and v.urgent and v.rule_ids == ("r6_heat_signs",)


def test_red_flags_ignore_every_setting(athlete):
    """No setting hides a red flag (docs/science.md §11.8): extreme settings, same flags."""
    s = ReadinessSettings(min_coverage=1.0, green_min=0.0, red_below=0.0)
    v = athlete().report("self_harm_thoughts").verdict(s)
    assert v.urgent and v.rule_ids == ("r9_self_harm_thoughts",)


def test_a_head_cold_only_is_not_a_red_flag_but_the_day_is_easy(athlete):
    """docs/science.md R5 'neck check': above the neck only → easy running allowed. Not red, but
    not green either: green says 'Ready to train as planned', the finding 'skip hard sessions'."""
    v = athlete().illness().report("head_cold").verdict()
    assert v.red_flags == ()
    assert v.score == pytest.approx(70.0)
    assert v.light is Light.AMBER
    assert "R5" in v.light_rule
    assert v.rule_ids == ("r5_head_cold",)


def test_a_new_athlete_with_ten_days_of_data_gets_no_confident_verdict():
    v = Athlete(days=10).verdict()
    statuses = {c.key: c.status for c in v.components}
    assert statuses["hrv"] is Status.BASELINE_BUILDING
    assert statuses["rhr"] is Status.BASELINE_BUILDING
    assert statuses["wellness"] is Status.BASELINE_BUILDING
    # sleep (.2, judged against need) and load (.15) are usable: 35 % < 40 %
    assert v.coverage == pytest.approx(0.35)
    assert v.light is Light.GREY


def test_two_hrv_readings_a_week_are_not_enough_data(athlete):
    v = athlete().keep_only("hrv", [0, 4]).verdict()
    hrv = _component(v, "hrv")
    assert hrv.status is Status.NOT_ENOUGH_DATA
    assert "2 readings" in hrv.note
    assert v.coverage == pytest.approx(0.75)  # 1 − .25
    assert v.confidence is Confidence.HIGH
    assert v.light is Light.GREEN
    assert "hrv_not_enough_readings" in {f.rule_id for f in v.findings}


def test_yesterdays_readings_count_half(athlete):
    v = athlete().drop("hrv", 1).drop("rhr", 1).verdict()
    assert _component(v, "hrv").status is Status.STALE
    # (.25 + .15) count half: coverage = 1 − .2 = 0.8
    assert v.coverage == pytest.approx(0.8)
    older = athlete().drop("hrv", 2).drop("rhr", 2).verdict()
    assert _component(older, "hrv").status is Status.TOO_OLD
    assert older.coverage == pytest.approx(0.6)
    assert older.confidence is Confidence.MEDIUM


def test_without_load_arrays_the_load_component_is_missing(athlete):
    v = athlete().no_load().verdict()
    load = _component(v, "load")
    assert load.status is Status.MISSING and load.note == "training load not provided"
    assert v.coverage == pytest.approx(0.85)
    assert v.light is Light.GREEN


def test_high_hrv_in_a_heavy_block_is_not_read_as_ready(athlete):
    """8a row 3: HRV +1.5 SD for 7 days, RHR −3 bpm, fatigue 6 for 3 days, form −35."""
    v = (
        athlete()
        .hrv_sd(1.5, days=7)
        .rhr_up(-3, days=7)
        .item("fatigue", 6, days=3)
        .load(tsb=-35)
        .verdict()
    )
    assert "possible_overreaching_high_hrv" in v.rule_ids
    assert v.light is not Light.GREEN


def test_low_hrv_with_low_rhr_and_feeling_fine_is_information_only(athlete):
    """8a row 2 (saturation): HRV −1.2 SD and RHR −3 bpm for 7 days, check-in usual."""
    v = athlete().hrv_sd(-1.2, days=7).rhr_up(-3, days=7).verdict()
    ids = {f.rule_id for f in v.findings}
    assert "hrv_low_with_low_rhr" in ids
    assert "hrv_trend_below_normal" not in ids
    assert "accumulated_fatigue" not in ids
    assert v.light is Light.GREEN


def test_a_check_in_item_at_6_for_9_days_asks_for_a_conversation(athlete):
    v = athlete().item("soreness", 6, days=9).verdict()
    assert v.rule_ids[0] == "hooper_stale"
    assert v.light is Light.AMBER  # a subjective CAUTION stands on its own (M1)


def test_the_traffic_light_cannot_go_red_on_one_domain(athlete):
    """HRV −3 SD and RHR +10 bpm today: score red-range, but only autonomic agrees."""
    strict = ReadinessSettings(weight_sleep=0, weight_wellness=0, weight_load=0)
    v = athlete().hrv_sd(-3.0).rhr_up(10).verdict(strict)
    assert v.score is not None and v.score < 40
    assert v.light is Light.AMBER
    assert "two agreeing domains" in v.light_rule


def test_weights_are_settings(athlete):
    sleepy = ReadinessSettings(weight_sleep=1.0, weight_hrv=0, weight_rhr=0, weight_wellness=0)
    v = athlete().sleep(420).verdict(sleepy)
    # sleep weight 1, load .15: (1·−1 + .15·0)/1.15 → 70 − 20/1.15
    assert v.score == pytest.approx(70 - 20 / 1.15)


@settings(max_examples=30, deadline=None)
@given(st.floats(-3, 3), st.floats(-8, 8), st.floats(300, 600))
def test_contributions_add_up_to_the_score(hrv_k, rhr_delta, sleep_min):
    v = Athlete().hrv_sd(hrv_k).rhr_up(rhr_delta).sleep(sleep_min).verdict()
    raw = 70 + sum(c.contribution for c in v.components)
    assert v.score == pytest.approx(min(max(raw, 0), 100))
    assert v.coverage == pytest.approx(1.0)


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 3), st.floats(0, 3))
def test_worse_hrv_never_raises_the_score(k, extra):
    better = Athlete().hrv_sd(-k).verdict().score
    worse = Athlete().hrv_sd(-k - extra).verdict().score
    assert worse <= better + 1e-9


def test_hrv_sd_used_by_the_scenarios_is_the_baselines_own():
    v = Athlete().hrv_sd(-1.0, days=1).verdict()
    hrv = _component(v, "hrv")
    assert hrv.spread == pytest.approx(HRV_SD)
    assert hrv.z == pytest.approx(-1.0)
    assert math.exp(hrv.baseline) == pytest.approx(math.exp(4.2))
