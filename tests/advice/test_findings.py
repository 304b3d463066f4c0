"""Findings are data; ranking puts the most severe and largest effects first."""

from recoverwell.advice.findings import Finding, Severity, ranked, strongest
from recoverwell.core.signals import Pillar


def _f(rule_id, severity, points=0.0):
    return Finding(rule_id, Pillar.MONITORING, severity, {}, weight_points=points)


def test_severity_then_points_then_rule_id():
    findings = [
        _f("b_nudge_small", Severity.NUDGE, 1.0),
        _f("a_info_big", Severity.INFO, 50.0),
        _f("c_caution", Severity.CAUTION, 0.0),
        _f("a_nudge_small", Severity.NUDGE, 1.0),
        _f("d_refer", Severity.REFER),
        _f("e_nudge_big", Severity.NUDGE, 9.0),
    ]
    assert [f.rule_id for f in ranked(findings)] == [
        "d_refer",
        "c_caution",
        "e_nudge_big",
        "a_nudge_small",
        "b_nudge_small",
        "a_info_big",
    ]


def test_strongest_severity():
    assert strongest([]) is None
    assert strongest([_f("a", Severity.INFO), _f("b", Severity.URGENT)]) is Severity.URGENT
    assert [s.rank for s in Severity] == [0, 1, 2, 3, 4]
