"""Words: every rule has its own sentence, the disclaimer comes with every verdict, safe wording."""

import pytest

from recoverwell.advice.explain import (
    ACTIONS,
    DISCLAIMER,
    TEXTS,
    component_baseline,
    component_status,
    component_value,
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


def test_component_cells():
    v = Athlete().no_load().verdict()
    cells = {
        c.key: (component_value(c), component_baseline(c), component_status(c))
        for c in v.components
    }
    assert cells["sleep"] == ("8 h 00 min", "8 h 00 min", "ok")
    assert cells["rhr"][0] == "45 bpm"
    assert cells["hrv"][0].startswith("67 ms")
    assert cells["load"] == ("–", "–", "missing: training load not provided")
    load = next(c for c in v.components if c.key == "load")
    assert component_status(load, short=True) == "missing"


def test_a_red_flag_headline_and_coverage_line():
    e = explain(Athlete().illness().no_load().verdict())
    assert e.headline.startswith("Red flag")
    assert e.coverage == "Data coverage 85% (high confidence); missing: Training load"


def test_every_rule_is_documented():
    from pathlib import Path

    from recoverwell.advice.red_flags import RULES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "readiness.md").read_text()
    rule_ids = {*TEXTS, *(r.rule_id for r in RULES)}
    for rule_id in sorted(rule_ids):
        assert f"`{rule_id}`" in docs, rule_id
    assert "`hooper_<item>_high`" in docs and "`<component>_worse_than_usual`" in docs
