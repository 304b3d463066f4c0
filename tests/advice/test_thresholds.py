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
    from recoverwell.metrics.sleep import SLEEP_NEED_MIN

    assert thresholds.BAND_WIDTH_SD is BAND_WIDTH_SD
    assert thresholds.SLEEP_NEED_MIN is SLEEP_NEED_MIN


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
