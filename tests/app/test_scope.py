from datetime import date

import grimp
import pytest

import recoverwell
from recoverwell.app import estimates
from recoverwell.app.access import Actor, Role
from recoverwell.core.errors import NotFound, PermissionDenied
from recoverwell.core.types import Observation
from recoverwell.store.engine import writing
from recoverwell.store.observations import upsert_observations

DAY = date(2026, 11, 2)


def _reading(day: date, value: float) -> Observation:
    return Observation(day=day, signal="rhr_bpm", value=value, source="checkin")


def test_a_scope_reads_the_profile_once_and_checks_access_once(workspace):
    runner = workspace.athlete()
    scope = workspace.scope(workspace.actor, runner.id)
    assert scope.profile == runner and scope.athlete_id == runner.id
    stranger = Actor("stranger", Role.RUNNER, readable=frozenset({runner.id + 1}))
    with pytest.raises(NotFound, match=f"no athlete with id {runner.id}"):
        workspace.scope(stranger, runner.id)
    with pytest.raises(NotFound):
        workspace.scope(workspace.actor, runner.id + 100)


def test_reads_inside_one_read_share_one_snapshot(workspace):
    scope = workspace.athlete_scope()
    scope.add_observations([_reading(DAY, 50.0)])
    with scope.read() as outer:
        assert len(scope.observations(DAY, DAY)) == 1
        with scope.read() as inner:
            assert inner is outer  # re-entrant: one transaction
        # another connection writes meanwhile; this snapshot does not see it
        with writing(workspace.engine) as conn:
            upsert_observations(conn, scope.athlete_id, [_reading(DAY, 51.0)])
        assert [o.value for o in scope.observations(DAY, DAY)] == [50.0]
    assert [o.value for o in scope.observations(DAY, DAY)] == [51.0]  # a new read sees it


def test_a_reader_may_not_write_but_may_fill_caches(workspace):
    runner = workspace.athlete()
    coach = Actor("coach", Role.COACH, readable=frozenset({runner.id}), writable=frozenset())
    scope = workspace.scope(coach, runner.id)
    with pytest.raises(PermissionDenied):
        scope.add_observations([_reading(DAY, 50.0)])
    assert scope.observations() == []  # nothing was written
    with scope.cache_write():
        pass


def test_the_resolved_profile_is_made_once_per_day_and_again_after_a_change(workspace):
    scope = workspace.athlete_scope()
    calls = []

    def counting(s, day):
        calls.append(day)
        return estimates.resolved_profile(s, day)

    scope._resolver = counting
    first = scope.resolved_profile(DAY)
    assert scope.resolved_profile(DAY) is first and calls == [DAY]
    scope.update_profile(hr_max_bpm=190.0)
    assert scope.resolved_profile(DAY).hr_max_bpm.value == 190.0 and calls == [DAY, DAY]


def test_a_squad_holds_the_athletes_the_actor_may_see(workspace):
    first = workspace.athlete().id
    second = workspace.create_athlete(recoverwell.AthleteProfile(name="Ben")).id
    assert workspace.squad(workspace.actor).athlete_ids == [first, second]
    coach = Actor("coach", Role.COACH, readable=frozenset({second}))
    assert workspace.squad(coach).athlete_ids == [second]
    with pytest.raises(NotFound):
        workspace.squad(coach, [first])
    with pytest.raises(NotFound, match="give athlete_id"):  # two athletes: no guessing
        workspace.athlete_scope()


def test_no_two_modules_of_the_app_layer_import_each_other():
    """The use cases take a scope, so none reaches back into the Workspace (issue 13): grimp
    (import-linter's graph, TYPE_CHECKING and function-level imports included) finds no cycle."""
    graph = grimp.build_graph("recoverwell")
    modules = sorted(m for m in graph.find_descendants("recoverwell.app"))
    cycles = [
        (a, b)
        for i, a in enumerate(modules)
        for b in modules[i + 1 :]
        if graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert cycles == []


def test_every_use_case_module_is_held_to_the_scope_by_lint_imports():
    """A new module of app/ is either a use case (in the contract that forbids the Workspace)
    or one of the few that work on the whole workspace: none slips past the contract."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    contracts = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["importlinter"]
    (scoped,) = [
        c for c in contracts["contracts"] if c["name"].startswith("Use cases take a scope")
    ]
    workspace_level = {"workspace", "athletes", "setup", "demo", "__init__"}
    modules = {
        f"recoverwell.app.{p.stem}"
        for p in (root / "src" / "recoverwell" / "app").glob("*.py")
        if p.stem not in workspace_level
    }
    assert modules == set(scoped["source_modules"])
    assert set(scoped["forbidden_modules"]) == {
        f"recoverwell.app.{m}" for m in workspace_level - {"__init__"}
    }
