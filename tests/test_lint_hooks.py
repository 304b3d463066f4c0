"""pre-commit runs what `make lint` and `make typecheck` run: the same commands, the same
arguments, from the project's .venv, needing no network (STYLE.md §2.1 pattern 13)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ".venv/bin"


def make_recipe(target: str) -> list[str]:
    """The command lines of a Makefile target, with ``$(BIN)`` written out as make does."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip().replace("$(BIN)", VENV_BIN))
    return recipe


def hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_the_hooks_run_exactly_the_lint_and_typecheck_commands_in_order() -> None:
    wanted = make_recipe("lint") + make_recipe("typecheck")
    assert len(wanted) == 7  # ruff check and format, lint-imports, layout, cog, schemas, mypy
    assert [hook["entry"] for hook in hooks()] == wanted


def test_every_hook_is_local_from_the_venv_and_checks_the_whole_tree() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing to download
    for hook in hooks():
        assert hook["language"] == "system", hook["id"]
        assert hook["entry"].startswith(f"{VENV_BIN}/"), hook["id"]
        assert hook["pass_filenames"] is False, hook["id"]  # as make: every file, not the staged
        assert not hook.get("args"), hook["id"]  # one command line, compared above
