"""Archives read in place and bounded: bombs, traversal, member counts, nesting, junk."""

from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from pathlib import Path

import pytest

from recoverwell.ingest.archive import TRUNCATED_ZIP, ArchiveRefused, Limits, iter_members


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _read(member) -> bytes:
    with member.open() as stream:
        return stream.read()


def test_zip_members_are_read_in_place(tmp_path: Path) -> None:
    path = _zip(tmp_path / "export.zip", {"a/run.fit": b"FIT", "b.gpx": b"<gpx/>"})
    members = list(iter_members(path))
    assert [m.name for m in members] == [f"{path}!a/run.fit", f"{path}!b.gpx"]
    assert [_read(m) for m in members] == [b"FIT", b"<gpx/>"]
    assert not any((tmp_path / "a").exists() for _ in members)  # nothing extracted


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"bomb.fit": b"\0" * (20 << 20)})  # deflates ~1000×
    (member,) = iter_members(path, Limits(min_bomb_bytes=1 << 20))
    assert member.refused is not None and "beyond bound" in member.refused
    with pytest.raises(ArchiveRefused):
        _read(member)  # zipfile itself never yields more than the declared size


def test_a_member_declaring_too_many_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {"big.fit": b"x" * 5000})
    (member,) = iter_members(path, Limits(max_member_bytes=1000, min_bomb_bytes=0))
    assert member.refused is not None and "beyond bound" in member.refused


def test_path_traversal_members_are_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "evil.zip", {"../../etc/cron.d/x.fit": b"x", "/abs.fit": b"y"})
    members = list(iter_members(path))
    assert all(m.refused and "leaves the archive" in m.refused for m in members)
    assert len(members) == 2


def test_too_many_members_refuse_the_archive(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.zip", {f"{i}.fit": b"x" for i in range(5)})
    (member,) = iter_members(path, Limits(max_members=4))
    assert member.refused == "5 members (limit 4)"


def test_nested_zips_open_one_level_and_no_deeper(tmp_path: Path) -> None:
    inner = _zip_bytes({"run.fit": b"RUN", "deeper.zip": _zip_bytes({"x.fit": b"X"})})
    strava = gzip.compress(b"RIDE")
    path = _zip(tmp_path / "garmin.zip", {"part1.zip": inner, "activities/1.fit.gz": strava})
    members = {m.name.split("!", 1)[1]: m for m in iter_members(path)}
    assert _read(members["part1.zip!run.fit"]) == b"RUN"
    assert members["part1.zip!deeper.zip"].refused == "archive nested more than one level"
    assert _read(members["activities/1.fit.gz!1.fit"]) == b"RIDE"


def test_gz_files_stream_through_gzip(tmp_path: Path) -> None:
    path = tmp_path / "ride.fit.gz"
    path.write_bytes(gzip.compress(b"FITDATA"))
    (member,) = iter_members(path)
    assert member.name.endswith("ride.fit.gz!ride.fit") and _read(member) == b"FITDATA"
    assert member.size == len(b"FITDATA")  # from the gzip trailer, without inflating


def test_a_gz_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.fit.gz"
    path.write_bytes(gzip.compress(b"\0" * (4 << 20)))
    (member,) = iter_members(path, Limits(min_bomb_bytes=1 << 16))
    with pytest.raises(ArchiveRefused):
        _read(member)


def test_folders_are_walked_sorted_and_macos_junk_and_hidden_files_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.fit").write_bytes(b"2")
    (tmp_path / "1.fit").write_bytes(b"1")
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    _zip(tmp_path / "c.zip", {"__MACOSX/._x.fit": b"junk", "._y.fit": b"junk", "z.fit": b"z"})
    names = [Path(m.name.split("!")[0]).name + ("!" + m.name.split("!")[1] if "!" in m.name else "")
             for m in iter_members(tmp_path)]  # fmt: skip
    assert names == ["1.fit", "2.fit", "c.zip!z.fit"]


def test_a_file_named_zip_that_is_not_one_is_an_ordinary_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"not a zip")
    (member,) = iter_members(path)
    assert member.kind == "file" and _read(member) == b"not a zip"


def _patched_zip(
    path: Path, members: dict[str, bytes], *, flag: int = 0, method: int | None = None
):
    """A zip whose first member claims encryption (``flag``) or another compression ``method``,
    in both its local header and the central directory, as a real encrypted or Deflate64
    (Windows Explorer, big files) archive does."""
    data = bytearray(_zip_bytes(members))
    central = data.find(b"PK\x01\x02")
    data[6] |= flag
    data[central + 8] |= flag
    if method is not None:
        data[8:10] = method.to_bytes(2, "little")
        data[central + 10 : central + 12] = method.to_bytes(2, "little")
    path.write_bytes(bytes(data))
    return path


def test_an_encrypted_member_is_refused_not_raised(tmp_path: Path) -> None:
    path = _patched_zip(tmp_path / "locked.zip", {"a.gpx": b"<gpx/>", "b.gpx": b"<gpx/>"}, flag=1)
    locked, plain = iter_members(path)
    assert locked.refused is not None and "encrypted" in locked.refused
    assert plain.refused is None and _read(plain) == b"<gpx/>"


def test_a_member_with_an_unsupported_compression_method_is_refused(tmp_path: Path) -> None:
    path = _patched_zip(tmp_path / "deflate64.zip", {"a.gpx": b"<gpx/>"}, method=9)
    (member,) = iter_members(path)
    assert member.refused is not None and "compression method 9" in member.refused


def test_encrypted_members_of_a_nested_zip_are_refused(tmp_path: Path) -> None:
    inner = _patched_zip(tmp_path / "inner.zip", {"run.gpx": b"<gpx/>"}, flag=1).read_bytes()
    path = _zip(tmp_path / "outer.zip", {"UploadedFiles_0.zip": inner})
    (member,) = iter_members(path)
    assert member.refused is not None and "encrypted" in member.refused


def test_many_small_members_that_inflate_too_much_together_refuse_the_archive(
    tmp_path: Path,
) -> None:
    # each member is under the size below which a high ratio is let through; together they
    # inflate ~1000× (a bomb made of many small bombs)
    members = {f"{i}.fit": b"\0" * (1 << 20) for i in range(8)}
    path = _zip(tmp_path / "bombs.zip", members)
    (member,) = iter_members(path, Limits(min_bomb_bytes=2 << 20))
    assert member.refused is not None and "zip bomb" in member.refused


def test_a_nested_zip_of_small_bombs_is_refused_before_anything_is_inflated(
    tmp_path: Path,
) -> None:
    inner = _zip_bytes({f"{i}.fit": b"\0" * (1 << 20) for i in range(8)})
    path = _zip(tmp_path / "garmin.zip", {"UploadedFiles_0.zip": inner})
    (member,) = iter_members(path, Limits(min_bomb_bytes=2 << 20))
    assert member.refused is not None and "zip bomb" in member.refused


def test_members_of_a_nested_archive_stay_compressed_until_read(tmp_path: Path) -> None:
    # a Garmin export's UploadedFiles_*.zip holds thousands of FIT files: listing them must not
    # hold every one inflated in memory
    content = {f"{i}.fit": bytes(range(256)) * 4096 for i in range(3)}  # 1 MiB each
    inner = _zip_bytes(content)
    path = _zip(
        tmp_path / "garmin.zip", {"part.zip": inner, "a.fit.gz": gzip.compress(b"A" * 5000)}
    )
    members = {m.name.split("!", 1)[1]: m for m in iter_members(path)}
    held = sum(len(m.data or b"") for m in members.values())
    assert held < 100_000  # compressed, not 3 MiB + 5 kB
    for name, data in content.items():
        assert _read(members[f"part.zip!{name}"]) == data
        assert members[f"part.zip!{name}"].size == len(data)
    assert _read(members["a.fit.gz!a.fit"]) == b"A" * 5000


def test_a_corrupt_member_of_a_nested_archive_fails_its_checksum(tmp_path: Path) -> None:
    inner = bytearray(_zip_bytes({"run.fit": bytes(range(256)) * 64}))
    inner[60] ^= 0xFF  # inside the deflated data
    path = _zip(tmp_path / "garmin.zip", {"part.zip": bytes(inner)})
    (member,) = iter_members(path)
    with pytest.raises((zipfile.BadZipFile, zlib.error, ArchiveRefused)):
        _read(member)


def test_a_truncated_zip_is_called_truncated_not_an_unsupported_format(tmp_path: Path) -> None:
    whole = _zip_bytes({"a.gpx": b"<gpx/>" * 100, "b.gpx": b"<gpx/>" * 100})
    path = tmp_path / "export.zip"
    path.write_bytes(whole[: len(whole) // 2])  # a download cut off half-way
    (member,) = iter_members(path)
    assert member.kind == "refused" and member.refused == TRUNCATED_ZIP


def test_an_unreadable_folder_is_reported_at_any_depth_and_the_rest_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("a", "b", "b/locked", "locked"):
        (tmp_path / folder).mkdir()
    for name in ("a/1.fit", "b/2.fit", "b/locked/3.fit", "locked/4.fit"):
        (tmp_path / name).write_bytes(b"x")
    listing = os.scandir

    def scandir(path):  # what chmod 000 does to a folder for a user other than root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = [
        (Path(m.name).relative_to(tmp_path).as_posix(), m.refused) for m in iter_members(tmp_path)
    ]
    assert [name for name, _ in found] == ["a/1.fit", "b/2.fit", "b/locked", "locked"]
    assert [r for _, r in found[2:]] == ["cannot read this folder: Permission denied"] * 2
    locked = tmp_path / "locked"
    (member,) = iter_members(locked)  # the folder named on the command line: the same report
    assert member.name == str(locked) and member.refused is not None
