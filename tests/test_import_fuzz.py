"""Issue 26, point 5: no import input gives "unexpected problem". For every parser, files built
from a valid one with hostile values (NaN, inf, 5,000-digit numbers, offsets like +9999, year
9999, deep nesting, control characters, broken structure) either import (what cannot be true
left out and counted) or are refused with one line: ``InvalidInput``/``PainlogError``, never
another exception. Bounded: the whole file runs in well under 30 s."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painlog import clock
from painlog.errors import PainlogError
from painlog.formats.devices import read_device_export

FUZZ = settings(
    max_examples=int(os.environ.get("PAINLOG_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HOSTILE = st.sampled_from(
    [
        "NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "9" * 5000, "-0", "0",
        "", " ", "12a", "0x1F", "1_000", "٣", "²", "\x00", "\x0b", "+9999", "-9999", "UTC+9999",
        "9999-12-31 23:59:59 +1400", "0001-01-01 00:00:00 -1200", "2026-02-30 10:00:00 +0100",
        "2026-11-23 25:61:00 -0500", "2026-11-23 08:00:00 +9999", "2026-11-23T08:00:00.000",
        "11/23/26 00:00:00", "99/99/99 99:99:99", "99999999999999999999", "-1", "1" * 30,
        "2026-11-23", "9999-12-31", "0000-00-00", "2026-11-23 05:55:00.000", '"', ",", "\n",
        "<", "&amp;", "]]>", "\u202e", "🙂",
    ]
)  # fmt: skip
VALUE = st.one_of(HOSTILE, st.text(max_size=20), st.integers().map(str), st.floats().map(str))


def survives(call) -> object:
    """The call returns, or refuses with painlog's one line: nothing else escapes."""
    try:
        return call()
    except PainlogError as error:  # InvalidInput is one
        assert "\n" not in error.message and error.message
        return None


def as_entries(found) -> None:
    """What the import command does next with the records: each is an entry or a refusal."""
    from painlog.formats.sources import sourced_entry

    if found is None:
        return
    for record in found.records:
        survives(
            lambda r=record: sourced_entry(
                r.kind, r.at, r.value, r.source, r.source_key, unit=r.unit, name=r.name,
                note=r.note, now=clock.now(),
            )
        )  # fmt: skip
    found.closing_line()


def folder(files: dict[str, str | bytes]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="painlog-fuzz-"))
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return root


# --- Apple Health -----------------------------------------------------------------------------

APPLE_TYPES = st.sampled_from([
    "HKQuantityTypeIdentifierStepCount", "HKCategoryTypeIdentifierSleepAnalysis",
    "HKQuantityTypeIdentifierRestingHeartRate",
])  # fmt: skip
GOOD_TIME = st.sampled_from(["2026-11-23 08:00:00 -0500", "2026-11-23 09:00:00 +0100"])


@st.composite
def apple_record(draw) -> str:
    fields = {
        "type": draw(APPLE_TYPES),
        "sourceName": draw(st.sampled_from(["W", "P"])),
        "startDate": draw(st.one_of(GOOD_TIME, VALUE)),
        "endDate": draw(st.one_of(GOOD_TIME, VALUE)),
        "value": draw(st.one_of(st.sampled_from(["12", "HKCategoryValueSleepAnalysisAsleepCore"]),
                                VALUE)),
    }  # fmt: skip
    fields = {k: v for k, v in fields.items() if draw(st.booleans()) or k == "type"}
    if draw(st.booleans()):
        attributes = " ".join(f"{k}={quoteattr(_xml_text(v))}" for k, v in fields.items())
        return f"<Record {attributes}/>\n"
    duration = _xml_text(draw(VALUE))
    return (
        f'<Workout workoutActivityType="HKWorkoutActivityTypeWalking" '
        f"duration={quoteattr(duration)} durationUnit={quoteattr(_xml_text(draw(VALUE)))} "
        f"startDate={quoteattr(_xml_text(draw(st.one_of(GOOD_TIME, VALUE))))} "
        f'endDate="2026-11-23 09:00:00 -0500"/>\n'
    )


def _xml_text(text: str) -> str:
    """What XML can carry at all (painlog turns the control characters it meets into spaces)."""
    return "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ud800\udfff"))


@FUZZ
@given(st.lists(apple_record(), max_size=6), st.sampled_from(["", "<!DOCTYPE x>", "<!--"]))
def test_apple_health_fuzz(records, extra):
    body = '<?xml version="1.0"?>\n<HealthData locale="en_US">\n' + extra + "".join(records)
    path = folder({"export.xml": body + "</HealthData>\n"}) / "export.xml"
    as_entries(survives(lambda: read_device_export("apple-health", path)))


@FUZZ
@given(st.binary(max_size=300), st.integers(0, 2000))
def test_apple_health_bytes_fuzz(noise, where):
    """Any bytes spliced into a valid export: read or refused in one line."""
    valid = (
        b'<?xml version="1.0"?>\n<HealthData locale="en_US">\n'
        b'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="W" '
        b'startDate="2026-11-23 08:00:00 -0500" endDate="2026-11-23 08:30:00 -0500" value="12"/>\n'
        b"</HealthData>\n"
    )
    where %= len(valid)
    path = folder({"export.xml": valid[:where] + noise + valid[where:]}) / "export.xml"
    as_entries(survives(lambda: read_device_export("apple-health", path)))


# --- Fitbit ----------------------------------------------------------------------------------

JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), VALUE),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)  # fmt: skip


@FUZZ
@given(
    st.lists(st.fixed_dictionaries({"dateTime": st.one_of(VALUE, st.just("11/23/26 09:00:00"),
                                                          JSON),
                                    "value": st.one_of(VALUE, JSON)}), max_size=5),
    st.lists(st.fixed_dictionaries({
        "logId": st.one_of(st.integers(), VALUE),
        "startTime": st.one_of(st.just("2026-11-22T23:00:00.000"), VALUE, JSON),
        "endTime": st.one_of(st.just("2026-11-23T07:00:00.000"), VALUE, JSON),
        "minutesAsleep": st.one_of(st.integers(), st.floats(), VALUE, JSON),
        "mainSleep": JSON, "levels": JSON,
    }), max_size=4),
    st.sampled_from(["", "id,timezone\n1,Europe/Berlin\n", "timezone\nNot/AZone\n", "\x00"]),
    st.integers(0, 3),
)  # fmt: skip
def test_fitbit_fuzz(minutes, logs, profile, nesting):
    steps_text = json.dumps(minutes, allow_nan=True)
    for _ in range(nesting):
        steps_text = "[" * 5000 + "]" * 5000 if nesting == 3 else steps_text
    files = {"steps-2026-11-01.json": steps_text, "sleep-2026-11-01.json": json.dumps(logs)}
    if profile:
        files["Profile.csv"] = profile
    as_entries(survives(lambda: read_device_export("fitbit", folder(files))))


# --- Google Fit and Samsung Health -----------------------------------------------------------


def _csv_line(cells: list[str]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


@FUZZ
@given(st.lists(st.tuples(st.one_of(st.just("2026-11-23"), VALUE), VALUE, VALUE), max_size=5),
       st.lists(st.tuples(st.one_of(st.just("09:00:00.000+01:00"), VALUE), VALUE), max_size=4))  # fmt: skip
def test_google_fit_fuzz(days, quarters):
    daily = "Date,Step count,Move Minutes count\n" + "".join(_csv_line(list(r)) for r in days)
    per_day = "Start time,Step count\n" + "".join(_csv_line(list(r)) for r in quarters)
    files = {
        "Fit/Daily activity metrics/Daily activity metrics.csv": daily,
        "Fit/Daily activity metrics/2026-11-24.csv": per_day,
    }
    as_entries(survives(lambda: read_device_export("google-fit", folder(files))))


@FUZZ
@given(
    st.lists(st.tuples(VALUE, VALUE, st.one_of(st.just("UTC+0100"), VALUE), VALUE), max_size=5),
    st.lists(st.tuples(VALUE, VALUE, VALUE), max_size=5),
    st.sampled_from(["com.samsung.shealth.sleep,6310003,3\n", "", "\ufeff,\n", "x" * 5000 + "\n"]),
)
def test_samsung_health_fuzz(sleeps, steps, metadata):
    sleep = metadata + "start_time,end_time,time_offset,deviceuuid\n"
    sleep += "".join(_csv_line(list(r)) for r in sleeps)
    trend = "com.samsung.shealth.step_daily_trend,6310003,5\nday_time,count,source_type\n"
    trend += "".join(_csv_line(list(r)) for r in steps)
    files = {"a.csv": sleep, "com.samsung.shealth.step_daily_trend.20261201.csv": trend}
    as_entries(survives(lambda: read_device_export("samsung-health", folder(files))))


# --- apps and painlog's own files ------------------------------------------------------------


@FUZZ
@given(st.lists(st.lists(VALUE, min_size=6, max_size=9), max_size=4), st.booleans())
def test_daylio_fuzz(rows, header):
    from painlog.formats.apps.daylio import parse_daylio

    text = "full_date,date,weekday,time,mood,activities,note_title,note\n" if header else ""
    text += "".join(_csv_line(row) for row in rows)
    path = folder({"daylio.csv": text}) / "daylio.csv"
    survives(lambda: parse_daylio(path, clock.now(), {}))


@FUZZ
@given(st.lists(st.lists(VALUE, min_size=5, max_size=8), max_size=4))
def test_bearable_fuzz(rows):
    from painlog.formats.apps.bearable import parse_bearable

    text = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    text += "".join(_csv_line(row) for row in rows)
    path = folder({"bearable.csv": text}) / "bearable.csv"
    survives(lambda: parse_bearable(path, clock.now()))


@FUZZ
@given(st.lists(st.lists(VALUE, min_size=3, max_size=15), max_size=4))
def test_painlog_csv_fuzz(rows):
    from painlog.formats import read_file

    text = "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief,"
    text += "source,source_key\n" + "".join(_csv_line(row) for row in rows)
    path = folder({"journal.csv": text}) / "journal.csv"
    survives(lambda: read_file(path))


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(
    ["id", "kind", "at", "value", "unit", "name", "tags", "note", "source", "source_key"]),
    st.one_of(VALUE, JSON), max_size=6), max_size=4), st.integers(0, 1))  # fmt: skip
def test_painlog_json_fuzz(entries, deep):
    from painlog.formats import read_file

    document = {"format": "painlog", "version": 1, "entries": entries}
    text = json.dumps(document, allow_nan=True)
    if deep:
        text = text[:-1] + ', "visits": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = folder({"journal.json": text}) / "journal.json"
    survives(lambda: read_file(path))


def test_cli_never_unexpected_on_hostile_files(painlog, tmp_path):
    """The same hostile values through the command: exit 0 or 2, never "unexpected problem"."""
    hostile = {
        "apple-health": ("export.xml", '<HealthData><Record type="HKQuantityTypeIdentifierStep'
                         'Count" startDate="9999-12-31 23:59:59 +9999" endDate="x" value="NaN"/>'
                         "</HealthData>"),
        "fitbit": ("steps-2026-11-01.json", "[" * 100_000 + "]" * 100_000),
        "google-fit": ("Daily activity metrics.csv", "Date,Step count\n9999-12-31,1e400\n"),
        "samsung-health": ("x.csv", "com.samsung.shealth.sleep,1,3\nstart_time,end_time,"
                           "time_offset\n" + "9" * 5000 + ",1,UTC+9999\n"),
        "daylio": ("d.csv", "full_date,date,weekday,time,mood,activities,note\n"
                   "9999-12-31,x,x,25:00,good," + "|" * 10_000 + ",\n"),
        None: ("j.json", '{"format": "painlog", "entries": [{"kind": "pain", "at": '
               '"9999-12-31 23:00", "value": 1e999}]}'),
    }  # fmt: skip
    for source, (name, content) in hostile.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        args = ["import", str(path)] + (["--from", source] if source else [])
        result = painlog(*args)
        assert result.exit_code in (0, 2), (source, result.output)
        assert "unexpected problem" not in result.output, (source, result.output)
