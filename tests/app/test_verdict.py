from datetime import date, timedelta

import pytest

import recoverwell
from recoverwell.app import verdict
from recoverwell.app.demo import load_demo
from recoverwell.app.recovery import HISTORY_D
from recoverwell.app.workspace import HISTORY_D as WORKSPACE_HISTORY_D
from recoverwell.core.types import Observation

END = date(2026, 11, 22)


@pytest.fixture
def demo(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        load_demo(ws, end_day=END, weeks=8)
        yield ws


def test_a_verdict_reads_its_days_in_one_snapshot(demo, monkeypatch):
    """Everything a verdict reads comes from one read transaction (issue 13 item 1)."""
    from recoverwell.store import engine as engine_module

    opened = []
    real = engine_module.reading

    def counting(engine):
        opened.append(engine)
        return real(engine)

    monkeypatch.setattr("recoverwell.app.scope.reading", counting)
    scope = demo.athlete_scope()
    verdict.readiness(scope, END)  # stores the window (its write is a transaction of its own)
    opened.clear()
    found = verdict.readiness(scope, END)
    assert len(opened) == 1 and found.day == END


def test_the_workspace_shortcut_is_the_scope_verdict(demo):
    scope = demo.athlete_scope()
    assert demo.readiness(END).score == verdict.readiness(scope, END).score
    view = verdict.recovery(scope, END, days=30)
    assert view.recovery.signals.n_days == 30
    assert view.recovery.signals.start == END - timedelta(days=29)


def test_the_workspace_reads_as_many_days_as_the_recovery_view_needs():
    assert WORKSPACE_HISTORY_D == HISTORY_D  # repeated there so opening loads no numpy


def test_the_readiness_setting_applies_to_the_verdict(demo):
    scope = demo.athlete_scope()
    assert verdict.settings_of(scope) == demo.readiness_settings()
    scope.add_observations(
        [Observation(day=END + timedelta(days=1), signal="rhr_bpm", value=70.0, source="checkin")]
    )
    assert verdict.readiness(scope, END + timedelta(days=1)).day == END + timedelta(days=1)
