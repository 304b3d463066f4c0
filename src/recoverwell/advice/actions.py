"""Concrete recovery actions for the day, per pillar: grams, millilitres, minutes, clock times.

The findings say *what* is off; these say what to do about it in the guide's four pillars, with
the numbers docs/science.md gives (never doses of medicines or supplements, §11.4):

- Sleep (S1, S4): a lights-out time from the athlete's own usual wake time, need and time awake
  in bed; a 20–30 min early-afternoon nap after a short night. When a sleep finding stands.
- Nutrition (N1, N5): carbohydrate and protein in grams from the body mass in the profile (or
  the latest morning weighing) on an amber or red day; per kg when no mass is known.
- Hydration (H4): 1.25–1.5 L per kg lost in yesterday's or today's weighed run, with salt.
- Therapy (P2, P4): optional foam rolling on a sore morning (never with bone pain, R1); on a red
  day, optional low-impact active recovery at RPE ≤ 3. None on a red-flag day.
- Mental (M2, M4): slow breathing and progressive muscle relaxation, with their doses, when the
  stress item is at 6–7 or above usual for 3 days.

No actions on an URGENT day (stop and seek care). ``action_text`` gives each its words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from recoverwell.advice import thresholds as t
from recoverwell.advice.findings import Finding
from recoverwell.advice.recovery_state import RecoveryState
from recoverwell.core.signals import Pillar

#: Findings after which a lights-out time is suggested.
SLEEP_RULES = frozenset(
    {"sleep_short_last_night", "sleep_short_week", "sleep_debt", "time_in_bed_short"}
)
BONE_PAIN_RULES = frozenset({"r1_bone_pain", "r1_bone_pain_high_risk_site"})
MIN_PER_DAY = 24 * 60.0
CLOCK_STEP_MIN = 5.0  # heuristic: a bedtime is given to 5 min (time in bed rounded up)


@dataclass(frozen=True, slots=True)
class DayAction:
    """One concrete action: its pillar, what it is, its numbers (units in the keys), source."""

    pillar: Pillar
    key: str
    numbers: Mapping[str, float]
    source: str


def _latest(values: np.ndarray | None, i: int, lookback_d: int) -> float:
    if values is None:
        return math.nan
    for j in range(i, max(i - lookback_d, -1), -1):
        if not math.isnan(values[j]):
            return float(values[j])
    return math.nan


def _body_mass(state: RecoveryState, i: int) -> float:
    sig = state.signals
    if sig.profile_body_mass_kg is not None:
        return sig.profile_body_mass_kg
    return _latest(sig.body_mass_kg, i, t.MASS_LOOKBACK_D)


def _bedtime(state: RecoveryState, i: int, need_min: float) -> DayAction | None:
    sleep = state.signals.sleep
    if sleep is None:
        return None
    lo = max(i - t.WAKE_TIME_NIGHTS + 1, 0)
    wake = sleep.waketime_min[lo : i + 1]
    awake_in_bed = (sleep.in_bed_min - sleep.total_min)[lo : i + 1]
    if np.count_nonzero(~np.isnan(wake)) < t.WAKE_TIME_MIN_NIGHTS:
        return None
    usual_wake = float(np.nanmedian(wake))
    margin = t.IN_BED_MARGIN_MIN
    if np.count_nonzero(~np.isnan(awake_in_bed)) >= t.WAKE_TIME_MIN_NIGHTS:
        margin = max(float(np.nanmedian(awake_in_bed)), 0.0)
    in_bed = max(need_min + margin, t.SLEEP_IN_BED_TARGET_MIN)
    in_bed = math.ceil(in_bed / CLOCK_STEP_MIN) * CLOCK_STEP_MIN
    lights_out = math.floor((usual_wake - in_bed) / CLOCK_STEP_MIN) * CLOCK_STEP_MIN
    return DayAction(
        Pillar.SLEEP,
        "bedtime",
        {
            "lights_out_min": lights_out % MIN_PER_DAY,
            "in_bed_min": in_bed,
            "wake_min": usual_wake,
        },
        "docs/science.md S1 (Walsh21, Mah11: 8–10 h in bed), S3 (a steady wake time)",
    )


def _sleep(state: RecoveryState, i: int, ids: set[str], need_min: float) -> list[DayAction]:
    out = []
    if ids & SLEEP_RULES:
        bed = _bedtime(state, i, need_min)
        if bed is not None:
            out.append(bed)
    if "sleep_short_last_night" in ids:
        out.append(
            DayAction(
                Pillar.SLEEP,
                "nap",
                {
                    "low_min": t.NAP_MIN[0],
                    "high_min": t.NAP_MIN[1],
                    "from_min": t.NAP_WINDOW_MIN[0],
                    "to_min": t.NAP_WINDOW_MIN[1],
                },
                "docs/science.md S4 (Lastella21, Mesas23)",
            )
        )
    return out


def _nutrition(state: RecoveryState, i: int, red: bool) -> list[DayAction]:
    mass = _body_mass(state, i)
    low, high = t.CARB_LIGHT_DAY_G_PER_KG if red else t.CARB_EASY_DAY_G_PER_KG
    carbs = {"low_g_per_kg": low, "high_g_per_kg": high, "light_day": float(red)}
    day_low, day_high = t.PROTEIN_DAY_G_PER_KG
    protein = {
        "meal_g_per_kg": t.PROTEIN_MEAL_G_PER_KG,
        "day_low_g_per_kg": day_low,
        "day_high_g_per_kg": day_high,
    }
    if not math.isnan(mass):
        carbs |= {"low_g": low * mass, "high_g": high * mass, "body_mass_kg": mass}
        protein |= {
            "meal_g": t.PROTEIN_MEAL_G_PER_KG * mass,
            "day_low_g": day_low * mass,
            "day_high_g": day_high * mass,
            "body_mass_kg": mass,
        }
    return [
        DayAction(Pillar.NUTRITION, "carbohydrate", carbs, "docs/science.md N1 (ACSM16, Burke11)"),
        DayAction(Pillar.NUTRITION, "protein", protein, "docs/science.md N5 (ACSM16, Jager17)"),
    ]


def _rehydrate(state: RecoveryState, i: int) -> list[DayAction]:
    reported = state.signals.reported
    pre, post = reported.get("body_mass_pre_run_kg"), reported.get("body_mass_post_run_kg")
    if pre is None or post is None:
        return []
    for j in (i, i - 1):
        if j < 0 or math.isnan(pre[j]) or math.isnan(post[j]):
            continue
        lost = float(pre[j] - post[j])
        if lost <= 0:
            return []  # no loss (a gain is the R7/H7 question, not a drink target)
        low, high = t.REHYDRATE_L_PER_KG
        numbers = {
            "lost_kg": lost,
            "loss_pct": lost / float(pre[j]) * 100.0,
            "low_ml": lost * low * 1000.0,
            "high_ml": lost * high * 1000.0,
            "days_ago": float(i - j),
        }
        return [DayAction(Pillar.NUTRITION, "rehydrate", numbers, "docs/science.md H4 (ACSM16)")]
    return []


def _item(state: RecoveryState, item: str, i: int) -> tuple[float, Sequence[float]]:
    w = state.wellness
    if w is None or item not in w.items:
        return math.nan, ()
    z = w.item_z[item]
    recent = [float(z[j]) for j in range(max(i - t.HOOPER_Z_DAYS + 1, 0), i + 1)]
    return float(w.items[item][i]), recent


def _therapy(state: RecoveryState, i: int, red: bool, ids: set[str]) -> list[DayAction]:
    out = []
    sore, sore_z = _item(state, "hooper_soreness", i)
    above = bool(sore_z) and sore_z[-1] > t.HOOPER_Z_HIGH
    if (sore >= t.HOOPER_ITEM_HIGH or above) and not ids & BONE_PAIN_RULES:
        out.append(
            DayAction(
                Pillar.THERAPY,
                "foam_rolling",
                {
                    "low_s": t.FOAM_ROLL_S[0],
                    "high_s": t.FOAM_ROLL_S[1],
                    "pause_low_s": t.FOAM_ROLL_PAUSE_S[0],
                    "pause_high_s": t.FOAM_ROLL_PAUSE_S[1],
                },
                "docs/science.md P2 (Wiewelhove19; optional, small short-lived effects)",
            )
        )
    if red:
        out.append(
            DayAction(
                Pillar.THERAPY,
                "active_recovery",
                {
                    "low_min": t.ACTIVE_RECOVERY_MIN[0],
                    "high_min": t.ACTIVE_RECOVERY_MIN[1],
                    "rpe_max": t.ACTIVE_RECOVERY_RPE_MAX,
                },
                "docs/science.md P4 (VanHooren18, Dupuy18; optional, still counts as load)",
            )
        )
    return out


def _mental(state: RecoveryState, i: int) -> list[DayAction]:
    stress, stress_z = _item(state, "hooper_stress", i)
    streak = len(stress_z) >= t.HOOPER_Z_DAYS and all(z > t.HOOPER_Z_HIGH for z in stress_z)
    if not (stress >= t.HOOPER_ITEM_HIGH or streak):
        return []
    numbers = {
        "breaths_per_min": t.BREATHS_PER_MIN,
        "breathing_low_min": t.BREATHING_MIN[0],
        "breathing_high_min": t.BREATHING_MIN[1],
        "tense_low_s": t.PMR_TENSE_S[0],
        "tense_high_s": t.PMR_TENSE_S[1],
        "release_low_s": t.PMR_RELEASE_S[0],
        "release_high_s": t.PMR_RELEASE_S[1],
        "pmr_low_min": t.PMR_MIN[0],
        "pmr_high_min": t.PMR_MIN[1],
    }
    return [DayAction(Pillar.MENTAL, "stress_tools", numbers, "docs/science.md M2, M3, M4")]


def day_actions(
    state: RecoveryState,
    i: int,
    findings: Sequence[Finding],
    *,
    amber_or_red: bool,
    red: bool,
    red_flag: bool,
    need_min: float,
) -> tuple[DayAction, ...]:
    """The day's actions, sleep first, then nutrition, therapy and mental (see module doc).

    ``amber_or_red``/``red`` describe the light; ``red_flag`` says a REFER flag stands (then no
    therapy actions: the flag's own advice applies). URGENT days are the caller's to exclude.
    """
    ids = {f.rule_id for f in findings}
    out = _sleep(state, i, ids, need_min)
    if amber_or_red:
        out += _nutrition(state, i, red)
    out += _rehydrate(state, i)
    if not red_flag:
        out += _therapy(state, i, red, ids)
    out += _mental(state, i)
    return tuple(out)


# --- words ---------------------------------------------------------------------------------------


def _clock(minutes: float) -> str:
    h, m = divmod(round(minutes) % round(MIN_PER_DAY), 60)
    return f"{h:02d}:{m:02d}"


def _duration(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h {m:02d} min"


def _g(x: float) -> str:
    return f"{x:.0f}"


def _range(n: Mapping[str, float], low: str, high: str) -> str:
    return f"{_g(n[low])}–{_g(n[high])}"


def _carbohydrate(n: Mapping[str, float]) -> str:
    day = "a rest or very easy day" if n["light_day"] else "an easy day under an hour"
    per_kg = f"{n['low_g_per_kg']:g}–{n['high_g_per_kg']:g} g/kg"
    if "low_g" not in n:
        return (
            f"Carbohydrate today: {per_kg} for {day}; set your body mass "
            "(recoverwell athlete set --mass) to see it in grams."
        )
    return f"Carbohydrate today: {_range(n, 'low_g', 'high_g')} g ({per_kg}) for {day}."


def _protein(n: Mapping[str, float]) -> str:
    if "meal_g" not in n:
        return (
            f"Protein: about {n['meal_g_per_kg']:g} g/kg per meal every 3–5 h, "
            f"{n['day_low_g_per_kg']:g}–{n['day_high_g_per_kg']:g} g/kg over the day."
        )
    return (
        f"Protein: about {_g(n['meal_g'])} g per meal ({n['meal_g_per_kg']:g} g/kg) every 3–5 h, "
        f"{_range(n, 'day_low_g', 'day_high_g')} g over the day."
    )


def _rehydrate_text(n: Mapping[str, float]) -> str:
    when = "Yesterday's" if n["days_ago"] >= 1 else "Today's"
    return (
        f"{when} run cost {n['lost_kg']:.1f} kg ({n['loss_pct']:.1f} %): drink "
        f"{_range(n, 'low_ml', 'high_ml')} mL over the next few hours, with a salty meal or "
        "drink, if you run again within about 12 h or lost more than 2 %; otherwise normal "
        "meals and drinks are enough."
    )


WORDS: dict[str, Callable[[Mapping[str, float]], str]] = {
    "bedtime": lambda n: (
        f"Lights out by {_clock(n['lights_out_min'])} tonight: {_duration(n['in_bed_min'])} in "
        f"bed before your usual {_clock(n['wake_min'])} wake-up."
    ),
    "nap": lambda n: (
        f"If you can, nap {_g(n['low_min'])}–{_g(n['high_min'])} min between "
        f"{_clock(n['from_min'])} and {_clock(n['to_min'])}, at least 30 min before a run."
    ),
    "carbohydrate": _carbohydrate,
    "protein": _protein,
    "rehydrate": _rehydrate_text,
    "foam_rolling": lambda n: (
        f"Optional: foam-roll each sore muscle group for {_range(n, 'low_s', 'high_s')} s, "
        f"pausing {_range(n, 'pause_low_s', 'pause_high_s')} s on tender spots; not over bones, "
        "joints or a spot with bone pain."
    ),
    "active_recovery": lambda n: (
        f"Instead of a run, if you want to move: {_range(n, 'low_min', 'high_min')} min very "
        f"easy (RPE ≤ {n['rpe_max']:g}/10, conversational), low-impact (bike, swim, elliptical) "
        "if you are sore; it still counts as load."
    ),
    "stress_tools": lambda n: (
        f"For stress: slow breathing at about {n['breaths_per_min']:g} breaths a minute, longer "
        f"out than in, for {_range(n, 'breathing_low_min', 'breathing_high_min')} min; at "
        f"bedtime, progressive muscle relaxation: tense each muscle group "
        f"{_range(n, 'tense_low_s', 'tense_high_s')} s, release "
        f"{_range(n, 'release_low_s', 'release_high_s')} s, foot to head, "
        f"{_range(n, 'pmr_low_min', 'pmr_high_min')} min."
    ),
}


def action_text(a: DayAction) -> str:
    """The action in words, with its numbers."""
    return WORDS[a.key](a.numbers)
