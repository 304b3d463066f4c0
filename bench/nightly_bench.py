"""The nightly job (``recoverwell nightly``) on a squad in a fresh SQLite workspace.

A squad of athletes with a year of daily runs each (pace-based loads, generated with a fixed
seed: the job's cost is the store's, not the decoding of files) is stored; then, in one process:

1. the first run: every athlete's state built from the whole history;
2. one new day: a run added for every athlete, then the job (the stored states advanced);
3. the same day recomputed in full: ``Workspace.training_table`` for every athlete, what a job
   without stored states would do (the reference).

Each figure is the best of N; the advanced values are checked against the full tables (≤ 1e-9
relative) and a disagreement exits 1. Nothing is written outside a temporary folder.

Usage: ``python bench/nightly_bench.py [--athletes 30 --days 365 --repeat 3]``.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

import recoverwell
from recoverwell.app.load_state import StateAction
from recoverwell.core.types import Activity, Sport

FIRST = date(2025, 1, 1)
RTOL = 1e-9


def runs(rng: np.random.Generator, days: int, start_day: date) -> list[Activity]:
    """One run a day with 15 % rest days: 6–20 km at 4:30–5:30 /km, noon UTC."""
    out = []
    for d in range(days):
        if rng.random() < 0.15:
            continue
        km = float(rng.uniform(6, 20))
        start = datetime.combine(start_day + timedelta(days=d), datetime.min.time(), UTC)
        out.append(
            Activity(
                start_time=start + timedelta(hours=12),
                sport=Sport.RUNNING,
                elapsed_s=km * float(rng.uniform(270, 330)),
                distance_m=km * 1000,
            )
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=30)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    print(f"# nightly bench: {args.athletes} athletes × {args.days} days, SQLite")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'squad.db'}"
        with recoverwell.open(url, create=True) as ws:
            ids = []
            for k in range(args.athletes):
                profile = ws.create_athlete(
                    recoverwell.AthleteProfile(name=f"A{k}", threshold_pace_s_per_km=240.0)
                )
                assert profile.id is not None
                ids.append(profile.id)
                ws.add_activities(runs(rng, args.days, FIRST), athlete_id=profile.id)
            last = FIRST + timedelta(days=args.days - 1)
            start = time.perf_counter()
            first_run = ws.update_load_states()
            build_s = time.perf_counter() - start
            assert {u.action for u in first_run} == {StateAction.REBUILT}
            print(f"first run (every state built from its history): {build_s:8.3f} s")
            advance_s, full_s = math.inf, math.inf
            for r in range(args.repeat):
                day = last + timedelta(days=r + 1)
                for athlete_id in ids:
                    ws.add_activities(runs(rng, 1, day) or runs(rng, 1, day), athlete_id=athlete_id)
                start = time.perf_counter()
                updates = ws.update_load_states()
                advance_s = min(advance_s, time.perf_counter() - start)
                if {u.action for u in updates} != {StateAction.ADVANCED}:
                    print("not every athlete was advanced:", {u.action for u in updates})
                    return 1
                start = time.perf_counter()
                tables = [ws.training_table(day, day, athlete_id) for athlete_id in ids]
                full_s = min(full_s, time.perf_counter() - start)
                for update, table in zip(updates, tables, strict=True):
                    (row,) = table.days
                    for mine, theirs in (("fitness_au", "fitness"), ("form_au", "form")):
                        got, want = getattr(update, mine), row.values[theirs]
                        if not math.isclose(got, want, rel_tol=RTOL, abs_tol=RTOL):
                            print(f"athlete {update.athlete_id} {mine}: {got} != {want}")
                            return 1
    best = f"(best of {args.repeat})"
    print(f"one new day, stored states advanced:            {advance_s:8.3f} s {best}")
    print(f"the same day recomputed in full (daily tables):  {full_s:8.3f} s")
    print(f"speed-up: {full_s / advance_s:.1f}× ; values agree with the full tables (≤ {RTOL:g})")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
