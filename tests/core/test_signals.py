import pytest

from recoverwell.core.signals import LAB_SIGNALS, SIGNALS, SYMPTOM_SIGNALS, signal


def test_every_signal_symbol_carries_its_unit_or_scale():
    for spec in SIGNALS.values():
        assert spec.low < spec.high, spec.symbol
        assert spec.unit and spec.title


def test_hrv_kinds_are_separate_signals():
    assert {"hrv_rmssd_ms", "hrv_ln_rmssd", "hrv_sdnn_ms"} <= set(SIGNALS)


def test_unknown_signals_are_named():
    with pytest.raises(KeyError, match="hrv_magic"):
        signal("hrv_magic")


def test_red_flag_items_are_yes_no_signals_worded_without_a_diagnosis():
    for symbol in SYMPTOM_SIGNALS:
        spec = signal(symbol)
        assert (spec.unit, spec.low, spec.high, spec.higher_is_worse) == ("0/1", 0, 1, True)
        words = spec.title.lower()
        for banned in ("fracture", "syndrome", "depression", "hyponatr", "heat stroke", "reds"):
            assert banned not in words, symbol
    assert set(LAB_SIGNALS) <= set(SIGNALS)
