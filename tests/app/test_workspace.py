import os

import pytest

import recoverwell
from recoverwell.app.workspace import schema_status, upgrade_database
from recoverwell.core.errors import ConfigError, InvalidValue, NotFound, StoreError
from recoverwell.store import migrate
from recoverwell.store.engine import make_engine


def test_opening_a_missing_workspace_says_to_run_init(sqlite_url):
    with pytest.raises(StoreError, match="no workspace at") as missing:
        recoverwell.open(sqlite_url)
    assert missing.value.action == "init"  # the CLI says: run `recoverwell init`


def test_create_makes_the_folder_and_the_schema(sqlite_url, tmp_path):
    with recoverwell.open(sqlite_url, create=True) as ws:
        assert ws.schema_status().up_to_date
        assert ws.athletes() == []
        with pytest.raises(NotFound, match="no athlete in this workspace yet") as none:
            ws.athlete()
        assert none.value.action == "init"
    assert (tmp_path / "ws" / "recoverwell.db").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_data_dir_is_a_config_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ConfigError, match="not writable"):
        recoverwell.open(f"sqlite:///{locked / 'rw.db'}", create=True)


def test_a_data_dir_under_a_file_is_a_config_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="cannot create data directory"):
        recoverwell.open(f"sqlite:///{blocker / 'sub' / 'rw.db'}", create=True)


def test_an_old_schema_is_refused_until_upgraded(sqlite_url, tmp_path):
    (tmp_path / "ws").mkdir()
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    engine.dispose()
    with pytest.raises(StoreError, match="not a recoverwell workspace"):
        recoverwell.open(sqlite_url)
    assert schema_status(sqlite_url).current is None
    after = upgrade_database(sqlite_url)
    assert after.up_to_date
    recoverwell.open(sqlite_url).close()


def test_an_unreachable_server_is_one_store_error():
    with pytest.raises(StoreError, match="cannot open database"):
        recoverwell.open("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_profile_updates_are_validated_and_atomic(workspace):
    before = workspace.athlete()
    with pytest.raises(InvalidValue, match="hr_max_bpm"):
        workspace.update_athlete(hr_rest_bpm=50, hr_max_bpm=400)
    assert workspace.athlete() == before
    updated = workspace.update_athlete(hr_max_bpm=188, body_mass_kg=57.5)
    assert workspace.athlete() == updated
    assert workspace.resolved_profile().lthr_bpm.origin == "estimated"


def test_the_url_is_shown_without_its_password():
    # No connection is made: the display form is computed from the URL alone.
    from recoverwell.app.workspace import _display_url

    assert "secret" not in _display_url("postgresql+psycopg://coach:secret@db/rw")
