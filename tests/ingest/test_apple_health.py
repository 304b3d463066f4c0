import io
import zipfile
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, SampleStreams, Sport
from recoverwell.core.units import M_PER_MI, kcal_from_kj, kg_from_lb, ml_from_fl_oz
from recoverwell.ingest.apple_health import (
    AppleHealthReader,
    SanitisingStream,
    attach_route,
    attach_routes,
    parse_apple_time,
)
from recoverwell.ingest.base import IssueAction, Source

FIXTURES = Path(__file__).parent / "fixtures"
DOGSHEEP = "exports/apple_health/dogsheep__healthkit-to-sqlite/tests"
WATCH = "apple_health:Ana\u2019s Apple\u00a0Watch"


def read(path, strict=False):
    reader = AppleHealthReader()
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read_with_routes(Source(str(path), lambda: path.open("rb")), strict=strict)


def obs(result, signal, source):
    (found,) = [o for o in result.observations if o.signal == signal and o.source == source]
    return found


def test_dogsheep_export_workout_uses_hk_timezone_and_inline_route(corpus):
    result, routes = read(corpus / DOGSHEEP / "export.xml")
    (run,) = result.activities
    assert run.sport is Sport.RUNNING and routes == {}
    # "2016-11-14 07:25:41 -0700" was written at export time (PDT); Los Angeles is -0800 then
    assert run.start_time.hour == 6 and run.utc_offset_s == -8 * 3600
    assert run.distance_m == pytest.approx(0.4971749504535062 * M_PER_MI)
    assert run.elapsed_s == pytest.approx(5.19412346680959 * 60)
    assert run.calories_kcal == pytest.approx(48.745)
    assert run.device == "Apple\u00a0Watch"
    assert len(run.streams) == 2 and run.streams.lat_deg[0] == pytest.approx(37.7777)
    assert result.observations == ()  # BMI and heart-rate samples are not daily signals we read


def test_zip_contents_variant_returns_the_route_file_for_the_importer(corpus):
    result, routes = read(corpus / DOGSHEEP / "zip_contents/apple_health_export/export.xml")
    assert routes == {0: "workout-routes/route_2019-06-11_3.00pm.gpx"}
    assert result.activities[0].streams is None
    path = corpus / DOGSHEEP / "zip_contents/apple_health_export/export.xml"
    plain = AppleHealthReader().read(Source(str(path), lambda: path.open("rb")))
    (note,) = plain.issues  # read() alone says the route was not attached
    assert note.action is IssueAction.NOTED and "1 workout routes" in note.message


def test_ios16_export_with_broken_dtd_and_control_characters_is_read():
    result, routes = read(FIXTURES / "apple_health_ios16.xml")
    day = date(2023, 5, 10)
    assert obs(result, "rhr_bpm", WATCH).value == 46
    sdnn = obs(result, "hrv_sdnn_ms", WATCH)
    assert (sdnn.value, sdnn.context, sdnn.day) == ((60 + 40) / 2, "spot", day)
    assert obs(result, "hrv_sdnn_ms", "apple_health:Welltory").value == 71.5
    mass = obs(result, "body_mass_kg", "apple_health:Withings Scale")
    assert mass.value == pytest.approx(kg_from_lb(130))  # the morning reading, not the evening
    assert obs(result, "energy_kcal", "apple_health:MyFitnessPal").value == pytest.approx(
        600 + kcal_from_kj(4184)
    )
    assert obs(result, "carbohydrate_g", "apple_health:MyFitnessPal").value == 90  # not 180
    assert obs(result, "fluid_ml", "apple_health:WaterMinder").value == pytest.approx(
        ml_from_fl_oz(16) + 500
    )
    assert obs(result, "mindful_min", "apple_health:Headspace").value == 10
    issues = {i.action: i for i in result.issues if i.record is None}
    assert "DTD" in issues[IssueAction.NOTED].message
    assert issues[IssueAction.REPAIRED].message.startswith("2 XML-illegal control")
    dropped = {i.field for i in result.issues if i.action is IssueAction.DROPPED}
    assert dropped == {"HKQuantityTypeIdentifierDietaryWater", "startDate"}
    (run,) = result.activities
    assert (run.distance_m, run.calories_kcal, run.avg_hr_bpm, run.max_hr_bpm) == (
        12_500,
        650,
        148,
        171,
    )
    assert run.elapsed_s == 50 * 60 and routes == {0: "workout-routes/route_2023-05-12_7.50am.gpx"}


def test_ios16_sleep_stages_merge_per_source_and_are_never_summed_across_sources():
    result, _ = read(FIXTURES / "apple_health_ios16.xml")
    watch = [p for p in result.sleep if p.source == WATCH]
    night, nap = sorted(watch, key=lambda p: p.is_nap)
    assert night.wake_day == date(2023, 5, 11) and not night.is_nap
    assert night.in_bed_min == 7.5 * 60  # 23:00 → 06:30 InBed
    assert (night.light_min, night.deep_min, night.rem_min) == (120 + 120, 60, 120)
    assert night.asleep_min == 240 + 60 + 120 and night.awake_min == 10 and night.awakenings == 1
    assert nap.is_nap and nap.asleep_min == 30
    (pillow,) = [p for p in result.sleep if p.source == "apple_health:Pillow"]
    assert pillow.asleep_min == 6.5 * 60 and pillow.deep_min is None


def test_strict_mode_raises_on_the_unreadable_record():
    with pytest.raises(ParseError, match="element 15"):
        read(FIXTURES / "apple_health_ios16.xml", strict=True)


def test_export_xml_streams_straight_out_of_export_zip(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIXTURES / "apple_health_ios16.xml", "apple_health_export/export.xml")
    zf = zipfile.ZipFile(archive)
    source = Source(
        "export.zip!apple_health_export/export.xml",
        lambda: zf.open("apple_health_export/export.xml"),
    )
    result = AppleHealthReader().read(source)
    assert len(result.activities) == 1 and len(result.sleep) == 3


def test_truncated_xml_is_a_parse_error_with_the_line():
    text = (FIXTURES / "apple_health_ios16.xml").read_bytes()[:-400]
    source = Source("export.xml", lambda: io.BytesIO(text))
    with pytest.raises(ParseError, match=r"export.xml, record line \d+"):
        AppleHealthReader().read(source)


def test_sanitiser_drops_only_the_doctype_and_control_bytes():
    raw = (
        b'<?xml version="1.0"?>\n<!DOCTYPE H [\n<!ATTLIST V a CDATA #REQUIRED\n]>\n<H a="x\x0by"/>'
    )
    stream = SanitisingStream(io.BytesIO(raw), "x.xml")
    assert stream.read() == b'<?xml version="1.0"?>\n\n<H a="xy"/>'
    assert stream.control_bytes == 1 and stream.dtd_bytes > 0
    with pytest.raises(ParseError, match="unterminated"):
        SanitisingStream(io.BytesIO(b"<!DOCTYPE H [ <!ELEMENT"), "y.xml").read()


def test_apple_times_keep_their_offset():
    assert parse_apple_time("2016-11-14 07:25:41 -0700").utcoffset() == timedelta(hours=-7)
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_apple_time("2016-11-14 07:25:41")


def test_a_route_read_from_gpx_is_attached_with_times_from_the_workout_start():
    result, routes = read(FIXTURES / "apple_health_ios16.xml")
    workout = result.activities[0]
    gpx = Activity(
        workout.start_time + timedelta(seconds=5),
        Sport.RUNNING,
        10.0,
        streams=SampleStreams(time_s=np.array([0.0, 1.0]), lat_deg=np.array([51.5, 51.5])),
    )
    assert attach_route(workout, gpx).streams.time_s.tolist() == [5.0, 6.0]
    attached = attach_routes(result, routes, lambda path: gpx if path in routes.values() else None)
    assert attached.activities[0].streams is not None


def test_the_day_of_a_value_without_hk_timezone_is_taken_in_the_given_zone(tmp_path):
    # exported in July (-0600): a January 23:30 MST reading is written "00:30 -0600" next day
    path = tmp_path / "export.xml"
    path.write_text(
        '<HealthData><Record type="HKQuantityTypeIdentifierRestingHeartRate" sourceName="W" '
        'unit="count/min" value="44" startDate="2023-01-16 00:30:00 -0600" '
        'endDate="2023-01-16 00:30:00 -0600"/></HealthData>'
    )
    source = Source(str(path), lambda: path.open("rb"))
    (alone,) = AppleHealthReader().read(source).observations
    (placed,) = AppleHealthReader().read(source, tz=ZoneInfo("America/Denver")).observations
    assert alone.day == date(2023, 1, 16)  # without a zone, only the export's offset is known
    assert placed.day == date(2023, 1, 15)
