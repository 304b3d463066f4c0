"""Named thresholds of the recovery rules and the readiness verdict, each with its source.

Every number the advice layer compares against is here, once (docs/architecture.md, "Thresholds
and levels"). Those a user may change are the defaults of
``advice/readiness_settings.ReadinessSettings``, and a rule reads them from the settings.
"Heuristic" marks our own choices (confidence L in docs/science.md terms); docs/readiness.md
explains each and where docs/science.md refines a number from the guide. Numbers that define a
metric (60-day normal, 7-day recent, 0.5-SD band, 8-h need, 14-night regularity) live with the
metric in ``metrics/`` and are re-exported here; levels a metric returns are enums beside it
(``metrics.rhr.RhrLevel``, ``metrics.baseline.BandPosition``).
"""

from __future__ import annotations

from recoverwell.metrics.baseline import BAND_WIDTH_SD, RECENT_MIN_READINGS
from recoverwell.metrics.body import REHYDRATE_HIGH_L_PER_KG, REHYDRATE_LOW_L_PER_KG
from recoverwell.metrics.sleep import REGULARITY_WINDOW_D, SLEEP_NEED_MIN
from recoverwell.metrics.volume import MILEAGE_RAMP_CAUTION as _RAMP_CAUTION
from recoverwell.metrics.volume import MILEAGE_RAMP_NUDGE as _RAMP_NUDGE
from recoverwell.metrics.volume import SPIKE_RATIO_OK as _SPIKE_OK

__all__ = [
    "ACTIVE_RECOVERY_MIN",
    "ACTIVE_RECOVERY_RPE_MAX",
    "ACUTE_SYMPTOM_D",
    "ACWR_LARGE_JUMP",
    "ACWR_TYPICAL_HIGH",
    "ACWR_Z_STEP",
    "BAND_WIDTH_SD",
    "BONE_PAIN_D",
    "BREATHING_MIN",
    "BREATHS_PER_MIN",
    "CARB_EASY_DAY_G_PER_KG",
    "CARB_LIGHT_DAY_G_PER_KG",
    "CONFIDENCE_HIGH",
    "CONFIDENCE_MEDIUM",
    "DISAGREE_LOW_Z",
    "DISAGREE_OK_Z",
    "DOMAINS_TO_AGREE",
    "FERRITIN_LOW_NG_ML",
    "FOAM_ROLL_PAUSE_S",
    "FOAM_ROLL_S",
    "GREEN_MIN",
    "HAEMOGLOBIN_LOW_FEMALE_G_DL",
    "HAEMOGLOBIN_LOW_MALE_G_DL",
    "HOOPER_ITEM_HIGH",
    "HOOPER_STALE_DAYS",
    "HOOPER_Z_DAYS",
    "HOOPER_Z_HIGH",
    "HRV_ACUTE_LOW_Z",
    "HRV_MIN_READINGS_7D",
    "ILLNESS_CLEAR_D",
    "IN_BED_MARGIN_MIN",
    "LAB_D",
    "LONG_RUN_MASS_GAIN_KG",
    "MASS_LOOKBACK_D",
    "MAX_AGE_D",
    "MILEAGE_RAMP_CAUTION",
    "MILEAGE_RAMP_NUDGE",
    "MIN_COVERAGE",
    "MONOTONY_CRITICAL",
    "MONOTONY_WARNING",
    "MOOD_LOW",
    "MOOD_LOW_DAYS",
    "MOOD_WINDOW_D",
    "NAP_MIN",
    "NAP_WINDOW_MIN",
    "NIGGLE_ANSWER_D",
    "NIGGLE_EPISODE_GAP_D",
    "NIGGLE_PAIN_HIGH",
    "NIGGLE_PERSIST_D",
    "NIGGLE_WORSE_MORNINGS",
    "PMR_MIN",
    "PMR_RELEASE_S",
    "PMR_TENSE_S",
    "PROTEIN_DAY_G_PER_KG",
    "PROTEIN_MEAL_G_PER_KG",
    "READING_FAR_Z",
    "READING_Z",
    "REASONS_MAX",
    "REASON_MIN_POINTS",
    "RED_BELOW",
    "REHYDRATE_L_PER_KG",
    "REPORTED_REFER_D",
    "RETURN_BREAK_D",
    "RETURN_MODE_D",
    "RHR_ACUTE_RISE_BPM",
    "RHR_ACUTE_RISE_SD",
    "RHR_MARKED_RISE_BPM",
    "RHR_SUSTAINED_DAYS",
    "RHR_SUSTAINED_SD",
    "RUN_SPIKE_LARGE",
    "RUN_SPIKE_MODERATE",
    "RUN_SPIKE_SMALL",
    "SCORE_NEUTRAL",
    "SCORE_PER_SD",
    "SLEEP_BELOW_NEED_Z",
    "SLEEP_CLOCK_SD_NUDGE_MIN",
    "SLEEP_DEBT_CAUTION_MIN",
    "SLEEP_DEBT_NUDGE_MIN",
    "SLEEP_IN_BED_TARGET_MIN",
    "SLEEP_NEED_MIN",
    "SLEEP_SHORT_LAST_NIGHT_Z",
    "SLEEP_SHORT_MEAN_MIN",
    "SLEEP_Z_SCALE_MIN",
    "STALE_FACTOR",
    "TSB_HIGH_FATIGUE",
    "TSB_PRODUCTIVE_LOW",
    "TSB_Z_STEP",
    "VITAMIN_D_DEFICIENT_NMOL_L",
    "VITAMIN_D_TARGET_NMOL_L",
    "WAKE_TIME_MIN_NIGHTS",
    "WAKE_TIME_NIGHTS",
    "WEIGHT_HRV",
    "WEIGHT_LOAD",
    "WEIGHT_RHR",
    "WEIGHT_SLEEP",
    "WEIGHT_WELLNESS",
    "Z_CAP",
    "Z_FLOOR",
]

# --- component weights (sum 1; renormalised over the components present) -----------------------
WEIGHT_HRV = 0.25  # docs/anchors.md §2.9: HRV leads every public composite (0.30–0.60); heuristic
WEIGHT_RHR = 0.15  # docs/science.md §1 #7 / A4: RHR rises are
#                    non-specific (AltiniPlews21); heuristic
WEIGHT_SLEEP = 0.20  # docs/anchors.md §2.9: Garmin's primary driver, Vitalis 0.25; heuristic
WEIGHT_WELLNESS = 0.25  # docs/science.md §0: subjective wellness is more sensitive to load (Saw16)
WEIGHT_LOAD = 0.15  # docs/science.md L2: ACWR→injury evidence
#                     is L; descriptive only (Impellizzeri20)

# --- score and traffic light ---------------------------------------------------------------------
SCORE_NEUTRAL = 70.0  # heuristic: a usual day is green (Whoop green ≥ 67; Oura 70–85 "moderate")
SCORE_PER_SD = 20.0  # heuristic: every component 1 SD worse than usual → 50 (amber)
GREEN_MIN = 60.0  # heuristic: composite ≥ −0.5 SD (the SWC of docs/science.md A2) stays green
RED_BELOW = 40.0  # heuristic: composite < −1.5 SD; red also needs ≥ 2 agreeing domains (§0)
Z_FLOOR = -3.0  # heuristic: one extreme signal cannot outvote the rest
Z_CAP = 1.0  # docs/science.md §8a, §13: higher HRV/more
#              sleep is not "more ready"; never push harder
#                on an objective metric alone (§0)

# --- coverage and freshness ----------------------------------------------------------------------
MAX_AGE_D = 1  # heuristic: a reading from yesterday still counts, older ones do not (A1: daily)
STALE_FACTOR = 0.5  # heuristic: yesterday's reading counts half
MIN_COVERAGE = 0.4  # heuristic: below 40 % of the weight present, no verdict ("not enough data")
CONFIDENCE_HIGH = 0.75  # heuristic: coverage ≥ 75 % → high confidence
CONFIDENCE_MEDIUM = 0.5  # heuristic: coverage ≥ 50 % → medium; below → low
REASONS_MAX = 3  # heuristic: the top three reasons are shown first
REASON_MIN_POINTS = 2.0  # heuristic: a component moving the score < 2 points is not a reason
#: The words of a factor's reading (``advice/component_words.py``), by |z|:
READING_Z = 1.0  # below (above) normal from here on (docs/science.md A2: HRV < normal − 1 SD)
READING_FAR_Z = 2.0  # "well" below (above) normal (heuristic: twice the band where rules act)

# --- HRV (docs/science.md A2, A3) -----------------------------------------------------------------
HRV_ACUTE_LOW_Z = -1.0  # docs/science.md A2: today < 60-day mean
#                         − 1 SD → easy day if wellness is low
HRV_MIN_READINGS_7D = RECENT_MIN_READINGS  # Plews14: ≥ 3 valid readings a week

# --- resting HR (docs/science.md §1 #7 refines the guide's +5–10 bpm; A4) -------------------------
RHR_ACUTE_RISE_BPM = 5.0  # guide "+5 bpm", kept as the floor of A4's max(5 bpm, 1 SD)
RHR_ACUTE_RISE_SD = 1.0  # docs/science.md A4: today ≥ normal + max(5 bpm, 1 SD)
RHR_MARKED_RISE_BPM = 10.0  # guide "+10 bpm"; Dressendorfer85: seen when runners doubled mileage
RHR_SUSTAINED_SD = 0.5  # docs/science.md A4: 7-day mean > normal + 0.5 SD (≈ +3–5 bpm) ...
RHR_SUSTAINED_DAYS = 5  # docs/science.md A4: ... for ≥ 5 days (with low wellness → CAUTION)

# --- sleep (docs/science.md S1–S3) ----------------------------------------------------------------
SLEEP_SHORT_MEAN_MIN = 420.0  # docs/science.md S1 / §1 #1: CAUTION if 7-day mean total sleep < 7 h
SLEEP_IN_BED_TARGET_MIN = 480.0  # docs/science.md §1 #1: the guide's 8–10 h read as time in bed
SLEEP_DEBT_NUDGE_MIN = 180.0  # docs/science.md S2: 7-day debt > 3 h → NUDGE (heuristic there)
SLEEP_DEBT_CAUTION_MIN = 300.0  # docs/science.md S2: 7-day debt > 5 h → CAUTION (heuristic there)
SLEEP_CLOCK_SD_NUDGE_MIN = 60.0  # docs/science.md S3: bed/wake-time
#                                  SD > 60 min over 14 days → NUDGE
SLEEP_Z_SCALE_MIN = 60.0  # heuristic: each hour below the personal need counts as −1 SD
SLEEP_SHORT_LAST_NIGHT_Z = -1.5  # heuristic: 90 min below need last night flags the sleep domain
SLEEP_BELOW_NEED_Z = -1.0  # docs/science.md S1: below personal need → NUDGE; heuristic: ≥ 1 h below

# --- subjective wellness (docs/science.md §6a, M1) ------------------------------------------------
HOOPER_Z_HIGH = 1.0  # docs/science.md §6a: personal z > 1 ...
HOOPER_Z_DAYS = 3  # docs/science.md §6a: ... for ≥ 3 days → CAUTION
HOOPER_ITEM_HIGH = 6.0  # docs/science.md §6a: an item at 6–7 ...
HOOPER_STALE_DAYS = 7  # docs/science.md §6a: ... for > 7 days is part of Hooper's "stale" criteria

# --- training load (docs/science.md L2, L6; passed in from the load engine) -----------------------
ACWR_TYPICAL_HIGH = 1.3  # docs/science.md L2: 0.8–1.3 "typical"
ACWR_LARGE_JUMP = 1.5  # docs/science.md L2: > 1.5 "large jump" (descriptive, never injury risk)
ACWR_Z_STEP = 0.2  # heuristic: one L2 band width (1.3 → 1.5) counts as −1 SD
TSB_PRODUCTIVE_LOW = -10.0  # docs/science.md L6: −10 to +5 neutral; below it, productive fatigue
TSB_HIGH_FATIGUE = -30.0  # docs/science.md L6: < −30 "high fatigue (limit to a few days)"
TSB_Z_STEP = 20.0  # heuristic: one L6 zone width (−10 → −30) counts as −1 SD
RETURN_BREAK_D = 7  # docs/science.md L7: after ≥ 7 days off, ACWR/TSB read artificially …
RETURN_MODE_D = 21  # docs/science.md L7: "suppress spike language for 2–3 weeks" (the upper end)
MONOTONY_WARNING = 1.5  # heuristic: Runalyze Monotony::WARNING (no rule reads monotony yet)
MONOTONY_CRITICAL = 2.0  # docs/science.md §7 L5 (Foster98): CAUTION if monotony > 2.0
# --- running volume (docs/science.md §7 L3, L4; read after yesterday's training) ------------------
RUN_SPIKE_SMALL = _SPIKE_OK  # docs/science.md L3 (Frandsen25): a
#                              run > 1.10 × the longest of 30 days
RUN_SPIKE_MODERATE = 1.3  # docs/science.md L3: > 1.10–1.30 "small", > 1.30–2.0 "moderate" ...
RUN_SPIKE_LARGE = 2.0  # docs/science.md L3: ... > 2.0 "large"
MILEAGE_RAMP_NUDGE = _RAMP_NUDGE  # docs/science.md L4: week > 1.2 ×
#                                   the mean of the previous 3 weeks
MILEAGE_RAMP_CAUTION = _RAMP_CAUTION  # docs/science.md L4: > 1.3 × → CAUTION (Nielsen14)

# --- recovery actions per pillar (advice/actions.py; docs/science.md §2–§6) -----------------------
CARB_LIGHT_DAY_G_PER_KG = (3.0, 5.0)  # docs/science.md N1: light/skill (rest or very easy) days
CARB_EASY_DAY_G_PER_KG = (5.0, 7.0)  # docs/science.md N1: < 1 h/d of moderate training
PROTEIN_MEAL_G_PER_KG = 0.3  # docs/science.md N5: ~0.3 g/kg per meal every 3–5 h (Jager17)
PROTEIN_DAY_G_PER_KG = (1.2, 2.0)  # docs/science.md N5: 1.2–2.0 g/kg a day (ACSM16)
REHYDRATE_L_PER_KG = (REHYDRATE_LOW_L_PER_KG, REHYDRATE_HIGH_L_PER_KG)  # docs/science.md H4
MASS_LOOKBACK_D = 28  # heuristic: a morning weighing older than 4 weeks is not used for grams
IN_BED_MARGIN_MIN = 30.0  # heuristic: time in bed awake when the athlete's own is unknown
WAKE_TIME_NIGHTS = REGULARITY_WINDOW_D  # docs/science.md S3: the usual
#                                         wake time of the last 14 days
WAKE_TIME_MIN_NIGHTS = 3  # heuristic: a usual wake time needs at least 3 recorded mornings
NAP_MIN = (20.0, 30.0)  # docs/science.md S4: 20–30 min for alertness (Lastella21)
NAP_WINDOW_MIN = (13 * 60.0, 16 * 60.0)  # docs/science.md S4: nap between 13:00 and 16:00
ACTIVE_RECOVERY_MIN = (30.0, 60.0)  # docs/science.md P4: 30–60 min at very easy effort
ACTIVE_RECOVERY_RPE_MAX = 3.0  # docs/science.md P4: RPE ≤ 3/10, conversational
FOAM_ROLL_S = (30.0, 120.0)  # docs/science.md P2: 30–120 s per muscle group (Wiewelhove19)
FOAM_ROLL_PAUSE_S = (20.0, 30.0)  # docs/science.md P2 / guide: 20–30 s pauses on tender spots
BREATHS_PER_MIN = 6.0  # docs/science.md M2: slow breathing, ~6 breaths/min, longer exhale
BREATHING_MIN = (5.0, 10.0)  # docs/science.md M3: start with 5–10 min a day (Basso19)
PMR_TENSE_S = (5.0, 7.0)  # docs/science.md M4: tense ~5–7 s (Bernstein00)
PMR_RELEASE_S = (30.0, 40.0)  # docs/science.md M4: release ~30–40 s
PMR_MIN = (10.0, 15.0)  # docs/science.md M4: foot to head, ~10–15 min
# --- red flags (docs/science.md §10) --------------------------------------------------------------
# A reported symptom keeps its flag up for its lookback: the day it is reported and the
# ``lookback_d`` days after it. Red flags are never settings: nothing a user sets can hide them
# (docs/science.md §11.8).
ILLNESS_CLEAR_D = 2  # docs/science.md R5: no training until ~24–48 h fever-free; ill today or in
#                      the 2 days before keeps the flag up
ACUTE_SYMPTOM_D = 2  # heuristic: an URGENT symptom (R3, R4, R6, R7, R9) reported today or in the
#                      2 days before is still shown: "seek care" must not vanish overnight
BONE_PAIN_D = 7  # docs/science.md R1 "REFER within days; stop running until assessed"; heuristic:
#                  the flag holds for a week after the last report
REPORTED_REFER_D = 7  # heuristic: a reported REFER item (R8, R10, R11) is shown for a week
NIGGLE_ANSWER_D = 2  # heuristic: niggles are judged on the latest check-in that answered them,
#                      today or in the 2 days before (a later answer replaces an earlier one)
NIGGLE_PAIN_HIGH = 5.0  # docs/science.md R2 / P7 (Silbernagel07): pain > 5/10 → REFER
NIGGLE_WORSE_MORNINGS = 3  # docs/science.md R2 "worse each morning"; heuristic: 3 consecutive
#                            mornings, each higher than the one before
NIGGLE_PERSIST_D = 14  # docs/science.md R2 / P7: persisting > 1–2 weeks → REFER (upper bound taken)
NIGGLE_EPISODE_GAP_D = 7  # heuristic: reports of one location ≤ 7 days apart are one episode
LONG_RUN_MASS_GAIN_KG = 0.0  # docs/science.md H2/H7 (HewButler15): body mass must never rise in a
#                              run; any gain with the R7 symptoms → URGENT
MOOD_LOW = 6.0  # docs/science.md §6a: an item at 6–7 (7 = worst) is the bad end of the scale
MOOD_WINDOW_D = 14  # docs/science.md R10 / M6: low mood "most days ≥ 2 weeks"
MOOD_LOW_DAYS = 10  # heuristic for "most days": 10 of 14 (PHQ-9 "more than half the days" is
#                     8, "nearly every day" 12; Pfizer10)
LAB_D = 14  # heuristic: a lab result raises its flag for 2 weeks after the blood draw
FERRITIN_LOW_NG_ML = 35.0  # docs/science.md N9: stage 1 iron depletion, ferritin < 35 µg/L (Sim19,
#                            Peeling23; 1 µg/L = 1 ng/mL); Swiss cut-off 30 (Clenin15)
HAEMOGLOBIN_LOW_FEMALE_G_DL = 11.5  # docs/science.md N9: < 115 g/L is used for female athletes
HAEMOGLOBIN_LOW_MALE_G_DL = 13.0  # docs/science.md N9 "sex-specific reference", which gives only
#                                   the female value: the WHO 2011 cut-off for men
VITAMIN_D_DEFICIENT_NMOL_L = 50.0  # docs/science.md N10: 25(OH)D < 50 nmol/L deficient → REFER
VITAMIN_D_TARGET_NMOL_L = 75.0  # docs/science.md N10: sport-practice target > 75 nmol/L → NUDGE
#                                 below it (LarsonMeyer15)

# --- signal fusion (docs/science.md §0, §9) -------------------------------------------------------
DOMAINS_TO_AGREE = 2  # docs/science.md §0: CAUTION only when ≥ 2 domains agree (Meeusen13)
DISAGREE_LOW_Z = -1.0  # heuristic: a side at ≤ −1 SD "feels/looks bad"...
DISAGREE_OK_Z = -0.5  # heuristic: ... while the other side is within the SWC (M1, §8a)
