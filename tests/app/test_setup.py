import pytest

import recoverwell
from recoverwell.app.setup import init_workspace, system_timezone
from recoverwell.core.errors import InvalidValue
from recoverwell.core.units import UnitSystem


def test_init_creates_the_workspace_and_one_athlete_and_is_safe_to_repeat(sqlite_url):
    first = init_workspace(sqlite_url, name="Ana", timezone="Europe/Madrid")
    assert first.created_athlete and first.created_database and first.schema_from is None
    again = init_workspace(sqlite_url, name="Ana", timezone="Europe/Madrid")
    assert not again.created_athlete and not again.created_database
    assert again.schema_from == again.schema_to == first.schema_to
    assert again.athlete == first.athlete and again.athletes == (first.athlete,)
    bare = init_workspace(sqlite_url)  # no options: nothing asked, nothing refused
    assert bare.athlete == first.athlete


def test_init_refuses_options_it_would_have_ignored(sqlite_url):
    # issue 12 item 10: `init --name Someone` on Ana's workspace said "already has Ana" and
    # dropped the name; now it is refused, naming what to run, and nothing changes
    first = init_workspace(sqlite_url, name="Ana", timezone="Europe/Madrid")
    with pytest.raises(InvalidValue, match=r"already has athletes: 1 Ana .*athlete add --name"):
        init_workspace(sqlite_url, name="Someone else")
    with pytest.raises(InvalidValue, match="init='--units km'"):
        init_workspace(sqlite_url, units=UnitSystem.KM)
    with recoverwell.open(sqlite_url) as ws:
        assert ws.athletes() == [first.athlete]


def test_init_says_when_it_upgraded_the_schema(sqlite_url):
    from recoverwell.store import migrate
    from recoverwell.store.engine import make_engine

    init_workspace(sqlite_url, name="Ana")
    engine = make_engine(sqlite_url)
    try:
        migrate.downgrade(engine, "0007")
    finally:
        engine.dispose()
    again = init_workspace(sqlite_url)
    assert (again.schema_from, again.schema_to) == ("0007", migrate.head_revision())


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
