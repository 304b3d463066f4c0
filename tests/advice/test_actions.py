"""Concrete recovery actions per pillar (docs/science.md §2–§6): grams from the athlete's body mass,
millilitres from the run's weights, a bedtime from their own wake time, minutes and seconds
for the therapy and mental tools. Expected numbers are the docs/science.md rule as arithmetic."""

import pytest

from recoverwell.advice.actions import action_text
from recoverwell.advice.explain import explain
from recoverwell.advice.readiness import Light
from recoverwell.core.signals import Pillar
from tests.advice.athletes import Athlete

pytestmark = pytest.mark.reference(source="docs/science.md N1, N5, H4, S1, S4, P2, P4, M2, M4")


def _actions(verdict):
    return {a.key: a for a in verdict.actions}


def test_a_usual_green_day_needs_no_extra_actions():
    v = Athlete().with_mass(60).verdict()
    assert v.light is Light.GREEN and v.actions == ()


def test_a_short_night_gives_a_bedtime_from_the_usual_wake_time_and_a_nap():
    """5 h last night. Usual wake 07:00 (median of 14 days), 30 min in bed awake on
    average: in bed max(480 + 30, 480) = 510 min → lights out 07:00 − 8 h 30 = 22:30."""
    v = Athlete().sleep(300).verdict()
    bed = _actions(v)["bedtime"]
    assert bed.pillar is Pillar.SLEEP
    assert bed.numbers["lights_out_min"] == pytest.approx(22 * 60 + 30)
    assert bed.numbers["in_bed_min"] == pytest.approx(510)
    assert action_text(bed) == (
        "Lights out by 22:30 tonight: 8 h 30 min in bed before your usual 07:00 wake-up."
    )
    nap = _actions(v)["nap"]
    assert (nap.numbers["low_min"], nap.numbers["high_min"]) == (20, 30)
    assert "13:00" in action_text(nap) and "16:00" in action_text(nap)


def test_fuel_in_grams_from_body_mass_on_an_easy_day():
    """Amber (feels bad): an easy day under an hour → N1 5–7 g/kg = 300–420 g for 60 kg;
    N5 ~0.3 g/kg per meal = 18 g, 1.2–2.0 g/kg a day = 72–120 g."""
    v = Athlete().with_mass(60).item("fatigue", 6).item("stress", 5).verdict()
    assert v.light is Light.AMBER
    a = _actions(v)
    carbs, protein = a["carbohydrate"], a["protein"]
    assert (carbs.numbers["low_g"], carbs.numbers["high_g"]) == pytest.approx((300, 420))
    assert protein.numbers["meal_g"] == pytest.approx(18)
    assert (protein.numbers["day_low_g"], protein.numbers["day_high_g"]) == pytest.approx((72, 120))
    assert action_text(carbs) == (
        "Carbohydrate today: 300–420 g (5–7 g/kg) for an easy day under an hour."
    )
    assert action_text(protein) == (
        "Protein: about 18 g per meal (0.3 g/kg) every 3–5 h, 72–120 g over the day."
    )


def test_a_red_day_is_a_light_fuelling_day_with_optional_active_recovery():
    """Red: rest or very easy → N1 light day 3–5 g/kg = 180–300 g; P4 30–60 min at RPE ≤ 3."""
    v = (
        Athlete()
        .with_mass(60)
        .hrv_sd(-2.0, days=5)
        .rhr_up(6, days=5)
        .item("fatigue", 6, days=4)
        .sleep(360, days=5)
        .verdict()
    )
    assert v.light is Light.RED
    a = _actions(v)
    assert (a["carbohydrate"].numbers["low_g"], a["carbohydrate"].numbers["high_g"]) == (
        pytest.approx((180, 300))
    )
    active = a["active_recovery"]
    assert active.pillar is Pillar.THERAPY
    assert (active.numbers["low_min"], active.numbers["high_min"], active.numbers["rpe_max"]) == (
        30,
        60,
        3,
    )


def test_without_a_body_mass_the_rule_is_given_per_kg():
    v = Athlete().item("fatigue", 6).item("stress", 5).verdict()
    carbs = _actions(v)["carbohydrate"]
    assert "low_g" not in carbs.numbers
    text = action_text(carbs)
    assert "5–7 g/kg" in text and "recoverwell athlete set" in text


def test_a_weighed_run_gives_a_rehydration_volume():
    """61.0 kg before, 59.8 kg after yesterday's run: 1.2 kg lost (1.97 %) → H4 1.25–1.5 L/kg
    = 1500–1800 mL, with salt."""
    v = (
        Athlete()
        .with_mass(60)
        .value("body_mass_pre_run_kg", 61.0, days_ago=1)
        .value("body_mass_post_run_kg", 59.8, days_ago=1)
        .verdict()
    )
    drink = _actions(v)["rehydrate"]
    assert drink.pillar is Pillar.NUTRITION
    assert drink.numbers["lost_kg"] == pytest.approx(1.2)
    assert (drink.numbers["low_ml"], drink.numbers["high_ml"]) == pytest.approx((1500, 1800))
    assert action_text(drink).startswith("Yesterday's run cost 1.2 kg (2.0 %): drink 1500–1800 mL")


def test_stress_brings_breathing_and_relaxation_with_their_doses():
    v = Athlete().item("stress", 6).verdict()
    tools = _actions(v)["stress_tools"]
    assert tools.pillar is Pillar.MENTAL
    text = action_text(tools)
    assert "6 breaths a minute" in text and "5–10 min" in text
    assert "5–7 s" in text and "30–40 s" in text and "10–15 min" in text


def test_soreness_brings_optional_foam_rolling_but_never_with_bone_pain():
    sore = _actions(Athlete().item("soreness", 6).verdict())
    assert "30–120 s" in action_text(sore["foam_rolling"])
    with_bone = Athlete().item("soreness", 6).niggle("shin", 3, bone=True).verdict()
    assert "foam_rolling" not in _actions(with_bone)


def test_an_urgent_flag_gives_no_actions_and_words_come_with_the_explanation():
    assert Athlete().report("cardiac_symptoms").verdict().actions == ()
    v = Athlete().with_mass(60).item("fatigue", 6).item("stress", 5).verdict()
    e = explain(v)
    assert len(e.actions) == len(v.actions)
    assert any(line.startswith("Carbohydrate today: 300–420 g") for line in e.actions)
