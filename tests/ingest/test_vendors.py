from pathlib import Path

import pytest

from recoverwell.ingest.vendors import VENDOR_READERS, vendor_reader_for

FIXTURES = Path(__file__).parent / "fixtures"
NOT_READ = {"PROVENANCE.md", "time_in_heart_rate_zones.json"}
EXPECTED = {
    "apple_health": "apple_health",
    "elite_hrv": "elite_hrv",
    "fitbit": "fitbit",
    "hrv4training": "hrv4training",
    "sleep_cycle": "sleep_cycle",
    "strava": "strava_csv",
    "trainingpeaks": "trainingpeaks",
    "whoop": "whoop",
}


def _corpus_files(corpus):
    root = corpus / "exports"
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in NOT_READ)


def test_every_corpus_export_is_claimed_by_exactly_one_reader_of_its_vendor(corpus):
    files = [p for p in _corpus_files(corpus) if p.suffix != ".gpx"]  # routes: the GPX reader
    assert len(files) == 18  # every sample in corpus/exports at the time of writing
    for path in files:
        head = path.read_bytes()[:1024]
        claims = [r.format for r in VENDOR_READERS if r.sniff(head, path.name)]
        vendor = path.relative_to(corpus / "exports").parts[0]
        assert claims == [EXPECTED[vendor]], path


def test_every_fixture_is_claimed_and_the_unreadable_zone_file_is_not(corpus):
    for path in FIXTURES.iterdir():
        head = path.read_bytes()[:1024]
        if path.suffix == ".xml" or path.name.startswith(("UDSFile", "2024-06-01_", "123456_")):
            continue  # named as in the export; checked in their own tests
        assert vendor_reader_for(head, path.name) is not None, path.name
    zones = next((corpus / "exports").rglob("time_in_heart_rate_zones.json"))
    assert vendor_reader_for(zones.read_bytes()[:1024], zones.name) is None


@pytest.mark.parametrize("reader", VENDOR_READERS, ids=lambda r: r.format)
def test_no_reader_claims_a_fit_file_or_random_bytes(reader):
    fit_head = b"\x0e\x10\x98\x08\x00\x00\x00\x00.FIT" + bytes(1000)
    assert not reader.sniff(fit_head, "run.fit")
    assert not reader.sniff(b"hello,world\n1,2\n", "notes.csv")


def test_every_vendor_format_is_documented_in_docs_formats_md():
    text = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text()
    modules = {type(r).__module__.rsplit(".", 1)[1] for r in VENDOR_READERS}
    for module in modules:
        assert f"ingest/{module}.py" in text, module
    for mapping in ("intervals_icu_wellness", "pmsys_wellness", "pmsys_srpe"):
        assert f"`{mapping}`" in text
