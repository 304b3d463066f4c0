"""The daily check-in: the runner's own morning answers, stored as observations (source
``checkin``), session RPE on the day's activities, and niggles.

Items and scales:

- Hooper (Hooper & Mackinnon 1995), 1–7, 7 = worst: sleep quality, fatigue, stress, muscle
  soreness; plus mood and motivation on the same 1–7 direction (``core/signals.py``).
- Session RPE on the CR-10 scale (Foster 2001) for each activity: written on the activity.
- Body mass in the morning, and before/after a run (read in the athlete's unit, kg or lb, or
  with the unit written; ``core/units.py``): the fluid lost in the run is
  ``(pre − post) × 1000 mL/kg + fluid drunk during it`` (1 kg of body mass lost ≈ 1 L of sweat;
  ACSM position stand on exercise and fluid replacement, 2007).
- Fluids (mL), carbohydrate and protein (g), alcohol (standard drinks), illness and travel
  (yes/no), an optional menstrual-cycle day, and niggles (location, side, pain 0–10, does it
  change the gait); the day's worst niggle pain is also kept as ``niggle_pain_max``
  (0 when the runner says there is none).
- Red-flag items (docs/science.md §10, in the runner's words, yes/no): ``bone_pain`` comes from the
  niggles (a niggle marked as bone pain, with its location); the others are ``SYMPTOM_ITEMS``,
  asked under the names of ``SYMPTOM_QUESTIONS`` (``chest_pain`` → ``cardiac_symptoms``).
  ``missed_periods_3m`` is asked only of athletes who track a cycle (``tracks_cycle``).
  Bloodwork results (ferritin, haemoglobin, 25(OH)D) can be entered too. What the check-in
  records is judged by ``advice/red_flags.py``; ``red_flags_on`` returns that day's flags so
  the interface can show "see a professional" (or the crisis text) straight away.

An answer is the day's answer: a later check-in on the same day replaces it ("no" replaces an
earlier "yes" and clears that day's report; a new niggle answer replaces the day's niggles, a
new bone-pain answer the day's bone-pain reports). Reports from earlier days are never touched:
a red flag keeps its lookback (``advice/red_flags.py``). Everything is checked before anything is
written; one bad value changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from recoverwell.advice.findings import Finding
from recoverwell.core.errors import InvalidValue
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.signals import SIGNALS
from recoverwell.core.timeutil import utc_now
from recoverwell.core.types import Observation, StoredActivity
from recoverwell.store.activities import set_activity_rpe
from recoverwell.store.niggles import delete_niggle, list_niggles, upsert_niggle
from recoverwell.store.observations import list_observations, upsert_observations

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

SOURCE = "checkin"
ML_PER_KG_BODY_MASS_LOST = 1000.0  # 1 kg lost in a run ≈ 1 L of sweat (ACSM 2007)
RPE_MAX = 10.0  # CR-10
LOOKBACK = timedelta(days=30)  # how far back the prompts look for yesterday's answers
HOOPER_ITEMS = (
    "hooper_sleep",
    "hooper_fatigue",
    "hooper_stress",
    "hooper_soreness",
    "mood",
    "motivation",
)
#: How the prompts name the Hooper items (keyed by item, never by position).
HOOPER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "hooper_sleep": "sleep quality",
        "hooper_fatigue": "fatigue",
        "hooper_stress": "stress",
        "hooper_soreness": "soreness",
        "mood": "mood",
        "motivation": "motivation",
    }
)
#: The yes/no red-flag questions of the check-in (``core/signals.py`` has their wording): the
#: name every interface gives the question (the CLI flag ``--chest-pain``/``--no-chest-pain``, a
#: JSON key) → the signal the answer is stored as, which is also the ``CheckIn`` field. The one
#: table: interfaces look a question up here by name, never by its position in a list.
SYMPTOM_QUESTIONS: Mapping[str, str] = MappingProxyType(
    {
        "sudden_pop": "sudden_pop",
        "chest_pain": "cardiac_symptoms",
        "fever": "illness_systemic",
        "head_cold": "head_cold",
        "heat_signs": "heat_illness_signs",
        "long_run_symptoms": "long_run_symptoms",
        "missed_periods": "missed_periods_3m",
        "low_mood": "low_mood_2w",
        "self_harm_thoughts": "self_harm_thoughts",
        "unexplained_signs": "unexplained_signs",
    }
)
#: The red-flag signals of those questions, in the order the check-in lists them.
SYMPTOM_ITEMS = tuple(SYMPTOM_QUESTIONS.values())
LAB_ITEMS = ("ferritin_ng_ml", "haemoglobin_g_dl", "vitamin_d_nmol_l")
CYCLE_LOOKBACK = timedelta(days=400)  # a cycle tracked within about a year counts


def symptom_answers(answers: Mapping[str, bool | None]) -> dict[str, bool | None]:
    """Answers keyed by question (``chest_pain``) → keyed by signal (``cardiac_symptoms``).

    ``answers`` must name every question of ``SYMPTOM_QUESTIONS`` (``None`` = not answered) and
    nothing else: an interface out of step with the table fails loudly instead of misfiling.
    """
    if set(answers) != set(SYMPTOM_QUESTIONS):
        odd = sorted(set(answers) ^ set(SYMPTOM_QUESTIONS))
        raise ValueError(f"symptom questions out of step with SYMPTOM_QUESTIONS: {odd}")
    return {signal: answers[name] for name, signal in SYMPTOM_QUESTIONS.items()}


def check_value(signal: str, value: float) -> float:
    """``value`` if it is plausible for ``signal`` (its range; Hooper items a whole 1–7)."""
    spec = SIGNALS[signal]
    if signal in HOOPER_ITEMS:
        if not math.isfinite(value) or value != round(value) or not 1 <= value <= 7:
            raise InvalidValue(signal, value, "answer with a whole number 1–7")
    elif not math.isfinite(value) or not spec.low <= value <= spec.high:
        raise InvalidValue(signal, value, f"expected {spec.low:g}–{spec.high:g} {spec.unit}")
    return float(value)


def _key(niggle: Niggle) -> tuple[str, str]:
    return niggle.location, niggle.side.value


@dataclass(frozen=True, slots=True)
class NiggleChanges:
    """What a check-in does to the niggles stored for its day.

    ``after`` is the day's niggles once it is stored; ``pain_max`` and ``bone_pain`` are the
    day's summaries to store (``None`` leaves the stored value as it is).
    """

    add: tuple[Niggle, ...] = ()
    remove: tuple[Niggle, ...] = ()
    after: tuple[Niggle, ...] = ()
    pain_max: float | None = None
    bone_pain: float | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One day's answers; ``None`` = not answered (never stored as a value)."""

    day: date
    hooper_sleep: float | None = None
    hooper_fatigue: float | None = None
    hooper_stress: float | None = None
    hooper_soreness: float | None = None
    mood: float | None = None
    motivation: float | None = None
    session_rpe: Mapping[int, float] = field(default_factory=dict)  # activity id → CR-10
    body_mass_kg: float | None = None
    body_mass_pre_run_kg: float | None = None
    body_mass_post_run_kg: float | None = None
    fluid_during_run_ml: float | None = None
    fluid_ml: float | None = None
    carbohydrate_g: float | None = None
    protein_g: float | None = None
    alcohol_drinks: float | None = None
    illness: bool | None = None
    travel: bool | None = None
    menstrual_cycle_day: int | None = None
    niggles: Sequence[Niggle] | None = None  # None = not asked; () = "no niggles today"
    # the bone-pain question: None = not asked, () = "no bone pain", else where (R1); a niggle
    # marked as bone pain in ``niggles`` is a bone-pain report too
    bone_pain_sites: Sequence[Niggle] | None = None
    # red-flag items (docs/science.md §10): True =
    # reported, False = asked and denied, None = not asked
    sudden_pop: bool | None = None
    cardiac_symptoms: bool | None = None
    illness_systemic: bool | None = None
    head_cold: bool | None = None
    heat_illness_signs: bool | None = None
    long_run_symptoms: bool | None = None
    missed_periods_3m: bool | None = None
    low_mood_2w: bool | None = None
    self_harm_thoughts: bool | None = None
    unexplained_signs: bool | None = None
    # bloodwork results, as the lab reports them
    ferritin_ng_ml: float | None = None
    haemoglobin_g_dl: float | None = None
    vitamin_d_nmol_l: float | None = None

    def niggle_changes(self, stored: Sequence[Niggle] = ()) -> NiggleChanges:
        """What this check-in does to ``stored``, the niggles already kept for its day.

        The niggle answer replaces the day's niggles (not its bone-pain reports); the bone-pain
        answer replaces the day's bone-pain reports. ``niggle_pain_max`` is the worst pain of
        the day's niggles afterwards (0 when there are none), stored when the niggle question
        was answered or the day's niggles changed.
        """
        given = list(self.niggles or ())
        sites = [replace(n, bone_pain=True) for n in self.bone_pain_sites or ()]
        bones = [n for n in given if n.bone_pain] + sites
        if self.bone_pain_sites == () and bones:
            raise InvalidValue("bone pain", bones[0].location, 'answered both "no" and where')
        niggle_answered = self.niggles is not None
        bone_answered = self.bone_pain_sites is not None or bool(bones)
        if not (niggle_answered or bone_answered):
            return NiggleChanges(after=tuple(stored))
        new = [n for n in given if not n.bone_pain] if niggle_answered else []
        new += bones
        keys = {_key(n) for n in new}
        answered = [n for n in stored if (bone_answered if n.bone_pain else niggle_answered)]
        kept = [n for n in stored if n not in answered and _key(n) not in keys]
        remove = tuple(n for n in answered if _key(n) not in keys)
        after = (*kept, *new)
        pain_max = None
        if niggle_answered or new or remove:
            pain_max = max((n.pain_0_10 for n in after), default=0.0)
        bone_pain = None
        if bone_answered:
            bone_pain = 1.0 if any(n.bone_pain for n in after) else 0.0
        return NiggleChanges(tuple(new), remove, after, pain_max, bone_pain)

    def observations(self, stored: Sequence[Niggle] = ()) -> list[Observation]:
        """The answers as ``checkin`` observations, each checked against its signal's range.

        ``stored`` is the day's niggles already kept (for the day's niggle summaries).
        """
        values: dict[str, float | None] = {s: getattr(self, s) for s in HOOPER_ITEMS}
        for item in SYMPTOM_ITEMS:
            answer = getattr(self, item)
            values[item] = None if answer is None else float(answer)
        values |= {s: getattr(self, s) for s in LAB_ITEMS}
        changes = self.niggle_changes(stored)
        values["bone_pain"] = changes.bone_pain  # the day's summary; the niggle keeps the place
        values |= {
            "body_mass_kg": self.body_mass_kg,
            "body_mass_pre_run_kg": self.body_mass_pre_run_kg,
            "body_mass_post_run_kg": self.body_mass_post_run_kg,
            "sweat_loss_ml": self.sweat_loss_ml,
            "fluid_ml": self.fluid_ml,
            "carbohydrate_g": self.carbohydrate_g,
            "protein_g": self.protein_g,
            "alcohol_drinks": self.alcohol_drinks,
            "illness": None if self.illness is None else float(self.illness),
            "travel": None if self.travel is None else float(self.travel),
            "menstrual_cycle_day": self.menstrual_cycle_day,
            "niggle_pain_max": changes.pain_max,
        }
        at = utc_now()
        return [
            Observation(
                self.day,
                signal,
                check_value(signal, value),
                SOURCE,
                recorded_at=at,
                record_ref=f"checkin {self.day.isoformat()}",
            )
            for signal, value in values.items()
            if value is not None
        ]

    @property
    def sweat_loss_ml(self) -> float | None:
        """Fluid lost in the run, from the pre/post masses (and what was drunk during it)."""
        if self.body_mass_pre_run_kg is None or self.body_mass_post_run_kg is None:
            return None
        lost_kg = self.body_mass_pre_run_kg - self.body_mass_post_run_kg
        return lost_kg * ML_PER_KG_BODY_MASS_LOST + (self.fluid_during_run_ml or 0.0)


@dataclass(frozen=True, slots=True)
class CheckInResult:
    """What a check-in stored: observation counts, session RPE set, niggles stored and removed."""

    day: date
    new: int
    changed: int
    unchanged: int
    rpe_set: tuple[int, ...]
    niggles: int
    niggles_removed: int = 0
    observations: tuple[Observation, ...] = ()


def record_checkin(scope: AthleteScope, checkin: CheckIn) -> CheckInResult:
    """Validate and store a check-in in one transaction (all or nothing).

    The check-in's answers replace the day's earlier ones (see the module docstring); a check-in
    with no answer at all is refused.
    """
    for activity_id, rpe in checkin.session_rpe.items():
        if not math.isfinite(rpe) or not 0 <= rpe <= RPE_MAX:
            raise InvalidValue(f"rpe for activity {activity_id}", rpe, "CR-10 is 0–10")
    for niggle in (*(checkin.niggles or ()), *(checkin.bone_pain_sites or ())):
        if niggle.day != checkin.day:
            raise InvalidValue("niggle day", niggle.day, f"the check-in is for {checkin.day}")
    athlete = scope.athlete_id
    with scope.write() as conn:
        stored = list_niggles(conn, athlete, checkin.day, checkin.day)
        changes = checkin.niggle_changes(stored)
        observations = checkin.observations(stored)
        if not (observations or checkin.session_rpe or changes.add or changes.remove):
            raise InvalidValue(
                "checkin", "", "nothing to record: answer the questions or see --help"
            )
        new, changed, unchanged = upsert_observations(conn, athlete, observations)
        for activity_id, rpe in checkin.session_rpe.items():
            set_activity_rpe(conn, athlete, activity_id, rpe)
        for niggle in changes.remove:
            delete_niggle(conn, athlete, niggle)
        for niggle in changes.add:
            upsert_niggle(conn, athlete, niggle)
    return CheckInResult(
        checkin.day,
        new,
        changed,
        unchanged,
        tuple(checkin.session_rpe),
        len(changes.add),
        len(changes.remove),
        tuple(observations),
    )


def red_flags_on(scope: AthleteScope, day: date) -> tuple[Finding, ...]:
    """The red flags (REFER/URGENT) standing on the morning of ``day``, most severe first."""
    from recoverwell.app.verdict import readiness  # the load engine: only when asked

    return readiness(scope, day).red_flags


def tracks_cycle(scope: AthleteScope, day: date) -> bool:
    """Whether the athlete tracks a menstrual cycle: a cycle day (or a missed-periods answer)
    in the ~year before ``day``. Only then does the check-in ask about missed periods."""
    with scope.read() as conn:
        rows = list_observations(
            conn,
            scope.athlete_id,
            ["menstrual_cycle_day", "missed_periods_3m"],
            day - CYCLE_LOOKBACK,
            day,
        )
    return bool(rows)


def last_answers(scope: AthleteScope, before: date) -> dict[str, float]:
    """The most recent check-in answer of each item before ``before`` (prompt defaults)."""
    end = before - timedelta(days=1)
    with scope.read() as conn:
        rows = list_observations(
            conn, scope.athlete_id, [*HOOPER_ITEMS, "body_mass_kg"], end - LOOKBACK, end
        )
    return {o.signal: o.value for o in rows if o.source == SOURCE}  # by day: the last one wins


def activities_to_rate(scope: AthleteScope, day: date) -> list[StoredActivity]:
    """Activities of ``day`` and the day before without a session RPE yet, oldest first."""
    start = day - timedelta(days=1)
    return [a for a in scope.activities(start, day) if a.activity.rpe is None]


def niggles_of(scope: AthleteScope, start: date, end: date) -> list[Niggle]:
    """The athlete's niggles between two days (inclusive)."""
    with scope.read() as conn:
        return list_niggles(conn, scope.athlete_id, start, end)


def parse_niggle(text: str, day: date, *, bone_pain: bool = False) -> Niggle:
    """``"calf,left,3"`` or ``"knee,right,5,gait"`` (location, side, pain 0–10, gait changed).

    With ``bone_pain`` the niggle is marked as bone pain (docs/science.md R1: ``--bone-pain``).
    """
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3].lower() not in ("gait", "")):
        raise InvalidValue("niggle", text, "expected location,side,pain[,gait] e.g. calf,left,3")
    try:
        side = Side(parts[1].lower())
    except ValueError:
        raise InvalidValue("niggle side", parts[1], "left, right, both or none") from None
    try:
        pain = float(parts[2])
    except ValueError:
        raise InvalidValue("niggle pain", parts[2], "a number 0–10") from None
    gait = len(parts) == 4 and parts[3] != ""
    return Niggle(day, parts[0], side, pain, changes_gait=gait, bone_pain=bone_pain)


def parse_rpe(text: str) -> tuple[int, float]:
    """``"12=7"`` (activity id = CR-10 RPE) → (12, 7.0)."""
    ident, _, value = text.partition("=")
    try:
        return int(ident), float(value)
    except ValueError:
        raise InvalidValue("rpe", text, "expected ACTIVITY_ID=RPE, e.g. 12=7") from None
