"""Docs are tested: every command and setting appears in docs/ (generated parts by cog)."""

from pathlib import Path

import pytest
from typer.main import get_command

from recoverwell.cli import app
from recoverwell.core.config import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _paths(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


@pytest.mark.parametrize("path", list(_paths(get_command(app))), ids=" ".join)
def test_every_command_is_documented(path):
    assert f"### `{' '.join(('recoverwell', *path))}`" in (DOCS / "cli.md").read_text()


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_documented(name):
    assert f"`RECOVERWELL_{name.upper()}`" in (DOCS / "settings.md").read_text()


def test_readme_quick_start_is_two_commands():
    readme = (DOCS.parent / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
