"""``recoverwell import PATH...``: activity files, folders and archives into the workspace."""

from __future__ import annotations

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
from rich.table import Table

from recoverwell.app.importing import FileStatus, ImportProgress, ImportReport
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state

EXIT_PARTIAL = 3  # --strict and at least one file was rejected (docs/cli.md, exit codes)
SHOWN_PER_LIST = 20  # rejected files / issues printed before "… and N more (see --json)"


def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or .zip/.gz archives.")],
    strict: Annotated[
        bool,
        typer.Option(help="Refuse a file at its first bad value instead of dropping the value."),
    ] = False,
    athlete: Annotated[
        int | None, typer.Option("--athlete", help="Athlete id (default: the workspace's first).")
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import FIT, GPX and TCX files (folders recursively, .zip and .gz read in place).

    Files already imported are "unchanged"; the same run from two devices or exports is kept
    once ("duplicate"); unreadable files are "rejected" with file, record and field. Exits 3
    when --strict rejected any file.

    Example:

        recoverwell import ~/Downloads/garmin-export.zip ~/runs --strict
    """
    with state(ctx).open() as ws:
        if json_:
            report = ws.import_files(paths, strict=strict, athlete_id=athlete)
        else:
            with _progress() as update:
                report = ws.import_files(paths, strict=strict, athlete_id=athlete, progress=update)
    if json_:
        emit_json(report_json(report))
    else:
        render_report(report)
    if strict and report.rejected:
        raise typer.Exit(EXIT_PARTIAL)


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


def report_json(report: ImportReport) -> dict[str, Any]:
    """The report for --json: counts, then every file with its issues."""
    return {
        "summary": report.summary(),
        "counts": {s.value: report.count(s) for s in FileStatus},
        "elapsed_s": report.elapsed_s,
        "bytes": report.bytes_read,
        "files": report.files,
    }


def render_report(report: ImportReport) -> None:
    """Summary table, then rejected files, duplicates and data issues."""
    table = Table(title="Import")
    table.add_column("Status")
    table.add_column("Files", justify="right")
    table.add_column("Activities stored", justify="right")
    table.add_column("Issues", justify="right")
    for status in FileStatus:
        files = [f for f in report.files if f.status is status]
        table.add_row(
            status.value,
            str(len(files)),
            str(sum(len(f.activity_ids) for f in files)),
            str(sum(len(f.issues) for f in files)),
        )
    console.print(table)
    mb = report.bytes_read / 1e6
    console.print(f"Import: {report.summary()}", highlight=False, soft_wrap=True)
    console.print(f"{len(report.files)} files, {mb:.1f} MB in {report.elapsed_s:.1f} s")
    _list("Rejected", [_where(f) for f in report.rejected])
    _list("Duplicates", [f"{f.path}: {d}" for f in report.files for d in f.duplicates])
    _list("Dropped or noted values", [str(i) for i in report.issues])


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
