from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.errors import ParseError
from recoverwell.core.types import SleepPeriod, Sport
from recoverwell.ingest.base import IssueAction
from recoverwell.ingest.localtime import floating
from recoverwell.ingest.tabular import (
    Collector,
    decode_text,
    mark_naps,
    normalise_name,
    parse_number,
    read_table,
    sniff_delimiter,
    sport_from_name,
)


def test_a_table_is_read_by_header_with_duplicates_html_and_cr_only_lines():
    text = '\ufeffA, Distance,<span title="x">Type</span>,Distance\r1,2,Run,3\r\r4,5,Ride,6\r'
    table = read_table(text, "f.csv")
    assert table.columns == ("A", "Distance", "Type", "Distance.1")
    assert [r.line for r in table.rows] == [2, 4]
    assert table.rows[1].get("Distance.1") == "6" and table.rows[0].get("Type") == "Run"


def test_missing_tokens_and_semicolon_files():
    table = read_table("a;b;c\n—;N/A;3,5\n", "f.csv")
    assert table.delimiter == ";"
    row = table.rows[0]
    assert row.get("a") is None and row.get("b") is None and row.get("zzz") is None
    assert parse_number(row.get("c"), decimal_comma=True) == 3.5
    assert row.first("a", "c") == "3,5"


def test_a_file_without_header_is_a_parse_error():
    with pytest.raises(ParseError, match=r"empty\.csv, record 1"):
        read_table("\n\n", "empty.csv")


def test_numbers_percent_thousands_and_refusals():
    assert parse_number(" 74% ") == 74
    assert parse_number("1,234.5") == 1234.5
    for bad in ("abc", "nan", "inf"):
        with pytest.raises(ValueError):
            parse_number(bad)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_parse_number_reads_back_any_formatted_float(x):
    assert parse_number(repr(x)) == x


def test_decode_falls_back_to_latin1_and_strips_the_bom():
    assert decode_text("\ufeffé".encode()) == "é"
    assert decode_text("°C".encode("latin-1")) == "°C"


def test_sniffing_picks_the_delimiter_with_most_cells():
    assert sniff_delimiter("a;b;c,d") == ";"
    assert sniff_delimiter("a\tb\tc") == "\t"
    assert normalise_name('  <span class="x">Start  Time</span> ') == "Start Time"


def test_collector_aggregates_identical_problems_and_checks_ranges():
    c = Collector("f.csv", "x")
    for line in (2, 3, 4):
        c.problem("bad", record=line, field="HR")
    c.add(date(2024, 1, 1), "rhr_bpm", 300, source="s", record=5)
    c.add(date(2024, 1, 1), "rhr_bpm", 50, source="s", record=6)
    c.add(date(2024, 1, 1), "rhr_bpm", 51, source="s", record=7)
    bad, out_of_range, second = c.issues
    assert (bad.record, bad.count) == (2, 3)
    assert out_of_range.field == "rhr_bpm" and "outside 25–120" in out_of_range.message
    assert second.action is IssueAction.NOTED
    assert [o.value for o in c.observations] == [50]
    assert c.observations[0].record_ref == "f.csv:6"


def test_strict_collector_raises_on_drops_but_not_on_notes():
    c = Collector("f.csv", "x", strict=True)
    c.note("fine")
    c.problem("repaired", action=IssueAction.REPAIRED)
    with pytest.raises(ParseError, match=r"f\.csv, record 9, field 'HR': bad"):
        c.problem("bad", record=9, field="HR")


def test_sport_names_from_vendors():
    assert sport_from_name("Treadmill") is Sport.RUNNING
    assert (
        sport_from_name("HKWorkoutActivityTypeCycling".removeprefix("HKWorkoutActivityType"))
        is Sport.CYCLING
    )
    assert sport_from_name("Yoga") is Sport.OTHER and sport_from_name(None) is Sport.OTHER


def test_the_longest_period_of_a_wake_day_is_the_main_sleep():
    t0 = floating(datetime(2024, 1, 1, 23))  # noqa: DTZ001
    night = SleepPeriod(t0, t0 + timedelta(hours=8), "s", wake_day=date(2024, 1, 2))
    nap = SleepPeriod(
        t0 + timedelta(hours=15), t0 + timedelta(hours=16), "s", wake_day=date(2024, 1, 2)
    )
    other = SleepPeriod(
        t0 + timedelta(hours=15), t0 + timedelta(hours=16), "t", wake_day=date(2024, 1, 2)
    )
    marked = mark_naps([nap, night, other])
    assert [p.is_nap for p in marked] == [True, False, False]


def test_decimal_comma_numbers_with_thousands_dots():
    # what Excel writes in a decimal-comma locale: "2.345,5" kcal is 2345.5, not 2.3455
    assert parse_number("2.345,5", decimal_comma=True) == 2345.5
    assert parse_number("1,5", decimal_comma=True) == 1.5
    assert parse_number("3.2263145", decimal_comma=True) == 3.2263145  # a "." decimal stays one
