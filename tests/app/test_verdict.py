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


def test_a_squads_verdicts_are_each_athletes_own_from_one_read(demo, monkeypatch):
    """``squad_readiness`` reads every athlete's rows in one snapshot, one query per table,
    and gives each the verdict ``readiness`` gives (issue 13 item 3: a coach's squad)."""
    other = demo.create_athlete(recoverwell.AthleteProfile(name="New", timezone="Europe/Oslo"))
    demo.scope(demo.actor, other.id).add_observations(
        [Observation(day=END, signal="rhr_bpm", value=48.0, source="checkin")]
    )
    squad = demo.squad(demo.actor)
    found = verdict.squad_readiness(squad, END)  # the demo's window is computed and stored here
    assert set(found) == set(squad.athlete_ids)
    for scope in demo.squad(demo.actor).scopes:
        alone = verdict.readiness(scope, END)
        mine = found[scope.athlete_id]
        assert not isinstance(mine, Exception)
        assert (mine.score, mine.light, mine.coverage, mine.reasons) == (
            alone.score, alone.light, alone.coverage, alone.reasons,
        )  # fmt: skip
    from recoverwell.app import load_window

    def no_history(*args, **kwargs):
        raise AssertionError("the stored windows should have been read")

    monkeypatch.setattr(load_window, "load_history", no_history)
    again = verdict.squad_readiness(demo.squad(demo.actor), END)
    assert {i: v.score for i, v in again.items()} == {i: v.score for i, v in found.items()}


def test_one_athlete_whose_verdict_fails_does_not_stop_the_squad(demo, monkeypatch):
    from recoverwell.app import load_window
    from recoverwell.core.errors import MetricInputError

    broken = demo.create_athlete(recoverwell.AthleteProfile(name="Broken")).id
    demo.scope(demo.actor, broken).add_activities([])
    real = load_window.computed_load

    def flaky(scope, *args):
        if scope.athlete_id == broken:
            raise MetricInputError("session day offsets must lie in 0..0")
        return real(scope, *args)

    monkeypatch.setattr(verdict, "computed_load", flaky)
    found = verdict.squad_readiness(demo.squad(demo.actor), END)
    assert isinstance(found[broken], MetricInputError)
    assert not isinstance(found[demo.squad(demo.actor).athlete_ids[0]], Exception)
