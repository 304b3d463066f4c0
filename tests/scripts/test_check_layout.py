"""scripts/check_layout.py: tests mirror the package by path, not by file name alone."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("check_layout", ROOT / "scripts" / "check_layout.py")
assert _spec is not None and _spec.loader is not None
check_layout = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = check_layout
_spec.loader.exec_module(check_layout)

LOGIC = "def f() -> int:\n    return 1\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    """A tiny repository at ``root``: each path relative to it, with its text."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def problems(root: Path, no_own_test=None, cross_cutting=None) -> list[str]:
    return check_layout.problems(root, no_own_test or {}, cross_cutting or {})


@pytest.fixture
def two_signals(tmp_path: Path) -> Path:
    """Two modules of one name in two packages, as core/signals.py and app/signals.py are."""
    return tree(
        tmp_path,
        {
            "src/recoverwell/core/signals.py": LOGIC,
            "src/recoverwell/app/signals.py": LOGIC,
            "tests/core/test_signals.py": "",
        },
    )


def test_a_test_of_the_same_name_in_another_package_is_refused(two_signals: Path) -> None:
    # before: tests/core/test_signals.py satisfied app/signals.py (matched by file name only)
    assert problems(two_signals) == ["src/recoverwell/app/signals.py: no tests/app/test_signals.py"]


def test_the_mirrored_test_is_accepted(two_signals: Path) -> None:
    tree(two_signals, {"tests/app/test_signals.py": ""})
    assert problems(two_signals) == []


def test_a_nested_module_needs_its_test_in_the_same_nested_folder(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "src/recoverwell/cli/commands/trends.py": LOGIC,
            "tests/cli/test_trends.py": "",
        },
    )
    assert problems(tmp_path) == [
        "src/recoverwell/cli/commands/trends.py: no tests/cli/commands/test_trends.py",
        "tests/cli/test_trends.py: mirrors no module (no src/recoverwell/cli/trends.py, nor a"
        " module there it is an aspect file of); move it, or list it in CROSS_CUTTING",
    ]
    (tmp_path / "tests/cli/test_trends.py").unlink()
    tree(tmp_path, {"tests/cli/commands/test_trends.py": ""})
    assert problems(tmp_path) == []


def test_modules_without_logic_init_files_and_alembic_scripts_need_no_test(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "src/recoverwell/cli/__init__.py": LOGIC,
            "src/recoverwell/cli/exits.py": "EXIT_OK = 0\n",
            "src/recoverwell/store/migrations/versions/0001_initial.py": LOGIC,
        },
    )
    assert problems(tmp_path) == []


def test_an_aspect_file_belongs_to_its_module_but_never_replaces_its_test(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "src/recoverwell/ingest/fit.py": LOGIC,
            "src/recoverwell/ingest/fit_crc.py": LOGIC,
            "tests/ingest/test_fit_crc.py": "",  # fit_crc.py's own, not an aspect of fit.py
            "tests/ingest/test_fit_developer_fields.py": "",  # an aspect file of fit.py
        },
    )
    assert problems(tmp_path) == ["src/recoverwell/ingest/fit.py: no tests/ingest/test_fit.py"]


def test_a_cross_cutting_test_is_accepted_only_when_listed(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {"tests/test_docs.py": "", "scripts/docgen.py": "", "tests/scripts/test_docgen.py": ""},
    )
    assert problems(tmp_path) == [
        "tests/test_docs.py: mirrors no module (no src/recoverwell/docs.py, nor a module there"
        " it is an aspect file of); move it, or list it in CROSS_CUTTING"
    ]
    assert problems(tmp_path, cross_cutting={"test_docs.py": "the docs against the CLI"}) == []


def test_an_exemption_is_keyed_by_path_and_must_stay_true(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "src/recoverwell/cli/output.py": LOGIC,
            "src/recoverwell/cli/exits.py": "EXIT_OK = 0\n",
            "src/recoverwell/store/schema.py": LOGIC,
            "tests/store/test_schema.py": "",
        },
    )
    exempt = {
        "cli/output.py": "read by every CLI test",
        "output.py": "a bare file name names no module",
        "cli/exits.py": "nothing to test",
        "store/schema.py": "tested elsewhere",
    }
    assert problems(tmp_path, no_own_test=exempt) == [
        "NO_OWN_TEST['cli/exits.py']: the module has no logic; drop the entry",
        "NO_OWN_TEST['store/schema.py']: tests/store/test_schema.py exists; drop it",
        "NO_OWN_TEST['output.py']: no src/recoverwell/output.py; drop the entry",
    ]


def test_a_module_longer_than_the_limit_is_reported(tmp_path: Path) -> None:
    body = LOGIC + "\n" * check_layout.MAX_LINES
    tree(tmp_path, {"src/recoverwell/metrics/pmc.py": body, "tests/metrics/test_pmc.py": ""})
    lines = check_layout.MAX_LINES + 2
    assert problems(tmp_path) == [
        f"src/recoverwell/metrics/pmc.py: {lines} lines (max {check_layout.MAX_LINES}); split it"
    ]


def test_this_repository_keeps_the_rules() -> None:
    assert check_layout.problems(ROOT) == []
