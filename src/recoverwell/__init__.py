"""recoverwell: recovery monitoring and advice for high-mileage runners and their coaches.

The Python API every interface uses::

    import recoverwell

    with recoverwell.open("sqlite:///recoverwell.db") as ws:
        print(ws.resolved_profile())

recoverwell is not a medical device: it offers general wellness and training-recovery
information and never diagnoses.
"""

__version__ = "0.1.0"

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
