"""An export as named files, whether the person gives the zip, the unzipped folder or one file,
and reading them with the progress of the bytes read (for a progress bar on big exports)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from painlog.errors import InvalidInput, PainlogError
from painlog.formats.devices.records import Progress
from painlog.messages import Msg, say


@dataclass(frozen=True)
class Member:
    """One file of the export: its path inside the export (``/``-separated) and its size."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]

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
                for file in sorted(path.rglob("*"))
                if file.is_file()
            ]
        elif zipfile.is_zipfile(path):
            try:
                self.zip = zipfile.ZipFile(path)
                self.members = [
                    Member(info.filename, info.file_size, _zip_opener(self.zip, info))
                    for info in self.zip.infolist()
                    if not info.is_dir()
                ]
            except (OSError, zipfile.BadZipFile) as error:
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

    def open(self, member: Member) -> Counted:
        return Counted(member.opener(), self)

    def read_bytes(self, member: Member) -> bytes:
        with self.open(member) as stream:
            return stream.read()

    def text_lines(self, member: Member) -> io.TextIOWrapper:
        """The member as text (UTF-8, a byte-order mark dropped), for the csv module."""
        return io.TextIOWrapper(
            io.BufferedReader(self.open(member)), encoding="utf-8-sig", newline=""
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
        with reading.text_lines(member) as text:
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
    """A binary stream that tells its ``Reading`` how many bytes went through."""

    def __init__(self, inner: BinaryIO, reading: Reading) -> None:
        self.inner = inner
        self.reading = reading

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.reading.advance(len(data))
        return len(data)

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.reading.advance(len(data))
        return data

    def close(self) -> None:
        self.inner.close()
        super().close()
