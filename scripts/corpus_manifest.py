"""Write tests/ingest/corpus_manifest.yml: every file under corpus/raw with its own facts.

usage: python scripts/corpus_manifest.py [CORPUS_RAW] > tests/ingest/corpus_manifest.yml

The facts come from the files, read *without* recoverwell's readers, so the tests that compare
our readers with them are not comparing the code with itself:

- FIT: fitdecode (a peer library; fields read first-non-None, parsers.md §4) — session totals
  (sport, total_distance, total_elapsed_time, avg_heart_rate; a Connect IQ total_distance that
  declares it replaces the native one as developer_distance_m), timed record count, file type,
  and whether timestamps are device-relative;
- TCX: ElementTree — per ``<Activity>``: Σ lap TotalTimeSeconds and DistanceMeters, lap-time
  weighted AverageHeartRateBpm, trackpoint count;
- GPX: ElementTree — timed ``trkpt`` count and the first time.

``expect`` follows the import rules (docs/import.md), applied to those facts: non-activity FIT
files and documentation are skipped (nothing to import), other files are unsupported; FIT with
device-relative timestamps, damaged files without any recorded data, and files dated before 1990
are rejected; a FIT activity file that decodes cleanly but holds no timed record and no session is
skipped; everything else imports.
"""

from __future__ import annotations

import gzip
import io
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fitdecode
import yaml

RAW = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpus/raw")

#: Files whose samples disagree with their own totals beyond the tests' tolerance, and why
#: (found by looking at each file; the test checks that each one really disagrees).
STREAM_MISMATCH = {
    "GoldenCheetah__GoldenCheetah/test/rides/14582164182.fit.gz": "the session covers 1632 s "
    "of the 2759 s of records, and its average HR only that part",
    "20130505_112832.fit": "records stop 495 s before the session's end",
    "GoldenCheetah__GoldenCheetah/test/swims/Garmin945swimRRdata.fit": "pool-swim HR is "
    "written after the swim from the strap's memory; the session average differs by 12 bpm",
    "Runalyze__Runalyze/tests/testfiles/fit/Suunto-Ambit-3-Peak-without-final-lap.fit": "the "
    "session total leaves out the final lap (926 s of records)",
    "Runalyze__Runalyze/tests/testfiles/tcx/First-point-empty.tcx": "trackpoints cover only "
    "the first 142 s of the 3312 s lap",
    "Runalyze__Runalyze/tests/testfiles/tcx/Polar-one-lap-indoor-with-distance.tcx": "the lap "
    "says 125 bpm average, its 13 trackpoints average 87 bpm",
    "Runalyze__Runalyze/tests/testfiles/tcx/Runtastic.tcx": "22 sparse trackpoints; their HR "
    "averages 147 bpm against the lap's 140",
    "Runalyze__Runalyze/tests/testfiles/tcx/missing-distances.tcx": "trackpoint distances reach "
    "42 km in a 299 m lap",
    "Runalyze__Runalyze/tests/testfiles/tcx/negative-pause.tcx": "a trimmed test fixture: 124 "
    "trackpoints for a 72 km ride",
    "Runalyze__Runalyze/tests/testfiles/tcx/watt-extension-without-namespace.tcx": "a trimmed "
    "test fixture: 27 trackpoints for a 464 s lap",
    "dtcooper__python-fitparse/tests/files/sample_mulitple_header.fit": "swim HR from the "
    "strap's memory averages 144 bpm against the session's 165",
    "stadelmanma__fitparse-rs/fitparser/tests/fixtures/sample_mulitple_header.fit": "same file "
    "as python-fitparse's sample_mulitple_header.fit",
    "dtcooper__python-fitparse/tests/files/strava-android-app-201.10-b1218918.fit": "the file "
    "breaks off after 473 records (undefined local message); the session covers the whole run",
}
RELATIVE = 0x10000000
EARLIEST = datetime(1985, 1, 1, tzinfo=UTC)


def _licence(repo: str) -> str:
    text = (RAW / "PROVENANCE.md").read_text()
    section = text.split(f"## {repo}", 1)[1].split("\n## ", 1)[0]
    line = next(ln for ln in section.splitlines() if ln.startswith("- licence:"))
    return line.removeprefix("- licence:").strip().split(" (")[0].split(":")[0].strip()


def _first(frame: Any, name: str) -> Any:
    for f in frame.fields:
        if f.name == name and f.value is not None and not (f.field_def and f.field_def.is_dev):
            return f.value
    return None


def _developer(frame: Any, name: str) -> Any:
    """A Connect IQ field of this name that declares it stands for the native one."""
    for f in frame.fields:
        declared = getattr(f.field, "native_field_num", None) is not None
        is_dev = f.field_def is not None and f.field_def.is_dev
        if f.name == name and is_dev and declared and f.value is not None:
            return f.value
    return None


def fit_facts(data: bytes) -> dict[str, Any]:
    sessions, records, relative, file_type, error = [], 0, False, None, None
    first_ts = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with fitdecode.FitReader(io.BytesIO(data)) as reader:
                for frame in reader:
                    if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                        continue
                    if frame.name == "file_id" and file_type is None:
                        file_type = _first(frame, "type")
                    elif frame.name == "record":
                        ts = _first(frame, "timestamp")
                        records += ts is not None
                        if isinstance(ts, int) and ts < RELATIVE:
                            relative = True
                        elif first_ts is None and isinstance(ts, datetime):
                            first_ts = ts
                    elif frame.name == "session":
                        start = _first(frame, "start_time")
                        session = {
                            "start_time": start.isoformat()
                            if isinstance(start, datetime)
                            else start,
                            "sport": _first(frame, "sport"),
                            "distance_m": _first(frame, "total_distance"),
                            "elapsed_s": _first(frame, "total_elapsed_time"),
                            "avg_hr_bpm": _first(frame, "avg_heart_rate"),
                        }
                        dev = _developer(frame, "total_distance")
                        if dev is not None:
                            session["developer_distance_m"] = dev
                        sessions.append(session)
        except fitdecode.FitError as err:
            error = f"{type(err).__name__}: {err}"[:120]
    facts: dict[str, Any] = {"kind": "fit", "file_type": file_type, "timed_records": records}
    if first_ts is not None:
        facts["first_timestamp"] = first_ts.astimezone(UTC).isoformat()
    facts["sessions"] = sessions
    if error:
        facts["fitdecode_error"] = error
    if file_type not in (None, "activity"):
        facts.update(expect="skipped", reason="not an activity")
    elif relative:
        facts.update(expect="rejected", reason="device-relative")
    elif not records and not sessions and error:
        facts.update(expect="rejected", reason="no activity data")
    elif not records and not sessions:  # decodes cleanly, holds nothing: nothing to import
        facts.update(expect="skipped", reason="no activity data")
    else:
        facts["expect"] = "imported"
    return facts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def xml_facts(data: bytes, kind: str) -> dict[str, Any]:
    root = ET.fromstring(data)  # our own corpus, read by a dev script
    if kind == "gpx":
        times = []
        for el in root.iter():
            if _local(el.tag) == "trkpt":
                t = next((c.text for c in el if _local(c.tag) == "time"), None)
                if t:
                    times.append(datetime.fromisoformat(t.strip()).replace(tzinfo=None))
        facts: dict[str, Any] = {"kind": "gpx", "timed_points": len(times)}
        if times:
            first = min(times[:1])
            facts["first_timestamp"] = first.replace(tzinfo=UTC).isoformat()
        if not times:
            facts.update(expect="rejected", reason="no recorded track")
        elif times[0].replace(tzinfo=UTC) < EARLIEST:
            facts.update(expect="rejected", reason="not plausible")
        else:
            facts["expect"] = "imported"
        return facts
    activities = []
    for act in root.iter():
        if _local(act.tag) != "Activity":
            continue
        laps = [e for e in act.iter() if _local(e.tag) == "Lap"]
        total_time = dist = weighted = weight = 0.0
        for lap in laps:
            t = _float(next((c.text for c in lap if _local(c.tag) == "TotalTimeSeconds"), None))
            d = _float(next((c.text for c in lap if _local(c.tag) == "DistanceMeters"), None))
            hr_el = next((c for c in lap if _local(c.tag) == "AverageHeartRateBpm"), None)
            hr = _float(next((c.text for c in hr_el), None)) if hr_el is not None else None
            total_time += t or 0.0
            dist += d or 0.0
            if hr and t:
                weighted += hr * t
                weight += t
        points = sum(1 for e in act.iter() if _local(e.tag) == "Trackpoint")
        activities.append(
            {
                "sport": act.get("Sport"),
                "laps": len(laps),
                "lap_time_s": round(total_time, 3),
                "distance_m": round(dist, 3),
                "avg_hr_bpm": round(weighted / weight, 3) if weight else None,
                "trackpoints": points,
            }
        )
    facts = {"kind": "tcx", "activities": activities}
    if activities:
        facts["expect"] = "imported"
    else:
        facts.update(expect="rejected", reason="no recorded activity")
    return facts


def content_facts(name: str, data: bytes) -> dict[str, Any]:
    lower = name.lower()
    if lower.endswith(".fit"):
        return fit_facts(data)
    if lower.endswith((".gpx", ".tcx")):
        return xml_facts(data, lower[-3:])
    kind = lower.rsplit(".", 1)[-1]
    if kind == "md":
        return {"kind": kind, "expect": "skipped", "reason": "not data"}
    return {"kind": kind, "expect": "unsupported", "reason": "not a format"}


def main() -> None:
    entries = []
    for path in sorted(p for p in RAW.rglob("*") if p.is_file()):
        rel = path.relative_to(RAW).as_posix()
        top = rel.split("/", 1)[0]
        entry: dict[str, Any] = {"path": rel}
        if "__" in top:
            repo = top.replace("__", "/", 1)
            entry["source"] = f"{repo} ({_licence(repo)})"
        data = path.read_bytes()
        lower = rel.lower()
        if lower.endswith(".zip"):
            members = []
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    parts = info.filename.split("/")
                    if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                        continue
                    members.append(
                        {"name": info.filename} | content_facts(info.filename, archive.read(info))
                    )
            for member in members:
                if member["name"] in STREAM_MISMATCH:
                    member["stream_mismatch"] = STREAM_MISMATCH[member["name"]]
            entry.update(kind="zip", members=members)
        elif lower.endswith(".gz"):
            inner = path.name[:-3]
            entry.update(
                kind="gz", members=[{"name": inner} | content_facts(inner, gzip.decompress(data))]
            )
        else:
            entry.update(content_facts(rel, data))
        if rel in STREAM_MISMATCH:
            target = entry["members"][0] if "members" in entry else entry
            target["stream_mismatch"] = STREAM_MISMATCH[rel]
        entries.append(entry)
    header = __doc__.strip().splitlines()
    print("# " + "\n# ".join(line.rstrip() for line in header).replace("# \n", "#\n"))
    print(yaml.safe_dump({"files": entries}, sort_keys=False, allow_unicode=True, width=100))


if __name__ == "__main__":
    main()
