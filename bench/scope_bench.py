"""One verdict, and a coach's squad of verdicts, against the cost of the history (issue 13 item 3).

Before issue 13 a verdict computed the athlete's whole training history (every session load, then
every EWMA and window from the first day); now it reads the stored load window and only the 90
days it judges (``app/load_window.py``). Measured in the same run, on the same workspace:

1. **one verdict, 3 years of data** (the demo athlete over 156 weeks: ~1,250 sessions):
   ``whole history`` is the verdict with its load computed from the history, as every verdict did
   before (``training_table`` then ``load_arrays``); ``stored window`` is today's path. Target
   ≤ 10 ms; the ratio is the speed-up;
2. **a squad of 200 such athletes** on SQLite and on PostgreSQL (when a server answers at
   ``RECOVERWELL_TEST_POSTGRES_URL``): ``verdict.squad_readiness`` (every athlete's rows in
   one snapshot, one query per table), beside one ``readiness`` per athlete. Target ≤ 1 s.
   The 199 other athletes are copies of the first, made in SQL (their activities, session
   loads, readings, nights and niggles, under their own ids), and each gets the window the first
   one's verdict stored, with its own activity generation: what the nightly job or a first verdict
   leaves behind. One copy's verdict is checked equal to the original's.

Medians of repeated runs, wall time; the machine is shared, so figures move with its load
(printed).

    python bench/scope_bench.py             # SQLite, and PostgreSQL when a server answers
    python bench/scope_bench.py --weeks 52 --squad 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Connection, Table, func, insert, literal, null, select, text

import recoverwell
from recoverwell.app import verdict
from recoverwell.app.access import LOCAL_RUNNER
from recoverwell.app.demo import load_demo
from recoverwell.app.training import load_arrays, training_table
from recoverwell.store import schema
from recoverwell.store.engine import writing
from recoverwell.store.load_windows import load_generation

END = date(2026, 11, 22)
DAY = END + timedelta(days=1)
TARGET_ONE_S = 0.010
TARGET_SQUAD_S = 1.0
#: Rows copied per athlete: the table and its columns that point at the athlete's other rows.
COPIED = (
    (schema.activities, "id"),
    (schema.session_loads, "activity_id"),
    (schema.session_bests, "activity_id"),
    (schema.daily_observations, "id"),
    (schema.sleep_periods, "id"),
    (schema.niggles, "id"),
)


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _copy_rows(
    conn: Connection, table: Table, key: str, source: int, target: int, off: int
) -> None:
    columns = [c.name for c in table.columns]
    exprs = []
    for name in columns:
        col = table.c[name]
        if name == "athlete_id":
            exprs.append(literal(target).label(name))
        elif name == key or (name == "activity_id" and key != "activity_id"):
            exprs.append((col + off).label(name))
        elif name == "import_id":
            exprs.append(null().label(name))
        else:
            exprs.append(col)
    query = select(*exprs).where(table.c.athlete_id == source)
    conn.execute(insert(table).from_select(columns, query))


def make_squad(ws: recoverwell.Workspace, size: int) -> list[int]:
    """Copies of the first athlete under new ids; each gets the first's stored window."""
    source = ws.athlete_scope()
    verdict.readiness(source, DAY)  # stores the source's window
    with ws.read() as conn:
        top = int(conn.execute(select(func.max(schema.activities.c.id))).scalar() or 0)
        profile = (
            conn.execute(select(schema.athletes).where(schema.athletes.c.id == source.athlete_id))
            .mappings()
            .one()
        )
        window = (
            conn.execute(
                select(schema.load_windows).where(
                    schema.load_windows.c.athlete_id == source.athlete_id
                )
            )
            .mappings()
            .one()
        )
    ids = [source.athlete_id]
    for k in range(1, size):
        off = k * (top + 1000) * 10
        with writing(ws.engine) as conn:
            values = {c: profile[c] for c in profile if c not in ("id", "load_generation")}
            values["name"] = f"{profile['name']} #{k}"
            new = int(
                conn.execute(
                    insert(schema.athletes).values(values).returning(schema.athletes.c.id)
                ).scalar_one()
            )
            for table, key in COPIED:
                _copy_rows(conn, table, key, source.athlete_id, new, off)
            stored = dict(window) | {"athlete_id": new, "generation": load_generation(conn, new)}
            stored.pop("computed_at", None)
            conn.execute(insert(schema.load_windows).values(stored))
        ids.append(new)
    return ids


def bench_backend(label: str, url: str, weeks: int, size: int, runs: int) -> None:
    with recoverwell.open(url, create=True) as ws:
        made = time.perf_counter()
        load_demo(ws, end_day=END, weeks=weeks)
        made_s = time.perf_counter() - made
        scope = ws.athlete_scope()
        sessions = len(scope.activities())
        start = DAY - timedelta(days=verdict.HISTORY_D - 1)

        def whole_history() -> object:
            s = ws.athlete_scope()
            load = load_arrays(training_table(s, start, DAY), start, DAY)
            return verdict.readiness(s, DAY, load=load)

        def stored_window() -> object:
            return verdict.readiness(ws.athlete_scope(), DAY)

        stored_window()  # the first verdict stores the window
        old = median_s(whole_history, max(3, runs // 3))
        new = median_s(stored_window, runs)
        mark = "met" if new <= TARGET_ONE_S else "NOT met"
        print(
            f"{label}: one verdict, {weeks} weeks ({sessions} sessions, demo made in "
            f"{made_s:.0f} s): whole history {old * 1e3:.1f} ms, stored window "
            f"{new * 1e3:.2f} ms ({old / new:.0f}× faster; ≤ {TARGET_ONE_S * 1e3:.0f} ms {mark})"
        )
        copied = time.perf_counter()
        ids = make_squad(ws, size)
        copied_s = time.perf_counter() - copied
        first = verdict.readiness(ws.scope(LOCAL_RUNNER, ids[0]), DAY)
        twin = verdict.readiness(ws.scope(LOCAL_RUNNER, ids[-1]), DAY)
        assert (first.score, first.light, first.coverage) == (twin.score, twin.light, twin.coverage)

        def one_by_one() -> object:
            return [verdict.readiness(s, DAY) for s in ws.squad(LOCAL_RUNNER).scopes]

        def batched() -> object:
            return verdict.squad_readiness(ws.squad(LOCAL_RUNNER), DAY)

        found = verdict.squad_readiness(ws.squad(LOCAL_RUNNER), DAY)
        assert all(not isinstance(v, Exception) for v in found.values())
        loop = median_s(one_by_one, max(3, runs // 5))
        took = median_s(batched, max(3, runs // 5))
        mark = "met" if took <= TARGET_SQUAD_S else "NOT met"
        print(
            f"{label}: a squad of {len(ids)} athletes ({copied_s:.0f} s to copy): "
            f"squad_readiness {took:.3f} s ({took / len(ids) * 1e3:.2f} ms per athlete), one "
            f"verdict at a time {loop:.3f} s, the whole-history path ~{old * len(ids):.0f} s "
            f"({old * len(ids) / took:.0f}× slower); ≤ {TARGET_SQUAD_S:.0f} s {mark}"
        )


def _postgres(admin_url: str) -> str | None:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    name = f"rw_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
    except OperationalError:
        return None
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--squad", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        bench_backend("SQLite", f"sqlite:///{folder}/bench.db", args.weeks, args.squad, args.runs)
    admin = os.environ.get(
        "RECOVERWELL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    url = _postgres(admin)
    if url is None:
        print("PostgreSQL: no server answers at RECOVERWELL_TEST_POSTGRES_URL; skipped")
    else:
        bench_backend("PostgreSQL", url, args.weeks, args.squad, args.runs)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
