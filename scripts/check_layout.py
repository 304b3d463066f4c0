"""Layout rules `make lint` enforces (STYLE.md §2.1 patterns 3 and 13).

- no module under src/recoverwell is longer than MAX_LINES lines;
- every module with logic (a def or class) has a tests/**/test_<module>.py, except those listed
  in NO_OWN_TEST with the reason.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recoverwell"
TESTS = ROOT / "tests"
MAX_LINES = 600
NO_OWN_TEST = {
    "__main__.py": "covered by tests/cli/test_cli.py (python -m recoverwell)",
    "env.py": "Alembic's environment; exercised by tests/store/test_migrations.py",
    "root.py": "the CLI root; exercised by every test in tests/cli/",
    "state.py": "CLI plumbing; exercised by every test in tests/cli/",
    "output.py": "CLI rendering; exercised by every test in tests/cli/",
    "init.py": "tested in tests/cli/test_cli.py",
    "athlete.py": "core/athlete.py → tests/core/test_athlete.py; cli/athlete.py → tests/cli",
    "db.py": "tested in tests/cli/test_cli.py",
    "migrate.py": "tested in tests/store/test_migrations.py",
    "schema.py": "tested in tests/store/test_migrations.py and each table module's tests",
}


def has_logic(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    return any(isinstance(n, ast.FunctionDef | ast.ClassDef) for n in ast.walk(tree))


def main() -> int:
    problems: list[str] = []
    test_names = {p.name for p in TESTS.rglob("test_*.py")}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT)
        lines = path.read_text().count("\n")
        if lines > MAX_LINES:
            problems.append(f"{rel}: {lines} lines (max {MAX_LINES}); split it")
        if "versions" in path.parts or path.name == "__init__.py" or path.name in NO_OWN_TEST:
            continue
        if has_logic(path) and f"test_{path.name}" not in test_names:
            problems.append(f"{rel}: no tests/**/test_{path.name}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
