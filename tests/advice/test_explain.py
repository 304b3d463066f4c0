"""Words: every rule has its own sentence, the disclaimer comes with every verdict, safe wording."""

import pytest

from recoverwell.advice.explain import (
    ACTIONS,
    DISCLAIMER,
    TEXTS,
    VOLUME_TEXTS,
    explain,
    finding_text,
    hours,
)
from recoverwell.advice.findings import Action
from tests.advice.athletes import Athlete

SCENARIOS = [
    Athlete(),
    Athlete().hrv_sd(-1.5, days=3).item("soreness", 6, days=3).load(acwr=1.6),
    Athlete().hrv_sd(-2, days=5).rhr_up(6, days=5).item("fatigue", 6, days=4).sleep(360, days=5),
    Athlete().item("fatigue", 6).item("stress", 5),
    Athlete().hrv_sd(-2).rhr_up(8),
    Athlete().hrv_sd(1.5, days=7).rhr_up(-3, days=7).item("fatigue", 6, days=3).load(tsb=-35),
    Athlete().hrv_sd(-1.2, days=7).rhr_up(-3, days=7),
    Athlete().item("soreness", 6, days=9),
    Athlete().illness(),
    Athlete().drop("hrv", 7).drop("rhr", 7).drop("sleep", 7).no_load(),
    Athlete().keep_only("hrv", [0, 4]).load(acwr=1.7).sleep(380, days=14),
]


def test_hours_formatting():
    assert hours(425) == "7 h 05 min"
    assert hours(-30) == "−0 h 30 min"
    assert hours(float("nan")) == "–"


def test_every_action_has_words():
    assert set(ACTIONS) == set(Action)


@pytest.mark.parametrize("athlete", SCENARIOS)
def test_every_finding_of_the_scenarios_has_its_own_sentence(athlete):
    v = athlete.verdict()
    for f in v.findings:
        generic = f.rule_id.replace("_", " ").capitalize() + "."
        assert not finding_text(f).startswith(generic), f.rule_id
        known = f.rule_id in TEXTS or f.rule_id.endswith(("_high", "_than_usual"))
        assert known, f.rule_id


@pytest.mark.parametrize("athlete", SCENARIOS)
def test_the_disclaimer_comes_with_every_explanation_and_wording_stays_safe(athlete):
    e = explain(athlete.verdict())
    assert e.disclaimer == DISCLAIMER
    words = " ".join((e.headline, *e.reasons, *e.more)).lower()
    for banned in ("overtraining syndrome", "injury risk", "you have", "diagnos", "nan"):
        assert banned not in words


def test_a_red_flag_headline_and_coverage_line():
    e = explain(Athlete().illness().no_load().verdict())
    assert e.headline.startswith("Red flag")
    assert e.coverage == "Data coverage 85% (high confidence); missing: Training load"


def test_every_rule_is_documented():
    from pathlib import Path

    from recoverwell.advice.red_flags import RULES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "readiness.md").read_text()
    rule_ids = {*TEXTS, *VOLUME_TEXTS, *(r.rule_id for r in RULES)}
    for rule_id in sorted(rule_ids):
        assert f"`{rule_id}`" in docs, rule_id
    assert "`hooper_<item>_high`" in docs and "`<component>_worse_than_usual`" in docs


def _mass(athlete, pre, post):
    return athlete.value("body_mass_pre_run_kg", pre).value("body_mass_post_run_kg", post)


RED_FLAG_SCENARIOS = [
    Athlete().report("self_harm_thoughts"),
    Athlete().report("cardiac_symptoms", days_ago=1),
    Athlete().report("heat_illness_signs"),
    _mass(Athlete().report("long_run_symptoms"), 57.0, 57.6),
    _mass(Athlete().report("long_run_symptoms"), 57.0, 56.0),
    Athlete().report("long_run_symptoms"),
    Athlete().report("sudden_pop"),
    Athlete().niggle("front of shin", 4, bone=True),
    Athlete().niggle("shin", 4, bone=True, side="both"),
    Athlete().report("bone_pain"),
    Athlete().report("illness_systemic"),
    Athlete().illness().report("head_cold"),
    Athlete().niggle("knee", 7, gait=True).niggle("calf", 3, 2).niggle("calf", 4, 1),
    Athlete().report("missed_periods_3m"),
    Athlete().report("low_mood_2w").mood(6, 14),
    Athlete().report("unexplained_signs"),
    Athlete().value("ferritin_ng_ml", 22.0),
    Athlete().value("haemoglobin_g_dl", 10.9),
    Athlete().value("vitamin_d_nmol_l", 40.0),
    Athlete().value("vitamin_d_nmol_l", 60.0),
]
#: docs/science.md §11.1: never diagnose or name a condition from data.
FORBIDDEN = (
    "you have",
    "diagnos",
    "stress fracture",
    "fracture",
    "overtraining syndrome",
    "reds",
    "relative energy deficiency",
    "depression",
    "depressed",
    "anaemi",
    "anemi",
    "iron deficiency",
    "hyponatr",
    "heat stroke",
    "myocarditis",
    "arrhythmia",
    "infection",
    "rupture",
    "tendinopathy",
    "mg",  # no doses (§11.4)
    " iu",
)


@pytest.mark.parametrize("athlete", RED_FLAG_SCENARIOS)
def test_red_flag_words_never_diagnose_and_every_flag_has_its_own_sentence(athlete):
    v = athlete.verdict()
    assert v.findings and v.findings[0].rule_id.startswith("r")
    e = explain(v)
    words = " ".join((e.headline, *e.reasons, *e.more)).lower()
    for banned in FORBIDDEN:
        assert banned not in words.replace("nmol", "").replace("ng/ml", ""), banned
    for f in v.findings:
        generic = f.rule_id.replace("_", " ").capitalize() + "."
        assert not finding_text(f).startswith(generic), f.rule_id
    assert e.disclaimer == DISCLAIMER


def test_every_red_flag_rule_has_words():
    from recoverwell.advice.red_flags import RULES

    assert {r.rule_id for r in RULES} <= set(TEXTS)


def test_an_urgent_card_says_stop_and_seek_care_and_nothing_about_training():
    e = explain(Athlete().report("sudden_pop").item("soreness", 6, days=9).verdict())
    assert e.urgent and e.headline == "Stop and seek care now."
    assert e.more == ()
    (reason,) = e.reasons
    assert "same-day" in reason or "today" in reason
    assert e.crisis == ""


def test_thoughts_of_self_harm_bring_the_crisis_text():
    from recoverwell.advice.explain import CRISIS_TEXT

    e = explain(Athlete().report("self_harm_thoughts").verdict())
    assert e.crisis == CRISIS_TEXT
    assert "contact your local emergency number or a crisis line now" in CRISIS_TEXT
    assert "trusted person" in CRISIS_TEXT
    assert e.urgent and e.reasons == (
        "You reported thoughts of harming yourself, or feeling hopeless.",
    )


def test_a_refer_card_says_see_a_professional_and_names_the_place():
    e = explain(Athlete().niggle("hip", 5, bone=True).niggle("shin", 3, 1, bone=True).verdict())
    assert e.headline == "Stop and seek care now."
    assert any("groin or hip (left hip, 5/10)" in r for r in e.reasons)
    assert any("shin" in r and "within the next few days" in r for r in e.reasons)
    refer = explain(Athlete().value("ferritin_ng_ml", 22).verdict())
    assert refer.headline.startswith("Red flag: see a professional")
    assert refer.reasons[0].startswith("Your ferritin result is 22 ng/mL, below 35 ng/mL.")
    assert "don't start iron" in refer.reasons[0]


def test_no_fixed_text_of_the_advice_names_a_condition():
    from recoverwell.advice.explain import (
        CRISIS_TEXT,
        HEADLINES,
        RED_FLAG_HEADLINE,
        URGENT_HEADLINE,
    )
    from recoverwell.core.signals import SYMPTOM_SIGNALS, signal

    texts = [*ACTIONS.values(), *HEADLINES.values(), RED_FLAG_HEADLINE, URGENT_HEADLINE]
    texts += [CRISIS_TEXT, *(signal(s).title for s in SYMPTOM_SIGNALS)]
    for text in texts:
        for banned in FORBIDDEN:
            assert banned not in text.lower(), (banned, text)


def test_soreness_below_six_is_not_called_high():
    v = Athlete().load(acwr=1.6).item("soreness", 4).verdict()
    f = next(f for f in v.findings if f.rule_id == "load_jump_with_soreness")
    text = finding_text(f)
    assert "4/7" in text and "high soreness" not in text
    assert "above your usual" in text


def test_the_disagreement_names_only_the_signals_it_compared():
    """No HRV this week: the objective side is resting HR alone."""
    v = Athlete().drop("hrv", 7).rhr_up(8).verdict()
    f = next(f for f in v.findings if f.rule_id == "numbers_worse_than_feel")
    assert finding_text(f).startswith("Your resting HR looks worse than you feel")
    v = Athlete().drop("rhr", 7).item("fatigue", 6).item("stress", 5).verdict()
    f = next(f for f in v.findings if f.rule_id == "feels_worse_than_numbers")
    assert finding_text(f).startswith("You feel worse than your HRV suggests.")
    v = Athlete().item("fatigue", 6).item("stress", 5).verdict()
    f = next(f for f in v.findings if f.rule_id == "feels_worse_than_numbers")
    assert finding_text(f).startswith("You feel worse than your HRV and resting HR suggest.")


def test_a_reading_from_an_earlier_day_is_not_called_last_night_or_today():
    v = Athlete().sleep(300, days=2).drop("sleep", 1).verdict()
    f = next(f for f in v.findings if f.rule_id == "sleep_short_last_night")
    assert finding_text(f).startswith("You slept 5 h 00 min the night before last,")
    v = Athlete().sleep(300).verdict()
    f = next(f for f in v.findings if f.rule_id == "sleep_short_last_night")
    assert finding_text(f).startswith("You slept 5 h 00 min last night,")
    v = Athlete().hrv_sd(-2, days=2).drop("hrv", 1).verdict()
    f = next(f for f in v.findings if f.rule_id == "hrv_low_today")
    assert "below your normal yesterday" in finding_text(f)


def test_a_verdict_without_enough_data_does_not_claim_a_confidence():
    e = explain(Athlete(days=10).verdict())
    assert e.coverage.startswith("Data coverage 35% (too little for a verdict)")


def test_deep_fatigue_on_the_form_chart_is_not_called_a_jump():
    """L6: TSB < −30 is 'high fatigue, limit to a few days', not a load jump."""
    v = Athlete().load(tsb=-35).verdict()
    f = next(f for f in v.findings if f.rule_id == "form_high_fatigue")
    text = finding_text(f)
    assert "jump" not in text
    assert "easier days" in text


def test_sleep_and_load_are_not_compared_with_usual_when_their_baseline_is_not_usual():
    """Sleep is judged against the need (S1) and load against fixed bands (L2, L6): the
    component reasons must not call them 'worse than usual'."""
    v = Athlete().sleep(430).verdict()  # (430 − 480)/60 = −0.83 → −3.3 points
    f = next(f for f in v.findings if f.rule_id == "sleep_worse_than_usual")
    assert finding_text(f) == "Sleep was 7 h 10 min, short of your 8 h 00 min need."
    v = Athlete().load(tsb=-25).verdict()  # (−25 + 10)/20 = −0.75 → −2.25 points
    f = next(f for f in v.findings if f.rule_id == "load_worse_than_usual")
    assert finding_text(f) == "Training load is heavier than typical (form -25, typical ≥ -10)."
