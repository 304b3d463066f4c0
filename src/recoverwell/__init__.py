"""recoverwell: recovery monitoring and advice for high-mileage runners and their coaches.

The Python API every interface uses::

    import recoverwell

    with recoverwell.open("sqlite:///recoverwell.db") as ws:
        print(ws.resolved_profile())

recoverwell is not a medical device: it offers general wellness and training-recovery
information and never diagnoses.

The names below are loaded when first used (PEP 562), so ``import recoverwell`` (and the
command line's ``--version`` and ``--help``) does not load the store, numpy or the readers.
"""

import importlib as _importlib
import typing as _typing

__version__ = "0.1.0"

if _typing.TYPE_CHECKING:
    from recoverwell.app import Workspace
    from recoverwell.app import open_workspace as open
    from recoverwell.core.athlete import AthleteProfile, ResolvedProfile, Sex
    from recoverwell.core.config import Settings, load_settings
    from recoverwell.core.errors import (
        ConfigError,
        IngestError,
        InvalidValue,
        MetricInputError,
        NotFound,
        ParseError,
        PermissionDenied,
        RecoverwellError,
        StoreError,
        UnsupportedFormat,
    )
    from recoverwell.core.types import (
        Activity,
        DailyWellness,
        Lap,
        Observation,
        SampleStreams,
        Sport,
        StoredActivity,
    )
    from recoverwell.core.units import UnitSystem

#: public name → (module, name in that module)
_LAZY: dict[str, tuple[str, str]] = {
    "Workspace": ("recoverwell.app.workspace", "Workspace"),
    "open": ("recoverwell.app.workspace", "open_workspace"),
    **{n: ("recoverwell.core.athlete", n) for n in ("AthleteProfile", "ResolvedProfile", "Sex")},
    **{n: ("recoverwell.core.config", n) for n in ("Settings", "load_settings")},
    **{
        n: ("recoverwell.core.errors", n)
        for n in (
            "ConfigError",
            "IngestError",
            "InvalidValue",
            "MetricInputError",
            "NotFound",
            "ParseError",
            "PermissionDenied",
            "RecoverwellError",
            "StoreError",
            "UnsupportedFormat",
        )
    },
    **{
        n: ("recoverwell.core.types", n)
        for n in (
            "Activity",
            "DailyWellness",
            "Lap",
            "Observation",
            "SampleStreams",
            "Sport",
            "StoredActivity",
        )
    },
    "UnitSystem": ("recoverwell.core.units", "UnitSystem"),
}


def __getattr__(name: str) -> _typing.Any:
    """Load a public name on first use and keep it (PEP 562)."""
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'recoverwell' has no attribute {name!r}") from None
    value = getattr(_importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Activity",
    "AthleteProfile",
    "ConfigError",
    "DailyWellness",
    "IngestError",
    "InvalidValue",
    "Lap",
    "MetricInputError",
    "NotFound",
    "Observation",
    "ParseError",
    "PermissionDenied",
    "RecoverwellError",
    "ResolvedProfile",
    "SampleStreams",
    "Settings",
    "Sex",
    "Sport",
    "StoreError",
    "StoredActivity",
    "UnitSystem",
    "UnsupportedFormat",
    "Workspace",
    "__version__",
    "load_settings",
    "open",
]
