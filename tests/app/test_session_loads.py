"""The session-load cache: computed once, recomputed under new parameters, failures kept."""

from datetime import UTC, date, datetime

import numpy as np
import pytest

import recoverwell
from recoverwell.app import session_loads
from recoverwell.app.demo import load_demo
from recoverwell.core.types import Activity, SampleStreams, Sport
from recoverwell.metrics.session import LoadModel, LoadParams

END = date(2026, 11, 22)


@pytest.fixture
def demo(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        load_demo(ws, end_day=END, weeks=2)
        yield ws


def test_session_loads_are_cached_and_recomputed_when_the_profile_changes(demo, monkeypatch):
    demo.training_table()
    calls = []
    real = session_loads.session_load

    def counting(activity, params):
        calls.append(params)
        return real(activity, params)

    monkeypatch.setattr(session_loads, "session_load", counting)
    demo.training_table()
    assert calls == []  # all 16 from the cache
    demo.update_athlete(hr_rest_bpm=50)
    demo.training_table()
    assert len(calls) == 16 and calls[0].hr_rest_bpm == 50


def test_a_session_the_models_cannot_use_gets_no_load_and_its_reason():
    backwards = SampleStreams(
        time_s=np.array([0.0, 10.0, 5.0]), hr_bpm=np.array([120.0, 130.0, 140.0])
    )  # a time axis that goes back: what validation repairs, but a stored row may still hold
    activity = Activity(
        datetime(2026, 5, 5, 7, tzinfo=UTC), Sport.RUNNING, 600.0, streams=backwards
    )
    params = LoadParams(hr_max_bpm=190, hr_rest_bpm=45, lthr_bpm=170)
    load = session_loads.safe_session_load(activity, params)
    assert (load.model, load.load_au) == (LoadModel.NONE, None)
    assert session_loads.load_failure(load) == "time_s must not go backwards"
    assert session_loads.load_failure(session_loads.failed_load("x")) == "x"
