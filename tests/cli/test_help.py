"""Every command explains itself and shows an example."""

import pytest
from typer.main import get_command

from recoverwell.cli import app


def _commands(command=None, path=()):
    command = command or get_command(app)
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands())


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "root" for p, _ in COMMANDS]
)
def test_every_command_has_help(path, command):
    assert command.help, path


@pytest.mark.parametrize(
    ("path", "command"),
    [(p, c) for p, c in COMMANDS if not hasattr(c, "commands")],
    ids=[" ".join(p) for p, c in COMMANDS if not hasattr(c, "commands")],
)
def test_every_command_has_an_example(path, command):
    assert "Example:" in command.help
    assert "recoverwell" in command.help.split("Example:")[1]
