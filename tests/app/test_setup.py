import pytest

import recoverwell
from recoverwell.app.setup import init_workspace, system_timezone
from recoverwell.core.errors import InvalidValue


def test_init_creates_the_workspace_and_one_athlete_and_is_safe_to_repeat(sqlite_url):
    first = init_workspace(sqlite_url, name="Ana", timezone="Europe/Madrid")
    again = init_workspace(sqlite_url, name="Someone else")
    assert first.created_athlete and not again.created_athlete
    assert again.athlete.name == "Ana" and again.athlete.timezone == "Europe/Madrid"


def test_a_bad_timezone_creates_nothing(sqlite_url, tmp_path):
    with pytest.raises(InvalidValue, match="Atlantis"):
        init_workspace(sqlite_url, timezone="Atlantis/Capital")
    assert not (tmp_path / "ws").exists()


def test_the_system_timezone_comes_from_tz_when_set(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert system_timezone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert system_timezone()  # falls back to /etc/localtime or UTC, never an invalid name
    recoverwell.core.timeutil.parse_timezone(system_timezone())
