"""Every vendor reader of issue #6, in the order the registry should try them.

``VENDOR_READERS`` is appended to the activity-file readers in ``ingest/registry.py``: each
reader claims a file by its content (and, for multi-file exports, its name), so a folder or a
ZIP is imported file by file. Specific readers come first; the spreadsheet readers, which claim
any CSV whose header matches a shipped mapping, come last.
"""

from __future__ import annotations

from recoverwell.ingest.apple_health import AppleHealthReader
from recoverwell.ingest.base import Reader
from recoverwell.ingest.fitbit import FitbitReader
from recoverwell.ingest.garmin import GarminConnectReader
from recoverwell.ingest.hrv_apps import EliteHrvReader, HRV4TrainingReader
from recoverwell.ingest.oura import OuraReader
from recoverwell.ingest.polar import PolarFlowReader
from recoverwell.ingest.sheet import SheetReader, shipped_mappings
from recoverwell.ingest.sleep_cycle import SleepCycleReader
from recoverwell.ingest.strava import StravaActivitiesReader
from recoverwell.ingest.trainingpeaks import TrainingPeaksReader
from recoverwell.ingest.whoop import WhoopReader

VENDOR_READERS: tuple[Reader, ...] = (
    AppleHealthReader(),
    GarminConnectReader(),
    PolarFlowReader(),
    FitbitReader(),
    HRV4TrainingReader(),
    EliteHrvReader(),
    WhoopReader(),
    OuraReader(),
    SleepCycleReader(),
    StravaActivitiesReader(),
    TrainingPeaksReader(),
    *(SheetReader(mapping, key) for key, mapping in shipped_mappings().items()),
)


def vendor_reader_for(head: bytes, name: str) -> Reader | None:
    """The first vendor reader that claims a file (``head`` = its first KiB), or None."""
    return next((r for r in VENDOR_READERS if r.sniff(head, name)), None)
