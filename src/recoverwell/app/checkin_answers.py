"""One check-in answer at a time: read in the athlete's units, checked as it is typed, with the
day's own earlier answers as the defaults (what the prompts of ``recoverwell checkin`` need).

- Each parser takes the text a runner typed and returns the checked value, or raises
  ``InvalidValue`` naming the answer, so an interface can say what is wrong and ask again
  instead of losing the other answers.
- ``day_answers`` is what the check-in already holds for the day: re-running the check-in shows
  those answers as defaults, so Enter keeps them (the Hooper items fall back to the most recent
  earlier answer, as before).
- Body mass and fluids are read in the athlete's units (kg and mL with km, lb and US fl oz with
  miles) unless the unit is written (``core/units.py``). ``mass_jump`` compares a morning body
  mass with the latest one of the week before: a change of more than
  ``MASS_CHANGE_CONFIRM_PCT`` is more likely a typo or the wrong unit than the body, so the
  interface asks to confirm it (or stores and reports it when it cannot ask).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recoverwell.app.checkin import (
    HOOPER_LABELS,
    RPE_MAX,
    SOURCE,
    SYMPTOM_ITEMS,
    check_value,
    last_answers,
    niggles_of,
    parse_niggle,
)
from recoverwell.core.errors import InvalidValue
from recoverwell.core.niggles import Niggle
from recoverwell.core.units import UnitSystem, mass_unit, parse_mass_kg

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

#: A morning-to-morning body-mass change (%) past which the check-in asks "is that right?".
#: First-morning body mass varies day to day with a CV of 0.66 ± 0.24 % (0.51 ± 0.20 kg) in
#: active men replacing their sweat losses (Cheuvront et al. 2004, IJSNEM 14:532, "less than
#: 1 %"); the difference of two mornings then has an SD of about √2 × 0.66 ≈ 0.9 %, and body
#: water is normally held between 1 % over and 3 % under (NATA 2017, McDermott17 in
#: docs/science.md). 3 % is more than three such SDs: hydration rarely explains it, a typo or the
#: wrong unit usually does (lb typed as kg is +120 %). It can still be real (illness, a race in
#: the heat), so it is confirmed, never refused.
MASS_CHANGE_CONFIRM_PCT = 3.0
MASS_CHANGE_WINDOW_D = 7  # the earlier morning mass compared with: the latest in the week before
NONE_WORDS = ("-", "none", "no", "n")  # "nothing" at a prompt whose default is an answer


@dataclass(frozen=True, slots=True)
class DayAnswers:
    """What the check-in already holds for a day (the prompts' defaults; Enter keeps them)."""

    day: date
    values: Mapping[str, float]  # signal → the day's own check-in answer
    niggles: tuple[Niggle, ...]  # the day's niggles, bone-pain reports included
    last: Mapping[str, float]  # the Hooper items' most recent answers before the day

    def hooper(self, item: str) -> float | None:
        """The day's answer to a Hooper item, else the most recent earlier one."""
        return self.values.get(item, self.last.get(item))

    @property
    def reported(self) -> tuple[str, ...]:
        """The red-flag items answered "yes" on the day, in ``SYMPTOM_ITEMS`` order."""
        return tuple(s for s in SYMPTOM_ITEMS if self.values.get(s, 0.0) > 0)

    @property
    def aches(self) -> tuple[Niggle, ...]:
        """The day's niggles that are not bone-pain reports."""
        return tuple(n for n in self.niggles if not n.bone_pain)

    @property
    def bone_pain(self) -> tuple[Niggle, ...]:
        """The day's bone-pain reports."""
        return tuple(n for n in self.niggles if n.bone_pain)


def day_answers(scope: AthleteScope, day: date) -> DayAnswers:
    """The day's check-in answers and niggles, and the Hooper answers before it (one read)."""
    with scope.read():
        own = scope.observations(day, day)
        values = {o.signal: o.value for o in own if o.source == SOURCE}
        niggles = tuple(niggles_of(scope, day, day))
        return DayAnswers(day, values, niggles, last_answers(scope, day))


def _number(text: str, field: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidValue(field, text, "not a number") from None
    if not math.isfinite(value):
        raise InvalidValue(field, text, "not a number")
    return value


def hooper_text(answers: DayAnswers, items: Sequence[str]) -> str:
    """The Hooper prompt's default: the day's answers (else the latest), ``-`` where none."""
    values = [answers.hooper(item) for item in items]
    return " ".join("-" if v is None else f"{v:g}" for v in values)


def parse_hooper(text: str, items: Sequence[str]) -> dict[str, float | None]:
    """``"2 3 3 5 2 2"`` → one checked 1–7 answer per item (``-`` skips one)."""
    values = text.split()
    if len(values) != len(items):
        raise InvalidValue("answers", text, f"give {len(items)} numbers, or - for each skipped")
    out: dict[str, float | None] = {}
    for item, value in zip(items, values, strict=True):
        label = HOOPER_LABELS[item]
        if value == "-":
            out[item] = None
            continue
        number = _number(value, label)
        try:
            out[item] = check_value(item, number)
        except InvalidValue:
            raise InvalidValue(label, value, "answer with a whole number 1–7") from None
    return out


def parse_rpe_value(text: str, field: str = "rpe") -> float | None:
    """A session RPE typed at its prompt: CR-10, 0–10; empty = skipped."""
    if not text.strip():
        return None
    value = _number(text.strip(), field)
    if not 0 <= value <= RPE_MAX:
        raise InvalidValue(field, text, "CR-10 is 0–10")
    return value


def parse_mass(text: str, units: UnitSystem, field: str = "body_mass_kg") -> float:
    """A body mass in the athlete's unit (or with its unit written) → kg, in a plausible range."""
    kg = parse_mass_kg(text, units)
    try:
        return check_value(field, kg)
    except InvalidValue:
        unit = mass_unit(units)
        raise InvalidValue(
            "mass", text, f"not a plausible body mass (a bare number is in {unit}; or write kg/lb)"
        ) from None


def niggles_text(niggles: Sequence[Niggle]) -> str:
    """Niggles in the form ``parse_niggles`` reads: ``calf,left,3; knee,right,5,gait``."""
    parts = []
    for n in niggles:
        text = f"{n.location},{n.side.value},{n.pain_0_10:g}"
        parts.append(f"{text},gait" if n.changes_gait else text)
    return "; ".join(parts)


def parse_niggles(text: str, day: date, *, bone_pain: bool = False) -> list[Niggle]:
    """``"calf,left,3; knee,right,5,gait"`` → niggles; empty or ``-``/``none`` → none."""
    if text.strip().lower() in ("", *NONE_WORDS):
        return []
    return [parse_niggle(t, day, bone_pain=bone_pain) for t in text.split(";") if t.strip()]


def parse_bone_pain(text: str, day: date) -> list[Niggle]:
    """Where the bone pain is: ``"shin,left,4"`` (several with ``;``); at least one place."""
    sites = parse_niggles(text, day, bone_pain=True)
    if not sites:
        raise InvalidValue("bone pain", text, "say where: location,side,pain, e.g. shin,left,4")
    return sites


def parse_run_masses(text: str, units: UnitSystem) -> tuple[float, float] | None:
    """``"57.2kg 57.6kg"``: body mass before and after a run → kg (empty = skipped)."""
    if not text.strip():
        return None
    parts = text.split()
    if len(parts) != 2:
        raise InvalidValue("masses", text, "give the mass before and after the run")
    pre = parse_mass(parts[0], units, "body_mass_pre_run_kg")
    return pre, parse_mass(parts[1], units, "body_mass_post_run_kg")


def parse_which(text: str, count: int) -> list[int]:
    """``"1 4"`` or ``"1,4"`` → item numbers 1…count (each once); ``-``/``none`` → none."""
    if text.strip().lower() in NONE_WORDS:
        return []
    chosen: list[int] = []
    for word in text.replace(",", " ").split():
        if not word.isdigit() or not 1 <= int(word) <= count:
            raise InvalidValue("which", word, f"a number 1–{count}")
        if int(word) not in chosen:
            chosen.append(int(word))
    if not chosen:
        raise InvalidValue("which", text, f"numbers 1–{count}, or - for none")
    return chosen


@dataclass(frozen=True, slots=True)
class MassJump:
    """A morning body mass far from the latest earlier one (worth a second look)."""

    mass_kg: float
    previous_kg: float
    previous_day: date
    change_pct: float
    limit_pct: float = MASS_CHANGE_CONFIRM_PCT


def mass_jump(scope: AthleteScope, day: date, mass_kg: float) -> MassJump | None:
    """The jump from the latest morning body mass in the week before ``day`` to ``mass_kg``,
    when it is more than ``MASS_CHANGE_CONFIRM_PCT``; None otherwise or with nothing to compare.

    Any source counts (a smart scale's export as well as the check-in); on that day the
    check-in's own value is preferred.
    """
    start, end = day - timedelta(days=MASS_CHANGE_WINDOW_D), day - timedelta(days=1)
    rows = scope.observations(start, end, ["body_mass_kg"])
    if not rows:
        return None
    latest = max(o.day for o in rows)
    that_day = sorted((o for o in rows if o.day == latest), key=lambda o: o.source != SOURCE)
    previous = that_day[0].value
    change_pct = (mass_kg - previous) / previous * 100.0
    if abs(change_pct) <= MASS_CHANGE_CONFIRM_PCT:
        return None
    return MassJump(mass_kg, previous, latest, change_pct)
