"""Issue 26, point 4: bounded resources. A zip member's declared and actual size are checked,
a DTD is refused wherever it is, long comments, attributes and text take time in proportion
to their length, a row with 200,000 activities is read at once. Files written by the tests."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from painlog.errors import InvalidInput
from painlog.formats.devices import read_device_export
from tests.test_device_parsers import APPLE_BODY, apple_xml

HEAD = '<?xml version="1.0"?>\n<HealthData locale="en_US">\n'
STEP = (
    '<Record type="HKQuantityTypeIdentifierStepCount" sourceName="W" '
    'startDate="2026-11-23 08:00:00 -0500" endDate="2026-11-23 08:30:00 -0500" value="12"/>\n'
)
MB = 1024 * 1024


def refused(source: str, path: Path) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_device_export(source, path)
    message = caught.value.message
    assert "\n" not in message and message.endswith("Nothing was imported.")
    return message


def test_zip_bomb_refused_before_reading(tmp_path):
    """A member that claims 70 MB packed into about 70 kB (1,000 to 1) is not read at all."""
    path = tmp_path / "export.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("apple_health_export/export.xml", "w") as member,
    ):
        member.write(HEAD.encode())
        for _ in range(70):
            member.write(b" " * MB)
        member.write(b"</HealthData>\n")
    assert path.stat().st_size < 1 * MB
    started = time.perf_counter()
    message = refused("apple-health", path)
    assert time.perf_counter() - started < 1.0
    assert "export.zip:apple_health_export/export.xml: declares 73.4 MB packed into" in message
    assert "packed more than 100 to 1 (a zip bomb)" in message


def test_zip_member_longer_than_declared_is_stopped(tmp_path):
    """The central directory says 10 bytes; the member holds more: one line, never more read."""
    path = tmp_path / "export.zip"
    content = apple_xml(APPLE_BODY).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("export.xml", content)
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    message = refused("apple-health", path)
    assert "export.zip:export.xml" in message


def test_fitbit_json_over_the_whole_file_limit(tmp_path, monkeypatch):
    from painlog.formats.devices import archive

    monkeypatch.setattr(archive, "READ_WHOLE", 1000)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "steps-2026-11-01.json").write_text("[" + ", ".join(["{}"] * 600) + "]")
    message = refused("fitbit", folder)
    assert "steps-2026-11-01.json: 0.0 MB; painlog reads files of this kind up to" in message


def test_dtd_refused_anywhere_in_the_file(tmp_path):
    """Apple's own DTD at the top is cut out; one after 100 kB of comments is refused, so its
    entities are never expanded."""
    hidden = (
        '<?xml version="1.0"?>\n<!--' + "x" * 100_000 + "-->\n"
        '<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
        '<HealthData locale="en_US"><Record type="HKQuantityTypeIdentifierStepCount" '
        'sourceName="&b;" startDate="2026-11-23 08:00:00 -0500" '
        'endDate="2026-11-23 08:30:00 -0500" value="12"/></HealthData>\n'
    )
    path = tmp_path / "export.xml"
    path.write_text(hidden, encoding="utf-8")
    message = refused("apple-health", path)
    assert "it declares a DTD (<!DOCTYPE …>) painlog does not read" in message
    assert "line 3" in message
    genuine = tmp_path / "genuine.xml"
    genuine.write_text(apple_xml(APPLE_BODY), encoding="utf-8")
    assert read_device_export("apple-health", genuine).records


def _seconds(path: Path) -> float:
    started = time.perf_counter()
    read_device_export("apple-health", path)
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "token",
    [
        lambda n: "<!--" + "a" * n + "-->\n",
        lambda n: '<Record type="x" note="' + "a" * n + '"/>\n',
        lambda n: '<Record type="x">' + "a" * n + "</Record>\n",
    ],
    ids=["comment", "attribute", "text"],
)
def test_long_comment_attribute_and_text_in_linear_time(tmp_path, token):
    """8 MB in one comment, attribute or text node takes no longer than 8 MB of ordinary
    records (plus a margin for a loaded machine); the square of its length would take seconds."""
    size = 8 * MB
    records = tmp_path / "records.xml"
    records.write_text(HEAD + STEP * (size // len(STEP)) + "</HealthData>\n")
    long = tmp_path / "long.xml"
    long.write_text(HEAD + token(size) + "</HealthData>\n")
    baseline = min(_seconds(records) for _ in range(2))
    assert _seconds(long) < 2 * baseline + 0.3


def test_one_token_over_64_mb_refused(tmp_path, monkeypatch):
    from painlog.formats.devices import apple_health

    monkeypatch.setattr(apple_health, "_TOKEN_LIMIT", 1 * MB)
    path = tmp_path / "export.xml"
    path.write_text(HEAD + "<!--" + "a" * (3 * MB) + "-->\n</HealthData>\n")
    assert "one tag, comment or text runs past 64 MB" in refused("apple-health", path)


def test_daylio_row_with_200000_activities_is_fast(painlog, tmp_path):
    activities = " | ".join(f"activity {n}" for n in range(200_000))
    path = tmp_path / "daylio.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        f'2026-11-01,Nov 1,Sunday,20:28,good,"{activities}",,\n',
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = painlog("import", str(path), "--from", "daylio", "--dry-run")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 10  # was over two minutes
