"""An export as named files, whether the person gives the zip, the unzipped folder or one file,
and reading them with the progress of the bytes read (for a progress bar on big exports)."""

from __future__ import annotations

import csv
import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from painlog.errors import InvalidInput, PainlogError
from painlog.formats.devices.records import Progress
from painlog.messages import Msg, say

# Limits (docs/formats.md "Limits"). A member is read as a stream, never whole, except a JSON
# file (Fitbit writes about a month in each, a few MB); nothing is ever extracted to disk.
MAX_RATIO = 100  # a zip member over RATIO_FROM that claims to be this much larger than it is
RATIO_FROM = 64 * 1024 * 1024  # packed is a zip bomb (real exports pack 10-30 to 1)
MAX_MEMBER = 32 * 1024**3  # 32 GB: no phone writes one file larger
READ_WHOLE = 64 * 1024 * 1024  # a file read whole (Fitbit JSON) is at most this
# What a damaged or hostile zip raises while one member is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
              ValueError)  # fmt: skip


class TooLarge(InvalidInput):
    pass


@dataclass(frozen=True)
class Member:
    """One file of the export: its path inside the export (``/``-separated) and its size."""

    name: str
    size: int  # declared (a zip's header) or found (a folder's file): reading stops past it
    opener: Callable[[], BinaryIO]
    packed: int | None = None  # a zip member's compressed size

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name).name


class Export:
    """The files of a folder, of a zip, or the one file given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if not path.exists():
            raise PainlogError(say(Msg.FILE_NOT_FOUND, path=path))
        if path.is_dir():
            self.members = [
                Member(file.relative_to(path).as_posix(), file.stat().st_size, _opener(file))
                for file in _regular_files(path)
            ]
        elif zipfile.is_zipfile(path):
            try:
                self.zip = zipfile.ZipFile(path)
                self.members = [
                    Member(
                        info.filename,
                        info.file_size,
                        _zip_opener(self.zip, info),
                        info.compress_size,
                    )
                    for info in self.zip.infolist()
                    if not info.is_dir()
                ]
            except (OSError, *ZIP_ERRORS) as error:
                raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=path, reason=error)) from None

        else:
            self.members = [Member(path.name, path.stat().st_size, _opener(path))]

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def label(self, member: Member) -> str:
        """How a message names the file: the path given, and the member inside a zip or folder."""
        if self.path.is_file() and self.zip is None:
            return str(self.path)
        return f"{self.path}:{member.name}" if self.zip else str(self.path / member.name)


def _regular_files(root: Path) -> list[Path]:
    """The folder's regular files, links never followed (a link may point anywhere)."""
    found = []
    for folder, folders, files in os.walk(root):  # followlinks=False
        folders.sort()
        for name in sorted(files):
            file = Path(folder, name)
            if not file.is_symlink() and file.is_file():
                found.append(file)
    return sorted(found)


def _check_declared(member: Member, label: str) -> None:
    """A member's declared size, before a byte is read: over the limit, or a zip bomb's ratio."""
    size, packed = member.size, member.packed
    if packed is None:
        return
    if size > MAX_MEMBER or (size > RATIO_FROM and size > MAX_RATIO * max(1, packed)):
        raise TooLarge(say(Msg.ZIP_TOO_LARGE, file=label, size=_megabytes(size),
                           packed=_megabytes(packed)))  # fmt: skip


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def _opener(file: Path) -> Callable[[], BinaryIO]:
    return lambda: file.open("rb")


def _zip_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    return lambda: archive.open(info)  # type: ignore[return-value]


class Reading:
    """Progress over all the bytes an import will read: ``progress`` gets 0..1, at most about
    every 1% (a bar on a 2 GB export redraws 100 times, not 100,000)."""

    def __init__(self, members: Iterable[Member], progress: Progress | None) -> None:
        self.total = max(1, sum(member.size for member in members))
        self.progress = progress
        self.done = 0
        self.reported = 0.0

    def advance(self, count: int) -> None:
        self.done += count
        if self.progress is None:
            return
        fraction = min(1.0, self.done / self.total)
        if fraction - self.reported >= 0.01 or (fraction == 1.0 and self.reported < 1.0):
            self.reported = fraction
            self.progress(fraction)

    def finish(self) -> None:
        if self.progress is not None and self.reported < 1.0:
            self.reported = 1.0
            self.progress(1.0)

    def open(self, member: Member, label: str | None = None) -> Counted:
        _check_declared(member, label or member.name)
        try:
            inner = member.opener()
        except (OSError, *ZIP_ERRORS) as error:
            raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=label or member.name,
                                   reason=error)) from None  # fmt: skip
        return Counted(inner, self, member, label or member.name)

    def read_bytes(self, member: Member, label: str | None = None) -> bytes:
        """The member whole: only for files that are small (at most ``READ_WHOLE``)."""
        if member.size > READ_WHOLE:
            raise TooLarge(say(Msg.FILE_TOO_LARGE_TO_READ, file=label or member.name,
                               size=_megabytes(member.size), limit=_megabytes(READ_WHOLE)))  # fmt: skip
        with self.open(member, label) as stream:
            data = stream.read(READ_WHOLE + 1)
        if len(data) > READ_WHOLE:
            raise TooLarge(say(Msg.FILE_TOO_LARGE_TO_READ, file=label or member.name,
                               size=f"over {_megabytes(READ_WHOLE)}", limit=_megabytes(READ_WHOLE)))  # fmt: skip
        return data

    def text_lines(self, member: Member, label: str | None = None) -> io.TextIOWrapper:
        """The member as text (UTF-8, a byte-order mark dropped), for the csv module."""
        return io.TextIOWrapper(
            io.BufferedReader(self.open(member, label)), encoding="utf-8-sig", newline=""
        )


def csv_rows(
    export: Export,
    reading: Reading,
    member: Member,
    column: Callable[[str], str],
    preamble: Callable[[list[str]], bool] = lambda first: False,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number as a person counts them, column -> cell) of a CSV member: the heading
    first (each column -> ""), then every row with a cell in it. ``column`` is how a heading
    is looked up (Google Fit's "Step count" -> "step count"); ``preamble`` says a first line
    is one to pass over (Samsung Health's metadata line). An unreadable file is refused."""
    try:
        with reading.text_lines(member, export.label(member)) as text:
            rows = csv.reader(text)
            header, heading_line = next(rows, None), 1
            if header is not None and preamble(header):
                header, heading_line = next(rows, None), 2
            if header is None:
                return
            names = [column(name) for name in header]
            yield heading_line, {name: "" for name in names}
            for number, row in enumerate(rows, start=heading_line + 1):
                if any(cell.strip() for cell in row):
                    yield number, dict(zip(names, (cell.strip() for cell in row), strict=False))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=export.label(member),
                               reason=error)) from None  # fmt: skip


class Counted(io.RawIOBase):
    """A binary stream that tells its ``Reading`` how many bytes went through, and stops a
    member that gives more bytes than it declared (or a damaged zip) with one line."""

    def __init__(self, inner: BinaryIO, reading: Reading, member: Member, label: str) -> None:
        self.inner = inner
        self.reading = reading
        self.member = member
        self.label = label
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.member.size + 1 - self.count  # never more than it said, plus one
        try:
            data = self.inner.read(size)
        except (OSError, *ZIP_ERRORS) as error:
            raise InvalidInput(say(Msg.DEVICE_UNREADABLE, file=self.label,
                                   reason=error)) from None  # fmt: skip
        self.count += len(data)
        if self.count > self.member.size:
            raise TooLarge(say(Msg.ZIP_LONGER_THAN_DECLARED, file=self.label,
                               size=_megabytes(self.member.size)))  # fmt: skip
        self.reading.advance(len(data))
        return data

    def close(self) -> None:
        self.inner.close()
        super().close()
