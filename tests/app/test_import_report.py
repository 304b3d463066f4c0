"""The import report: file statuses, record counts per kind, and its summary line."""

from __future__ import annotations

from recoverwell.app.import_report import (
    RECORD_KINDS,
    FileReport,
    FileStatus,
    ImportReport,
    RecordCounts,
)
from recoverwell.ingest.base import ImportIssue, IssueAction


def test_record_counts_add_up_and_read_as_text() -> None:
    total = RecordCounts(new=2, changed=1) + RecordCounts(unchanged=4, duplicate=1)
    assert total == RecordCounts(2, 1, 4, 1) and total.stored == 3
    assert total.text() == "2 new, 1 changed, 4 unchanged, 1 duplicate"
    assert RecordCounts().text() == "none"


def test_the_report_counts_files_records_of_each_kind_and_dropped_values() -> None:
    dropped = ImportIssue("a.csv", "bad", IssueAction.DROPPED, 3, "Rmssd")
    noted = ImportIssue("a.csv", "fyi", IssueAction.NOTED)
    files = (
        FileReport(
            "a.csv", FileStatus.NEW, observations=RecordCounts(new=5), issues=(dropped, noted)
        ),
        FileReport("b.fit", FileStatus.NEW, activities=RecordCounts(new=1)),
        FileReport("c.json", FileStatus.UNCHANGED),
        FileReport("README.md", FileStatus.SKIPPED, message="documentation, not data"),
    )
    report = ImportReport(1, files, 0.1, 100)
    assert report.summary() == "2 new, 1 unchanged, 0 duplicate, 0 rejected, 1 skipped"
    assert [report.records(k).new for k in RECORD_KINDS] == [1, 5, 0]
    assert report.dropped == (dropped,) and report.notes == (noted,)
    assert files[0].counts("observations") == RecordCounts(new=5)
