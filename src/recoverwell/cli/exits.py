"""The command line's exit codes (docs/cli.md, "Exit codes"), in one place for every command,
and the one line an error prints, in the command line's words."""

from __future__ import annotations

from recoverwell.core.errors import InvalidValue, RecoverwellError

EXIT_OK = 0
EXIT_ERROR = 1  # a user or data error: one line on stderr says what and where
EXIT_USAGE = 2  # Click's usage error (unknown option, bad argument type)
EXIT_PARTIAL = 3  # import --strict rejected a file, or nightly failed an athlete; the rest done
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE: a bug, not the user's input

#: The app's field names as the command line's flags: ``start`` is given as ``--from``.
FLAG_OF = {"start": "--from", "end": "--to"}
#: The app's next steps (core.errors.ACTIONS) as the command to run.
ACTION_TEXT = {
    "init": "run `recoverwell init`",
    "db upgrade": "run `recoverwell db upgrade`",
    "choose athlete": "say which with --athlete ID or NAME, or set RECOVERWELL_ATHLETE",
}


def error_text(err: RecoverwellError) -> str:
    """``err`` as the command line says it: fields as flags, the next step as a command."""
    text = err.named(FLAG_OF) if isinstance(err, InvalidValue) else str(err)
    action = ACTION_TEXT.get(err.action or "")
    return f"{text}: {action}" if action else text
