"""Import a year of runs end to end, and compare with decoding the same FIT files with fitdecode.

usage: python bench/import_bench.py [--files 600] [--corpus PATH] [--full-fitdecode]

How the year is built (in a temporary folder; nothing is written to the repository):

1. Sources: every distinct (SHA-256) corpus file or archive member that recoverwell imports as a
   recording of at least 60 samples: real FIT, GPX and TCX files from ~20 devices. The two
   genuinely broken files (truncated ``nick.fit``, ``strava-android-app``) are left out: a year
   of a runner's files is not a year of broken ones (tests/ingest covers them).
2. ``--files`` copies (default 600: 90 % FIT, 5 % GPX, 5 % TCX), the sources taken in turn. Copy
   *i* is moved to day *i* (one file per day, its time of day kept), so every copy is a new
   activity with new content and none is a duplicate of another:
   - FIT: every date_time field (``timestamp`` of every message, ``start_time``,
     ``time_created``, ``local_timestamp``…, found from the FIT profile) is shifted by whole days
     while walking the messages; compressed timestamp headers stay valid because a day is a
     multiple of 32 s; the file CRC is recomputed. One FIT in four is gzipped (``.fit.gz``, as
     in Strava's bulk export);
   - GPX/TCX: the date of every ISO timestamp is shifted by the same whole days.
3. The folder is imported with ``Workspace.import_files`` into a fresh SQLite workspace
   (hashing, decode on up to 2 worker processes, validation, duplicate checks, storage), then
   imported again (must say 0 new).
4. fitdecode-only: every distinct FIT source is decoded once with the fitdecode backend (what the
   product would run without fitfast) and once with ``decode_fit`` (fitfast, falling back), in
   this process; a year's figure is Σ over the copies of their source's time (copies differ only
   in timestamps). ``--full-fitdecode`` decodes every copy instead (minutes).

The corpus files are shorter than everyday recordings (median 71 kB), so MB and records are
printed next to files: per MB the figures carry over to bigger files.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from fitdecode.profile import MESSAGE_TYPES

import recoverwell
from recoverwell.app.importing import FileStatus
from recoverwell.ingest.archive import iter_members
from recoverwell.ingest.fit_crc import crc16_fast, fit_crc16
from recoverwell.ingest.fit_decode import decode_fit
from recoverwell.ingest.registry import read_source

DAY_S = 86_400  # a multiple of 32 s: compressed FIT timestamps stay consistent
BASE_DAY = date(2025, 1, 1)
MIN_SAMPLES = 60
SHARE_GPX = SHARE_TCX = 0.05
GZIP_EVERY = 4
TARGET_S = 10.0  # issue #4: a year end to end in ≤ 10 s on the 2-core machine
TARGET_RATIO = 20.0  # … and ≥ 20× faster than fitdecode-only
BROKEN = ("nick.fit", "strava-android-app-201.10-b1218918.fit")

# --- shifting FIT timestamps -----------------------------------------------------------------

_TIME_FIELDS = {
    (num, fnum)
    for num, message in MESSAGE_TYPES.items()
    for fnum, field in message.fields.items()
    if getattr(field.type, "name", "") in ("date_time", "local_date_time")
}


def _is_time(global_num: int, field_num: int) -> bool:
    return field_num == 253 or (global_num, field_num) in _TIME_FIELDS


@dataclass(frozen=True)
class TimeLayout:
    """Where a FIT file keeps its date_time values: byte offsets, and each chained file's span."""

    little: np.ndarray  # offsets of little-endian uint32 date_times
    big: np.ndarray  # offsets of big-endian ones
    segments: tuple[tuple[int, int], ...]  # (start, end of data) of each chained FIT file


def fit_time_layout(data: bytes) -> TimeLayout:
    """Walk the messages once and note every date_time field (timestamp in every message,
    start_time, time_created, local_timestamp…: every field the FIT profile types date_time)."""
    found: dict[str, list[int]] = {"little": [], "big": []}
    segments = []
    base = 0
    while base + 12 <= len(data):
        header = data[base]
        end = base + header + int.from_bytes(data[base + 4 : base + 8], "little")
        layouts: dict[int, tuple[int, list[int], str]] = {}
        pos = base + header
        while pos < end:
            record = data[pos]
            pos += 1
            if record & 0x80:  # compressed timestamp header: data of local type bits 5-6
                size, offsets, order = layouts[(record >> 5) & 0x3]
            elif record & 0x40:  # definition
                order = "big" if data[pos + 1] else "little"
                global_num = int.from_bytes(data[pos + 2 : pos + 4], order)  # type: ignore[arg-type]
                n_fields = data[pos + 4]
                pos += 5
                offsets, size = [], 0
                for _ in range(n_fields):
                    number, field_size = data[pos], data[pos + 1]
                    if field_size == 4 and _is_time(global_num, number):
                        offsets.append(size)
                    size += field_size
                    pos += 3
                if record & 0x20:  # developer fields
                    n_dev = data[pos]
                    pos += 1
                    size += sum(data[pos + 3 * k + 1] for k in range(n_dev))
                    pos += 3 * n_dev
                layouts[record & 0x0F] = (size, offsets, order)
                continue
            else:
                size, offsets, order = layouts[record & 0x0F]
            found[order].extend(pos + offset for offset in offsets)
            pos += size
        segments.append((base, end))
        base = end + 2
    return TimeLayout(
        np.array(found["little"], dtype=np.int64),
        np.array(found["big"], dtype=np.int64),
        tuple(segments),
    )


def shift_fit(data: bytes, layout: TimeLayout, delta_s: int) -> bytes:
    """The FIT file with every absolute date_time moved by ``delta_s``, its CRCs redone."""
    buf = np.frombuffer(data, dtype=np.uint8).copy()
    for offsets, shifts in ((layout.little, (0, 8, 16, 24)), (layout.big, (24, 16, 8, 0))):
        if not len(offsets):
            continue
        parts = [buf[offsets + k].astype(np.int64) << s for k, s in enumerate(shifts)]
        values = parts[0] | parts[1] | parts[2] | parts[3]
        absolute = (values >= 0x10000000) & (values < 0xFFFFFFFF)  # not relative, not invalid
        values = np.where(absolute, values + delta_s, values)
        for k, s in enumerate(shifts):
            buf[offsets + k] = ((values >> s) & 0xFF).astype(np.uint8)
    out = bytearray(buf.tobytes())
    for start, end in layout.segments:
        out[end : end + 2] = crc16_fast(out[start:end]).to_bytes(2, "little")
    return bytes(out)


_ISO_DATE = re.compile(rb"(\d{4}-\d\d-\d\d)(?=T\d\d:\d\d)")


def shift_xml(data: bytes, days: int) -> bytes:
    """GPX/TCX with the date of every ISO timestamp moved by ``days``."""
    cache: dict[bytes, bytes] = {}

    def moved(match: re.Match[bytes]) -> bytes:
        text = match.group(1)
        if text not in cache:
            shifted = date.fromisoformat(text.decode()) + timedelta(days=days)
            cache[text] = shifted.isoformat().encode()
        return cache[text]

    return _ISO_DATE.sub(moved, data)


# --- building the year ------------------------------------------------------------------------


Source = tuple[str, bytes, float, TimeLayout | None]


def find_sources(raw: Path) -> dict[str, list[Source]]:
    """{format: [(name, bytes, start unix s, FIT time layout)]} of distinct real recordings."""
    seen: set[str] = set()
    found: dict[str, list[Source]] = {"fit": [], "gpx": [], "tcx": []}
    for member in iter_members(raw):
        if member.refused or member.name.endswith(BROKEN):
            continue
        with member.open() as stream:
            data = stream.read()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        try:
            result = read_source(member.source())
        except recoverwell.RecoverwellError:
            continue
        samples = sum(len(a.streams or ()) for a in result.activities)
        if result.source_format in found and samples >= MIN_SAMPLES:
            start = min(a.start_time for a in result.activities).timestamp()
            layout = fit_time_layout(data) if result.source_format == "fit" else None
            found[result.source_format].append((member.name, data, start, layout))
    return found


def build_year(sources: dict[str, list[Source]], n: int, folder: Path) -> dict[str, Counter[str]]:
    n_gpx, n_tcx = round(n * SHARE_GPX), round(n * SHARE_TCX)
    plan = ["gpx"] * n_gpx + ["tcx"] * n_tcx + ["fit"] * (n - n_gpx - n_tcx)
    plan = [plan[(i * 7) % n] if n % 7 else plan[i] for i in range(n)]  # interleave formats
    turns: Counter[str] = Counter()
    copies: Counter[str] = Counter()
    for day, fmt in enumerate(plan):
        name, data, start, layout = sources[fmt][turns[fmt] % len(sources[fmt])]
        turns[fmt] += 1
        copies[name] += 1
        target = BASE_DAY + timedelta(days=day)
        days = (target - datetime.fromtimestamp(start, UTC).date()).days
        stem = f"{day:04d}-{Path(name.split('!')[-1]).stem}"
        if fmt == "fit" and layout is not None:
            content = shift_fit(data, layout, days * DAY_S)
            if day % GZIP_EVERY == 0:
                (folder / f"{stem}.fit.gz").write_bytes(gzip.compress(content, 6))
            else:
                (folder / f"{stem}.fit").write_bytes(content)
        else:
            (folder / f"{stem}.{fmt}").write_bytes(shift_xml(data, days))
    return {"copies": copies, "plan": Counter(plan)}


def time_decoders(fit_sources: list[Source], copies: Counter[str]) -> dict[str, float]:
    fast = slow = fallback = 0.0
    for name, data, _, _ in fit_sources:
        if not copies[name]:
            continue
        t0 = time.perf_counter()
        result = decode_fit(data)
        t1 = time.perf_counter()
        decode_fit(data, backend="fitdecode")
        t2 = time.perf_counter()
        fast += (t1 - t0) * copies[name]
        slow += (t2 - t1) * copies[name]
        fallback += copies[name] if result.backend == "fitdecode" else 0
    return {"fast_s": fast, "fitdecode_s": slow, "fallback_files": fallback}


def _cpu() -> tuple[float, float]:
    """User + system CPU seconds of this process and of its finished children."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def full_fitdecode(folder: Path) -> float:
    t0 = time.perf_counter()
    for path in sorted(folder.iterdir()):
        if ".fit" in path.name:
            data = path.read_bytes()
            decode_fit(gzip.decompress(data) if path.suffix == ".gz" else data, backend="fitdecode")
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=600)
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--full-fitdecode", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the year in this folder and keep it")
    args = parser.parse_args()
    raw = Path(os.environ.get("RECOVERWELL_CORPUS", args.corpus)) / "raw"
    if not raw.is_dir():
        print(f"corpus not found at {raw} (set RECOVERWELL_CORPUS)", file=sys.stderr)
        return 1
    probe = bytes(range(256)) * 37 + b"tail"
    assert crc16_fast(probe) == fit_crc16(probe), "crc16_fast disagrees with fit_crc16"
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="rw-import-bench-"))
    if args.keep is not None:
        shutil.rmtree(args.keep, ignore_errors=True)
    try:
        t0 = time.perf_counter()
        sources = find_sources(raw)
        year = args.keep or work / "year"
        year.mkdir(parents=True)
        built = build_year(sources, args.files, year)
        setup_s = time.perf_counter() - t0
        files = sorted(year.iterdir())
        disk_mb = sum(p.stat().st_size for p in files) / 1e6
        print(
            f"sources: {len(sources['fit'])} FIT, {len(sources['gpx'])} GPX, "
            f"{len(sources['tcx'])} TCX; year: {len(files)} files "
            f"({dict(built['plan'])}, {sum(p.name.endswith('.gz') for p in files)} gzipped), "
            f"{disk_mb:.1f} MB on disk; built in {setup_s:.1f} s"
        )
        content_mb = (
            sum(
                len(gzip.decompress(p.read_bytes())) if p.suffix == ".gz" else p.stat().st_size
                for p in files
            )
            / 1e6
        )
        url = f"sqlite:///{work / 'bench.db'}"
        cpu_before = _cpu()
        with recoverwell.open(url, create=True) as ws:
            ws.create_athlete(recoverwell.AthleteProfile(name="Bench", timezone="Europe/London"))
            report = ws.import_files([year])
            cpu = [b - a for a, b in zip(cpu_before, _cpu(), strict=True)]
            again = ws.import_files([year])
        e2e = report.elapsed_s
        print(f"import:   {report.summary()}")
        print(
            f"          {e2e:.2f} s end to end: {len(files) / e2e:.0f} files/s, "
            f"{disk_mb / e2e:.1f} MB/s on disk ({content_mb / e2e:.1f} MB/s of the "
            f"{content_mb:.1f} MB uncompressed), {report.samples / e2e / 1e3:.0f}k records/s "
            f"({report.samples:,} records)"
        )
        print(
            f"          CPU: {cpu[0]:.1f} s this process + {cpu[1]:.1f} s worker processes "
            f"= {sum(cpu) / 2:.1f} s on 2 idle cores (load-independent estimate)"
        )
        print(f"re-import: {again.summary()} in {again.elapsed_s:.2f} s")
        timing = time_decoders(sources["fit"], built["copies"])
        fit_files = built["plan"]["fit"]
        decode_ratio = timing["fitdecode_s"] / timing["fast_s"]
        print(
            f"decode only, {fit_files} FIT files, 1 core: decode_fit {timing['fast_s']:.2f} s "
            f"({timing['fallback_files']:.0f} via the fitdecode fallback), fitdecode-only "
            f"{timing['fitdecode_s']:.1f} s → {decode_ratio:.1f}× faster"
        )
        ratio = timing["fitdecode_s"] / e2e
        print(
            f"end to end (all {len(files)} files, 2 workers, stored) vs fitdecode-only decode of "
            f"the FIT files alone (1 core): {ratio:.1f}× faster"
        )
        if args.full_fitdecode:
            print(f"fitdecode over every copy: {full_fitdecode(year):.1f} s")
        load_after = os.getloadavg()
        print(
            f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after (shared with other work)"
        )
        new = report.count(FileStatus.NEW)
        print(
            f"targets: ≤ {TARGET_S:g} s {'met' if e2e <= TARGET_S else 'NOT met'} "
            f"(idle estimate {'met' if sum(cpu) / 2 <= TARGET_S else 'NOT met'}), "
            f"≥ {TARGET_RATIO:g}× end to end {'met' if ratio >= TARGET_RATIO else 'NOT met'}, "
            f"decode {'met' if decode_ratio >= TARGET_RATIO else 'NOT met'}; "
            f"{new}/{len(files)} new"
        )
        return 0 if new == len(files) and again.count(FileStatus.NEW) == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
