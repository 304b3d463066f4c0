import io

from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult, Source


def test_an_issue_reads_as_one_line_with_location_and_action():
    issue = ImportIssue(
        "a.fit",
        "HR 255 outside 25–250 bpm",
        IssueAction.DROPPED,
        record=12,
        field="heart_rate",
        count=40,
    )
    assert (
        str(issue)
        == "a.fit, record 12, field 'heart_rate': HR 255 outside 25–250 bpm (40×) [dropped]"
    )


def test_a_source_opens_lazily_and_reads_bytes():
    opened = []

    def opener():
        opened.append(1)
        return io.BytesIO(b"abc")

    source = Source("x.bin", opener, 3)
    assert opened == []
    assert source.read_bytes() == b"abc"
    assert ReadResult("fit").n_records == 0
