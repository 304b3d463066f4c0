"""Readiness settings: documented defaults from the thresholds, validated overrides."""

from pathlib import Path

import pytest

from recoverwell.advice import thresholds as t
from recoverwell.advice.readiness_settings import ReadinessSettings, readiness_settings
from recoverwell.core.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "readiness.md"


def test_defaults_are_the_named_thresholds():
    s = ReadinessSettings()
    assert s.weights == {
        "hrv": t.WEIGHT_HRV,
        "rhr": t.WEIGHT_RHR,
        "sleep": t.WEIGHT_SLEEP,
        "wellness": t.WEIGHT_WELLNESS,
        "load": t.WEIGHT_LOAD,
    }
    assert sum(s.weights.values()) == pytest.approx(1.0)
    assert s.sleep_need_min == 480
    assert (s.green_min, s.red_below) == (t.GREEN_MIN, t.RED_BELOW)


def test_overrides_apply_and_bad_ones_name_the_key():
    assert readiness_settings({"weight_load": 0.3}).weight_load == 0.3
    with pytest.raises(ConfigError, match=r"readiness\.weight_hrv"):
        readiness_settings({"weight_hrv": -1})
    with pytest.raises(ConfigError, match=r"readiness\.colour"):
        readiness_settings({"colour": "blue"})
    with pytest.raises(ConfigError, match="at least one component weight"):
        readiness_settings({f"weight_{k}": 0 for k in ("hrv", "rhr", "sleep", "wellness", "load")})
    with pytest.raises(ConfigError, match="red_below"):
        readiness_settings({"red_below": 70})


@pytest.mark.parametrize("name", list(ReadinessSettings.model_fields))
def test_every_readiness_setting_is_documented(name):
    assert f"`{name}`" in DOCS.read_text()
