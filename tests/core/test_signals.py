import pytest

from recoverwell.core.signals import SIGNALS, signal


def test_every_signal_symbol_carries_its_unit_or_scale():
    for spec in SIGNALS.values():
        assert spec.low < spec.high, spec.symbol
        assert spec.unit and spec.title


def test_hrv_kinds_are_separate_signals():
    assert {"hrv_rmssd_ms", "hrv_ln_rmssd", "hrv_sdnn_ms"} <= set(SIGNALS)


def test_unknown_signals_are_named():
    with pytest.raises(KeyError, match="hrv_magic"):
        signal("hrv_magic")
