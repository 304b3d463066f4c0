"""Hardened XML: entity bombs and external entities are refused, times are read as UTC."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.ingest.xmlsafe import child_text, iter_end, local, parse_time, to_float

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<gpx><trk><name>&lol9;</name></trk></gpx>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<gpx><trk><name>&secret;</name></trk></gpx>"""


def _all(data: bytes) -> list[str]:
    return [local(e.tag) for e in iter_end(io.BytesIO(data), "evil.gpx")]


def test_a_billion_laughs_file_is_refused() -> None:
    with pytest.raises(ParseError, match=r"evil\.gpx: unsafe XML refused"):
        _all(BILLION_LAUGHS)


def test_an_external_entity_is_refused() -> None:
    with pytest.raises(ParseError, match="unsafe XML refused"):
        _all(EXTERNAL)


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        _all(b"<gpx>\n<trk>\n</gpx>")
    assert caught.value.record == "line 3"


def test_elements_come_at_their_end_tag() -> None:
    assert _all(b"<a xmlns='urn:x'><b>1</b><c/></a>") == ["b", "c", "a"]


def test_times_without_a_zone_are_utc_and_zones_are_kept() -> None:
    assert parse_time("2019-06-11T22:00:42Z") == datetime(2019, 6, 11, 22, 0, 42, tzinfo=UTC)
    assert parse_time("2019-06-11T22:00:42") == datetime(2019, 6, 11, 22, 0, 42, tzinfo=UTC)
    plus2 = parse_time("2019-06-11T22:00:42.5+02:00")
    assert plus2 is not None and plus2.utcoffset() == timedelta(hours=2)
    assert plus2.tzinfo == timezone(timedelta(hours=2))
    assert parse_time("yesterday") is None and parse_time(None) is None


def test_numbers_and_children_are_read_leniently() -> None:
    import xml.etree.ElementTree as ET

    element = ET.fromstring("<Lap><TotalTimeSeconds>12.5</TotalTimeSeconds></Lap>")
    assert child_text(element, "TotalTimeSeconds") == "12.5"
    assert child_text(element, "Calories") is None
    assert to_float("12.5") == 12.5
    assert to_float("n/a") != to_float("n/a")  # NaN
