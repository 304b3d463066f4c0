"""`recoverwell trends`: the narrow day table and its summary lines, and the command on the
demo athlete."""

import json
from datetime import date

import pytest
from rich.console import Console
from typer.testing import CliRunner

from recoverwell.app.recovery import TrendRow, TrendSummary
from recoverwell.cli import app
from recoverwell.cli.commands.trends import hm, summary_lines, trends_table


def _row(**changes):
    values = {
        "day": date(2026, 11, 23),
        "hrv_rmssd_ms": 61.0,
        "hrv_7d_ms": 58.0,
        "hrv_band_low_ms": 65.0,
        "hrv_band_high_ms": 72.0,
        "hrv_trend": -1.0,
        "hrv_cv_7d_pct": 5.0,
        "rhr_bpm": 49.0,
        "rhr_delta_bpm": -0.4,
        "sleep_min": 408.0,
        "sleep_7d_min": 420.0,
        "sleep_debt_7d_min": 292.0,
        "sleep_score": 80.0,
        "nap_min": 0.0,
        "hooper_index": 18.0,
        "hooper_z": 2.4,
        "acwr": 1.34,
        "form_tsb": -22.5,
        "score": 37.0,
        "light": "red",
    }
    return TrendRow(**(values | changes))


def test_h_mm():
    assert hm(408) == "6:48"
    assert hm(None) == "–"


def test_a_day_fits_in_80_columns_with_every_signal():
    console = Console(width=80, record=True)
    console.print(trends_table([_row(), _row(hrv_rmssd_ms=None, acwr=None, form_tsb=None)], "t"))
    text = console.export_text()
    assert "…" not in text
    line = next(line for line in text.splitlines() if "58 (65–72)" in line)
    for cell in ("Mon 23", "61", "▼", "49 +0", "6:48", "4:52", "18 +2.4", "1.34/-22", "37"):
        assert cell in line, cell


def test_summary_names_the_other_sources_and_missing_load():
    summary = TrendSummary(
        hrv_source="garmin/overnight",
        hrv_sources=("elitehrv/morning_spot", "garmin/overnight"),
        rhr_source="garmin",
        rhr_sources=("garmin",),
        sleep_source="garmin",
        sleep_score=91.0,
        sleep_score_parts={"duration": 100.0, "stages": None, "consistency": 85.0},
        sleep_regularity_index=88.4,
        bedtime_sd_min=25.0,
        waketime_sd_min=41.0,
        naps_7d_min=64.0,
        sleep_debt_14d_min=326.0,
        load_provided=False,
    )
    lines = summary_lines(summary)
    assert "also stored, with their own baselines: elitehrv/morning_spot" in lines[0]
    assert lines[2].startswith(
        "Last night's sleep score 91 (duration 100, stages –, consistency 85"
    )
    assert "SRI 88" in lines[3] and "5 h 26 min" in lines[3]
    assert lines[-1].startswith("Training load: not available yet")


runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def flat(text):
    """Rich wraps and boxes lines; compare words, not layout."""
    return " ".join(text.replace("│", " ").split())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'rw.db'}"
    result = run("--db", url, "demo", "--weeks", "10", "--end", "2026-11-22")
    assert result.exit_code == 0, result.output
    return url, result.stdout


def test_trends_table_and_json(demo_db):
    url, _ = demo_db
    result = run("--db", url, "trends", "--end", "2026-11-23", "--days", "7")
    assert result.exit_code == 0, result.output
    assert "HRV source: demo/overnight" in flat(result.stdout)
    assert "Sun 22" in result.stdout
    data = json.loads(
        run("--db", url, "trends", "--end", "2026-11-23", "--days", "7", "--json").stdout
    )
    assert len(data["days"]) == 7
    assert data["days"][-1]["hrv_trend"] == -1
    assert data["summary"]["load_provided"] is True
