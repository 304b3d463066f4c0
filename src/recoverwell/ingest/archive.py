"""Files, folders and archives → the members to import, read in place and bounded.

``iter_members(path)`` walks a file or a folder (recursively, sorted, hidden files skipped) and
looks inside ``.zip`` and ``.gz`` files without extracting anything to disk:

- a ``.zip`` member is streamed from the archive; a ``.gz`` is streamed through gzip;
- a ``.zip`` or ``.gz`` inside a ``.zip`` (Garmin's export has zips in its zip, Strava's bulk
  export has ``activities/*.fit.gz``) is opened one level down, in memory, bounded; its members
  stay compressed in memory and are inflated only when read, so listing a Garmin export never
  holds thousands of FIT files inflated at once;
- every read is bounded: uncompressed bytes per member (``max_member_bytes``), compression ratio
  (``max_ratio``: a 1 kB member may not inflate to 1 GB, and the members of an archive may not
  together inflate more than that ratio, however small each one is), members per archive
  (``max_members``);
- a member whose name is absolute or climbs out with ``..`` is refused, as is a deeper nesting,
  an encrypted member and one compressed with a method zipfile cannot inflate (Deflate64).

A refused member (or a whole refused archive) is yielded with ``refused`` set, so the import
report shows it; it never stops the walk. macOS metadata (``__MACOSX/``, ``._*``) and hidden
files are not user data and are skipped.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol, cast

from recoverwell.ingest.base import Source

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one archive may make us read."""

    max_member_bytes: int = 2048 * MIB  # a year of Apple Health export.xml fits; a bomb does not
    max_nested_bytes: int = 256 * MIB  # an archive inside an archive is read into memory
    max_members: int = 100_000  # a 10-year Garmin export has ~20k files
    max_ratio: float = 200.0  # FIT/XML deflate ~3–20×; zip bombs inflate 1000×+
    min_bomb_bytes: int = 8 * MIB  # below this size a high ratio is harmless (empty-ish files)


DEFAULT_LIMITS = Limits()


class ArchiveRefused(Exception):
    """An archive or member broke a bound; ``str()`` says which."""


#: What reading a member can raise besides a reader's own errors: a bound broken, a file gone,
#: a corrupt archive member (bad header, bad deflate data, bad CRC).
READ_ERRORS: tuple[type[Exception], ...] = (
    ArchiveRefused,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)


@dataclass(frozen=True, slots=True)
class Member:
    """One file to import: on disk, inside an archive (streamed), or in memory (nested).

    Picklable, so a worker process can open it again. ``name`` is what messages show,
    e.g. ``export.zip!activities/123.fit.gz!123.fit``.
    """

    name: str
    kind: str  # "file" | "zip" | "gz" | "bytes" | "packed" | "gzbytes" | "refused"
    path: Path | None = None
    inner: str | None = None  # member name inside the zip
    data: bytes | None = None  # "bytes": the content; "packed"/"gzbytes": still compressed
    size: int = 0  # uncompressed bytes, as the file or archive declares them (for progress)
    limit: int = 0
    refused: str | None = None
    method: int = zipfile.ZIP_STORED  # "packed": the zip compression method of ``data``
    crc: int = 0  # "packed": the CRC-32 the archive declares for the content

    def open(self) -> BinaryIO:
        """A fresh stream over the (uncompressed) content, bounded."""
        if self.kind == "file" and self.path is not None:
            return self.path.open("rb")
        if self.kind == "bytes" and self.data is not None:
            return io.BytesIO(self.data)
        if self.kind == "packed" and self.data is not None:
            inflating = _Inflating(self.data, self.method, self.size, self.crc, self.name)
            return cast(BinaryIO, _Bounded(inflating, self.limit, self.name))
        if self.kind == "gzbytes" and self.data is not None:
            raw = gzip.GzipFile(fileobj=io.BytesIO(self.data))
            return cast(BinaryIO, _Bounded(raw, self.limit, self.name))
        if self.kind == "gz" and self.path is not None:
            raw = gzip.GzipFile(self.path, "rb")  # _Bounded closes it
            return cast(BinaryIO, _Bounded(raw, self.limit, self.name))
        if self.kind == "zip" and self.path is not None and self.inner is not None:
            archive = zipfile.ZipFile(self.path)
            bounded = _Bounded(archive.open(self.inner), self.limit, self.name, archive)
            return cast(BinaryIO, bounded)
        raise ArchiveRefused(self.refused or f"{self.name}: nothing to open")

    def source(self) -> Source:
        """The member as a reader's Source."""
        return Source(self.name, self.open, self.size)


class _Raw(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def close(self) -> None: ...


class _Bounded(io.RawIOBase):
    """A read-only stream that refuses to yield more than ``limit`` bytes."""

    def __init__(
        self, raw: _Raw, limit: int, name: str, owner: zipfile.ZipFile | None = None
    ) -> None:
        self._raw = raw
        self._left = limit
        self._name = name
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._raw.read(min(len(buffer), self._left + 1))
        if len(chunk) > self._left:
            raise ArchiveRefused(f"{self._name}: inflates beyond its bound (zip bomb?)")
        self._left -= len(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._raw.close()
        if self._owner is not None:
            self._owner.close()
        super().close()


_PIECE = 1 << 16  # compressed bytes handed to zlib at a time (its unconsumed tail is copied)
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length
_LOCAL_SIGNATURE = b"PK\x03\x04"


class _Inflating:
    """A zip member's compressed bytes (stored or deflated), inflated as they are read.

    Yields at most the declared ``size`` (as zipfile does) and checks the declared CRC-32 at the
    end: a corrupt member raises ``zipfile.BadZipFile`` (or ``zlib.error``), never bad data.
    """

    def __init__(self, data: bytes, method: int, size: int, crc: int, name: str) -> None:
        self._data = data
        self._inflater = zlib.decompressobj(-zlib.MAX_WBITS) if method else None
        self._pos = 0
        self._tail = b""
        self._left = size
        self._crc = 0
        self._expected = crc
        self._name = name

    def read(self, size: int = -1, /) -> bytes:
        want = self._left if size < 0 else min(size, self._left)
        if want <= 0:
            return b""
        if self._inflater is None:
            out = self._data[self._pos : self._pos + want]
            self._pos += len(out)
        else:
            parts, got = [], 0
            while got < want:
                if not self._tail:
                    if self._pos >= len(self._data):
                        break
                    self._tail = self._data[self._pos : self._pos + _PIECE]
                    self._pos += len(self._tail)
                chunk = self._inflater.decompress(self._tail, want - got)
                self._tail = self._inflater.unconsumed_tail
                parts.append(chunk)
                got += len(chunk)
            out = b"".join(parts)
        if not out:
            raise zipfile.BadZipFile(f"{self._name}: truncated member")
        self._left -= len(out)
        self._crc = zlib.crc32(out, self._crc)
        if self._left == 0 and self._crc != self._expected:
            raise zipfile.BadZipFile(f"{self._name}: bad CRC-32 (corrupt member)")
        return out

    def close(self) -> None:
        self._data = b""


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p == "__MACOSX" or (p.startswith(".") and p not in (".", "..")) for p in parts)


def _unsafe(name: str) -> bool:
    pure = PurePosixPath(name.replace("\\", "/"))
    return pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":")


#: compression methods zipfile can inflate (Deflate64, PPMd… raise NotImplementedError)
_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_ENCRYPTED = 0x1  # general-purpose flag bit 0 (APPNOTE 4.4.4)


def _unreadable(info: zipfile.ZipInfo) -> str | None:
    """Why zipfile cannot open a member (it would raise, not refuse), or None."""
    if info.flag_bits & _ENCRYPTED:
        return "encrypted (password-protected) member: not read"
    if info.compress_type not in _METHODS:
        return f"compression method {info.compress_type} not supported: re-zip it"
    return None


def _member_limit(info: zipfile.ZipInfo, limits: Limits) -> int:
    by_ratio = int(info.compress_size * limits.max_ratio)
    return min(limits.max_member_bytes, max(by_ratio, limits.min_bomb_bytes))


def _overall_bomb(infos: list[zipfile.ZipInfo], limits: Limits) -> str | None:
    """Why the members of an archive together inflate too much, or None.

    zipfile never yields more than a member's declared size, so the declared sizes bound what
    the archive can make us inflate; many members each below ``min_bomb_bytes`` must not add
    up to more than ``max_ratio`` times what they take compressed.
    """
    # members refused on their own bound (``_member_limit``) are not counted: they are refused
    files = [i for i in infos if not i.is_dir() and i.file_size <= _member_limit(i, limits)]
    declared = sum(i.file_size for i in files)
    packed = sum(i.compress_size for i in files)
    if declared <= max(packed * limits.max_ratio, limits.min_bomb_bytes):
        return None
    return (
        f"its members inflate {declared} bytes from {packed} "
        f"(more than {limits.max_ratio:g}× together): zip bomb?"
    )


def _packed(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of one member of an in-memory zip (after its local header)."""
    start = info.header_offset
    signature, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, start)
    if signature != _LOCAL_SIGNATURE:
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    begin = start + _LOCAL_HEADER.size + name_len + extra_len
    return data[begin : begin + info.compress_size]


def _read_bounded(stream: _Raw, limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ArchiveRefused(f"{name}: inflates beyond its bound (zip bomb?)")
    return data


def _zip_members(
    archive: zipfile.ZipFile,
    label: str,
    path: Path | None,
    limits: Limits,
    depth: int,
    data: bytes | None = None,
) -> Iterator[Member]:
    """The members of a zip on disk (``path``) or in memory (``data``, a nested archive)."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        yield Member(label, "refused", refused=f"{len(infos)} members (limit {limits.max_members})")
        return
    if (bomb := _overall_bomb(infos, limits)) is not None:
        yield Member(label, "refused", refused=bomb)
        return
    for info in infos:
        name = f"{label}!{info.filename}"
        if _unsafe(info.filename):
            yield Member(name, "refused", refused="member path leaves the archive (.. or absolute)")
            continue
        if info.is_dir() or _is_junk(info.filename):
            continue
        if (reason := _unreadable(info)) is not None:
            yield Member(name, "refused", refused=reason)
            continue
        limit = _member_limit(info, limits)
        if info.file_size > limit:
            yield Member(name, "refused", refused=f"declares {info.file_size} bytes: beyond bound")
            continue
        lower = info.filename.lower()
        if lower.endswith((".zip", ".gz")):
            if depth >= 1:
                yield Member(name, "refused", refused="archive nested more than one level")
                continue
            try:
                with archive.open(info) as stream:
                    inner = _read_bounded(stream, min(limit, limits.max_nested_bytes), name)
            except (ArchiveRefused, zipfile.BadZipFile, OSError, EOFError) as err:
                yield Member(name, "refused", refused=str(err))
                continue
            yield from _bytes_members(inner, name, lower, limits, depth + 1)
        elif path is not None:
            yield Member(
                name, "zip", path=path, inner=info.filename, size=info.file_size, limit=limit
            )
        elif data is not None and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            try:
                packed = _packed(data, info)
            except (zipfile.BadZipFile, struct.error) as err:
                yield Member(name, "refused", refused=str(err))
                continue
            yield Member(
                name,
                "packed",
                data=packed,
                size=info.file_size,
                limit=limit,
                method=info.compress_type,
                crc=info.CRC,
            )
        else:  # bzip2/lzma inside a nested zip (rare): inflated now, bounded
            try:
                with archive.open(info) as stream:
                    content = _read_bounded(stream, limit, name)
            except (ArchiveRefused, zipfile.BadZipFile, OSError, EOFError) as err:
                yield Member(name, "refused", refused=str(err))
                continue
            yield Member(name, "bytes", data=content, size=len(content))


def _bytes_members(
    data: bytes, name: str, lower: str, limits: Limits, depth: int
) -> Iterator[Member]:
    if lower.endswith(".gz"):
        limit = min(
            limits.max_nested_bytes, max(int(len(data) * limits.max_ratio), limits.min_bomb_bytes)
        )
        declared = int.from_bytes(data[-4:], "little") if len(data) >= 4 else 0  # ISIZE
        yield Member(
            f"{name}!{Path(name.rsplit('!', 1)[-1]).stem}",
            "gzbytes",
            data=data,
            size=declared,
            limit=limit,
        )
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        yield Member(name, "refused", refused=f"not a readable zip ({err})")
        return
    with archive:
        yield from _zip_members(archive, name, None, limits, depth, data)


def _gzip_size(path: Path) -> int:
    """The uncompressed size a gzip file declares in its trailer (ISIZE, modulo 4 GiB)."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() < 4:
            return 0
        handle.seek(-4, 2)
        return int.from_bytes(handle.read(4), "little")


#: a file that starts like a zip (or is named one) but has no central directory at its end
TRUNCATED_ZIP = (
    "a truncated or damaged zip archive (its table of contents is missing): download it again"
)
_ZIP_MAGIC = b"PK\x03\x04"


def _starts_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    except OSError:
        return False  # unreadable: the importer reports it when it opens the file


def _walk(folder: Path) -> list[tuple[Path, str | None]]:
    """Every file under ``folder`` in path order, hidden ones left out, and each sub-folder that
    cannot be listed with the reason (the top folder too): reported, never silently skipped."""
    found: list[tuple[Path, str | None]] = []

    def unreadable(err: OSError) -> None:
        where = Path(err.filename) if err.filename else folder
        found.append((where, f"cannot read this folder: {err.strerror or err}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [(Path(root) / f, None) for f in files if not f.startswith(".")]
    return sorted((p, r) for p, r in found if r is not None or p.is_file())


def iter_members(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Member]:
    """Every importable member under ``path`` (a file, an archive or a folder), in order."""
    if path.is_dir():
        for child, refused in _walk(path):
            if refused is None:
                yield from iter_members(child, limits)
            else:
                yield Member(str(child), "refused", refused=refused)
        return
    lower = path.name.lower()
    size = path.stat().st_size
    if lower.endswith(".zip"):
        if not zipfile.is_zipfile(path):
            if _starts_like_zip(path):
                yield Member(str(path), "refused", size=size, refused=TRUNCATED_ZIP)
            else:  # named .zip, but some other file: its reader (by content) says what it is
                yield Member(str(path), "file", path=path, size=size)
            return
        try:
            with zipfile.ZipFile(path) as archive:
                yield from _zip_members(archive, str(path), path, limits, 0)
        except zipfile.BadZipFile as err:
            yield Member(str(path), "refused", size=size, refused=f"not a readable zip ({err})")
        return
    if lower.endswith(".gz"):
        limit = min(
            limits.max_member_bytes, max(int(size * limits.max_ratio), limits.min_bomb_bytes)
        )
        yield Member(f"{path}!{path.stem}", "gz", path=path, size=_gzip_size(path), limit=limit)
        return
    yield Member(str(path), "file", path=path, size=size)
