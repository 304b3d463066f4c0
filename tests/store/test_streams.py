import numpy as np
import pytest

from recoverwell.core.errors import StoreError
from recoverwell.core.types import SampleStreams
from recoverwell.store.streams import decode_streams, encode_streams


def test_streams_round_trip_losslessly_with_nans_and_rr():
    rng = np.random.default_rng(1)
    streams = SampleStreams(
        time_s=np.arange(3600.0),
        hr_bpm=np.where(rng.random(3600) < 0.01, np.nan, rng.normal(150, 5, 3600)),
        speed_m_s=rng.normal(3.5, 0.2, 3600),
        lat_deg=40 + rng.random(3600) * 1e-3,
    )
    rr = rng.normal(900, 40, 500)
    encoded = encode_streams(streams, rr)
    assert (encoded.n_samples, encoded.n_rr, encoded.channels) == (
        3600,
        500,
        "time_s,hr_bpm,speed_m_s,lat_deg",
    )
    back, rr_back = decode_streams(encoded.payload, encoded.codec)
    assert back is not None and rr_back is not None
    for name, array in streams.items():
        np.testing.assert_array_equal(getattr(back, name), array)
    np.testing.assert_array_equal(rr_back, rr)


def test_rr_without_streams_is_kept():
    encoded = encode_streams(None, np.array([800.0, 810.0]))
    streams, rr = decode_streams(encoded.payload, encoded.codec)
    assert streams is None
    np.testing.assert_array_equal(rr, [800.0, 810.0])


def test_a_corrupt_payload_is_a_store_error():
    with pytest.raises(StoreError, match="corrupt"):
        decode_streams(b"not a zip", "npz1")
    with pytest.raises(StoreError, match="codec"):
        decode_streams(b"", "parquet9")
