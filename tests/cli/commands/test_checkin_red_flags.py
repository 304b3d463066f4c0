"""Red flags end to end: reported in ``recoverwell checkin``, shown by ``recoverwell readiness``."""

import json

import pytest
from typer.testing import CliRunner

from recoverwell.advice.explain import CRISIS_TEXT, DISCLAIMER
from recoverwell.cli import app

runner = CliRunner()
DAY = "2026-11-23"


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def flat(text):
    """Rich wraps and boxes lines; compare words, not layout."""
    return " ".join(text.replace("│", " ").split())


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "Europe/London")
    assert result.exit_code == 0, result.output
    return sqlite_url


def test_chest_pain_then_readiness_shows_the_urgent_card(db):
    checkin = run("--db", db, "checkin", "--day", DAY, "--chest-pain", "--no-ask")
    assert checkin.exit_code == 0, checkin.output
    assert "URGENT: You reported chest pain or pressure" in flat(checkin.stdout)
    card = run("--db", db, "readiness", "--date", DAY)
    assert card.exit_code == 0, card.output
    out = flat(card.stdout)
    assert "RED – Stop and seek care now." in out
    assert "call your local emergency number" in out
    assert flat(DISCLAIMER) in out
    assert "Factor" not in out and "Data coverage" not in out  # no score, no training advice


def test_the_urgent_card_as_json(db):
    run("--db", db, "checkin", "--day", DAY, "--sudden-pop", "--no-ask")
    result = run("--db", db, "readiness", "--date", DAY, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["readiness"]["score"] is None and data["readiness"]["light"] == "red"
    assert [f["rule_id"] for f in data["readiness"]["findings"]] == ["r3_sudden_pop"]
    assert data["explanation"]["urgent"] is True
    assert data["explanation"]["headline"] == "Stop and seek care now."


def test_thoughts_of_self_harm_show_the_crisis_text_straight_away(db):
    checkin = run("--db", db, "checkin", "--day", DAY, "--self-harm-thoughts", "--no-ask")
    assert checkin.exit_code == 0, checkin.output
    lines = flat(checkin.stdout)
    assert flat(CRISIS_TEXT) in lines
    assert lines.index(flat(CRISIS_TEXT)) < lines.index("URGENT")
    card = flat(run("--db", db, "readiness", "--date", DAY).stdout)
    assert flat(CRISIS_TEXT) in card
    again = run("--db", db, "checkin", "--day", DAY, "--self-harm-thoughts", "--no-ask", "--json")
    assert json.loads(again.stdout)["crisis"] == CRISIS_TEXT
    data = json.loads(run("--db", db, "readiness", "--date", DAY, "--json").stdout)
    assert data["explanation"]["crisis"] == CRISIS_TEXT


def test_a_refer_flag_keeps_the_factors_and_says_see_a_professional(db):
    run("--db", db, "checkin", "--day", DAY, "--ferritin", "24", "--no-ask")
    out = flat(run("--db", db, "readiness", "--date", DAY).stdout)
    assert "RED – Red flag: see a professional (below) before training as usual." in out
    assert "Your ferritin result is 24 ng/mL, below 35 ng/mL." in out
    assert "Factor" in out


def test_post_run_symptoms_with_mass_gain_from_the_flags(db):
    result = run(
        "--db",
        db,
        "checkin",
        "--day",
        DAY,
        "--long-run-symptoms",
        "--mass-pre",
        "57kg",
        "--mass-post",
        "57.6kg",
        "--no-ask",
        "--json",
    )
    assert result.exit_code == 0, result.output
    (flag,) = json.loads(result.stdout)["red_flags"]
    assert flag["rule_id"] == "r7_post_run_symptoms"
    assert flag["evidence"]["mass_change_kg"] == pytest.approx(57.6 - 57.0)


def test_bone_pain_flag_with_its_location(db):
    result = run("--db", db, "checkin", "--day", DAY, "--bone-pain", "shin,left,4", "--no-ask")
    assert "See a professional: Bone pain (left shin, 4/10)" in flat(result.stdout)


def test_a_normal_morning_is_one_enter_for_anything_unusual(db):
    # Hooper line, morning mass, niggles, anything unusual: four Enters after the answers
    result = run("--db", db, "checkin", "--day", DAY, "--ask", input="2 3 3 3 2 2\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Anything unusual today?" in result.output
    assert "Which?" not in result.output and "URGENT" not in result.output


def test_anything_unusual_lists_the_items_then_asks_which_and_where(db):
    answers = "2 3 3 3 2 2\n\n\ny\n1 3\nhip,right,5\n"
    result = run("--db", db, "checkin", "--day", DAY, "--ask", input=answers)
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "1 Bone pain: a spot on a bone that hurts to press" in out
    assert "No period" not in out  # this athlete does not track a cycle
    assert "URGENT: Bone pain at the groin or hip (right hip, 5/10)" in out
    assert "URGENT: You reported chest pain" in out
    show = run("--db", db, "signals", "show", "--from", DAY, "--to", DAY, "--json")
    got = {v["signal"]: v["value"] for v in json.loads(show.stdout)}
    assert got["bone_pain"] == 1 and got["cardiac_symptoms"] == 1


def test_missed_periods_are_listed_last_for_athletes_who_track_a_cycle(db):
    run("--db", db, "checkin", "--day", "2026-11-01", "--cycle-day", "14", "--no-ask")
    answers = "\n\n\ny\n11\n"
    result = run("--db", db, "checkin", "--day", DAY, "--ask", input=answers)
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "11 No period for 3 months or more" in out
    assert "See a professional: You reported no period for 3 months or more." in out


def test_post_run_symptoms_ask_for_the_weights(db):
    answers = "\n\n\ny\n7\n57kg 56.2kg\n"
    result = run("--db", db, "checkin", "--day", DAY, "--ask", input=answers)
    assert result.exit_code == 0, result.output
    assert "Body mass before and after that run" in result.output
    assert "(body mass −0.8 kg over the run)" in flat(result.output).replace("-0.8", "−0.8")


def test_a_bad_item_number_says_why_and_asks_again(db):
    result = run("--db", db, "checkin", "--day", DAY, "--ask", input="\n\n\ny\n12\n3\n")
    assert result.exit_code == 0, result.output
    assert "Error: which='12': a number 1–10" in result.output
    assert result.output.count("Which?") == 2
    assert "URGENT: You reported chest pain" in flat(result.output)


def test_a_cycle_day_given_today_is_enough_to_list_missed_periods(db):
    answers = "\n\n\ny\n5\n"
    result = run("--db", db, "checkin", "--day", DAY, "--cycle-day", "40", "--ask", input=answers)
    assert result.exit_code == 0, result.output
    assert "11 No period for 3 months or more" in flat(result.output)
