"""Recovery metrics and the readiness verdict: how long they take.

Figures (best of N, this machine, shared CPU so noisy):
1. one 300-beat HRV reading through the artifact filter and the time-domain values, against a
   pure-Python rMSSD loop without any filter (the ratio shows what the filter costs);
2. the recovery state of one athlete over 3 years of daily signals, then one verdict, then a
   verdict for every day (what `recoverwell trends` does);
3. `Workspace.readiness` end to end on the SQLite demo workspace (query + state + verdict).

No peer library is installed (ecosystem.md §3.7: neurokit2/hrv-analysis cost ~0.5 GB and break on
Python 3.11), so the reference is the pure-Python loop.
"""

from __future__ import annotations

import itertools
import math
import tempfile
import time
from collections.abc import Callable
from datetime import date

import numpy as np

import recoverwell
from recoverwell.advice.readiness import readiness
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import DailySignals, SignalSeries, recovery_state
from recoverwell.app.demo import load_demo
from recoverwell.metrics.hrv import summarize_rr


def best(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Best wall time of ``repeat`` runs of ``number`` calls, per call, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def python_rmssd(rr: list[float]) -> float:
    total = 0.0
    for a, b in itertools.pairwise(rr):
        total += (b - a) ** 2
    return math.sqrt(total / (len(rr) - 1))


def bench_rr() -> None:
    rng = np.random.default_rng(1)
    t = np.arange(300.0)
    rr = 1000 + 40 * np.sin(2 * np.pi * 0.25 * t) + rng.normal(0, 15, 300)
    ours = best(lambda: summarize_rr(rr), number=200)
    as_list = rr.tolist()
    loop = best(lambda: python_rmssd(as_list), number=200)
    print(
        f"HRV reading, 300 beats: summarize_rr {ours * 1e6:.0f} µs "
        f"(filter + rMSSD, SDNN, pNN50); pure-Python rMSSD alone {loop * 1e6:.0f} µs "
        f"(ratio {ours / loop:.1f}×)"
    )


def synthetic_signals(days: int) -> DailySignals:
    rng = np.random.default_rng(2)
    hooper = {
        k: np.clip(np.round(rng.normal(3, 0.8, days)), 1, 7)
        for k in ("hooper_sleep", "hooper_fatigue", "hooper_stress", "hooper_soreness")
    }
    return DailySignals(
        start=date(2024, 1, 1),
        n_days=days,
        hrv_rmssd_ms=SignalSeries(np.exp(rng.normal(4.2, 0.1, days)), "strap", "morning_spot"),
        rhr_bpm=SignalSeries(np.round(rng.normal(45, 2, days)), "watch"),
        hooper=hooper,
        acwr=rng.normal(1.0, 0.15, days),
        form_tsb=rng.normal(-5, 10, days),
    )


def bench_verdict() -> None:
    days = 3 * 365
    signals = synthetic_signals(days)
    settings = ReadinessSettings()
    build = best(lambda: recovery_state(signals, settings))
    state = recovery_state(signals, settings)
    last = signals.day(days - 1)
    one = best(lambda: readiness(state, last, settings), number=20)
    every = best(lambda: [readiness(state, signals.day(i), settings) for i in range(days)], 3)
    print(
        f"Recovery state, 1 athlete × {days} days: {build * 1e3:.1f} ms; one verdict "
        f"{one * 1e3:.2f} ms; a verdict for every day {every * 1e3:.0f} ms"
    )


def bench_workspace() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        recoverwell.open(f"sqlite:///{folder}/bench.db", create=True) as ws,
    ):
        loaded = load_demo(ws, end_day=date(2026, 11, 22))
        day = loaded.today
        first = best(lambda: ws.readiness(day, athlete_id=loaded.athlete.id), repeat=5)
        trends = best(lambda: ws.recovery(day, days=111, athlete_id=loaded.athlete.id), repeat=5)
        print(
            f"Workspace.readiness on the SQLite demo (90 days fetched): {first * 1e3:.0f} ms; "
            f"Workspace.recovery for 111 days: {trends * 1e3:.0f} ms"
        )


if __name__ == "__main__":
    bench_rr()
    bench_verdict()
    bench_workspace()
