"""``recoverwell import PATH...``: activity files and recovery exports into the workspace."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from recoverwell.app.contract.documents import import_report_json
from recoverwell.app.import_report import RECORD_KINDS
from recoverwell.app.importing import FileStatus, ImportProgress, ImportReport
from recoverwell.cli.exits import EXIT_PARTIAL
from recoverwell.cli.options import (
    AthleteOpt,
    Format,
    JsonOpt,
    ViewFormat,
    ViewFormatOpt,
    athlete_id_of,
    output_format,
)
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.errors import NotFound

SHOWN_PER_LIST = 20  # rejected files / issues printed before "… and N more (see --json)"


def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or .zip/.gz archives.")],
    strict: Annotated[
        bool,
        typer.Option(help="Refuse a file at its first bad value instead of dropping the value."),
    ] = False,
    athlete: AthleteOpt = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="A TOML file mapping your own spreadsheet's columns to signals (docs/import.md).",
        ),
    ] = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Import activity files and recovery exports: files, folders, .zip and .gz, in place.

    Reads FIT, GPX and TCX, and the exports of Garmin, Apple Health, Polar, Fitbit, Whoop,
    Oura, HRV4Training, Elite HRV, Sleep Cycle, Strava, TrainingPeaks and spreadsheets; folders
    are read recursively.

    Files already imported are "unchanged"; the same run from two devices or exports is kept
    once ("duplicate"); unreadable files are "rejected" with file, record and field; files with
    nothing to import (documentation, a workout route read with its export) are "skipped".
    Activities, daily readings and sleep periods are counted apart. Exits 3 when --strict
    rejected any file, and 1 (importing nothing) when a path does not exist.

    Example:

    \b
        recoverwell import ~/Downloads/garmin-export.zip ~/runs --strict

    \b
        recoverwell import training-log.csv --mapping my-log.toml
    """
    missing = [str(p) for p in paths if not _exists(p)]
    if missing:  # a typo in the command line: nothing is imported, nothing half-done
        raise NotFound(f"no such file or folder: {', '.join(missing)}")
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        athlete_id = athlete_id_of(ws, athlete)
        if out is Format.JSON:
            report = ws.import_files(paths, strict=strict, athlete_id=athlete_id, mapping=mapping)
        else:
            with _progress() as update:
                report = ws.import_files(
                    paths, strict=strict, athlete_id=athlete_id, progress=update, mapping=mapping
                )
    if out is Format.JSON:
        emit_json(import_report_json(report))
    else:
        render_report(report)
    if strict and report.rejected:
        raise typer.Exit(EXIT_PARTIAL)


def _exists(path: Path) -> bool:
    """False for a path that does not exist, or one the system cannot even look up (a name
    longer than the file system allows)."""
    try:
        return path.exists()
    except OSError:
        return False


@contextmanager
def _progress() -> Iterator[Callable[[ImportProgress], None]]:
    """A Rich progress bar over files and bytes, fed by the import's progress callback."""
    progress = Progress(
        TextColumn("[bold]Importing"),
        BarColumn(),
        TextColumn("{task.fields[files]} files"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("import", total=None, files="0/?")

    def update(event: ImportProgress) -> None:
        progress.update(
            task,
            completed=event.bytes_done,
            total=max(event.bytes_total, 1),
            files=f"{event.files_done}/{event.files_total}",
        )

    with progress:
        yield update


FILE_COLUMNS = (
    Column("Status", "left", keep=True),
    Column("Files", keep=True),
    Column("Issues", priority=50),
)
RECORD_COLUMNS = (
    Column("Kind", "left", keep=True),
    *(Column(name, priority=p) for name, p in (("New", 90), ("Changed", 80), ("Unchanged", 70))),
    Column("Duplicate", priority=60),
)
_KIND_LABEL = {"activities": "Activities", "observations": "Daily readings", "sleep": "Sleep"}


def render_report(report: ImportReport) -> None:
    """Files by status, records by kind, then rejected files, duplicates and data issues."""
    files = []
    for status in FileStatus:
        these = [f for f in report.files if f.status is status]
        files.append([status.value, str(len(these)), str(sum(len(f.issues) for f in these))])
    records = []
    for kind in RECORD_KINDS:
        c = report.records(kind)
        records.append(
            [_KIND_LABEL[kind], str(c.new), str(c.changed), str(c.unchanged), str(c.duplicate)]
        )
    print_table(console, fitted_table(console, FILE_COLUMNS, files, title="Files"))
    print_table(console, fitted_table(console, RECORD_COLUMNS, records, title="Records"))
    mb = report.bytes_read / 1e6
    console.print(f"Import: {report.summary()}", highlight=False, soft_wrap=True)
    console.print(f"{len(report.files)} files, {mb:.1f} MB in {report.elapsed_s:.1f} s")
    skipped = Counter(f.message for f in report.files if f.status is FileStatus.SKIPPED)
    if skipped:
        reasons = "; ".join(f"{reason} ×{n}" for reason, n in skipped.most_common())
        console.print(f"[dim]Skipped: {reasons}[/dim]", highlight=False, soft_wrap=True)
    _list("Rejected", [_where(f) for f in report.rejected])
    _list("Duplicates", [f"{f.path}: {d}" for f in report.files for d in f.duplicates])
    _list("Dropped values", [str(i) for i in report.dropped])
    _list("Notes", [str(i) for i in report.notes])


def _where(f: Any) -> str:
    where = f.path
    if f.record is not None:
        where += f", record {f.record}"
    if f.field is not None:
        where += f", field {f.field!r}"
    return f"{where}: {f.message}"


def _list(title: str, lines: list[str]) -> None:
    if not lines:
        return
    console.print(f"\n[bold]{title}[/bold] ({len(lines)})")
    for line in lines[:SHOWN_PER_LIST]:
        console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    if len(lines) > SHOWN_PER_LIST:
        console.print(f"  … and {len(lines) - SHOWN_PER_LIST} more (see --json)")
