"""Planning a batch into units by the joins the readers declare (ingest/units.py).

The export here is made up (``tests/ingest/fake_export.py``): its reader and join are declared
in the test, and the planner, which names no format, joins its files all the same.
"""

from __future__ import annotations

from pathlib import Path

from recoverwell.core.types import Sport
from recoverwell.ingest import registry
from recoverwell.ingest.archive import iter_members
from recoverwell.ingest.joins import Skip
from recoverwell.ingest.units import Unit, export_joins, plan_units
from tests.ingest.fake_export import MAGIC, FakeSessionsJoin, FakeSessionsReader, NamedFile, gpx

MINUTES = tuple(f"2025-06-01T06:{m:02d}:00" for m in range(11))  # 10 min, 10 × 100 m


def _export(folder: Path) -> list:
    folder.mkdir()
    (folder / "sessions.txt").write_bytes(MAGIC + b"\nrun.gpx;Track reps;8\nlost.gpx;Gone;3\n")
    (folder / "run.gpx").write_text(gpx(MINUTES))
    (folder / "other.gpx").write_text(gpx(tuple(t.replace("06:", "18:") for t in MINUTES)))
    return [m for p in sorted(folder.iterdir()) for m in iter_members(p)]


def test_a_declared_join_plans_the_files_its_export_names(tmp_path: Path) -> None:
    members = _export(tmp_path / "x")  # other.gpx, run.gpx, sessions.txt (name order)
    planned = plan_units(members, [*registry.READERS, FakeSessionsReader()])
    other, run, manifest = planned
    assert isinstance(other, Unit) and other.join is None  # not named by the manifest
    assert isinstance(run, Unit) and run.join == NamedFile("Track reps", 8.0, members[2].name)
    assert isinstance(manifest, Skip) and manifest.message.startswith("session manifest")
    # lost.gpx is neither in the batch nor on disk: nothing is planned for it
    assert len(planned) == len(members)


def test_a_joined_unit_is_read_with_what_its_join_adds(tmp_path: Path) -> None:
    members = _export(tmp_path / "x")
    run = plan_units(members, [*registry.READERS, FakeSessionsReader()])[1]
    assert isinstance(run, Unit)
    result, note = run.read(strict=False)
    (activity,) = result.activities
    assert (activity.name, activity.rpe, activity.sport) == ("Track reps", 8.0, Sport.RUNNING)
    assert activity.source_format == "gpx" and activity.elapsed_s == 600.0
    assert note == f"joined with {members[2].name}"
    assert run.identity() == b"fake:Track reps|8.0"


def test_without_the_declaration_every_file_is_its_own_unit(tmp_path: Path) -> None:
    members = _export(tmp_path / "x")
    planned = plan_units(members)  # the shipped readers: nobody claims sessions.txt
    assert [type(p).__name__ for p in planned] == ["Unit", "Unit", "Unit"]
    assert all(isinstance(p, Unit) and p.join is None for p in planned)


def test_the_joins_are_the_readers_declarations_in_their_order() -> None:
    shipped = [type(j).__name__ for j in export_joins()]
    assert shipped == ["AppleExport", "StravaExport"]  # vendors.py order: Apple before Strava
    extra = export_joins([FakeSessionsReader()])
    assert len(extra) == 1 and isinstance(extra[0], FakeSessionsJoin)


def test_a_file_a_join_finds_on_disk_comes_after_the_member_naming_it(tmp_path: Path) -> None:
    members = _export(tmp_path / "x")
    manifest = members[2]
    # only the manifest given: run.gpx is found next to it on disk, planned right after it
    planned = plan_units([manifest], [*registry.READERS, FakeSessionsReader()])
    skip, found = planned
    assert isinstance(skip, Skip) and isinstance(found, Unit)
    assert found.member.name == str(tmp_path / "x" / "run.gpx")
    assert isinstance(found.join, NamedFile)
