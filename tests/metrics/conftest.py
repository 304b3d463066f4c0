"""Every registered metric has a reference test (STYLE.md §2.1 pattern 4).

A reference test names the metric(s) it checks: ``@pytest.mark.reference(source="…",
metric="trimp")`` (``metric`` may also be a tuple of symbols). When the whole ``tests/metrics``
folder is collected, a registered metric that no reference test names fails the run, before any
test executes, with the list of the uncovered symbols. Running a single file or a ``-k``
selection does not trigger the check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverwell.metrics import load_metric_families, registry

HERE = Path(__file__).resolve().parent


def referenced_metrics(items: list[pytest.Item]) -> set[str]:
    """Symbols named by the ``metric=`` argument of the reference markers on ``items``."""
    named: set[str] = set()
    for item in items:
        for mark in item.iter_markers("reference"):
            symbols = mark.kwargs.get("metric", ())
            named.update((symbols,) if isinstance(symbols, str) else symbols)
    return named


@pytest.hookimpl(tryfirst=True)  # before -k / -m deselect anything
def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    collected = {Path(str(item.path)).resolve() for item in items}
    every_file = set(HERE.glob("test_*.py"))
    if not every_file <= collected:
        return
    load_metric_families()
    missing = sorted(set(registry.METRICS) - referenced_metrics(items))
    if missing:
        raise pytest.UsageError(
            "registered metrics without a @pytest.mark.reference(source=…, metric=…) test: "
            + ", ".join(missing)
        )
