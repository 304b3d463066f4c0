"""The readiness table's words: the z the reasons quote, what a reading says, what a baseline is
(issue #12 item 12: "ok" beside an HRV 3 SD below normal, a z capped at −3.00 while the text
says 3.2, the check-in z with opposite signs in table and text, "Normal" for sleep being the
need)."""

from dataclasses import replace

import pytest

from recoverwell.advice.component_words import (
    component_baseline,
    component_reading,
    component_status,
    component_value,
    component_z,
)
from recoverwell.advice.components import Component, Domain, Status
from recoverwell.advice.explain import explain
from tests.advice.athletes import Athlete


def _component(key: str, z_raw: float, z: float | None = None, **kw) -> Component:
    clipped = max(min(z_raw, 1.0), -3.0) if z is None else z
    return Component(key, Domain.AUTONOMIC, "", Status.OK, 0.25, z=clipped, z_raw=z_raw, **kw)


def test_component_cells():
    v = Athlete().no_load().verdict()
    cells = {
        c.key: (component_value(c), component_baseline(c), component_status(c))
        for c in v.components
    }
    assert cells["sleep"] == ("8 h 00 min", "need 8 h 00 min", "ok")  # a need, not a normal
    assert cells["rhr"][0] == "45 bpm"
    assert cells["hrv"][0].startswith("67 ms")
    assert cells["load"] == ("–", "–", "missing: training load not provided")
    load = next(c for c in v.components if c.key == "load")
    assert component_status(load, short=True) == "missing"
    assert component_reading(load) == "missing"


@pytest.mark.reference(source="docs/science.md A2/A4: a reading acts from 1 SD off normal")
@pytest.mark.parametrize(
    ("key", "z", "words"),
    [
        ("hrv", -3.2, "well below normal"),
        ("hrv", -2.0, "well below normal"),
        ("hrv", -1.99, "below normal"),
        ("hrv", -1.0, "below normal"),  # A2: today < normal − 1 SD
        ("hrv", -0.99, "usual"),
        ("hrv", 1.5, "above normal"),
        ("rhr", -1.47, "above normal"),  # oriented: a high resting HR is −
        ("sleep", -0.87, "near need"),  # 52 min short of the need: −0.87 on the 1 h = 1 scale
        ("sleep", -1.5, "short of need"),
        ("wellness", -3.15, "much worse"),
    ],
)
def test_the_reading_says_what_the_z_means(key, z, words):
    assert component_reading(_component(key, z)) == words


def test_the_table_shows_the_z_the_text_quotes_and_marks_what_the_score_capped():
    assert component_z(_component("hrv", -3.2)) == "-3.20*"  # the score counted −3.00
    assert component_z(_component("hrv", 2.4)) == "+2.40*"  # and at most +1.00
    assert component_z(_component("hrv", -1.62)) == "-1.62"
    assert component_z(_component("load", -0.0)) == "+0.00"  # never "-0.00"
    older = replace(_component("hrv", -1.2), status=Status.STALE, age_d=1)
    assert component_reading(older) == "below normal, 1 d old"


def test_a_deep_hrv_drop_is_not_ok_and_its_z_is_the_reasons_z():
    v = Athlete().hrv_sd(-3.2).verdict()
    hrv = next(c for c in v.components if c.key == "hrv")
    assert hrv.z == pytest.approx(-3.0) and hrv.z_raw == pytest.approx(-3.2, abs=0.05)
    assert component_reading(hrv) == "well below normal"
    said = " ".join(explain(v).reasons)
    assert f"HRV is {abs(hrv.z_raw):.1f} SD below your normal" in said
    assert component_z(hrv) == f"{hrv.z_raw:+.2f}*"


def test_the_check_in_z_has_one_direction_in_table_and_text():
    v = Athlete().item("fatigue", 7).item("soreness", 7).item("stress", 6).verdict()
    wellness = next(c for c in v.components if c.key == "wellness")
    assert wellness.z_raw is not None and wellness.z_raw < 0  # oriented: worse is −
    text = " ".join(explain(v).reasons + explain(v).more)
    assert f"{abs(wellness.z_raw):.1f} SD worse than your normal" in text
    assert "+" not in text.split("Hooper", 1)[1].split(")")[0]  # no "+2.1 SD" for worse
