import pytest

from recoverwell.app.access import LOCAL_RUNNER, Actor, Role, require_read, require_write
from recoverwell.core.errors import NotFound, PermissionDenied


def test_the_local_runner_may_see_and_change_every_athlete():
    assert LOCAL_RUNNER.may_read(1) and LOCAL_RUNNER.may_write(99)
    require_write(LOCAL_RUNNER, 7)


def test_a_coach_sees_the_squad_and_changes_only_what_the_squad_allows():
    coach = Actor("coach Ana", Role.COACH, readable=frozenset({1, 2}), writable=frozenset({2}))
    assert coach.visible([3, 2, 1]) == [2, 1]
    assert coach.may_write(2) and not coach.may_write(1)
    with pytest.raises(PermissionDenied, match="may see athlete 1 but not change"):
        require_write(coach, 1)
    require_write(coach, 2)


def test_an_athlete_the_actor_may_not_see_does_not_exist_for_them():
    runner = Actor("Ben", Role.RUNNER, readable=frozenset({5}), writable=frozenset({5}))
    with pytest.raises(NotFound, match="no athlete with id 6"):
        require_read(runner, 6)
    with pytest.raises(NotFound):  # not PermissionDenied: nothing is said about athlete 6
        require_write(runner, 6)
    assert not runner.may_write(6)  # writable alone never opens what is not readable
    assert not Actor("x", Role.RUNNER, readable=frozenset(), writable=None).may_write(1)
