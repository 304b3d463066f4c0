import pytest

from recoverwell.store.keys import sha256_bytes, sha256_file


@pytest.mark.reference(source="FIPS 180-2 appendix B.1: SHA-256('abc')")
def test_sha256_of_abc_is_the_published_digest(tmp_path):
    digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert sha256_bytes(b"abc") == digest
    path = tmp_path / "abc"
    path.write_bytes(b"abc")
    assert sha256_file(path) == digest
