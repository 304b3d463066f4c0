"""What recoverwell says about a corpus file, in the vocabulary of peer_expectations.yml.

A file is read as the import reads it: ``registry.read_source`` (the reader picked by content, then
``validate.validate_result``). :func:`measure` turns that outcome into the one value an
expectation names; :func:`check` compares it with the peer's value and tolerance. The quantities
are listed (with their meaning) in the header of peer_expectations.yml; an unknown one is an error.
"""

from __future__ import annotations

import csv
import functools
import math
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from recoverwell.core.errors import NothingToImport, RecoverwellError
from recoverwell.core.types import STREAM_CHANNELS, Activity
from recoverwell.ingest.archive import iter_members
from recoverwell.ingest.base import IssueAction, ReadResult
from recoverwell.ingest.registry import read_source

EXPECTATIONS = Path(__file__).with_name("peer_expectations.yml")

#: Peer files that are not in the shared corpus (Elevate's fixtures) are looked up here, in the
#: corpus layout ``<owner>__<repo>/<path>``; without it those expectations skip, saying so.
PEER_FILES_ENV = "RECOVERWELL_PEER_FILES"

#: Issue 11's defect classes; an expectation that fails today names one (docs: the YAML header).
ISSUE_11_CLASSES = frozenset(
    {
        "time axes",
        "fill from samples",
        "gpx",
        "fit developer fields",
        "moving",
        "sentinels",
        "robustness",
        "fit decoding",  # not in issue 11's list: found by this check (docs: the YAML header)
    }
)

ACTIVITY_FIELDS = frozenset(
    {
        "elapsed_s",
        "moving_s",
        "distance_m",
        "ascent_m",
        "descent_m",
        "calories_kcal",
        "avg_hr_bpm",
        "max_hr_bpm",
        "avg_speed_m_s",
        "avg_cadence_spm",
        "sport",
        "sub_sport",
        "device",
        "name",
        "utc_offset_s",
        "excluded",
    }
)
FILE_QUANTITIES = frozenset({"outcome", "reports", "activities"})
ACTIVITY_QUANTITIES = frozenset(
    {
        "start_utc",
        "first_sample_utc",
        "laps",
        "samples",
        "stream_first_s",
        "stream_last_s",
        "time_increasing",
        "time_never_back",
        "time_nonnegative",
        "sampled_1hz",
        "distance_nondecreasing",
        "rr_count",
        "hr_on_every_sample",
        "lap_distance_m",
        "flagged",
    }
)
_CHANNELS = (*STREAM_CHANNELS, "rr_ms")
_INDEXED = re.compile(rf"^(?P<channel>{'|'.join(_CHANNELS)})\[(?P<a>-?\d+)(?::(?P<b>-?\d+))?\]$")
_PREFIXED = re.compile(rf"^(?P<op>has|min|max|no_zero):(?P<channel>{'|'.join(_CHANNELS)})$")
_CSV = re.compile(r"^csv:(?P<column>\w+)$")

#: python-fitparse's record CSVs (tests/test.py:255-316): FIT field → our channel and the factor
#: from the CSV's unit to ours. Positions are semicircles in the CSV (FIT's native unit).
SEMICIRCLE_DEG = 180.0 / 2**31  # FIT profile: degrees = semicircles · 180 / 2^31
CSV_COLUMNS: dict[str, tuple[str, float]] = {
    "heart_rate": ("hr_bpm", 1.0),
    "speed": ("speed_m_s", 1.0),
    "distance": ("distance_m", 1.0),
    "altitude": ("altitude_m", 1.0),
    "position_lat": ("lat_deg", SEMICIRCLE_DEG),
    "position_long": ("lon_deg", SEMICIRCLE_DEG),
    "cadence": ("cadence_spm", 2.0),  # strides/min in FIT, steps/min (both feet) in ours
}
#: The CSVs were written by the FIT SDK dump tool in US Pacific daylight time (tests/test.py:271).
CSV_CLOCK_OFFSET = timedelta(hours=7)
CSV_TIME_FORMAT = "%a %b %d %H:%M:%S PDT %Y"


@dataclass(frozen=True)
class Outcome:
    """How reading one file ended: its records, or the error that refused it."""

    result: ReadResult | None
    error: RecoverwellError | None

    @property
    def kind(self) -> str:
        if self.result is not None:
            return "imported"
        return "skipped" if isinstance(self.error, NothingToImport) else "rejected"


def load_expectations() -> dict[str, Any]:
    """The parsed peer_expectations.yml."""
    return yaml.safe_load(EXPECTATIONS.read_text())


def corpus_path(entry: dict[str, Any], peers: dict[str, dict[str, Any]]) -> str:
    """The entry's file in the corpus layout: its peer's ``root`` joined with ``file``."""
    return f"{peers[entry['peer']]['root']}/{entry['file']}"


def locate(corpus: Path | None, rel: str) -> Path | None:
    """The file ``rel`` (corpus layout) in the shared corpus or in $RECOVERWELL_PEER_FILES."""
    roots = [corpus / "raw"] if corpus is not None else []
    extra = os.environ.get(PEER_FILES_ENV)
    if extra:
        roots.append(Path(extra))
    return next((root / rel for root in roots if (root / rel).is_file()), None)


@functools.cache
def read(path: Path, member: str | None = None) -> Outcome:
    """Read ``path`` (or one member of the archive) as the import does; cached per session."""
    members = list(iter_members(path))
    found = members[0] if member is None else next(m for m in members if m.name.endswith(member))
    try:
        return Outcome(read_source(found.source()), None)
    except RecoverwellError as err:
        return Outcome(None, err)


def _channel(activity: Activity, name: str) -> np.ndarray | None:
    if name == "rr_ms":
        return activity.rr_ms
    return None if activity.streams is None else getattr(activity.streams, name)


def _utc_minute_or_more(moment: datetime, like: str) -> str:
    moment = moment.astimezone(UTC)
    if "." in like:
        return moment.isoformat(timespec="microseconds").replace("+00:00", "")
    return moment.strftime("%Y-%m-%dT%H:%M:%S" if like.count(":") == 2 else "%Y-%m-%dT%H:%M")


def measure(outcome: Outcome, entry: dict[str, Any], path: Path) -> Any:
    """Our value of ``entry["quantity"]`` for the file at ``path``, read in ``outcome``."""
    quantity: str = entry["quantity"]
    if quantity == "outcome":
        return outcome.kind
    if quantity == "reports":
        texts = [str(outcome.error)] if outcome.error else []
        texts += [str(i) for i in outcome.result.issues] if outcome.result else []
        return "\n".join(texts)
    if outcome.result is None:
        return f"<{outcome.kind}: {outcome.error}>"
    activities = outcome.result.activities
    if quantity == "activities":
        return len(activities)
    index = int(entry.get("activity", 1)) - 1
    if index >= len(activities):
        return f"<only {len(activities)} activities>"
    a = activities[index]
    if quantity in ACTIVITY_FIELDS:
        value = getattr(a, quantity)
        return value.value if hasattr(value, "value") else value
    if _CSV.match(quantity) is not None:
        return csv_mismatches(outcome, a, entry, path.parent / entry["csv"])
    return _stream_quantity(a, quantity, entry)


def _stream_quantity(a: Activity, quantity: str, entry: dict[str, Any]) -> Any:
    s = a.streams
    t = None if s is None else s.time_s
    if quantity == "start_utc":
        return _utc_minute_or_more(a.start_time, str(entry["expected"]))
    if quantity == "laps":
        return len(a.laps)
    if quantity == "flagged":
        return a.excluded is not None
    if quantity == "lap_distance_m":
        return [lap.distance_m for lap in a.laps]
    if quantity == "rr_count":
        return 0 if a.rr_ms is None else len(a.rr_ms)
    if quantity.startswith("has:"):
        values = _channel(a, quantity.removeprefix("has:"))
        return values is not None and bool(np.isfinite(values).any())
    if t is None or len(t) == 0:
        return "<no samples>"
    if quantity == "samples":
        return len(t)
    if quantity == "first_sample_utc":
        first = a.start_time + timedelta(seconds=float(t[0]))
        return _utc_minute_or_more(first, str(entry["expected"]))
    if quantity == "stream_first_s":
        return float(t[0])
    if quantity == "stream_last_s":
        return float(t[-1])
    if quantity == "time_increasing":
        return bool(np.all(np.diff(t) > 0))
    if quantity == "time_never_back":  # no negative step (a pause of length < 0)
        return bool(np.all(np.diff(t) >= 0))
    if quantity == "time_nonnegative":
        return bool(np.nanmin(t) >= 0)
    if quantity == "sampled_1hz":
        return bool(np.all(np.diff(t) == 1.0))
    if quantity == "distance_nondecreasing":
        d = s.distance_m if s is not None else None
        return d is not None and bool(np.all(np.diff(d[np.isfinite(d)]) >= 0))
    if quantity == "hr_on_every_sample":
        hr = s.hr_bpm if s is not None else None
        return hr is not None and bool(np.isfinite(hr).all())
    if (m := _PREFIXED.match(quantity)) is not None:
        values = _channel(a, m["channel"])
        finite = np.array([]) if values is None else values[np.isfinite(values)]
        if finite.size == 0:
            return "<no values>"
        if m["op"] == "no_zero":
            return bool(np.all(finite != 0))
        return float(finite.min() if m["op"] == "min" else finite.max())
    if (m := _INDEXED.match(quantity)) is not None:
        values = _channel(a, m["channel"])
        if values is None:
            return "<no such channel>"
        if m["b"] is None:
            i = int(m["a"])
            if not -len(values) <= i < len(values):
                return "<out of range>"
            return float(values[i]) if math.isfinite(values[i]) else None
        return [float(v) for v in values[int(m["a"]) : int(m["b"])]]
    raise KeyError(f"unknown quantity {quantity!r}")


def _csv_time(text: str) -> float:
    local = datetime.strptime(text, CSV_TIME_FORMAT)  # noqa: DTZ007 (naive PDT, made UTC below)
    return (local + CSV_CLOCK_OFFSET).replace(tzinfo=UTC).timestamp()


def csv_mismatches(outcome: Outcome, a: Activity, entry: dict[str, Any], path: Path) -> int:
    """Rows of a python-fitparse record CSV whose value we do not have, beyond reported drops.

    python-fitparse (tests/test.py:255-316) checks each record against the CSV row written by the
    FIT SDK's dump tool: integers exactly, floats to 7 places, with two fixups for the dump tool
    (an invalid cadence written as 0, an invalid position written as the last valid one). We
    compare our sample at the row's timestamp (the n-th row of a second with our n-th sample of
    it, as the peer zips records and rows in order): a row counts as a mismatch when our value is
    missing or differs by more than ``entry["tolerance"]["abs"]`` in the CSV's unit, minus the
    values our validation reported as dropped in that channel (every dropped value is reported).
    The expected value is therefore 0.
    """
    channel, factor = CSV_COLUMNS[entry["quantity"].removeprefix("csv:")]
    column = entry["quantity"].removeprefix("csv:")
    values = _channel(a, channel)
    s = a.streams
    assert s is not None
    when: dict[int, list[int]] = {}  # second → our samples at it, in order (records can share one)
    for i, t in enumerate(s.time_s):
        when.setdefault(round(a.start_time.timestamp() + float(t)), []).append(i)
    tolerance = float(entry["tolerance"]["abs"])
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    last_valid = math.nan  # our last position, which the dump tool repeats for an invalid one
    mismatches = 0
    for row in rows:
        text = (row[column] or "").strip()
        at = when.get(round(_csv_time(row["timestamp"])))
        i = at.pop(0) if at else None
        ours = math.nan if i is None or values is None else float(values[i]) / factor
        if column.startswith("position"):
            ours, last_valid = (ours, ours) if math.isfinite(ours) else (last_valid, last_valid)
        if not text:
            mismatches += int(math.isfinite(ours))
        elif not math.isfinite(ours):
            mismatches += int(not (column == "cadence" and float(text) == 0))
        elif abs(ours - float(text)) > tolerance:
            mismatches += 1
    dropped = sum(
        issue.count
        for issue in (outcome.result.issues if outcome.result else ())
        if issue.field == channel and issue.action is IssueAction.DROPPED
    )
    return max(mismatches - dropped, 0)


def check(value: Any, entry: dict[str, Any]) -> None:
    """Assert that our ``value`` meets the entry's expectation, naming both on failure."""
    peer = next(entry[k] for k in ("expected", "one_of", "at_least", "at_most") if k in entry)
    what = f"{entry['quantity']}: peer {peer!r}, ours {value!r}"
    if "one_of" in entry:
        assert value in entry["one_of"], what
        return
    if "at_least" in entry or "at_most" in entry:
        assert isinstance(value, int | float) and not isinstance(value, bool), what
        assert float(entry.get("at_least", -math.inf)) <= value, what
        assert value <= float(entry.get("at_most", math.inf)), what
        return
    expected = entry["expected"]
    tolerance = entry.get("tolerance") or {}
    if entry["quantity"] == "reports":
        assert str(expected).lower() in str(value).lower(), what
    elif expected is None:
        assert value is None, what
    elif isinstance(expected, bool | str):
        if entry.get("match") == "contains":
            assert isinstance(value, str) and expected.lower() in value.lower(), what
        else:
            assert value == expected, what
    elif isinstance(expected, list):
        assert isinstance(value, list) and len(value) == len(expected), what
        for ours, peer in zip(value, expected, strict=True):
            assert _close(ours, float(peer), tolerance), what
    else:
        assert isinstance(value, int | float) and not isinstance(value, bool), what
        assert _close(float(value), float(expected), tolerance), what


def _close(ours: float, peer: float, tolerance: dict[str, Any]) -> bool:
    allowed = max(float(tolerance.get("abs", 0.0)), float(tolerance.get("rel", 0.0)) * abs(peer))
    return math.isfinite(ours) and abs(ours - peer) <= allowed
