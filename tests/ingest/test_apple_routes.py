"""Apple Health's export.xml joined with its workout routes (ingest/apple_routes.py).

export.xml is our own few lines in the shape of formats.md §4 (a ``<HealthData>`` root); the
route is a GPX written here. Attaching a route's streams is tested on the corpus in
tests/ingest/test_apple_health.py and through the importer in tests/app/test_import_joins.py.
"""

from __future__ import annotations

from pathlib import Path

from recoverwell.ingest.apple_health import AppleHealthReader
from recoverwell.ingest.apple_routes import ROUTES_FOLDER, AppleExport, AppleRoutes
from recoverwell.ingest.archive import iter_members
from recoverwell.ingest.joins import ExportBatch, Joined, Skip
from recoverwell.ingest.registry import sniff_head

EXPORT_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n</HealthData>\n'


def _export(tmp_path: Path) -> list:
    root = tmp_path / "apple_health_export"
    (root / ROUTES_FOLDER).mkdir(parents=True)
    (root / "export.xml").write_text(EXPORT_XML)
    (root / ROUTES_FOLDER / "route_2019-06-11_3.00pm.gpx").write_text("<gpx/>")
    return [m for p in sorted(root.rglob("*")) if p.is_file() for m in iter_members(p)]


def test_export_xml_is_planned_with_its_routes_and_the_routes_are_skipped(tmp_path: Path) -> None:
    members = _export(tmp_path)
    export_xml = next(m for m in members if m.name.endswith("export.xml"))
    route = next(m for m in members if m.name.endswith(".gpx"))
    reader = AppleHealthReader()
    plan = AppleExport(reader).plan(export_xml, ExportBatch(members, sniff_head))
    assert plan is not None
    joined, skip = plan
    routes = ((f"{ROUTES_FOLDER}/route_2019-06-11_3.00pm.gpx", route),)
    assert joined == Joined(export_xml, AppleRoutes(routes, reader))
    assert skip == Skip(route, "workout route, read with export.xml")
    assert joined.join.identity() == b"routes:workout-routes/route_2019-06-11_3.00pm.gpx"


def test_only_an_apple_export_xml_is_claimed(tmp_path: Path) -> None:
    members = _export(tmp_path)
    route = next(m for m in members if m.name.endswith(".gpx"))
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?><gpx version="1.1"/>')
    (not_apple,) = iter_members(other)
    join = AppleHealthReader().traits.join
    assert isinstance(join, AppleExport)
    batch = ExportBatch([*members, not_apple], sniff_head)
    assert join.plan(route, batch) is None  # a .gpx: not export.xml
    assert join.plan(not_apple, batch) is None  # XML, not HealthData
