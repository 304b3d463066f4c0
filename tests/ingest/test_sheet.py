import dataclasses
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from recoverwell.core.errors import ConfigError, ParseError
from recoverwell.ingest.base import Source
from recoverwell.ingest.sheet import SheetMapping, SheetReader, shipped_mappings

FIXTURES = Path(__file__).parent / "fixtures"


def source(path):
    return Source(str(path), lambda: path.open("rb"), path.stat().st_size)


def reader(key):
    return SheetReader(shipped_mappings()[key], key)


def values(result):
    return {(o.day, o.signal): o.value for o in result.observations}


def test_shipped_mappings_load_and_claim_their_own_files_only():
    mappings = shipped_mappings()
    assert set(mappings) == {"intervals_icu_wellness", "pmsys_wellness", "pmsys_srpe"}
    head = (FIXTURES / "intervals_wellness.csv").read_bytes()[:1024]
    assert reader("intervals_icu_wellness").sniff(head, "wellness.csv")
    assert not reader("pmsys_wellness").sniff(head, "wellness.csv")
    assert not reader("pmsys_srpe").sniff(b"PK\x03\x04...", "log.xlsx")


def test_intervals_icu_wellness_converts_units_and_keeps_codes_raw():
    result = reader("intervals_icu_wellness").read(source(FIXTURES / "intervals_wellness.csv"))
    got = values(result)
    assert got[(date(2024, 3, 1), "rhr_bpm")] == 44
    assert got[(date(2024, 3, 1), "hrv_rmssd_ms")] == 72.5
    assert got[(date(2024, 3, 1), "hrv_sdnn_ms")] == 80.1
    assert got[(date(2024, 3, 1), "sleep_total_min")] == 27000 / 60
    assert got[(date(2024, 3, 1), "icu_soreness")] == 2
    assert got[(date(2024, 3, 2), "body_mass_kg")] == 61.0
    assert (date(2024, 3, 2), "hrv_rmssd_ms") not in got
    assert {(i.record, i.field) for i in result.issues} == {(4, "date"), (5, "hrv")}
    assert got[(date(2024, 3, 4), "rhr_bpm")] == 47  # the rest of the bad row is kept
    assert result.observations[0].source == "intervals_icu"


def test_pmsys_wellness_day_is_the_date_of_the_utc_timestamp_and_hours_become_minutes():
    result = reader("pmsys_wellness").read(source(FIXTURES / "pmsys_wellness.csv"))
    got = values(result)
    assert got[(date(2019, 11, 1), "sleep_total_min")] == 6 * 60
    assert got[(date(2019, 11, 2), "sleep_total_min")] == 7.5 * 60
    assert got[(date(2019, 11, 1), "pmsys_readiness")] == 5
    (bad,) = result.issues  # soreness 9 on a 1–5 scale
    assert bad.record == 3 and bad.field == "pmsys_soreness"


@pytest.mark.reference(source="Foster 2001 session-RPE load = CR-10 RPE × duration (min)")
def test_pmsys_srpe_sums_the_days_load_and_keeps_the_hardest_session():
    result = reader("pmsys_srpe").read(source(FIXTURES / "pmsys_srpe.csv"))
    got = values(result)
    assert got[(date(2019, 11, 5), "srpe_load_au")] == 7 * 30 + 4 * 60
    assert got[(date(2019, 11, 5), "session_rpe")] == 7
    assert (date(2019, 11, 6), "srpe_load_au") not in got
    with pytest.raises(ParseError, match="record 4, field 'perceived_exertion'"):
        reader("pmsys_srpe").read(source(FIXTURES / "pmsys_srpe.csv"), strict=True)


def test_an_xlsx_sheet_with_a_user_mapping(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "Log"
    ws.append(["Day", "Weight (lb)", "Morning HR", "Notes"])
    ws.append([date(2024, 5, 1), 132.0, 45, "ok"])
    ws.append(["02/05/2024", 131.0, None, None])
    ws.append(["someday", 131.0, 44, None])
    path = tmp_path / "training log.xlsx"
    book.save(path)
    mapping = SheetMapping.from_toml(
        'name = "my log"\nsource = "my_sheet"\ndate_column = "Day"\ndate_format = "%d/%m/%Y"\n'
        'files = ["training log*.xlsx"]\nsheet = "Log"\n'
        '[[columns]]\ncolumn = "Weight (lb)"\nsignal = "body_mass_kg"\nunit = "lb"\n'
        'aggregate = "first"\n'
        '[[columns]]\ncolumn = "Morning HR"\nsignal = "rhr_bpm"\n',
        "my.toml",
    )
    sheet = SheetReader(mapping, "my_log")
    assert sheet.sniff(path.read_bytes()[:1024], path.name)
    result = sheet.read(source(path))
    got = values(result)
    assert got[(date(2024, 5, 1), "body_mass_kg")] == pytest.approx(132 * 0.45359237)
    assert got[(date(2024, 5, 2), "body_mass_kg")] == pytest.approx(131 * 0.45359237)
    assert got[(date(2024, 5, 1), "rhr_bpm")] == 45
    assert [(i.record, i.field) for i in result.issues] == [(4, "Day")]
    other = SheetReader(dataclasses.replace(mapping, sheet="Summary"))
    with pytest.raises(ParseError, match="no sheet 'Summary'"):
        other.read(source(path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"', "needs a top-level source"),
        (
            'name="x"\nsource="s"\ndate_column="d"\n[[columns]]\ncolumn="a"\nsignal="hrv_magic"',
            "unknown signal",
        ),
        (
            'name="x"\nsource="s"\ndate_column="d"\n[[columns]]\ncolumn="a"\nsignal="rhr_bpm"\n'
            'aggregate="median"',
            "aggregate",
        ),
        (
            'name="x"\nsource="s"\ndate_column="d"\n[[columns]]\ncolumn="a"\nsignal="body_mass_kg"'
            '\nunit="km"',
            "cannot convert",
        ),
        ("name = [", "not valid TOML"),
        # longer than the store's columns (PostgreSQL would refuse every value of the file)
        (
            f'name="x"\nsource="{"s" * 65}"\ndate_column="d"\n[[columns]]\ncolumn="a"\n'
            'signal="rhr_bpm"',
            "source .* longer than 64",
        ),
        (
            'name="x"\nsource="s"\ndate_column="d"\n[[columns]]\ncolumn="a"\nsignal="rhr_bpm"\n'
            f'context="{"c" * 33}"',
            "context .* longer than 32",
        ),
    ],
)
def test_bad_mapping_files_are_config_errors_naming_the_file(text, message):
    with pytest.raises(ConfigError, match=message):
        SheetMapping.from_toml(text, "bad.toml")


MAPPING = """name = "My log"
source = "my_log"
date_column = "Day"

[[columns]]
column = "HRV"
signal = "hrv_rmssd_ms"

[[columns]]
column = "Weight"
signal = "body_mass_kg"
unit = "lb"

[[columns]]
column = "Legs"
signal = "hooper_sorenes"
"""


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('signal = "hooper_sorenes"', 'signal = "hooper_sorenes"', "bad.toml, line 16:"),
        ('unit = "lb"', 'unit = "furlong"', "bad.toml, line 12:"),
        ('column = "HRV"', "column = 7", "bad.toml, line 6:"),
        ('signal = "hrv_rmssd_ms"', 'signal = "hrv_rmssd_ms"\naggregate = "median"', "line 8:"),
    ],
)
def test_a_mapping_mistake_names_its_line(old, new, where):
    text = MAPPING.replace(old, new)
    if old != new:  # the other entries are right: only the changed one is reported
        text = text.replace('"hooper_sorenes"', '"hooper_soreness"')
    with pytest.raises(ConfigError) as caught:
        SheetMapping.from_toml(text, "bad.toml")
    assert where in str(caught.value)


def test_a_broken_xlsx_is_a_parse_error_naming_the_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    mapping = SheetMapping.from_toml(
        'name="x"\nsource="s"\ndate_column="d"\n[[columns]]\ncolumn="a"\nsignal="rhr_bpm"\n', "x"
    )
    with pytest.raises(ParseError, match=r"broken\.xlsx: not a readable XLSX"):
        SheetReader(mapping).read(source(path))


def test_a_semicolon_csv_from_a_decimal_comma_locale_keeps_its_decimals(tmp_path):
    # Excel in Denmark, Germany, France… saves CSV with ";" and decimal commas: "1,5" litres is
    # 1.5 L (1500 mL), not 15 L, and "72,4" kg is 72.4 kg (formats.md §16.1: ";" → "," decimals)
    path = tmp_path / "log.csv"
    path.write_text("Dato;Vægt;Væske (L);Hvilepuls\n2024-05-01;72,4;1,5;44\n", encoding="utf-8")
    mapping = SheetMapping.from_toml(
        'name = "min log"\nsource = "my_sheet"\ndate_column = "Dato"\n'
        '[[columns]]\ncolumn = "Vægt"\nsignal = "body_mass_kg"\n'
        '[[columns]]\ncolumn = "Væske (L)"\nsignal = "fluid_ml"\nunit = "l"\n'
        '[[columns]]\ncolumn = "Hvilepuls"\nsignal = "rhr_bpm"\n',
        "min.toml",
    )
    result = SheetReader(mapping, "min").read(source(path))
    got = values(result)
    day = date(2024, 5, 1)
    assert got[(day, "body_mass_kg")] == pytest.approx(72.4)
    assert got[(day, "fluid_ml")] == pytest.approx(1500)
    assert got[(day, "rhr_bpm")] == 44
    assert result.issues == ()


def test_mapping_text_limits_are_the_store_columns():
    from recoverwell.ingest.sheet import CONTEXT_MAX_CHARS, SOURCE_MAX_CHARS
    from recoverwell.store.schema import daily_observations

    assert daily_observations.c.source.type.length == SOURCE_MAX_CHARS
    assert daily_observations.c.context.type.length == CONTEXT_MAX_CHARS
