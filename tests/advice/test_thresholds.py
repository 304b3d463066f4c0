"""Thresholds: named once, each with a source comment; rules compare against names, not numbers."""

import ast
from pathlib import Path

import recoverwell.advice as advice_pkg
from recoverwell.advice import thresholds

ADVICE = Path(advice_pkg.__file__).parent


def test_every_threshold_has_a_source_comment():
    lines = (ADVICE / "thresholds.py").read_text().splitlines()
    names = [n for n in thresholds.__all__ if n not in {"BAND_WIDTH_SD", "SLEEP_NEED_MIN"}]
    for name in names:
        line = next(line for line in lines if line.startswith(f"{name} ="))
        comment = line.partition("#")[2].strip()
        assert comment, f"{name} has no source comment"
        assert any(
            word in comment
            for word in ("docs/science.md", "docs/anchors.md", "heuristic", "guide", "Plews")
        ), f"{name}: {comment!r} names no source"


def test_metric_windows_are_reexported_not_redefined():
    from recoverwell.metrics.baseline import BAND_WIDTH_SD
    from recoverwell.metrics.sleep import REGULARITY_WINDOW_D, SLEEP_NEED_MIN

    assert thresholds.BAND_WIDTH_SD is BAND_WIDTH_SD
    assert thresholds.SLEEP_NEED_MIN is SLEEP_NEED_MIN
    assert thresholds.WAKE_TIME_NIGHTS == REGULARITY_WINDOW_D == 14  # docs/science.md S3: 14 days


def _assigned_names(path, *, numbers_only=False):
    """Module-level names assigned there; with ``numbers_only``, only those given a number of
    their own (``X = 1.3``), not a name imported from elsewhere (``X = RECENT_MIN_READINGS``)."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        if numbers_only and any(isinstance(sub, ast.Name) for sub in ast.walk(node.value)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            yield from (sub.id for sub in ast.walk(target) if isinstance(sub, ast.Name))


def test_a_threshold_is_defined_in_one_place_only():
    # thresholds.py re-exports a metric's number by importing it; it never holds a copy, and
    # no other advice module defines a threshold of its own (issue 13 item 5)
    import recoverwell.metrics as metrics_pkg

    own = set(_assigned_names(ADVICE / "thresholds.py", numbers_only=True)) & set(
        thresholds.__all__
    )
    modules = [*Path(metrics_pkg.__file__).parent.glob("*.py"), *ADVICE.glob("*.py")]
    twice = {
        f"{p.parent.name}/{p.name}: {name}"
        for p in modules
        if p.name != "thresholds.py"
        for name in set(_assigned_names(p)) & own
    }
    assert twice == set()


def _bare_numbers_in_comparisons(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for part in (node.left, *node.comparators):
                for sub in ast.walk(part):
                    number = isinstance(sub, ast.Constant) and type(sub.value) in (int, float)
                    if number and sub.value not in (0, 1):
                        yield f"{path.name}:{sub.lineno}: {sub.value}"


def test_rules_compare_against_named_thresholds_only():
    found = [hit for p in sorted(ADVICE.glob("*.py")) for hit in _bare_numbers_in_comparisons(p)]
    assert found == []
