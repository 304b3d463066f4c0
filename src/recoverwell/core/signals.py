"""The catalog of daily recovery signals: symbol, unit, plausible range, meaning.

Every ``Observation.signal`` is one of these symbols (importers map vendor columns onto them).
HRV is never one number: the *kind* is in the symbol (``hrv_rmssd_ms``, ``hrv_ln_rmssd``,
``hrv_sdnn_ms``) and the *window* goes in ``Observation.context`` (``HrvWindow``), so an Apple
SDNN spot reading, a Garmin overnight rMSSD and a chest-strap morning rMSSD are stored side by
side and never mixed in one baseline (formats.md §0, docs/anchors.md §2.6).

Subjective 1–7 items follow Hooper & Mackinnon (1995): 1 = very, very good / low, 7 = very,
very bad / high. Mood and motivation use the same direction (7 = worst) so that "higher is worse"
holds for every item of the wellness score.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HrvWindow(StrEnum):
    """When an HRV value was measured; readings of different windows are never mixed."""

    OVERNIGHT = "overnight"  # averaged over (part of) the night: Garmin, Oura, Fitbit, Polar, Whoop
    MORNING_SPOT = "morning_spot"  # on waking, 1–5 min, supine or seated: HRV4Training, Elite HRV
    SPOT = "spot"  # any time of day: Apple Watch SDNN readings


class Pillar(StrEnum):
    """The guide's four recovery pillars plus monitoring (docs/science.md §0)."""

    NUTRITION = "NUT"
    SLEEP = "SLP"
    THERAPY = "PHY"
    MENTAL = "MEN"
    MONITORING = "MON"


@dataclass(frozen=True, slots=True)
class SignalSpec:
    """A daily signal: its unit, the range outside which a value is implausible, and meaning."""

    symbol: str
    unit: str
    low: float
    high: float
    title: str
    pillar: Pillar
    higher_is_worse: bool | None = None  # for scores; None where direction has no meaning


_SPECS = (
    # autonomic / cardiovascular
    SignalSpec("rhr_bpm", "bpm", 25, 120, "Resting heart rate", Pillar.MONITORING, True),
    SignalSpec("hrv_rmssd_ms", "ms", 3, 300, "HRV, rMSSD", Pillar.MONITORING, False),
    SignalSpec("hrv_ln_rmssd", "ln(ms)", 1.0, 5.7, "HRV, ln rMSSD", Pillar.MONITORING, False),
    SignalSpec("hrv_sdnn_ms", "ms", 3, 400, "HRV, SDNN", Pillar.MONITORING, False),
    SignalSpec(
        "respiration_rate_brpm", "breaths/min", 5, 40, "Respiration rate", Pillar.MONITORING
    ),
    SignalSpec("spo2_pct", "%", 70, 100, "Blood oxygen saturation", Pillar.MONITORING),
    SignalSpec("body_temp_dev_c", "°C", -5, 5, "Body temperature deviation", Pillar.MONITORING),
    SignalSpec(
        "vendor_recovery_score", "0–100", 0, 100, "Device recovery score", Pillar.MONITORING
    ),
    # sleep (per wake-up day; individual periods live in SleepPeriod)
    SignalSpec("sleep_total_min", "min", 0, 960, "Total sleep", Pillar.SLEEP, False),
    SignalSpec("sleep_in_bed_min", "min", 0, 1080, "Time in bed", Pillar.SLEEP, False),
    SignalSpec("sleep_efficiency_pct", "%", 0, 100, "Sleep efficiency", Pillar.SLEEP, False),
    SignalSpec("sleep_deep_min", "min", 0, 600, "Deep sleep", Pillar.SLEEP),
    SignalSpec("sleep_rem_min", "min", 0, 600, "REM sleep", Pillar.SLEEP),
    SignalSpec("sleep_light_min", "min", 0, 900, "Light sleep", Pillar.SLEEP),
    SignalSpec("sleep_awake_min", "min", 0, 600, "Awake in bed", Pillar.SLEEP, True),
    SignalSpec("sleep_awakenings", "count", 0, 100, "Awakenings", Pillar.SLEEP, True),
    SignalSpec("sleep_latency_min", "min", 0, 300, "Time to fall asleep", Pillar.SLEEP, True),
    SignalSpec("sleep_score", "0–100", 0, 100, "Device sleep score", Pillar.SLEEP, False),
    SignalSpec("nap_min", "min", 0, 300, "Naps", Pillar.SLEEP),
    # subjective (morning check-in)
    SignalSpec("hooper_sleep", "1–7", 1, 7, "Sleep quality (Hooper)", Pillar.SLEEP, True),
    SignalSpec("hooper_fatigue", "1–7", 1, 7, "Fatigue (Hooper)", Pillar.MONITORING, True),
    SignalSpec("hooper_stress", "1–7", 1, 7, "Stress (Hooper)", Pillar.MENTAL, True),
    SignalSpec("hooper_soreness", "1–7", 1, 7, "Muscle soreness (Hooper)", Pillar.THERAPY, True),
    SignalSpec("mood", "1–7", 1, 7, "Mood (7 = worst)", Pillar.MENTAL, True),
    SignalSpec("motivation", "1–7", 1, 7, "Motivation (7 = lowest)", Pillar.MENTAL, True),
    SignalSpec("illness", "0/1", 0, 1, "Feeling ill", Pillar.MONITORING, True),
    SignalSpec("travel", "0/1", 0, 1, "Travelled (time zones, long trip)", Pillar.MONITORING),
    SignalSpec("menstrual_cycle_day", "day", 1, 60, "Menstrual cycle day", Pillar.MONITORING),
    SignalSpec("mindful_min", "min", 0, 600, "Meditation / mindfulness", Pillar.MENTAL),
    # body and nutrition
    SignalSpec("body_mass_kg", "kg", 30, 200, "Body mass (morning)", Pillar.NUTRITION),
    SignalSpec("energy_kcal", "kcal", 0, 10000, "Energy intake", Pillar.NUTRITION),
    SignalSpec("carbohydrate_g", "g", 0, 2000, "Carbohydrate", Pillar.NUTRITION),
    SignalSpec("protein_g", "g", 0, 600, "Protein", Pillar.NUTRITION),
    SignalSpec("fat_g", "g", 0, 600, "Fat", Pillar.NUTRITION),
    SignalSpec("fluid_ml", "mL", 0, 15000, "Fluids", Pillar.NUTRITION),
    SignalSpec("caffeine_mg", "mg", 0, 2000, "Caffeine", Pillar.NUTRITION),
    SignalSpec("alcohol_drinks", "standard drinks", 0, 40, "Alcohol", Pillar.NUTRITION, True),
    # bloodwork (values as reported by the lab)
    SignalSpec("ferritin_ng_ml", "ng/mL", 1, 2000, "Ferritin", Pillar.NUTRITION),
    SignalSpec("haemoglobin_g_dl", "g/dL", 5, 25, "Haemoglobin", Pillar.NUTRITION),
    SignalSpec("vitamin_d_nmol_l", "nmol/L", 5, 500, "25(OH)D", Pillar.NUTRITION),
    # --- added for issue #6 (vendor imports and the daily check-in) ---
    # yes/no answers where the source gives no amount (Whoop journal, HRV4Training tags)
    SignalSpec("alcohol_any", "0/1", 0, 1, "Drank alcohol", Pillar.NUTRITION, True),
    SignalSpec("caffeine_any", "0/1", 0, 1, "Had caffeine", Pillar.NUTRITION),
    # body mass around a run and the fluid loss derived from it (1 kg lost ≈ 1 L of sweat)
    SignalSpec("body_mass_pre_run_kg", "kg", 30, 200, "Body mass before a run", Pillar.NUTRITION),
    SignalSpec("body_mass_post_run_kg", "kg", 30, 200, "Body mass after a run", Pillar.NUTRITION),
    SignalSpec("sweat_loss_ml", "mL", -3000, 10000, "Fluid lost in a run", Pillar.NUTRITION),
    SignalSpec("niggle_pain_max", "0–10", 0, 10, "Worst niggle pain", Pillar.THERAPY, True),
    # vendor scores and loads, kept raw with the vendor in the symbol: scales differ
    SignalSpec("vendor_strain", "0–21", 0, 21, "Whoop day strain", Pillar.MONITORING),
    SignalSpec("tss_au", "TSS", 0, 2000, "TrainingPeaks TSS (per workout)", Pillar.MONITORING),
    SignalSpec("intensity_factor", "IF", 0, 3, "TrainingPeaks IF (per workout)", Pillar.MONITORING),
    SignalSpec(
        "tp_rpe", "raw", 0, 10, "TrainingPeaks Rpe (raw, scale undocumented)", Pillar.MENTAL
    ),
    SignalSpec(
        "tp_feeling", "raw", 0, 10, "TrainingPeaks Feeling (raw, scale undocumented)", Pillar.MENTAL
    ),
    SignalSpec(
        "strava_relative_effort", "au", 0, 5000, "Strava Relative Effort", Pillar.MONITORING
    ),
    SignalSpec("session_rpe", "CR-10", 0, 10, "Session RPE (sheet import)", Pillar.MONITORING),
    SignalSpec("srpe_load_au", "au", 0, 10000, "Session-RPE load, RPE × min", Pillar.MONITORING),
    # subjective codes kept raw where the source's scale direction is not documented
    SignalSpec("icu_soreness", "code", 0, 10, "intervals.icu soreness (raw)", Pillar.THERAPY),
    SignalSpec("icu_fatigue", "code", 0, 10, "intervals.icu fatigue (raw)", Pillar.MONITORING),
    SignalSpec("icu_stress", "code", 0, 10, "intervals.icu stress (raw)", Pillar.MENTAL),
    SignalSpec("icu_mood", "code", 0, 10, "intervals.icu mood (raw)", Pillar.MENTAL),
    SignalSpec("icu_motivation", "code", 0, 10, "intervals.icu motivation (raw)", Pillar.MENTAL),
    SignalSpec("icu_injury", "code", 0, 10, "intervals.icu injury (raw)", Pillar.THERAPY),
    SignalSpec(
        "icu_sleep_quality", "code", 0, 10, "intervals.icu sleep quality (raw)", Pillar.SLEEP
    ),
    SignalSpec("pmsys_fatigue", "1–5", 1, 5, "PMSys fatigue (raw Likert)", Pillar.MONITORING),
    SignalSpec("pmsys_mood", "1–5", 1, 5, "PMSys mood (raw Likert)", Pillar.MENTAL),
    SignalSpec("pmsys_soreness", "1–5", 1, 5, "PMSys soreness (raw Likert)", Pillar.THERAPY),
    SignalSpec("pmsys_stress", "1–5", 1, 5, "PMSys stress (raw Likert)", Pillar.MENTAL),
    SignalSpec("pmsys_sleep_quality", "1–5", 1, 5, "PMSys sleep quality (raw)", Pillar.SLEEP),
    SignalSpec("pmsys_readiness", "0–10", 0, 10, "PMSys readiness (raw)", Pillar.MONITORING),
    # --- red-flag check-in items (docs/science.md §10 R1–R11): what the runner reports, in the
    # runner's words, never a diagnosis. 1 = reported that day; 0 = asked and denied.
    SignalSpec(
        "bone_pain",
        "0/1",
        0,
        1,
        "Bone pain: a spot on a bone that hurts to press or to hop on, worse with running, "
        "at rest or at night",
        Pillar.THERAPY,
        True,
    ),
    SignalSpec(
        "sudden_pop",
        "0/1",
        0,
        1,
        "Sudden pop or snap (calf/Achilles), can't push off, a joint locking or giving way, "
        "or rapid swelling",
        Pillar.THERAPY,
        True,
    ),
    SignalSpec(
        "cardiac_symptoms",
        "0/1",
        0,
        1,
        "Chest pain or pressure, fainting or near-fainting, palpitations with dizziness, or "
        "breathlessness out of proportion to the effort",
        Pillar.MONITORING,
        True,
    ),
    SignalSpec(
        "illness_systemic",
        "0/1",
        0,
        1,
        "Fever, chills, body aches, chest cough, or vomiting/diarrhoea (below the neck)",
        Pillar.MONITORING,
        True,
    ),
    SignalSpec(
        "head_cold",
        "0/1",
        0,
        1,
        "Cold symptoms above the neck only: runny nose, sneezing, sore throat",
        Pillar.MONITORING,
        True,
    ),
    SignalSpec(
        "heat_illness_signs",
        "0/1",
        0,
        1,
        "During or after a run in the heat: confusion, collapse, stopped sweating, very hot skin",
        Pillar.NUTRITION,
        True,
    ),
    SignalSpec(
        "long_run_symptoms",
        "0/1",
        0,
        1,
        "Headache, nausea, confusion or swelling after a long run",
        Pillar.NUTRITION,
        True,
    ),
    SignalSpec(
        "missed_periods_3m",
        "0/1",
        0,
        1,
        "No period for 3 months or more",
        Pillar.NUTRITION,
        True,
    ),
    SignalSpec(
        "low_mood_2w",
        "0/1",
        0,
        1,
        "Low mood, loss of interest or anxiety most days for 2 weeks or more",
        Pillar.MENTAL,
        True,
    ),
    SignalSpec(
        "self_harm_thoughts",
        "0/1",
        0,
        1,
        "Thoughts of harming yourself, or feeling hopeless",
        Pillar.MENTAL,
        True,
    ),
    SignalSpec(
        "unexplained_signs",
        "0/1",
        0,
        1,
        "Unexplained weight loss, night sweats, or blood in urine or stool more than once",
        Pillar.MONITORING,
        True,
    ),
)

#: The red-flag check-in items above (``bone_pain`` comes with a niggle's body location).
SYMPTOM_SIGNALS = (
    "illness",
    "bone_pain",
    "sudden_pop",
    "cardiac_symptoms",
    "illness_systemic",
    "head_cold",
    "heat_illness_signs",
    "long_run_symptoms",
    "missed_periods_3m",
    "low_mood_2w",
    "self_harm_thoughts",
    "unexplained_signs",
)
#: Bloodwork the red-flag rules read (docs/science.md N9, N10, R12).
LAB_SIGNALS = ("ferritin_ng_ml", "haemoglobin_g_dl", "vitamin_d_nmol_l")

SIGNALS: dict[str, SignalSpec] = {s.symbol: s for s in _SPECS}


def signal(symbol: str) -> SignalSpec:
    """The spec of a signal; KeyError names the unknown symbol."""
    try:
        return SIGNALS[symbol]
    except KeyError:
        raise KeyError(f"unknown signal {symbol!r}") from None
