"""High-risk bone sites (docs/science.md §10 R1) are recognised from the words runners type."""

import pytest

from recoverwell.advice.body_sites import HIGH_RISK_SITES, high_risk_site


@pytest.mark.parametrize(
    ("location", "site"),
    [
        ("Hip", "groin or hip"),
        ("left groin", "groin or hip"),
        ("femoral-neck", "groin or hip"),
        ("pubic bone", "pubic bone or sacrum"),
        ("front_of_shin", "front of the shin"),
        ("anterior tibia", "front of the shin"),
        ("top of the foot", "top of the mid-foot"),
        ("midfoot", "top of the mid-foot"),
        ("outer foot", "outer base of the foot"),
        ("5th metatarsal", "outer base of the foot"),
        ("ball of big toe", "ball of the big toe"),
        ("sesamoids", "ball of the big toe"),
        ("inner ankle", "inner ankle"),
        ("medial malleolus", "inner ankle"),
    ],
)
def test_each_high_risk_site_is_recognised(location, site):
    assert high_risk_site(location) == site


@pytest.mark.parametrize(
    "location", ["shin", "inner shin", "calf", "knee", "foot", "heel", "achilles", "ship"]
)
def test_other_places_are_not_escalated(location):
    assert high_risk_site(location) is None


def test_phrases_match_whole_words_only():
    assert high_risk_site("chip") is None  # "hip" inside a word
    assert high_risk_site("hips") == "groin or hip"


def test_every_site_named_in_r1_is_in_the_table():
    assert len(HIGH_RISK_SITES) == 7
