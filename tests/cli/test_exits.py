"""The error line in the command line's words: app fields as flags, next steps as commands."""

from recoverwell.cli.exits import ACTION_TEXT, FLAG_OF, error_text
from recoverwell.core.errors import ACTIONS, InvalidValue, NotFound, StoreError


def test_an_app_field_is_printed_as_its_flag():
    err = InvalidValue("start", "2026-11-20", "is after end 2026-11-10", mentions=("end",))
    assert error_text(err) == "--from='2026-11-20': is after --to 2026-11-10"
    assert error_text(InvalidValue("gear", "x" * 3, "too long")) == "gear='xxx': too long"


def test_an_app_step_is_printed_as_the_command_to_run():
    assert error_text(StoreError("no workspace at /x.db", action="init")) == (
        "no workspace at /x.db: run `recoverwell init`"
    )
    assert error_text(NotFound("no activity 3")) == "no activity 3"


def test_every_step_and_span_field_has_its_cli_words():
    assert set(ACTION_TEXT) == set(ACTIONS)
    assert FLAG_OF == {"start": "--from", "end": "--to"}
