"""What the root command hands to every sub-command: the global options, and how to open."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from recoverwell.app import Workspace, open_workspace


@dataclass(frozen=True, slots=True)
class CliState:
    """Global options given before the sub-command."""

    db: str | None = None

    def open(self) -> Workspace:
        """Open the existing workspace these options point at."""
        return open_workspace(self.db)


def state(ctx: typer.Context) -> CliState:
    """The CliState of the current invocation (set by the root callback)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else CliState()
