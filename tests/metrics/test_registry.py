import numpy as np
import pytest

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics import registry
from recoverwell.metrics.registry import Validity, declare_input, evaluate, metric, plan


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "METRICS", {})
    monkeypatch.setattr(registry, "INPUTS", {})


def _register(symbol, inputs, func=None):
    def f(*arrays, scale_1=1.0):
        """Test metric.

        Formula: sum of inputs × scale.
        Units: au.
        Source: hand calculation.
        """
        return sum(arrays) * scale_1

    return metric(
        symbol=symbol,
        title=symbol,
        units="au",
        inputs=inputs,
        aggregation="sum",
        validity=Validity.EXPERIMENTAL,
        source="test",
    )(func or f)


def test_plan_orders_dependencies_first(clean_registry):
    declare_input("x", "au", "base")
    _register("c", ("b", "a"))
    _register("b", ("a",))
    _register("a", ("x",))
    assert [s.symbol for s in plan(["c"])] == ["a", "b", "c"]


def test_evaluate_runs_the_plan_with_params(clean_registry):
    declare_input("x", "au", "base")
    _register("a", ("x",))
    _register("b", ("a", "x"))
    out = evaluate(["b"], {"x": np.array([1.0, 2.0])}, {"b": {"scale_1": 10.0}})
    # a = x = [1, 2]; b = (a + x) × 10 = [20, 40]
    np.testing.assert_array_equal(out["b"], [20.0, 40.0])


def test_a_missing_dependency_fails_when_the_plan_is_built(clean_registry):
    _register("a", ("nowhere",))
    with pytest.raises(MetricInputError, match="'nowhere' \\(needed by 'a'\\)"):
        plan(["a"])


def test_a_cycle_fails_loudly_and_names_it(clean_registry):
    _register("a", ("b",))
    _register("b", ("a",))
    with pytest.raises(MetricInputError, match="a → b → a"):
        plan(["a"])


def test_a_metric_without_formula_units_source_is_refused(clean_registry):
    def undocumented(x):
        """No sections."""
        return x

    with pytest.raises(ValueError, match="Formula"):
        _register("u", ("x",), undocumented)


def test_symbols_are_unique(clean_registry):
    declare_input("x", "au", "base")
    _register("a", ("x",))
    with pytest.raises(ValueError, match="twice"):
        _register("a", ("x",))


def test_a_declared_input_missing_at_evaluation_is_named(clean_registry):
    declare_input("x", "au", "base")
    _register("a", ("x",))
    with pytest.raises(MetricInputError, match="needs input"):
        evaluate(["a"], {})
