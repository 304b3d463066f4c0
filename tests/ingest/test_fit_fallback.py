"""The fitdecode backend: salvage, CRC warnings, Connect IQ fields, first-non-None fields."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from recoverwell.ingest.fit_decode import RECORD_FIELDS, decode_fit
from recoverwell.ingest.fit_fallback import decode_with_fitdecode

PF = "dtcooper__python-fitparse/tests/files/"


def _read(corpus: Path, rel: str) -> bytes:
    return (corpus / "raw" / rel).read_bytes()


def test_a_truncated_file_is_salvaged_up_to_the_break(corpus: Path) -> None:
    fit = decode_fit(_read(corpus, PF + "nick.fit"))
    assert fit.backend == "fitdecode"
    assert fit.salvaged is not None
    assert fit.n_records == 14391  # parsers.md §1: fitdecode streams 14,391 records first


def test_an_undefined_local_message_is_salvaged_up_to_the_break(corpus: Path) -> None:
    fit = decode_fit(_read(corpus, PF + "strava-android-app-201.10-b1218918.fit"))
    assert fit.salvaged is not None and fit.n_records == 473


def test_a_bad_file_crc_is_reported_not_swallowed(corpus: Path) -> None:
    fit = decode_fit(_read(corpus, PF + "activity-filecrc.fit"))
    assert fit.crc_error is not None and "CRC" in fit.crc_error
    assert fit.n_records == 14


@pytest.mark.parametrize("backend", ["fitfast", "fitdecode"])
def test_connect_iq_fields_that_declare_a_native_field_replace_it(
    corpus: Path, backend: str
) -> None:
    data = _read(corpus, "Runalyze__Runalyze/tests/testfiles/fit/swim-pool-via-iq.fit")
    fit = decode_fit(data, backend=backend)
    assert fit.sessions[0]["total_distance"] == 1250.0  # native field says 0 (parsers.md §4)
    assert "session.total_distance" in fit.developer_overrides


@pytest.mark.parametrize(
    ("rel", "filled"),
    [
        ("Runalyze__Runalyze/tests/testfiles/fit/garmin-runPower-2.fit", ["power"]),
        ("Runalyze__Runalyze/tests/testfiles/fit/FR920xt-with-Stryd.fit", ["power", "heart_rate"]),
        ("GoldenCheetah__GoldenCheetah/test/rowing/RowingCIQspeed.FIT", ["power", "speed"]),
        (PF + "developer-types-sample.fit", []),
        (PF + "DeveloperData.fit", []),
    ],
)
def test_both_backends_fill_the_same_channels_from_connect_iq_fields(
    corpus: Path, rel: str, filled: list[str]
) -> None:
    data = _read(corpus, rel)
    slow = decode_with_fitdecode(data, reason="test")
    fast = decode_fit(data, backend="fitfast")
    assert slow.developer_fills == fast.developer_fills
    assert [f.split()[0].removeprefix("record.") for f in fast.developer_fills] == filled
    for name in filled:
        np.testing.assert_allclose(slow.records[name], fast.records[name], rtol=1e-6)
    assert set(fast.records) <= set(RECORD_FIELDS)  # developer columns themselves are not kept


@pytest.mark.parametrize(
    "rel",
    [
        "GoldenCheetah__GoldenCheetah/test/coretemp/FR55-CoreTemp-Walk.fit",
        "Runalyze__Runalyze/tests/testfiles/fit/Zwift-bad-training-effect.fit",
        "Runalyze__Runalyze/tests/testfiles/fit/hr-only-zeros.fit",
    ],
)
def test_duplicate_field_names_keep_the_real_value(corpus: Path, rel: str) -> None:
    data = _read(corpus, rel)
    slow = decode_with_fitdecode(data, reason="test")
    fast = decode_fit(data, backend="fitfast")
    for name in ("distance", "speed", "altitude"):
        if name in fast.records:
            np.testing.assert_allclose(slow.records[name], fast.records[name], atol=2e-3)
