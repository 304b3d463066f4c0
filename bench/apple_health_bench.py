"""Apple Health import at scale: a synthetic export.xml of 1 GiB, imported with flat memory.

Generates, in a temporary folder (deleted afterwards, never committed), an export.xml shaped like
a real one (ecosystem.md §2.5): the iOS 16 internal DTD with its unclosed ``<!ATTLIST
VisionPrescription``, XML-illegal ``\\x0b`` control characters in attributes, and six years of
days, each with heart-rate samples (the bulk of any real export), resting HR, SDNN readings with
``InstantaneousBeatsPerMinute`` children, body mass, dietary records, a mindful session, iOS 16
sleep stages and a workout with ``WorkoutStatistics``. The number of heart-rate samples per day
is scaled to reach the target size, so the *results* are the same at every size and only the
XML grows: peak memory must not grow with it.

Each import runs in a child process (``Workspace.import_files``, the shared import pipeline,
into a fresh SQLite workspace: hash, stream-parse, store); the script prints its time and the
child's peak RSS, for a small file first and then the target size.

    python bench/apple_health_bench.py              # 128 MiB then 1 GiB
    python bench/apple_health_bench.py --size-mib 256 --compare-mib 32
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DAYS = 6 * 365
TZ = "+0100"
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT VisionPrescription EMPTY>
<!ATTLIST VisionPrescription
  type CDATA #REQUIRED
  dateIssued CDATA #REQUIRED

<!ELEMENT ExportDate EMPTY>
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-01-01 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01"/>
"""
WATCH = 'sourceName="Bench Watch" sourceVersion="10.0" device="&lt;&lt;HKDevice&gt;&gt;\x0b"'
Q = "HKQuantityTypeIdentifier"
S = "HKCategoryValueSleepAnalysis"


def _record(kind: str, unit: str, value: float, day: str, hh: int, mm: int, extra: str = "") -> str:
    t = f"{day} {hh:02d}:{mm:02d}:00 {TZ}"
    return (
        f' <Record type="{Q}{kind}" {WATCH} unit="{unit}" creationDate="{t}" startDate="{t}" '
        f'endDate="{t}" value="{value}"{extra}\n'
    )


def _sleep(day_before: str, day: str) -> str:
    out = []
    spans = [
        (day_before, "23:00", day, "06:30", "InBed"),
        (day_before, "23:10", day, "01:10", "AsleepCore"),
        (day, "01:10", day, "02:10", "AsleepDeep"),
        (day, "02:10", day, "02:20", "Awake"),
        (day, "02:20", day, "04:20", "AsleepREM"),
        (day, "04:20", day, "06:20", "AsleepCore"),
    ]
    for d0, t0, d1, t1, value in spans:
        out.append(
            f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" {WATCH} '
            f'creationDate="{d1} 07:00:00 {TZ}" startDate="{d0} {t0}:00 {TZ}" '
            f'endDate="{d1} {t1}:00 {TZ}" value="{S}{value}"/>\n'
        )
    return "".join(out)


def _day_block(day: date, hr_samples: int) -> str:
    d, prev = day.isoformat(), (day - timedelta(days=1)).isoformat()
    parts = [_sleep(prev, d)]
    parts.append(_record("RestingHeartRate", "count/min", 44 + day.day % 5, d, 7, 0, "/>"))
    bpm = "".join(
        f'<InstantaneousBeatsPerMinute bpm="{52 + i % 9}" time="7:0{i}:0{i}.10\u202fAM"/>'
        for i in range(5)
    )
    hrv = f"><HeartRateVariabilityMetadataList>{bpm}</HeartRateVariabilityMetadataList></Record>"
    parts += [
        _record("HeartRateVariabilitySDNN", "ms", 40 + day.day, d, h, 5, hrv) for h in (7, 15)
    ]
    parts.append(_record("BodyMass", "kg", 57.0 + day.day % 3 / 10, d, 7, 10, "/>"))
    for kind, unit, value in (
        ("DietaryEnergyConsumed", "kcal", 800),
        ("DietaryCarbohydrates", "g", 120),
        ("DietaryProtein", "g", 35),
        ("DietaryWater", "mL", 750),
    ):
        parts += [_record(kind, unit, value, d, h, 30, "/>") for h in (8, 13, 19)]
    parts.append(
        f' <Record type="HKCategoryTypeIdentifierMindfulSession" {WATCH} creationDate="{d} 21:10:00'
        f' {TZ}" startDate="{d} 21:00:00 {TZ}" endDate="{d} 21:10:00 {TZ}" '
        f'value="HKCategoryValueNotApplicable"/>\n'
    )
    parts.append(
        f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="60" '
        f'durationUnit="min" {WATCH} creationDate="{d} 18:05:00 {TZ}" '
        f'startDate="{d} 17:00:00 {TZ}" endDate="{d} 18:00:00 {TZ}">\n'
        f'  <MetadataEntry key="HKTimeZone" value="Europe/London"/>\n'
        f'  <WorkoutStatistics type="{Q}DistanceWalkingRunning" startDate="{d} 17:00:00 {TZ}" '
        f'endDate="{d} 18:00:00 {TZ}" sum="14.2" unit="km"/>\n'
        f'  <WorkoutStatistics type="{Q}HeartRate" startDate="{d} 17:00:00 {TZ}" '
        f'endDate="{d} 18:00:00 {TZ}" average="141" minimum="95" maximum="168" unit="count/min"/>\n'
        f" </Workout>\n"
    )
    minute = 24 * 60
    parts += [
        _record(
            "HeartRate",
            "count/min",
            50 + i % 90,
            d,
            (i * minute // hr_samples) // 60,
            (i * minute // hr_samples) % 60,
            "/>",
        )
        for i in range(hr_samples)
    ]
    return "".join(parts)


def generate(path: Path, size_bytes: int) -> int:
    """Write the synthetic export; returns the number of top-level elements written."""
    start = date(2018, 1, 1)
    base = len(_day_block(start, 0).encode())
    per_hr = len(_record("HeartRate", "count/min", 99, "2018-01-01", 1, 1, "/>").encode())
    hr_samples = max(0, (size_bytes // DAYS - base) // per_hr)
    per_day_elements = 6 + 1 + 2 + 1 + 12 + 1 + 1 + hr_samples
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for i in range(DAYS):
            out.write(_day_block(start + timedelta(days=i), hr_samples))
        out.write("</HealthData>\n")
    return DAYS * per_day_elements


def import_child(path: Path) -> None:
    """Run in the child: import ``path`` into a fresh workspace, print counts and time."""
    import recoverwell

    with (
        tempfile.TemporaryDirectory() as tmp,
        recoverwell.open(f"sqlite:///{tmp}/bench.db", create=True) as ws,
    ):
        ws.create_athlete(recoverwell.AthleteProfile(name="Bench", timezone="Europe/London"))
        t0 = time.perf_counter()
        report = ws.import_files([path])
        elapsed = time.perf_counter() - t0
    (f,) = report.files
    issues = "; ".join(str(i).split(": ", 1)[1] for i in f.issues)
    print(f"{elapsed:.2f} {f.status.value} {f.new_records} {issues}")


def run(size_mib: int, folder: Path) -> tuple[float, float]:
    path = folder / f"export_{size_mib}MiB.xml"
    t0 = time.perf_counter()
    elements = generate(path, size_mib << 20)
    gen_s = time.perf_counter() - t0
    size = path.stat().st_size
    child = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True
    )
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    seconds, status, new, issues = child.stdout.strip().split(" ", 3)
    print(
        f"  {size / 2**20:7.0f} MiB, {elements:,} elements (generated in {gen_s:.0f} s): "
        f"import {float(seconds):.1f} s = {size / 2**20 / float(seconds):.0f} MiB/s, "
        f"{status}, {int(new):,} records stored, peak RSS of the import {rss_mib:.0f} MiB"
    )
    print(f"    issues: {issues}")
    path.unlink()
    return float(seconds), rss_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--compare-mib", type=int, default=128)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import_child(args.child)
        return
    print("Apple Health export.xml import (stdlib iterparse over the sanitising stream)")
    with tempfile.TemporaryDirectory(prefix="rw-apple-bench-") as tmp:
        # RUSAGE_CHILDREN is a running maximum: the small file goes first
        _, small_rss = run(args.compare_mib, Path(tmp))
        _, big_rss = run(args.size_mib, Path(tmp))
    growth = big_rss - small_rss
    print(
        f"  peak RSS growth from {args.compare_mib} MiB to {args.size_mib} MiB: {growth:+.0f} MiB"
    )


if __name__ == "__main__":
    main()
