"""Phone and watch data for ``painlog import --from apple-health|fitbit|google-fit|samsung-health``:
pure, streaming readers that turn an export into ``DeviceRecord``s (docs/formats.md, "Phone and
watch data"). Nothing here touches the journal; the import command decides what to add, update
or leave.

Each reader returns a ``DeviceImport``: the records, and what was left out and why. A value no
device could have measured is skipped and counted (records.py says why); a file that cannot be
read stops the import with one line naming the file and the record or row.
"""

from __future__ import annotations

from pathlib import Path

from painlog.errors import invalid
from painlog.formats.devices.records import (
    DEVICE_KINDS,
    SOURCE_NAMES,
    DeviceImport,
    DeviceRecord,
    Progress,
)
from painlog.messages import Msg

DEVICE_SOURCES = tuple(SOURCE_NAMES)

__all__ = [
    "DEVICE_KINDS",
    "DEVICE_SOURCES",
    "DeviceImport",
    "DeviceRecord",
    "read_device_export",
]


def read_device_export(source: str, path: Path, progress: Progress | None = None) -> DeviceImport:
    """Every record in the export at ``path`` from ``source``; ``progress`` gets 0..1 as the
    bytes are read."""
    path = Path(path)
    if source == "apple-health":
        from painlog.formats.devices.apple_health import read_apple_health  # lazy: per export

        return read_apple_health(path, progress)
    if source == "fitbit":
        from painlog.formats.devices.fitbit import read_fitbit  # lazy: per export

        return read_fitbit(path, progress)
    if source == "google-fit":
        from painlog.formats.devices.google_fit import read_google_fit  # lazy: per export

        return read_google_fit(path, progress)
    if source == "samsung-health":
        from painlog.formats.devices.samsung_health import read_samsung_health  # lazy: per export

        return read_samsung_health(path, progress)
    raise invalid("--from", source, Msg.FORM_DEVICE_SOURCE)
