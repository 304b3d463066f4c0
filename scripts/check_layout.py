"""Layout rules `make lint` enforces (STYLE.md §2.1 patterns 3 and 13: tests mirror the package).

1. Size: no module under src/recoverwell is longer than MAX_LINES lines; split it.
2. Mirror by path: every module with logic (a def or class),
   ``src/recoverwell/<pkg>/<sub>/<mod>.py``, has ``tests/<pkg>/<sub>/test_<mod>.py``: the same
   folders, not just the same file name (``tests/core/test_signals.py`` tests core/signals.py,
   never app/signals.py). ``__init__.py`` and the Alembic scripts (store/migrations/versions/)
   are not mirrored. A module tested elsewhere is listed in NO_OWN_TEST, keyed by its path in
   the package (``cli/output.py``), with where and why.
3. No orphans: every ``tests/**/test_*.py`` mirrors something, one of
   - ``tests/<path>/test_<mod>.py`` for ``src/recoverwell/<path>/<mod>.py``;
   - ``tests/<path>/test_<mod>_<aspect>.py``, an aspect file of ``<mod>.py`` in the same folder,
     for a module whose tests outgrew one file (``app/test_import_store_date_only.py``); it never
     stands in for ``test_<mod>.py`` (rule 2 still asks for it) and belongs to the longest module
     name it starts with (``test_fit_crc.py`` is fit_crc.py's, not an aspect of fit.py);
   - ``tests/scripts/test_<name>.py`` for ``scripts/<name>.py`` (the scripts need no test);
   - a test across modules (the docs against the whole CLI, the corpus through every reader),
     listed in CROSS_CUTTING by its path under tests/ with the reason. A test of one module is
     never cross-cutting: move it next to the module's other tests.
4. The lists stay true: an entry for a module that is gone, has no logic or now has its mirrored
   test, or for a cross-cutting file that is gone, is reported too.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600
NO_OWN_TEST = {
    "cli/output.py": "CLI rendering (JSON, CSV, the profile table): every test in"
    " tests/cli/commands/ reads its output; issue 13 item 2 moves the JSON mapping out of it",
    "store/migrations/env.py": "Alembic's environment: Alembic runs it in"
    " tests/store/test_migrate.py (up, down, up, autogenerate against schema.py, the CLI)",
}
CROSS_CUTTING = {
    "test_docs.py": "every command and setting appears in docs/: the whole CLI and Settings",
    "test_public_api.py": "the package's public names (recoverwell/__init__.py, not mirrored)",
    "cli/test_help.py": "every command's --help has its text and an example: the command tree",
    "ingest/test_corpus.py": "every shared corpus file through its reader against"
    " corpus_manifest.yml: all readers",
    "ingest/test_peer_expectations.py": "the peers' own assertions about corpus files"
    " (peer_expectations.yml): all readers",
    "test_lint_hooks.py": ".pre-commit-config.yaml against the Makefile's lint and typecheck",
    "cli/test_json_contract.py": "every command's --json against its schema in"
    " app/contract/schemas: the whole CLI",
    "store/test_squad_reads.py": "the squad reads of five table modules (observations, sleep"
    " periods, niggles, athletes, load windows) against their per-athlete reads",
    "test_citations.py": "every citation of docs/science.md and docs/anchors.md in src/, tests/"
    " and docs/ names an ID those pages define",
}


def has_logic(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    kinds = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    return any(isinstance(n, kinds) for n in ast.walk(tree))


def _mirrored(rel: Path) -> bool:
    """Whether ``rel`` (a path under the package) is a module rule 2 asks a test for."""
    return rel.name != "__init__.py" and "versions" not in rel.parts


def problems(
    root: Path,
    no_own_test: Mapping[str, str] = NO_OWN_TEST,
    cross_cutting: Mapping[str, str] = CROSS_CUTTING,
) -> list[str]:
    """Every breach of the rules in the tree at ``root``, one line each (empty: all kept)."""
    package, tests, scripts = root / "src" / "recoverwell", root / "tests", root / "scripts"
    found: list[str] = []
    modules = {p.relative_to(package) for p in package.rglob("*.py")}
    for rel in sorted(modules):
        path = package / rel
        lines = path.read_text().count("\n")
        if lines > MAX_LINES:
            found.append(f"{path.relative_to(root)}: {lines} lines (max {MAX_LINES}); split it")
        if not _mirrored(rel):
            continue
        key, test = rel.as_posix(), tests / rel.parent / f"test_{rel.name}"
        logic = has_logic(path)
        if key in no_own_test:
            if not logic:
                found.append(f"NO_OWN_TEST[{key!r}]: the module has no logic; drop the entry")
            elif test.exists():
                found.append(f"NO_OWN_TEST[{key!r}]: {test.relative_to(root)} exists; drop it")
        elif logic and not test.exists():
            found.append(f"{path.relative_to(root)}: no {test.relative_to(root)}")
    for key in sorted(set(no_own_test) - {m.as_posix() for m in modules}):
        found.append(f"NO_OWN_TEST[{key!r}]: no src/recoverwell/{key}; drop the entry")

    for test in sorted(tests.rglob("test_*.py")):
        rel = test.relative_to(tests)
        if rel.as_posix() in cross_cutting:
            continue
        if rel.parts[0] == "scripts" and len(rel.parts) == 2:
            if (scripts / rel.name.removeprefix("test_")).exists():
                continue
            found.append(f"{test.relative_to(root)}: no scripts/{rel.name.removeprefix('test_')}")
            continue
        if _module_of(rel, modules) is None:
            wanted = (rel.parent / rel.name.removeprefix("test_")).as_posix()
            found.append(
                f"{test.relative_to(root)}: mirrors no module (no src/recoverwell/{wanted}, nor"
                " a module there it is an aspect file of); move it, or list it in CROSS_CUTTING"
            )
    for key in sorted(cross_cutting):
        if not (tests / key).exists():
            found.append(f"CROSS_CUTTING[{key!r}]: no tests/{key}; drop the entry")
    return found


def _module_of(rel: Path, modules: set[Path]) -> Path | None:
    """The module the test file ``rel`` (under tests/) mirrors: its own, or the one it is an
    aspect file of (the longest module name it starts with), or None."""
    words = rel.stem.removeprefix("test_").split("_")
    for n in range(len(words), 0, -1):
        candidate = rel.parent / ("_".join(words[:n]) + ".py")
        if candidate in modules and _mirrored(candidate):
            return candidate
    return None


def main() -> int:
    found = problems(ROOT)
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
