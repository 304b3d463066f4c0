from pathlib import Path

import pytest

from recoverwell.core.config import DB_FILENAME, load_settings
from recoverwell.core.errors import ConfigError


def test_default_database_is_a_sqlite_file_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = load_settings()
    assert settings.data_dir == tmp_path / "recoverwell"
    assert settings.db_url == f"sqlite:///{tmp_path / 'recoverwell' / DB_FILENAME}"


def test_environment_overrides_defaults_and_arguments_override_environment(monkeypatch):
    monkeypatch.setenv("RECOVERWELL_DB", "sqlite:///from-env.db")
    assert load_settings().db_url == "sqlite:///from-env.db"
    assert load_settings(db="sqlite:///from-flag.db").db_url == "sqlite:///from-flag.db"


def test_settings_are_read_from_the_toml_config_file(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('db = "sqlite:///from-file.db"\nsqlite_busy_timeout_ms = 250\n')
    monkeypatch.setenv("RECOVERWELL_CONFIG", str(config))
    settings = load_settings()
    assert settings.db_url == "sqlite:///from-file.db"
    assert settings.sqlite_busy_timeout_ms == 250


def test_a_bad_setting_is_one_config_error_naming_it(monkeypatch):
    monkeypatch.setenv("RECOVERWELL_SQLITE_BUSY_TIMEOUT_MS", "-1")
    with pytest.raises(ConfigError, match="sqlite_busy_timeout_ms"):
        load_settings()


def test_a_malformed_config_file_is_a_config_error(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("db = = nope")
    monkeypatch.setenv("RECOVERWELL_CONFIG", str(config))
    with pytest.raises(ConfigError, match="config file"):
        load_settings()


def test_nothing_is_read_at_import_time(monkeypatch):
    import importlib

    import recoverwell.core.config as config_module

    monkeypatch.setenv("RECOVERWELL_DB", "sqlite:///late.db")
    importlib.reload(config_module)
    assert config_module.load_settings().db_url == "sqlite:///late.db"
    assert Path(config_module.default_data_dir()).name == "recoverwell"


def test_the_training_gap_limit_is_six_weeks_and_never_shorter_than_a_break(monkeypatch):
    # docs/science.md L7: breaks of 7 days or more are read inside a segment (return-after-break)
    assert load_settings().segment_gap_d == 42
    monkeypatch.setenv("RECOVERWELL_SEGMENT_GAP_D", "60")
    assert load_settings().segment_gap_d == 60
    with pytest.raises(ConfigError, match="segment_gap_d"):
        load_settings(segment_gap_d=6)
