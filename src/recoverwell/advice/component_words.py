"""The readiness factors in table words: value, baseline, z, what the reading says, and data age.

A factor's ``z`` is oriented (+ = better recovered) and clipped for the score (``Z_FLOOR``,
``Z_CAP``: one signal cannot outvote the rest); tables show the unclipped ``z_raw`` that the
reasons quote, marked ``*`` when the score counted less. The reading is judged in the same bands
as the rules: 1 SD from normal is where docs/science.md A2 (HRV) and A4 (resting HR) start to act,
and twice that is "well" below or above. The baseline says what it is: the sleep baseline is the
athlete's need, the load baseline a typical limit, the others a personal normal.
"""

from __future__ import annotations

import math

from recoverwell.advice import thresholds as t
from recoverwell.advice.components import Component, Status
from recoverwell.advice.explain import hours

#: per factor: (well worse, worse, usual, better, well better), in the factor's own words
READING_WORDS = {
    "hrv": ("well below normal", "below normal", "usual", "above normal", "well above normal"),
    "rhr": ("well above normal", "above normal", "usual", "below normal", "well below normal"),
    "sleep": ("well short of need", "short of need", "near need", "above need", "well above need"),
    "wellness": ("much worse", "worse than usual", "usual", "better than usual", "much better"),
    "load": ("very heavy", "heavy", "usual", "fresh", "very fresh"),
}
CLIPPED_NOTE = (
    f"* the score counts at most {t.Z_FLOOR:+.0f} (one signal cannot outvote the rest) and at "
    f"most {t.Z_CAP:+.0f} (more is not more ready)"
)


def component_value(c: Component) -> str:
    """A component's value in its unit, for tables."""
    if c.value is None:
        return "–"
    if c.key == "hrv":
        return f"{math.exp(c.value):.0f} ms"
    if c.key == "sleep":
        return hours(c.value)
    if c.key == "rhr":
        return f"{c.value:.0f} bpm"
    if c.key == "load":
        return f"ACWR {c.value:.2f}" if c.unit == "ratio" else f"TSB {c.value:.0f}"
    return f"{c.value:.0f}"


def component_baseline(c: Component) -> str:
    """A component's baseline, saying which kind: a normal, the sleep need, or a load limit."""
    if c.baseline is None:
        return "–"
    if c.key == "hrv":
        return f"{math.exp(c.baseline):.0f} ms"
    if c.key == "sleep":
        return f"need {hours(c.baseline)}"
    if c.key == "rhr":
        return f"{c.baseline:.1f} bpm"
    if c.key == "load":
        return f"≤ {c.baseline:.1f}" if c.unit == "ratio" else f"≥ {c.baseline:.0f}"
    return f"{c.baseline:.1f}"


def component_z(c: Component) -> str:
    """The z the reasons quote (unclipped), ``*`` when the score counted a clipped one."""
    z = c.z_raw if c.z_raw is not None else c.z
    if z is None:
        return "–"
    clipped = c.z is not None and not math.isclose(z, c.z, abs_tol=5e-3)
    return f"{z + 0.0:+.2f}" + ("*" if clipped else "")  # + 0.0: no "-0.00"


def component_reading(c: Component) -> str:
    """What the reading says (``usual``, ``below normal``, ``well above normal``…), or why the
    factor is not in the score; an older reading says its age."""
    if not c.used:
        return c.status.value
    z = c.z_raw if c.z_raw is not None else c.z
    assert z is not None  # used components have a z
    bands = READING_WORDS[c.key]
    if abs(z) < t.READING_Z:
        words = bands[2]
    elif z < 0:
        words = bands[0] if -z >= t.READING_FAR_Z else bands[1]
    else:
        words = bands[4] if z >= t.READING_FAR_Z else bands[3]
    return f"{words}, {c.age_d} d old" if c.status is Status.STALE else words


def component_status(c: Component, *, short: bool = False) -> str:
    """``ok``, ``1 d old`` or why the component is left out (with the reason unless short)."""
    if c.status is Status.STALE:
        return f"{c.age_d} d old"
    if c.status is Status.OK:
        return "ok"
    return f"{c.status.value}: {c.note}" if c.note and not short else c.status.value
