import numpy as np
import pytest

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.acwr import acwr_coupled, acwr_uncoupled
from recoverwell.metrics.incremental import advance, initial_state
from recoverwell.metrics.kernels import alpha_exponential, rolling_mean, rolling_sd
from recoverwell.metrics.monotony import monotony
from recoverwell.metrics.pmc import fatigue, fitness, form


def athletes(n_athletes=50, n_days=70, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.gamma(2.0, 40.0, (n_athletes, n_days))
    x[rng.random(x.shape) < 0.2] = 0.0  # rest days
    x[rng.random(x.shape) < 0.02] = np.nan  # days without data
    x[0, :10] = np.nan  # an athlete who started later
    return x


def test_adding_days_one_by_one_equals_the_full_recompute():
    x = athletes()
    a_ctl, a_atl = alpha_exponential(42), alpha_exponential(7)
    state = initial_state(x[:, :40], fitness_alpha=a_ctl, fatigue_alpha=a_atl)
    ctl, atl = fitness(x), fatigue(x)
    full = {
        "fitness": ctl,
        "fatigue": atl,
        "form": form(ctl, atl),
        "acute_mean_7d": rolling_mean(x, 7),
        "chronic_mean_28d": rolling_mean(x, 28),
        "chronic_sd_28d": rolling_sd(x, 28),
        "acwr_coupled": acwr_coupled(x),
        "acwr_uncoupled": acwr_uncoupled(x),
        "monotony": monotony(x),
    }
    for day in range(40, 70):
        state, values = advance(state, x[:, day])
        for name, series in full.items():
            np.testing.assert_allclose(
                getattr(values, name), series[:, day], rtol=1e-9, atol=1e-9, err_msg=name
            )
    assert state.days == 70


def test_state_from_an_empty_history_uses_the_seeds():
    state = initial_state(np.empty((3, 0)), fitness_alpha=0.1, fatigue_alpha=0.2, fitness_seed=5.0)
    state, values = advance(state, np.array([10.0, np.nan, 0.0]))
    np.testing.assert_allclose(values.form, [5.0, 5.0, 5.0])
    np.testing.assert_allclose(state.fitness, [5.5, 5.0, 4.5])
    with pytest.raises(MetricInputError):
        advance(state, np.zeros(2))
