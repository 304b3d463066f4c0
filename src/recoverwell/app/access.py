"""Who is asking, and which athletes they may see and change.

Every per-athlete call goes through an ``AthleteScope`` (``app/scope.py``), and a scope is only
made for an actor allowed to see that athlete: the check is done once, when the scope is opened,
not in every query. An athlete the actor may not see is reported as not found (``NotFound``), the
way a server answers 404 rather than 403, so a user learns nothing about other clubs' athletes;
an athlete they may see but not change is ``PermissionDenied`` on the first write.

Today there is one actor, the local runner (``LOCAL_RUNNER``: a workspace on one's own laptop,
every athlete in it readable and writable). The multi-user server builds an ``Actor`` per
signed-in user from their roles: a runner sees themself, a coach their squads' athletes (read,
and write where the squad allows it), an administrator everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from recoverwell.core.errors import NotFound, PermissionDenied


class Role(StrEnum):
    """What an actor is to the workspace."""

    LOCAL = "local"  # the person at this computer: the workspace is theirs
    RUNNER = "runner"  # a signed-in runner: their own athlete
    COACH = "coach"  # a signed-in coach: the athletes of their squads
    ADMIN = "admin"  # a club administrator: every athlete


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking: a name for logs and messages, a role, and the athletes they may see
    (``readable``) and change (``writable``); ``None`` means every athlete of the workspace."""

    name: str
    role: Role
    readable: frozenset[int] | None = None
    writable: frozenset[int] | None = None
    user_id: int | None = None

    def may_read(self, athlete_id: int) -> bool:
        """True when this actor may see the athlete's data."""
        return self.readable is None or athlete_id in self.readable

    def may_write(self, athlete_id: int) -> bool:
        """True when this actor may change the athlete's data (seeing it is implied)."""
        return self.may_read(athlete_id) and (self.writable is None or athlete_id in self.writable)

    def visible(self, athlete_ids: list[int]) -> list[int]:
        """The ids of ``athlete_ids`` this actor may see, in the given order."""
        return [i for i in athlete_ids if self.may_read(i)]


#: The local runner: the only actor of a workspace on one's own computer.
LOCAL_RUNNER = Actor("local runner", Role.LOCAL)


def require_read(actor: Actor, athlete_id: int) -> None:
    """NotFound unless ``actor`` may see the athlete (an invisible athlete does not exist)."""
    if not actor.may_read(athlete_id):
        raise NotFound(f"no athlete with id {athlete_id}")


def require_write(actor: Actor, athlete_id: int) -> None:
    """PermissionDenied unless ``actor`` may change the athlete's data."""
    require_read(actor, athlete_id)
    if not actor.may_write(athlete_id):
        raise PermissionDenied(f"{actor.name} may see athlete {athlete_id} but not change them")


__all__ = ["LOCAL_RUNNER", "Actor", "Role", "require_read", "require_write"]
