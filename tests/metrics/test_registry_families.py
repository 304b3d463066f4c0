"""The registry as a whole: specs complete, plans resolvable, inputs untouched, docs fresh."""

import inspect
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from recoverwell.metrics import METRIC_FAMILIES, load_metric_families, registry
from recoverwell.metrics.registry import REQUIRED_SECTIONS, Validity, plan

ROOT = Path(__file__).resolve().parents[2]
load_metric_families()
SPECS = sorted(registry.METRICS.values(), key=lambda s: s.symbol)

#: Values for the parameters a metric requires (physiology is never defaulted silently).
REQUIRED = {
    "hr_max_bpm": 190.0,
    "hr_rest_bpm": 48.0,
    "lthr_bpm": 168.0,
    "vt1_hr_bpm": 150.0,
    "vt2_hr_bpm": 172.0,
    "threshold_speed_m_s": 4.2,
}


#: Inputs shaped days × epochs rather than days (one row of 30-min epochs per day).
EPOCH_INPUTS = {"sleep_state": 48}


def example_input(symbol, rng, n=60):
    if symbol in EPOCH_INPUTS:
        return rng.integers(0, 2, (n, EPOCH_INPUTS[symbol])).astype(np.float64)
    if symbol == "rpe":
        return rng.uniform(0, 10, n)
    if symbol in {"distance_m"}:
        return np.cumsum(rng.uniform(2, 4, n))
    x = rng.gamma(2.0, 30.0, n)
    x[rng.random(n) < 0.2] = 0.0
    return x


def test_the_registry_holds_every_family():
    assert {s.family for s in SPECS} == set(METRIC_FAMILIES)
    assert len(SPECS) >= 30


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.symbol)
def test_each_spec_is_complete_and_its_plan_resolves(spec):
    assert spec.units and spec.source and spec.title
    assert isinstance(spec.validity, Validity)
    for section in REQUIRED_SECTIONS:
        assert section in spec.doc
    order = [s.symbol for s in plan([spec.symbol])]
    assert order[-1] == spec.symbol
    for dependency in spec.inputs:
        assert dependency in registry.INPUTS or dependency in order[:-1]
    for name, p in inspect.signature(spec.func).parameters.items():
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty:
            assert name in REQUIRED, f"{spec.symbol}: no example value for required {name}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.symbol)
def test_no_metric_changes_its_inputs(spec):
    rng = np.random.default_rng(len(spec.symbol))
    base = {s: example_input(s, rng) for s in registry.INPUTS}
    kwargs = {
        name: REQUIRED[name]
        for name, p in inspect.signature(spec.func).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    }
    values = registry.evaluate([s.symbol for s in plan([spec.symbol])][:-1], base)
    args = [values[s] for s in spec.inputs]
    before = [a.copy() for a in args]
    out = spec.func(*args, **kwargs)
    days_shape = args[0].shape[:-1] if spec.inputs[0] in EPOCH_INPUTS else args[0].shape
    assert out.shape == days_shape
    for a, b in zip(args, before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_docs_metrics_md_is_up_to_date():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "-I", "scripts", "--check", "docs/metrics.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "docs/metrics.md is stale: run `make docs`\n" + result.stdout


def test_every_metric_appears_in_the_docs():
    text = (ROOT / "docs" / "metrics.md").read_text()
    for spec in SPECS:
        assert f"### `{spec.symbol}`" in text
