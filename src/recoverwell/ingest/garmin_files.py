"""Which Garmin file is which: by its name (never its folder), and what is skipped, saying why.

The export's JSON families are named the same in every generation, wherever they sit
(``DI-Connect-User/`` in 2022–2023 exports, ``DI-Connect-Aggregator/`` now, below a UUID
folder or unpacked flat). The files recoverwell does not read are skipped with what they are:

- the export's other families (formats.md §1; adam1brownell/garmin_data ``garmin_functions.py``;
  LeMoiAK/RunningDataAnalysis ``Utilities/GarminDataImporter.py``), and any other JSON under a
  ``DI_CONNECT`` folder;
- Garmin Connect's web activity list ``Activities.csv`` (display units; formats.md §1);
- the files the download tools write beside the FIT/GPX/TCX files they fetch (those are read):
  petergardfjall/garminexport ``{time}_{id}_summary.json`` / ``_details.json``
  (``garminexport/backup.py:15-16,46``), and pe-st/garmin-connect-export ``activities.csv``
  (``gcexport.py:1307``, columns from its templates ``csv_header_*.properties``),
  ``activity_{id}*.json``, ``device_{id}.json``, ``activities-{n}-{m}.json``,
  ``child_{id}.json``, ``userstats.json`` (``gcexport.py:670-1056``), and tcgoetz/GarminDB's
  ``activity_details_{id}.json``, ``activity_types.json`` (``garmindb/download.py:223,265``;
  its ``activity_{id}.json`` has the same name as garmin-connect-export's).
"""

from __future__ import annotations

import re
from fnmatch import fnmatch

from recoverwell.ingest.tabular import base_name, first_line

#: kind → what the file is, for messages
LABELS = {
    "uds": "Garmin daily summaries (UDSFile)",
    "sleep": "Garmin sleep (sleepData)",
    "health": "Garmin health status (healthStatusData)",
    "activities": "Garmin activity summaries (summarizedActivities)",
}
#: (lower-case base-name pattern, what it is) of export files not read
NOT_READ: tuple[tuple[str, str], ...] = (
    (
        "hydrationlogfile_*.json",
        "Garmin hydration log (intake entries, activity sweat-loss estimates; "
        "the day's intake is read from UDSFile)",
    ),
    ("*_wellnessactivities.json", "Garmin Health Snapshot sessions"),
    ("*fitnessagedata.json", "Garmin fitness age"),
    ("*_heartratezones.json", "Garmin heart-rate zones"),
    ("*_personalrecord.json", "Garmin personal records"),
    ("*_userbiometricprofiledata.json", "Garmin biometric profile"),
    ("metricsacutetrainingload_*.json", "Garmin acute training load"),
    ("metricsmaxmetdata_*.json", "Garmin VO2max estimates"),
    ("activityvo2max*.json", "Garmin VO2max estimates"),
    ("trainingreadinessdto_*.json", "Garmin training readiness"),
    ("runracepredictions_*.json", "Garmin race predictions"),
    ("traininghistory_*.json", "Garmin training status history"),
    ("usergoal_*.json", "Garmin goals"),
    ("*-social-profile.json", "Garmin social profile"),
)
_TOOLS_READ = "its activity files are read"
_TOOL_FILES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^\d{4}-\d{2}-\d{2}t.*_\d+_(summary|details)\.json$"),
        "garminexport activity JSON",
    ),
    (
        re.compile(
            r"^((.*_)?activity_\d+.*|device_\d+|child_\d+|activities-\d+-\d+|userstats)\.json$"
        ),
        "Garmin Connect API JSON (garmin-connect-export, GarminDB)",
    ),
    (
        re.compile(r"^(activity_details_\d+|activity_types)\.json$"),
        "Garmin Connect API JSON (GarminDB)",
    ),
)
_EXPORT_FOLDERS = ("di_connect/", "di-connect-")
#: Garmin Connect's web list (formats.md §1) and garmin-connect-export's templates' first columns
_WEB_LIST = ("Activity Type", "Date", "Favorite", "Title")
_GCEXPORT_STARTS = frozenset({"Start Time", "Begin Timestamp", "Begin timestamp"})


def file_kind(name: str) -> str | None:
    """``uds``, ``sleep``, ``health`` or ``activities`` for the export files that are read."""
    lowered = base_name(name).lower()
    if not lowered.endswith(".json"):
        return None
    if lowered.startswith("udsfile_"):
        return "uds"
    for suffix, kind in (
        ("_sleepdata.json", "sleep"),
        ("_healthstatusdata.json", "health"),
        ("_summarizedactivities.json", "activities"),
    ):
        if lowered.endswith(suffix):
            return kind
    return None


def _csv_reason(head: bytes) -> str | None:
    cells = [c.strip().strip('"') for c in first_line(head).split(",")]
    if tuple(cells[: len(_WEB_LIST)]) == _WEB_LIST:
        return "Garmin Connect activity list (display units), not read"
    names = set(cells)
    if "Activity ID" in names and names & _GCEXPORT_STARTS and "Activity Date" not in names:
        return f"garmin-connect-export activity list, not read ({_TOOLS_READ})"
    return None


def not_read_reason(name: str, head: bytes = b"") -> str | None:
    """Why a Garmin file is skipped (what it is), or None when it is not one of them."""
    lowered = name.lower().replace("\\", "/")
    tail = base_name(lowered)
    if tail.endswith(".csv"):
        return _csv_reason(head)
    for pattern, what in NOT_READ:
        if fnmatch(tail, pattern):
            return f"{what}, not read"
    for regex, what in _TOOL_FILES:
        if regex.match(tail):
            return f"{what}, not read ({_TOOLS_READ})"
    if tail.endswith(".json") and any(f in lowered for f in _EXPORT_FOLDERS):
        return "Garmin Connect export file, not read"
    return None
