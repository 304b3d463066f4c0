"""Settings: declared once, with help text, read only when ``load_settings()`` is called.

Sources, highest priority first: keyword overrides (the CLI's ``--db``), ``RECOVERWELL_*``
environment variables, the TOML config file (``RECOVERWELL_CONFIG`` or
``<user config dir>/recoverwell/config.toml``), then the defaults below. Nothing is read from the
environment at import time.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path
from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from recoverwell.core.errors import ConfigError

APP_NAME = "recoverwell"
DB_FILENAME = "recoverwell.db"
#: Days without a session after which training restarts as a new segment (its own PMC seed and
#: windows): 6 weeks, the fitness time constant and warm-up (docs/science.md §0, §7 L6), beyond the
#: 4 weeks that separate short- from long-term detraining (Mujika & Padilla 2000, Sports Med
#: 30:79 and 30:145). docs/metrics.md, "Training segments".
SEGMENT_GAP_D = 42
#: The earliest plausible day of any record (issue 11, "1990 to tomorrow"): the FIT epoch,
#: 1989-12-31 (ingest/fit_decode.py), is what an unset FIT device clock writes (timestamp 0), so
#: it must fall outside. A runner importing older hand-kept logs lowers the setting.
EARLIEST_RECORD_DAY = date(1990, 1, 1)


def default_data_dir() -> Path:
    """Per-user data directory (XDG on Linux: ``~/.local/share/recoverwell``)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_config_file() -> Path:
    """Per-user config file (XDG on Linux: ``~/.config/recoverwell/config.toml``)."""
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


class Settings(BaseSettings):
    """Every recoverwell setting; each field's description is its documentation."""

    model_config = SettingsConfigDict(env_prefix="RECOVERWELL_", extra="forbid", frozen=True)

    db: str | None = Field(
        default=None,
        description=(
            "Database URL: `sqlite:///path/to/file.db` (embedded, the default) or "
            "`postgresql+psycopg://user@host:5432/name` (server). Unset: a SQLite file in data_dir."
        ),
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the embedded database and caches (platformdirs' user data dir).",
    )
    readiness: dict[str, float] = Field(
        default={},
        description=(
            "Overrides of the readiness weights and thresholds, e.g. `{weight_load = 0.2}` as a "
            "`[readiness]` table in the config file (names and defaults: docs/readiness.md)."
        ),
    )
    segment_gap_d: int = Field(
        default=SEGMENT_GAP_D,
        ge=7,
        description=(
            "More than this many days in a row without a session start a new training segment: "
            "fitness, fatigue and the load windows start again from the sessions after the gap, "
            "as if nothing came before (docs/metrics.md, Training segments). At least 7."
        ),
    )
    earliest_record_day: date = Field(
        default=EARLIEST_RECORD_DAY,
        description=(
            "The earliest day an imported record (activity, reading, sleep) may be dated; the "
            "latest is tomorrow in the athlete's timezone. A record outside the range is dropped "
            "and reported (with `--strict`, its file is rejected), e.g. an HRV row dated 2100 or "
            "an activity from an unset device clock (1989-12-31). Format YYYY-MM-DD."
        ),
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5000,
        ge=0,
        description="How long a SQLite writer waits for a lock before failing (ecosystem.md §3.4).",
    )

    @property
    def db_url(self) -> str:
        """The database URL to use: ``db`` when set, else the SQLite file in ``data_dir``."""
        if self.db:
            return self.db
        return f"sqlite:///{self.data_dir / DB_FILENAME}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get("RECOVERWELL_CONFIG") or default_config_file())
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_file))


def load_settings(**overrides: Any) -> Settings:
    """Build the settings now; ``None`` overrides are ignored. ConfigError names a bad value."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"setting {field}: {first['msg']}") from err
    except (OSError, ValueError) as err:  # unreadable or malformed TOML config file
        raise ConfigError(f"config file: {err}") from err
