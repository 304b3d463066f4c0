"""TCX reader: multisport, the laps' own totals, trackpoints without GPS, extensions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.tcx import TcxReader
from tests.ingest.corpus_helpers import source_of

RUNALYZE = "Runalyze__Runalyze/tests/testfiles/tcx/"
READER = TcxReader()

TWO_LAPS = b"""<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
<Activities><Activity Sport="Running"><Id>2024-05-01T06:00:00Z</Id>
<Lap StartTime="2024-05-01T06:00:00Z"><TotalTimeSeconds>300</TotalTimeSeconds>
 <DistanceMeters>1000</DistanceMeters><Calories>70</Calories>
 <AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm>
 <MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>
 <TriggerMethod>Distance</TriggerMethod>
 <Track>
  <Trackpoint><Time>2024-05-01T06:00:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm>
   <Extensions><ns3:TPX><ns3:RunCadence>85</ns3:RunCadence><ns3:Speed>3.2</ns3:Speed>
   <ns3:Watts>250</ns3:Watts></ns3:TPX></Extensions></Trackpoint>
  <Trackpoint><Time>2024-05-01T06:05:00Z</Time><DistanceMeters>990</DistanceMeters></Trackpoint>
 </Track></Lap>
<Lap StartTime="2024-05-01T06:06:00Z"><TotalTimeSeconds>100</TotalTimeSeconds>
 <DistanceMeters>400</DistanceMeters>
 <AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm>
 <MaximumHeartRateBpm><Value>170</Value></MaximumHeartRateBpm>
 <Track><Trackpoint><Time>2024-05-01T06:07:40Z</Time></Trackpoint></Track></Lap>
</Activity></Activities></TrainingCenterDatabase>"""


def _read(path: Path, strict: bool = False):
    return READER.read(source_of(path.name, path.read_bytes()), strict=strict)


def test_totals_are_the_laps_own_not_recomputed_from_trackpoints() -> None:
    (activity,) = READER.read(source_of("two.tcx", TWO_LAPS)).activities
    assert activity.sport is Sport.RUNNING
    assert activity.moving_s == 300 + 100
    assert activity.distance_m == 1000 + 400  # not the trackpoints' 990
    assert activity.calories_kcal == 70
    assert activity.avg_hr_bpm == pytest.approx((140 * 300 + 160 * 100) / (300 + 100))
    assert activity.max_hr_bpm == 170
    assert activity.elapsed_s == 7 * 60 + 40  # first lap start → last trackpoint
    assert [lap.trigger for lap in activity.laps] == ["Distance", None]
    s = activity.streams
    assert s.cadence_spm[0] == 2 * 85 and s.speed_m_s[0] == 3.2 and s.power_w[0] == 250


def test_a_multisport_session_gives_one_activity_per_sport(corpus: Path) -> None:
    result = _read(corpus / "raw" / RUNALYZE / "Multisport.tcx")
    assert [a.sport for a in result.activities] == [Sport.CYCLING, Sport.RUNNING, Sport.CYCLING]


def test_trackpoints_without_a_position_are_kept(corpus: Path) -> None:
    (activity,) = _read(corpus / "raw" / RUNALYZE / "Indoor-Training.tcx").activities
    assert activity.streams.lat_deg is None
    assert len(activity.streams) == 258 and np.isfinite(activity.streams.hr_bpm).any()


def test_power_without_a_namespace_is_read(corpus: Path) -> None:
    path = corpus / "raw" / RUNALYZE / "watt-extension-without-namespace.tcx"
    (activity,) = _read(path).activities
    assert activity.streams.power_w is not None


def test_a_course_is_not_an_activity(corpus: Path) -> None:
    with pytest.raises(ParseError, match=r"Route-only\.tcx: no recorded activity"):
        _read(corpus / "raw" / RUNALYZE / "Route-only.tcx")


def test_untimed_trackpoints_are_reported_or_refused_when_strict() -> None:
    data = TWO_LAPS.replace(b"<Time>2024-05-01T06:05:00Z</Time>", b"")
    result = READER.read(source_of("t.tcx", data))
    (issue,) = result.issues
    assert issue.count == 1 and issue.field == "Time"
    with pytest.raises(ParseError) as caught:
        READER.read(source_of("t.tcx", data), strict=True)
    assert caught.value.record == "activity 1"


def test_sniffing_wants_a_training_center_root() -> None:
    assert READER.sniff(TWO_LAPS[:1024], "x")
    assert not READER.sniff(b"<?xml version='1.0'?><gpx>", "x.tcx")
