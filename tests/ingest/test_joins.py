"""What a declared export join sees of a batch (ingest/joins.py), on files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.ingest.archive import iter_members
from recoverwell.ingest.base import IssueAction
from recoverwell.ingest.joins import ExportBatch, read_one, sibling_name, tail
from recoverwell.ingest.registry import read_raw, sniff_head


def _members(folder: Path) -> list:
    return [m for p in sorted(folder.rglob("*")) if p.is_file() for m in iter_members(p)]


def test_names_inside_an_export_stay_inside_it() -> None:
    assert sibling_name("/x/a/index.txt", "b/c.gpx") == "/x/a/b/c.gpx"
    assert sibling_name("e.zip!a/index.txt", "./c.gpx") == "e.zip!a/c.gpx"
    assert sibling_name("e.zip!a/index.txt", "..") is None
    assert sibling_name("e.zip!a/index.txt", "") is None
    assert tail("e.zip!A/Export.XML") == "export.xml"


def test_a_named_file_is_found_in_the_batch_else_on_disk(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "index.txt").write_text("files/a.gpx\n")
    (tmp_path / "files" / "a.gpx").write_text("<gpx/>")
    everything = _members(tmp_path)
    index = next(m for m in everything if m.name.endswith("index.txt"))
    in_batch = ExportBatch(everything, sniff_head).named(index, "files/a.gpx")
    assert in_batch is not None and in_batch[1] is True
    alone = ExportBatch([index], sniff_head).named(index, "files/a.gpx")
    assert alone is not None and alone[1] is False
    assert alone[0].name == str(tmp_path / "files" / "a.gpx")
    assert ExportBatch([index], sniff_head).named(index, "files/missing.gpx") is None


def test_a_folder_next_to_a_member_lists_its_files_by_their_export_path(tmp_path: Path) -> None:
    (tmp_path / "routes").mkdir()
    (tmp_path / "main.xml").write_text("<x/>")
    for name in ("r1.gpx", "r2.gpx"):
        (tmp_path / "routes" / name).write_text("<gpx/>")
    everything = _members(tmp_path)
    main = next(m for m in everything if m.name.endswith("main.xml"))
    for batch in (ExportBatch(everything, sniff_head), ExportBatch([main], sniff_head)):
        assert sorted(path for path, _ in batch.folder(main, "routes")) == [
            "routes/r1.gpx",
            "routes/r2.gpx",
        ]


def test_claims_is_false_for_a_file_that_cannot_be_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("HELLO")
    (member,) = iter_members(path)
    batch = ExportBatch([member], sniff_head)
    assert batch.claims(member, lambda head, name: head.startswith(b"HELLO"))
    path.unlink()  # gone between listing and planning: not claimed, read (and rejected) later
    assert not batch.claims(member, lambda head, name: True)


def test_an_unreadable_named_file_is_a_dropped_issue_or_in_strict_mode_an_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "broken.gpx"
    path.write_text('<?xml version="1.0"?><gpx version="1.1"><trk><trkseg><trkpt')
    (member,) = iter_members(path)
    issues: list = []
    assert read_one(member, False, issues, read_raw) is None
    assert [(i.path, i.message, i.action) for i in issues] == [
        (member.name, "not readable", IssueAction.DROPPED)
    ]
    with pytest.raises(ParseError):
        read_one(member, True, [], read_raw)
