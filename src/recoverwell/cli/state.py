"""What the root command hands to every sub-command: the global options, and how to open."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from recoverwell.app.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CliState:
    """Global options given before the sub-command."""

    db: str | None = None

    def open(self) -> Workspace:
        """Open the existing workspace these options point at."""
        from recoverwell.app.workspace import open_workspace  # not at start-up (root.py)

        return open_workspace(self.db)


def state(ctx: typer.Context) -> CliState:
    """The CliState of the current invocation (set by the root callback)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else CliState()


def program() -> str:
    """How to run recoverwell again from this shell: ``recoverwell`` when that name on PATH is
    this program, else the path it was started by (``.venv/bin/recoverwell``, ``make demo``)."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is None or started.name != "recoverwell":
        return "recoverwell"
    on_path = shutil.which("recoverwell")
    if on_path is not None and Path(on_path).resolve() == started.resolve():
        return "recoverwell"
    try:
        shown = started.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return shlex.quote(str(started.resolve()))
    return shlex.quote(str(shown) if shown.parent != Path() else f"./{shown}")


def command_hint(ctx: typer.Context, *args: str) -> str:
    """A command line the user can paste as printed: the program, the ``--db`` this run used
    (unless it came from RECOVERWELL_DB, which the shell still has), then ``args``."""
    db = state(ctx).db
    words = [program()]
    if db is not None and os.environ.get("RECOVERWELL_DB") != db:
        words += ["--db", shlex.quote(db)]
    return " ".join(words + [shlex.quote(a) for a in args])
