"""GPX reader: extensions (Garmin v1/v2, Cluetrust, SportTracks, Apple, no namespace), sports,
routes, untimed points."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.base import IssueAction
from recoverwell.ingest.gpx import GpxReader, gpx_sport
from recoverwell.ingest.registry import read_source
from tests.ingest.corpus_helpers import source_of

RUNALYZE = "Runalyze__Runalyze/tests/testfiles/gpx/"
APPLE = (
    "exports/apple_health/dogsheep__healthkit-to-sqlite/tests/zip_contents/"
    "apple_health_export/workout-routes/route_2019-06-11_3.00pm.gpx"
)
READER = GpxReader()


def _read(path: Path, strict: bool = False):
    return READER.read(source_of(path.name, path.read_bytes()), strict=strict)


def test_garmin_trackpoint_extension_gives_hr_and_step_cadence(corpus: Path) -> None:
    (activity,) = _read(corpus / "raw" / RUNALYZE / "garmin-ns3-extension.gpx").activities
    assert activity.sport is Sport.RUNNING
    s = activity.streams
    assert s.hr_bpm is not None and np.isfinite(s.hr_bpm).all()
    assert s.cadence_spm[:3].tolist() == [2 * 58, 2 * 74, 2 * 89]  # ns3:cad is per foot


def test_heart_rate_is_kept_where_gpxpy_loses_it(corpus: Path) -> None:
    # parsers.md §6: gpxpy drops all 46 HR values of this GPX 1.0-rooted, 1.1-namespaced file
    (activity,) = _read(corpus / "raw" / RUNALYZE / "hr-not-always-there.gpx").activities
    assert np.count_nonzero(np.isfinite(activity.streams.hr_bpm)) == 46


def test_apple_workout_routes_give_speed_and_the_creator(corpus: Path) -> None:
    (activity,) = _read(corpus / APPLE).activities
    assert activity.device == "Apple Health Export"
    assert activity.streams.speed_m_s.tolist() == [0.180883, 0.116181, 0.054395]
    assert activity.sport is Sport.OTHER  # the sport is in export.xml, not in the route


def test_strava_numeric_types_are_understood(corpus: Path) -> None:
    path = corpus / "raw/GoldenCheetah__sweatpy/sweat/examples/data/4078723797_strava.gpx"
    (activity,) = read_source(source_of(path.name, path.read_bytes())).activities
    assert activity.sport is Sport.CYCLING and activity.device == "StravaGPX"
    assert activity.distance_m == pytest.approx(57_567, rel=0.01)  # the FIT session says


def test_a_route_without_a_recorded_track_is_refused(corpus: Path) -> None:
    with pytest.raises(ParseError, match=r"route\.gpx.*no recorded track: a route") as caught:
        _read(corpus / "raw/tkrajina__gpxpy/test_files/route.gpx")
    assert caught.value.field == "trk"


def test_points_without_time_are_dropped_and_reported_or_refused_when_strict(
    corpus: Path,
) -> None:
    path = corpus / "raw/tkrajina__gpxpy/test_files/cerknicko-without-times.gpx"
    points = ET.parse(path).getroot().iter("{http://www.topografix.com/GPX/1/0}trkpt")
    timed = [p.find("{http://www.topografix.com/GPX/1/0}time") is not None for p in points]
    result = _read(path)
    (issue,) = result.issues
    assert issue.action is IssueAction.DROPPED and issue.field == "time"
    assert issue.count == timed.count(False)
    assert len(result.activities[0].streams) == timed.count(True) > 0
    with pytest.raises(ParseError) as caught:
        _read(path, strict=True)
    assert caught.value.field == "time" and caught.value.record == issue.record


def test_all_tracks_of_a_file_make_one_activity_in_time_order(corpus: Path) -> None:
    (activity,) = _read(corpus / "raw/tkrajina__gpxpy/test_files/cerknicko-jezero.gpx").activities
    assert len(activity.streams) == 173 + 52 + 2 + 44 + 2 + 2 + 21
    assert np.all(np.diff(activity.streams.time_s) >= 0)


def test_sniffing_wants_a_gpx_root() -> None:
    assert READER.sniff(b"<?xml version='1.0'?>\n<gpx version='1.1'>", "x")
    assert READER.sniff(b"<gpx:gpx xmlns:gpx='http://www.topografix.com/GPX/1/1'>", "x")
    assert not READER.sniff(b"<?xml version='1.0'?><TrainingCenterDatabase>", "x.gpx")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("running", (Sport.RUNNING, None)),
        ("9", (Sport.RUNNING, None)),  # Strava's codes: pR0Ps/stravaweblib webclient.py
        ("1", (Sport.CYCLING, None)),
        ("16", (Sport.SWIMMING, None)),
        ("4", (Sport.HIKING, None)),
        ("10", (Sport.WALKING, None)),
        ("Road Biking", (Sport.CYCLING, None)),
        ("kayaking", (Sport.OTHER, "kayaking")),
        (None, (Sport.OTHER, None)),
    ],
)
def test_gpx_types_map_to_sports(text, expected) -> None:
    assert gpx_sport(text) == expected


def test_a_minimal_track_reads_with_derived_totals() -> None:
    gpx = b"""<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>
    <trkpt lat="0" lon="0.001"><ele>10</ele><time>2024-05-01T06:00:00Z</time></trkpt>
    <trkpt lat="0" lon="0.002"><ele>12</ele><time>2024-05-01T06:00:30Z</time></trkpt>
    </trkseg></trk></gpx>"""
    (activity,) = read_source(source_of("m.gpx", gpx)).activities
    assert activity.elapsed_s == 30.0
    # 0.001° of longitude on the equator = 6,371,008.8 m × π/180 × 0.001
    assert activity.distance_m == pytest.approx(6_371_008.8 * np.pi / 180 * 0.001, rel=1e-9)
    assert activity.ascent_m == 2.0


# Runalyze GpxTest.php:47-73, its own example of Cluetrust gpxdata extensions
GPXDATA = b"""<?xml version="1.0" encoding="UTF-8"?>
<gpx xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">
<trk><trkseg>
<trkpt lat="50.7749991026" lon="6.1125158798"><ele>275</ele><time>2013-02-04T20:38:10Z</time>
<extensions><gpxdata:hr>125</gpxdata:hr><gpxdata:temp>28</gpxdata:temp>
<gpxdata:cadence>90</gpxdata:cadence></extensions></trkpt>
<trkpt lat="50.7749992026" lon="6.1125158798"><ele>280</ele><time>2013-02-04T20:38:20Z</time>
<extensions><gpxdata:hr>120</gpxdata:hr><gpxdata:temp>26</gpxdata:temp>
<gpxdata:cadence>90</gpxdata:cadence></extensions></trkpt>
</trkseg></trk></gpx>"""


@pytest.mark.reference(source="Runalyze tests/inc/core/Parser/Activity/FileType/GpxTest.php:76-94")
def test_cluetrust_gpxdata_gives_heart_rate_and_cadence() -> None:
    (activity,) = read_source(source_of("gpxdata.gpx", GPXDATA)).activities
    s = activity.streams
    assert s.time_s.tolist() == [0, 10] and s.altitude_m.tolist() == [275, 280]
    assert s.hr_bpm.tolist() == [125, 120]
    assert s.cadence_spm.tolist() == [2 * 90, 2 * 90]  # no <type>: per-foot cadence as steps
    assert activity.avg_cadence_spm == 2 * 90 and activity.moving_s == 10


@pytest.mark.reference(source="Runalyze GpxTest.php:214-224 (Runalyze issue #2064)")
def test_movescount_mixed_garmin_and_cluetrust_extensions(corpus: Path) -> None:
    (activity,) = _read(corpus / "raw" / RUNALYZE / "Movescount-mixed-extensions.gpx").activities
    s = activity.streams
    assert s.hr_bpm[:3].tolist() == [108, 106, 104]  # gpxtpx:hr
    assert s.cadence_spm[:3].tolist() == [2 * 42, 2 * 5, 2 * 83]  # gpxdata:cadence
    assert s.speed_m_s[:2].tolist() == [0.5, 2.04210369240234]  # gpxdata:speed


@pytest.mark.reference(source="Runalyze GpxTest.php:96-122 (a-rival SpoQ, SportTracks extension)")
def test_a_sporttracks_heart_rate_track_gives_the_points_their_heart_rate(corpus: Path) -> None:
    result = _read(corpus / "raw" / RUNALYZE / "SpoQ.gpx")
    hr = result.activities[0].streams.hr_bpm
    assert hr.tolist() == [103, 105, 107, 109, 109, 111, 113, 119, 122, 132]  # st:heartRate bpm
    (note,) = [i for i in result.issues if i.field == "hr_bpm"]
    assert note.action is IssueAction.NOTED and "10 track points" in note.message


def test_a_sporttracks_sample_is_held_at_most_ten_seconds() -> None:
    gpx = b"""<gpx xmlns="http://www.topografix.com/GPX/1/1"
    xmlns:st="urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD">
    <extensions><st:activity><st:heartRateTrack>
    <st:heartRate time="2024-05-01T06:00:00Z" bpm="100"/>
    <st:heartRate time="2024-05-01T06:00:30Z" bpm="130"/>
    </st:heartRateTrack></st:activity></extensions>
    <trk><trkseg>
    <trkpt lat="0" lon="0.001"><time>2024-05-01T06:00:05Z</time></trkpt>
    <trkpt lat="0" lon="0.002"><time>2024-05-01T06:00:20Z</time></trkpt>
    <trkpt lat="0" lon="0.003"><time>2024-05-01T06:00:31Z</time></trkpt>
    </trkseg></trk></gpx>"""
    (activity,) = READER.read(source_of("st.gpx", gpx)).activities
    hr = activity.streams.hr_bpm
    assert hr[0] == 100 and np.isnan(hr[1]) and hr[2] == 130  # 20 s after a sample: none


def test_trackpoint_extension_v2_speed_and_garmin_power_extension(corpus: Path) -> None:
    path = corpus / "raw/GoldenCheetah__GoldenCheetah/test/rides/UrbanBiker2019-04-18_16-12.gpx"
    text = path.read_text()
    (activity,) = _read(path).activities
    s = activity.streams
    assert np.count_nonzero(np.isfinite(s.power_w)) == text.count("<gpxpx:PowerInWatts>")
    assert np.count_nonzero(np.isfinite(s.speed_m_s)) == text.count("<gpxtpx:speed>")
