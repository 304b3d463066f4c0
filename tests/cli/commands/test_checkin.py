"""``recoverwell checkin`` as a runner uses it: take a red flag back, fix a typo without losing
the other answers, re-run the same day without erasing anything, and type body mass and fluids
in their own units (issue 12 items 1–5)."""

import json
from datetime import date, timedelta

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from recoverwell.app.checkin import SYMPTOM_ITEMS
from recoverwell.cli import app

runner = CliRunner()
DAY = "2026-11-23"
DAY_BEFORE = "2026-11-22"
KG_PER_LB = 0.45359237  # exact (1959)
ML_PER_US_FL_OZ = 29.5735295625  # exact

#: Each red-flag flag and the signal it must be stored as, written out here (not read from the
#: table under test), with the rule it raises (advice/red_flags.py) and the words of its help.
FLAGS = {
    "sudden-pop": ("sudden_pop", "r3_sudden_pop"),
    "chest-pain": ("cardiac_symptoms", "r4_chest_symptoms"),
    "fever": ("illness_systemic", "r5_illness"),
    "head-cold": ("head_cold", "r5_head_cold"),
    "heat-signs": ("heat_illness_signs", "r6_heat_signs"),
    "long-run-symptoms": ("long_run_symptoms", "r7_post_run_symptoms"),
    "missed-periods": ("missed_periods_3m", "r8_missed_periods"),
    "low-mood": ("low_mood_2w", "r10_low_mood"),
    "self-harm-thoughts": ("self_harm_thoughts", "r9_self_harm_thoughts"),
    "unexplained-signs": ("unexplained_signs", "r11_unexplained_signs"),
}


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def flat(text):
    return " ".join(text.replace("│", " ").split())


def workspace(url, units):
    result = run("--db", url, "init", "--name", "Ana", "--units", units, "--timezone", "UTC")
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def db(sqlite_url):
    return workspace(sqlite_url, "km")


@pytest.fixture
def imperial(tmp_path):
    return workspace(f"sqlite:///{tmp_path / 'imperial' / 'recoverwell.db'}", "mi")


def stored(db, day=DAY):
    out = run("--db", db, "signals", "show", "--from", day, "--to", day, "--json")
    assert out.exit_code == 0, out.output
    return {v["signal"]: v["value"] for v in json.loads(out.stdout) if v["source"] == "checkin"}


def findings(db, day=DAY):
    out = run("--db", db, "readiness", "--date", day, "--json")
    assert out.exit_code == 0, out.output
    return {f["rule_id"]: f for f in json.loads(out.stdout)["readiness"]["findings"]}


def checkin(db, *args, input=None, day=DAY):
    mode = "--ask" if input is not None else "--no-ask"
    result = run("--db", db, "checkin", "--day", day, *args, mode, input=input)
    assert result.exit_code == 0, result.output
    return result


# --- 1. a red flag can be taken back -------------------------------------------------------------


def test_a_no_takes_back_the_days_chest_pain_and_readiness_stands_down(db):
    checkin(db, "--chest-pain")
    assert "Stop and seek care now." in flat(run("--db", db, "readiness", "--date", DAY).stdout)
    checkin(db, "--no-chest-pain", "--sleep", "3")
    card = flat(run("--db", db, "readiness", "--date", DAY).stdout)
    assert "Stop and seek care now." not in card and "chest pain" not in card
    assert "r4_chest_symptoms" not in findings(db)
    assert stored(db)["cardiac_symptoms"] == 0 and stored(db)["hooper_sleep"] == 3


def test_a_no_alone_is_an_answer_not_nothing_to_record(db):
    result = checkin(db, "--no-chest-pain")
    assert "1 new" in result.stdout
    assert stored(db) == {"cardiac_symptoms": 0}


@pytest.mark.parametrize("flag", list(FLAGS))
def test_every_red_flag_answered_no_clears_that_days_flag(db, flag):
    _, rule = FLAGS[flag]
    checkin(db, f"--{flag}")
    assert rule in findings(db)
    checkin(db, f"--no-{flag}")
    assert rule not in findings(db)


@pytest.mark.parametrize(
    ("yes", "no", "rule"),
    [
        (
            ("--bone-pain", "front of shin,left,4"),
            ("--no-bone-pain",),
            "r1_bone_pain_high_risk_site",
        ),
        (("--niggle", "calf,left,7"), ("--no-niggles",), "r2_niggle"),
    ],
)
def test_bone_pain_and_niggles_answered_no_clear_that_days_flag(db, yes, no, rule):
    checkin(db, *yes)
    assert rule in findings(db)
    result = checkin(db, *no)
    assert "(1 taken back)" in flat(result.stdout)
    assert rule not in findings(db)
    assert stored(db)["niggle_pain_max"] == 0


def test_a_no_today_does_not_erase_yesterdays_report(db):
    # a report keeps its flag for its lookback (2 days for R4): "no" answers today only
    checkin(db, "--chest-pain", day=DAY_BEFORE)
    checkin(db, "--no-chest-pain")
    assert findings(db)["r4_chest_symptoms"]["evidence"]["days_ago"] == 1


def test_yes_and_no_to_bone_pain_at_once_is_refused(db):
    result = run(
        "--db", db, "checkin", "--day", DAY, "--bone-pain", "hip,right,3", "--no-bone-pain"
    )
    assert result.exit_code == 1 and "not both" in result.stderr
    assert stored(db) == {}


# --- 2. every flag lands on its own signal -----------------------------------------------------


def test_the_red_flag_flags_are_exactly_the_checkins_symptom_items():
    options = {o for p in get_command(app).commands["checkin"].params for o in p.opts}
    assert {f"--{f}" for f in FLAGS} <= options
    assert {signal for signal, _ in FLAGS.values()} == set(SYMPTOM_ITEMS)


@pytest.mark.parametrize("flag", list(FLAGS))
def test_every_red_flag_flag_lands_on_its_signal(db, flag):
    signal, _ = FLAGS[flag]
    result = checkin(db, f"--{flag}", "--json")
    got = {o["signal"]: o["value"] for o in json.loads(result.stdout)["observations"]}
    assert got == {signal: 1.0}
    no = checkin(db, f"--no-{flag}", "--json", day=DAY_BEFORE)
    assert {o["signal"]: o["value"] for o in json.loads(no.stdout)["observations"]} == {signal: 0}


@pytest.mark.parametrize("flag", list(FLAGS))
def test_reordering_the_symptom_lists_misfiles_nothing(db, flag, monkeypatch):
    import recoverwell.app.checkin as app_checkin
    import recoverwell.cli.commands.checkin as cli_checkin

    for module in (app_checkin, cli_checkin):
        for name in ("SYMPTOM_ITEMS", "UNUSUAL"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, tuple(reversed(getattr(module, name))))
        if hasattr(module, "SYMPTOM_QUESTIONS"):
            reordered = dict(reversed(list(module.SYMPTOM_QUESTIONS.items())))
            monkeypatch.setattr(module, "SYMPTOM_QUESTIONS", reordered)
    result = checkin(db, f"--{flag}", "--json")
    got = {o["signal"]: o["value"] for o in json.loads(result.stdout)["observations"]}
    assert got == {FLAGS[flag][0]: 1.0}


# --- 3. a typo is asked again; nothing else is lost --------------------------------------------


def test_a_typo_at_any_prompt_is_explained_and_asked_again(db):
    answers = "\n".join(
        [
            "2 3 3 9 2 2",  # soreness 9: out of 1–7
            "2 3 3",  # three answers for six items
            "2 3 3 5 2 2",
            "57..2",  # not a number
            "57.2",
            "calf,up,3",  # not a side
            "calf,left,3",
            "maybe",  # not y or n
            "y",
            "12",  # no item 12
            "3",  # chest pain
            "",
        ]
    )
    result = checkin(db, input=answers + "\n")
    out = result.output
    assert "Error: soreness='9': answer with a whole number 1–7" in out
    assert "Error: answers='2 3 3': give 6 numbers" in out
    assert "Error: mass='57..2'" in out
    assert "Error: niggle side='up'" in out
    assert "Error: answer='maybe': y or n, or Enter" in out
    assert "Error: which='12': a number 1–10" in out
    got = stored(db)
    assert (got["hooper_soreness"], got["body_mass_kg"], got["niggle_pain_max"]) == (5, 57.2, 3)
    assert got["cardiac_symptoms"] == 1


# --- 4. re-running the check-in keeps the day's answers ----------------------------------------


def test_rerunning_the_same_day_shows_todays_answers_and_enter_keeps_them(db):
    checkin(db, input="2 3 3 5 2 2\n57.2\ncalf,left,3,gait\n\n")
    before = stored(db)
    again = checkin(db, input="\n\n\n\n")
    assert "[2 3 3 5 2 2]" in again.output
    assert "[57.2kg]" in again.output
    assert "[calf,left,3,gait]" in again.output
    assert "0 new, 0 changed" in again.output
    assert stored(db) == before and before["niggle_pain_max"] == 3
    assert "r2_niggle" in findings(db)  # the gait-changing niggle is still there


def test_a_dash_at_niggles_takes_todays_niggle_back(db):
    checkin(db, "--niggle", "calf,left,3")
    result = checkin(db, input="2 3 3 5 2 2\n\n-\n\n")
    assert "(1 taken back)" in flat(result.output)
    assert stored(db)["niggle_pain_max"] == 0


def test_todays_red_flags_are_shown_and_kept_on_enter_or_taken_back_with_n(db):
    checkin(db, "--chest-pain", "--sleep", "2", "--fatigue", "3", "--stress", "3")
    kept = checkin(db, input="\n\n\n\n")
    assert "Reported today: Chest pain" in flat(kept.output)
    assert "r4_chest_symptoms" in findings(db)
    checkin(db, input="\n\n\nn\n")
    assert stored(db)["cardiac_symptoms"] == 0
    assert "r4_chest_symptoms" not in findings(db)


def test_a_new_list_of_unusual_items_records_the_ones_left_out_as_no(db):
    checkin(db, "--chest-pain", "--fever", "--sleep", "2")
    # the list's default is today's items (3 chest pain, 4 fever): keep fever only
    result = checkin(db, input="\n\n\ny\n4\n")
    assert "Which? (numbers, e.g. 1 4; - = none) [3 4]" in result.output
    got = stored(db)
    assert (got["cardiac_symptoms"], got["illness_systemic"]) == (0, 1)


def test_todays_bone_pain_site_is_the_default_and_enter_keeps_it(db):
    checkin(db, "--bone-pain", "hip,right,5", "--sleep", "2")
    result = checkin(db, input="\n\n\ny\n\n\n")
    assert "[hip,right,5]" in result.output
    assert "r1_bone_pain_high_risk_site" in findings(db)


# --- 5. body mass and fluids in the athlete's units; a big jump is checked ---------------------


@pytest.mark.reference(source="1 lb = 0.45359237 kg exactly: 126 lb = 126 × 0.45359237 kg")
def test_a_bare_mass_is_in_pounds_for_an_imperial_athlete(imperial):
    result = checkin(imperial, "--mass", "126", "--json")
    (obs,) = json.loads(result.stdout)["observations"]
    assert obs["value"] == pytest.approx(126 * KG_PER_LB)  # 57.15 kg, not 126 kg
    assert stored(imperial)["body_mass_kg"] == pytest.approx(57.1526, abs=1e-4)


@pytest.mark.reference(source="1 lb = 0.45359237 kg; 1 US fl oz = 29.5735295625 mL (exact)")
def test_a_written_unit_wins_over_the_athletes_unit(db, imperial):
    checkin(db, "--mass", "126lb", "--fluids", "16oz", "--mass-pre", "57kg", "--mass-post", "56kg")
    got = stored(db)
    assert got["body_mass_kg"] == pytest.approx(126 * KG_PER_LB)
    assert got["fluid_ml"] == pytest.approx(16 * ML_PER_US_FL_OZ)
    assert got["sweat_loss_ml"] == pytest.approx((57 - 56) * 1000)
    checkin(imperial, "--mass", "57kg", "--fluids", "16", "--drank-during", "500ml")
    got = stored(imperial)
    assert got["body_mass_kg"] == 57 and got["fluid_ml"] == pytest.approx(16 * ML_PER_US_FL_OZ)


@pytest.mark.reference(source="hand arithmetic: (126 − 57.2) / 57.2 × 100 = +120.3 %")
def test_a_jump_in_body_mass_without_asking_is_stored_and_reported(db):
    checkin(db, "--mass", "57.2", day=DAY_BEFORE)
    result = checkin(db, "--mass", "126")
    assert "Stored, but check it: Body mass 126.0kg is +120.3 % from 57.2kg on 2026-11-22" in flat(
        result.stdout
    )
    assert stored(db)["body_mass_kg"] == 126
    as_json = json.loads(checkin(db, "--mass", "126.5", "--json").stdout)["mass_check"]
    assert as_json["change_pct"] == pytest.approx((126.5 - 57.2) / 57.2 * 100)
    assert as_json["previous_day"] == DAY_BEFORE and as_json["limit_pct"] == 3


@pytest.mark.reference(source="hand arithmetic: 58.8/57.2 = +2.80 % (≤ 3 %); 59.0/57.2 = +3.15 %")
def test_the_confirm_limit_is_three_percent_of_the_mass_before(db):
    checkin(db, "--mass", "57.2", day=DAY_BEFORE)
    assert "check it" not in checkin(db, "--mass", "58.8").stdout
    assert "+3.1 %" in checkin(db, "--mass", "59.0").stdout


def test_an_asked_jump_is_confirmed_or_typed_again(db):
    checkin(db, "--mass", "57.2", day=DAY_BEFORE)
    # 126 → "Keep it?" no → typed again as 57.6 (+0.7 %: no question)
    result = checkin(db, input="2 3 3 5 2 2\n126\nn\n57.6\n\n\n")
    assert "Body mass 126.0kg is +120.3 % from 57.2kg on 2026-11-22" in flat(result.output)
    assert result.output.count("Keep it?") == 1
    assert stored(db)["body_mass_kg"] == 57.6
    day_after = (date.fromisoformat(DAY) + timedelta(days=1)).isoformat()
    kept = checkin(db, "--mass", "70", input="2 3 3 5 2 2\ny\n\n\n", day=day_after)
    assert "Keep it?" in kept.output
    assert stored(db, day_after)["body_mass_kg"] == 70
