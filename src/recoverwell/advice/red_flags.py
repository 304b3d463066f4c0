"""Red flags (docs/science.md §10): what a runner reports that says "see a professional".

One table, ``RULES``: each rule names the signals it reads, how many days back a report still
counts, its severity (REFER: see a professional soon; URGENT: stop and seek care now), the action
and the source. A rule's pattern is a check in ``advice/red_flag_checks.py``; each hit is a
``Finding``. Red flags fire on their own (no second domain needed), are shown with no other
data, and are never softened by good numbers: ``advice/readiness.py`` lets them override the
verdict, and no setting can switch them off (docs/science.md §11.8). Two refinements in the table
are not red flags (NUDGE): a head cold only (R5's "neck check") and vitamin D below the sport
target. Words are in ``advice/explain.py``; none of them names a condition (docs/science.md §11.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from recoverwell.advice import red_flag_checks as c
from recoverwell.advice import thresholds as t
from recoverwell.advice.findings import Action, Finding, Severity
from recoverwell.advice.recovery_state import RecoveryState
from recoverwell.core.signals import Pillar

#: Points a red flag carries for ranking: above any score component.
RED_FLAG_POINTS = 100.0


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    """One row of the red-flag table."""

    rule_id: str
    signals: tuple[str, ...]
    lookback_d: int
    severity: Severity
    action: Action
    source: str
    pillar: Pillar
    check: c.Check
    trigger: str  # the pattern in plain words, for docs/readiness.md
    limits: Mapping[str, float] = field(default_factory=dict)

    @property
    def is_red_flag(self) -> bool:
        """REFER or URGENT: overrides the verdict (NUDGE refinements do not)."""
        return self.severity.rank >= Severity.REFER.rank


URGENT, REFER, NUDGE = Severity.URGENT, Severity.REFER, Severity.NUDGE

RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        "r9_self_harm_thoughts",
        ("self_harm_thoughts",),
        t.ACUTE_SYMPTOM_D,
        URGENT,
        Action.CRISIS_LINE,
        "docs/science.md §10 R9, M6 (Reardon19, Gouttebarge21)",
        Pillar.MENTAL,
        c.reported,
        "thoughts of harming yourself, or feeling hopeless",
    ),
    RedFlagRule(
        "r4_chest_symptoms",
        ("cardiac_symptoms",),
        t.ACUTE_SYMPTOM_D,
        URGENT,
        Action.CALL_EMERGENCY,
        "docs/science.md §10 R4 (ESC20)",
        Pillar.MONITORING,
        c.reported,
        "chest pain/pressure, fainting or near-fainting, palpitations with dizziness, "
        "breathlessness out of proportion",
    ),
    RedFlagRule(
        "r6_heat_signs",
        ("heat_illness_signs",),
        t.ACUTE_SYMPTOM_D,
        URGENT,
        Action.EMERGENCY_COOLING,
        "docs/science.md §10 R6",
        Pillar.NUTRITION,
        c.reported,
        "confusion, collapse, stopped sweating or very hot skin in/after a hot run",
    ),
    RedFlagRule(
        "r7_post_run_symptoms",
        ("long_run_symptoms",),
        t.ACUTE_SYMPTOM_D,
        URGENT,
        Action.STOP_PLAIN_WATER_SEEK_CARE,
        "docs/science.md §10 R7, H7 (HewButler15)",
        Pillar.NUTRITION,
        c.post_run_symptoms,
        "headache, nausea, confusion or swelling after a long run, with post-run body mass "
        "above pre-run (or no weights to compare)",
        {"mass_change_kg": t.LONG_RUN_MASS_GAIN_KG},
    ),
    RedFlagRule(
        "r3_sudden_pop",
        ("sudden_pop",),
        t.ACUTE_SYMPTOM_D,
        URGENT,
        Action.SEEK_CARE_TODAY,
        "docs/science.md §10 R3",
        Pillar.THERAPY,
        c.reported,
        "sudden pop/snap in calf or Achilles, can't push off, joint locking or giving way",
    ),
    RedFlagRule(
        "r1_bone_pain_high_risk_site",
        ("bone_pain",),
        t.BONE_PAIN_D,
        URGENT,
        Action.SEEK_CARE_TODAY,
        "docs/science.md §10 R1 (Warden14, Warden21)",
        Pillar.THERAPY,
        c.bone_pain_high_risk,
        "bone pain at a high-risk site: groin/hip, pubic bone/sacrum, front of shin, top of "
        "mid-foot, outer foot base, big-toe ball, inner ankle",
    ),
    RedFlagRule(
        "r1_bone_pain",
        ("bone_pain",),
        t.BONE_PAIN_D,
        REFER,
        Action.STOP_RUNNING_SEE_CLINICIAN,
        "docs/science.md §10 R1 (Warden14, Warden21)",
        Pillar.THERAPY,
        c.bone_pain,
        "bone pain (a spot that hurts to press, worse with running, at rest or at night) "
        "anywhere else, or where the location is not given",
    ),
    RedFlagRule(
        "r5_illness",
        ("illness_systemic", "illness", "head_cold"),
        t.ILLNESS_CLEAR_D,
        REFER,
        Action.NO_TRAINING_WHILE_ILL,
        "docs/science.md §10 R5 (Friman00); 'neck check' heuristic for head colds",
        Pillar.MONITORING,
        c.illness,
        "fever, chills, body aches, chest cough or vomiting/diarrhoea; or 'feeling ill' "
        "without saying it is a head cold only",
    ),
    RedFlagRule(
        "r2_niggle",
        ("niggles", "niggle_pain_max"),
        t.NIGGLE_ANSWER_D,
        REFER,
        Action.SEE_PHYSIO,
        "docs/science.md §10 R2, P7 (Silbernagel07)",
        Pillar.THERAPY,
        c.niggle,
        "a niggle that changes the gait, hurts > 5/10, got worse 3 mornings running, or has "
        "been reported without a break for > 14 days",
        {
            "pain_0_10": t.NIGGLE_PAIN_HIGH,
            "worse_mornings": t.NIGGLE_WORSE_MORNINGS,
            "persisted_d": t.NIGGLE_PERSIST_D,
        },
    ),
    RedFlagRule(
        "r7_post_run_symptoms_mass_loss",
        ("long_run_symptoms",),
        t.ACUTE_SYMPTOM_D,
        REFER,
        Action.SEEK_CARE_IF_NOT_SETTLING,
        "docs/science.md §10 R7, H7 (near miss: body mass down)",
        Pillar.NUTRITION,
        c.post_run_symptoms_mass_loss,
        "the R7 symptoms with post-run body mass at or below pre-run",
    ),
    RedFlagRule(
        "r10_low_mood",
        ("low_mood_2w", "mood"),
        t.REPORTED_REFER_D,
        REFER,
        Action.SEE_GP_OR_PSYCHOLOGIST,
        "docs/science.md §10 R10, M6 (Reardon19)",
        Pillar.MENTAL,
        c.low_mood,
        "low mood/anxiety most days for ≥ 2 weeks reported, or the mood item at 6–7 on ≥ 10 "
        "of the last 14 days",
        {"mood": t.MOOD_LOW, "low_mood_days": t.MOOD_LOW_DAYS},
    ),
    RedFlagRule(
        "r8_missed_periods",
        ("missed_periods_3m",),
        t.REPORTED_REFER_D,
        REFER,
        Action.SEE_PHYSICIAN_AND_DIETITIAN,
        "docs/science.md §10 R8, N8 (IOC-REDs23, Triad14)",
        Pillar.NUTRITION,
        c.reported,
        "no period for 3 months or more (asked only of athletes who track a cycle)",
    ),
    RedFlagRule(
        "r11_unexplained_signs",
        ("unexplained_signs",),
        t.REPORTED_REFER_D,
        REFER,
        Action.SEE_GP,
        "docs/science.md §10 R11",
        Pillar.MONITORING,
        c.reported,
        "unexplained weight loss, night sweats, or blood in urine or stool more than once",
    ),
    RedFlagRule(
        "r12_ferritin_low",
        ("ferritin_ng_ml",),
        t.LAB_D,
        REFER,
        Action.DISCUSS_LABS,
        "docs/science.md §10 R12, N9 (Sim19, Peeling23)",
        Pillar.NUTRITION,
        c.lab_below(t.FERRITIN_LOW_NG_ML),
        "ferritin below 35 ng/mL (µg/L)",
        {"ferritin_ng_ml": t.FERRITIN_LOW_NG_ML},
    ),
    RedFlagRule(
        "r12_haemoglobin_low",
        ("haemoglobin_g_dl",),
        t.LAB_D,
        REFER,
        Action.DISCUSS_LABS,
        "docs/science.md §10 R12, N9 (female cut-off); WHO 2011 (male cut-off)",
        Pillar.NUTRITION,
        c.haemoglobin_low,
        "haemoglobin below 11.5 g/dL (13.0 g/dL for men)",
        {
            "haemoglobin_g_dl": t.HAEMOGLOBIN_LOW_FEMALE_G_DL,
            "haemoglobin_male_g_dl": t.HAEMOGLOBIN_LOW_MALE_G_DL,
        },
    ),
    RedFlagRule(
        "r12_vitamin_d_low",
        ("vitamin_d_nmol_l",),
        t.LAB_D,
        REFER,
        Action.DISCUSS_LABS,
        "docs/science.md §10 R12, N10 (LarsonMeyer15)",
        Pillar.NUTRITION,
        c.lab_below(t.VITAMIN_D_DEFICIENT_NMOL_L),
        "25(OH)D below 50 nmol/L",
        {"vitamin_d_nmol_l": t.VITAMIN_D_DEFICIENT_NMOL_L},
    ),
    RedFlagRule(
        "r12_vitamin_d_below_target",
        ("vitamin_d_nmol_l",),
        t.LAB_D,
        NUDGE,
        Action.DISCUSS_LABS,
        "docs/science.md N10 (sport-practice target > 75 nmol/L; LarsonMeyer15)",
        Pillar.NUTRITION,
        c.lab_between(t.VITAMIN_D_DEFICIENT_NMOL_L, t.VITAMIN_D_TARGET_NMOL_L),
        "25(OH)D 50–75 nmol/L: below the sport-practice target (not a red flag)",
        {"vitamin_d_nmol_l": t.VITAMIN_D_TARGET_NMOL_L},
    ),
    RedFlagRule(
        "r5_head_cold",
        ("head_cold",),
        t.ILLNESS_CLEAR_D,
        NUDGE,
        Action.EASY_RUNNING_ONLY,
        "docs/science.md §10 R5 'neck check' (heuristic)",
        Pillar.MONITORING,
        c.head_cold,
        "a head cold only (above the neck), no illness below the neck (not a red flag)",
    ),
)

RULES_BY_ID: dict[str, RedFlagRule] = {r.rule_id: r for r in RULES}


def red_flags(state: RecoveryState, i: int) -> list[Finding]:
    """Every red-flag (and neck-check / lab-target) finding for day ``i``, in table order."""
    out = []
    for rule in RULES:
        for evidence in rule.check(state, i, rule.signals, rule.lookback_d):
            out.append(
                Finding(
                    rule.rule_id,
                    rule.pillar,
                    rule.severity,
                    evidence,
                    {"lookback_d": float(rule.lookback_d), **rule.limits},
                    rule.source,
                    rule.action,
                    "",
                    RED_FLAG_POINTS if rule.is_red_flag else 0.0,
                )
            )
    return out


def is_red_flag(finding: Finding) -> bool:
    """A finding that overrides the verdict: REFER or URGENT from the red-flag table."""
    rule = RULES_BY_ID.get(finding.rule_id)
    return rule is not None and rule.is_red_flag
