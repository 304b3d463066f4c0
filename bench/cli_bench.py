"""Command-line start-up: how long a cold ``recoverwell`` command takes (issue 12 item 6).

Each figure is the median of repeated cold runs: a fresh interpreter per run (subprocess), as a
user starts the program, on a demo workspace made first in a temporary folder (deleted
afterwards). Runs go round-robin over the commands so that a burst of load on the shared
machine falls on all of them alike; the load average before and after is printed with the
figures, which are noisy when other work runs.

Beside them, the references measured in the same run:

- a bare ``python -c pass``: the interpreter's own start;
- ``import typer``: the floor of any Typer program (Typer loads its vendored Click);
- the libraries ``readiness`` cannot do without (Typer with its pydantic coercion, Rich's
  console, panel and table, SQLAlchemy, numpy, pydantic-settings), imported and nothing else:
  what is left above that line is recoverwell's own modules and work.

Targets (issue 12): ``--version`` and ``--help`` ≤ 0.15 s, ``readiness`` ≤ 0.5 s.

recoverwell's sources are compiled to bytecode once before timing, as an installed package is
(``pip`` compiles on install): the cache goes to a temporary folder (``PYTHONPYCACHEPREFIX``),
never into the source tree. ``--no-bytecode`` times compiling from source on every run instead
(what a checkout with ``PYTHONDONTWRITEBYTECODE=1`` sees).

    python bench/cli_bench.py             # 15 runs each
    python bench/cli_bench.py --runs 31 --weeks 8
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_S = {"--version": 0.15, "--help": 0.15, "readiness": 0.5}
LIBRARIES = (
    "import typer, typer._adapters, rich.console, rich.panel, rich.table, sqlalchemy, numpy, "
    "pydantic_settings"
)


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold runs per command")
    parser.add_argument("--weeks", type=int, default=None, help="demo weeks (default: its own)")
    parser.add_argument("--no-bytecode", action="store_true", help="compile sources every run")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="rw-cli-bench-") as tmp:
        env = dict(os.environ)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env.pop("RECOVERWELL_DB", None)
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        cli = [python, "-m", "recoverwell", "--db", url]
        demo = [*cli, "demo"] + (["--weeks", str(args.weeks)] if args.weeks else [])
        made = _run(demo, env)
        cases = {
            "python -c pass": [python, "-c", "pass"],
            "import typer": [python, "-c", "import typer"],
            "readiness's libraries": [python, "-c", LIBRARIES],
            "--version": [*cli, "--version"],
            "--help": [*cli, "--help"],
            "readiness": [*cli, "readiness"],
            "metrics": [*cli, "metrics"],
        }
        for argv in cases.values():  # the bytecode cache, and the OS's file cache, warm
            _run(argv, env)
        before = _load()
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, argv in cases.items():
                times[name].append(_run(argv, env))
        after = _load()
    bare = statistics.median(times["python -c pass"])
    mode = "compiled from source every run" if args.no_bytecode else "bytecode cached"
    print(
        f"recoverwell start-up, median of {args.runs} cold runs ({mode}; demo made in {made:.1f} s)"
    )
    print(f"before: {before}\nafter:  {after}")
    print(f"{'':24} {'median':>8} {'min':>8} {'× bare':>8}  target")
    for name, runs in times.items():
        median = statistics.median(runs)
        target = TARGETS_S.get(name)
        verdict = ""
        if target is not None:
            verdict = f"≤ {target:.2f} s {'met' if median <= target else 'NOT met'}"
        print(
            f"{name:24} {median:7.3f}s {min(runs):7.3f}s {median / bare:7.1f}×  {verdict}".rstrip()
        )
    floor = statistics.median(times["readiness's libraries"])
    ours = statistics.median(times["readiness"]) - floor
    print(f"readiness above its libraries: {ours:.3f} s (recoverwell's modules, query and verdict)")


if __name__ == "__main__":
    main()
