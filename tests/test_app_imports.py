"""Importing Daylio and Bearable exports, in every layout and with every quirk of real exports.

The files are written here by the tests (never a real person's export).
"""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painlog.formats.apps.bearable import describe_symptom
from painlog.formats.apps.common import parse_clock


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """Closing lines wrap at the terminal's width; these tests read them whole (the wrapping
    at 80 columns has its own test)."""
    monkeypatch.setenv("COLUMNS", "1000")


BOM = "\ufeff"


def write(tmp_path, name: str, text: str, newline: str = "\n") -> str:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return str(path)


def moods(painlog):
    return sorted(
        (e["at"][:16], e["value"], e["tags"], e["note"])
        for e in painlog.json("list", "--kind", "mood")
    )


def factors(painlog):
    """Daylio's activities: factors at their row's date and time (issue 27)."""
    return sorted((e["at"][:16], e["name"]) for e in painlog.json("list", "--kind", "factor"))


# --- Daylio -----------------------------------------------------------------------------------

DAYLIO_8 = (
    BOM + "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2019-03-17,March 17,Sunday,20:28,rad,"friends |  walk | ",Great day,'
    '"Line one<br>line <b>two</b> &amp; more"\n'
    "2019-03-16,March 16,Saturday,5:01 PM,good,,,\n"
    '2019-03-15,March 15,Friday,9:03,meh,work,,"two\nlines 😊 שלום"\n'
    "2019-03-14,March 14,Thursday,6:50 pm,bad,,,\n"
    "2019-03-13,March 13,Wednesday,23:59,awful,,,"  # no newline after the last row
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_daylio_with_note_title_every_quirk(painlog, tmp_path, newline):
    path = write(tmp_path, "daylio.csv", DAYLIO_8, newline)
    result = painlog.ok("import", path, "--from", "daylio")
    assert result.stdout.strip() == (
        "Imported 5 Daylio rows as 5 mood entries, 3 factor entries, 2019-03-13 to 2019-03-17: "
        "8 new, 0 updated, 0 unchanged."
    )
    assert moods(painlog) == [
        ("2019-03-13T23:59", 0.0, [], None),
        ("2019-03-14T18:50", 2.5, [], None),
        ("2019-03-15T09:03", 5.0, [], "two\nlines 😊 שלום"),
        ("2019-03-16T17:01", 7.5, [], None),
        ("2019-03-17T20:28", 10.0, [], "Great day\nLine one\nline two & more"),
    ]
    assert factors(painlog) == [
        ("2019-03-15T09:03", "work"),
        ("2019-03-17T20:28", "friends"),
        ("2019-03-17T20:28", "walk"),
    ]


def test_daylio_seven_and_nine_column_layouts_with_and_without_a_header(painlog, tmp_path):
    seven = "2020-01-02,January 2,Thursday,8:00,good,yoga,plain note\n"
    nine = '2020-01-03,January 3,Friday,8:00,meh,,"Sleep: 3/5, Energy: 2/5",Title,Body\n'
    painlog.ok(
        "import",
        write(tmp_path, "7h.csv", "full_date,date,weekday,time,mood,activities,note\n" + seven),
        "--from",
        "daylio",
    )
    painlog.ok("import", write(tmp_path, "9.csv", nine), "--from", "daylio")  # no header: 9 columns
    painlog.ok(
        "import", write(tmp_path, "7.csv", seven.replace("01-02", "01-04")), "--from", "daylio"
    )
    notes = {m[0][:10]: (m[1], m[3]) for m in moods(painlog)}
    assert notes == {
        "2020-01-02": (7.5, "plain note"),
        "2020-01-03": (5.0, "Title\nBody\nscales: Sleep: 3/5, Energy: 2/5"),
        "2020-01-04": (7.5, "plain note"),
    }


def test_daylio_oldest_layout_reads_dates_in_the_phones_language(painlog, tmp_path):
    spanish = (
        "year,date,weekday,time,mood,activities,note\n"
        "2018,10 de octubre,miércoles,9:03,good,,\n"
        "2018,3 de noviembre,sábado,20:28,rad,,\n"
    )
    polish = "2019,7 września,sobota,5:01 PM,meh,,\n"  # no header: a year first, 7 columns
    english = "2017,June 10,Saturday,6:50 pm,bad,,\n"
    for name, text in (("es.csv", spanish), ("pl.csv", polish), ("en.csv", english)):
        painlog.ok("import", write(tmp_path, name, text), "--from", "daylio")
    assert [(m[0], m[1]) for m in moods(painlog)] == [
        ("2017-06-10T18:50", 2.5),
        ("2018-10-10T09:03", 7.5),
        ("2018-11-03T20:28", 10.0),
        ("2019-09-07T17:01", 5.0),
    ]


def test_unmapped_labels_stop_the_import_and_are_all_listed(painlog, tmp_path):
    path = write(tmp_path, "custom.csv",
                 "full_date,date,weekday,time,mood,activities,note\n"
                 "2020-01-02,,,8:00,content,,\n2020-01-03,,,8:00,Medium [-],,\n"
                 "2020-01-04,,,8:00,tak sobie,,\n2020-01-05,,,8:00,good,,\n")  # fmt: skip
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    result = painlog("import", path, "--from", "daylio", "--mood", "content=8")
    assert result.exit_code == 2
    assert "'Medium [-]', 'tak sobie'" in result.stderr
    assert '--mood "Medium [-]=VALUE" --mood "tak sobie=VALUE"' in result.stderr
    assert painlog.fingerprint() == before
    dry = painlog.ok("import", path, "--from", "daylio", "--mood", "content=8", "--dry-run").stdout
    assert "4 rows -> 2 mood entries, 2020-01-02 to 2020-01-05." in dry
    assert "content -> mood 8 (yours)" in dry and "good -> mood 7.5 (built in)" in dry
    assert "Medium [-] (1 row)" in dry and "tak sobie (1 row)" in dry
    assert painlog.fingerprint() == before  # a dry run writes nothing
    done = painlog.ok("import", path, "--from", "daylio", "--mood", "content=8",
                      "--mood", "medium [-]=5", "--mood", "Tak Sobie = 4.5")  # fmt: skip
    assert "; 3 labels mapped by you." in done.stdout
    assert sorted(m[1] for m in moods(painlog)) == [4.5, 5.0, 7.5, 8.0]


def test_reimporting_and_a_newer_export_add_only_what_is_new(painlog, tmp_path):
    old = "full_date,date,weekday,time,mood,activities,note\n2020-01-02,,,8:00,good,,same\n"
    twice = old + "2020-01-02,,,8:00,good,,same\n"  # an identical row, logged twice
    painlog.ok("import", write(tmp_path, "old.csv", twice), "--from", "daylio")
    again = painlog.ok("import", write(tmp_path, "old.csv", twice), "--from", "daylio")
    assert "0 new, 0 updated, 2 unchanged" in again.stdout
    newer = twice + "2020-01-03,,,9:00,rad,,new\n"
    result = painlog.ok("import", write(tmp_path, "newer.csv", newer), "--from", "daylio")
    assert "1 new, 0 updated, 2 unchanged" in result.stdout
    assert len(moods(painlog)) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2020-01-02,,,8:00,good,,\n2020-01-03,,,8:00,good\n",
            "row 2: has 5 fields; this layout has 7",
        ),
        ("2020-13-02,,,8:00,good,,\n", "row 1: full_date: '2020-13-02' is not a date"),
        ("2020-01-02,,,25:00,good,,\n", "row 1: time: '25:00' is not a time"),
        (
            "2017,Smarch 44,,8:00,good,,\n",
            "row 1: date: 'Smarch 44 2017' cannot be read as a date.",
        ),
        ("2999-01-02,,,8:00,good,,\n", "row 1: at: '2999-01-02"),
    ],
)
def test_a_bad_daylio_row_aborts_the_import_naming_it(painlog, tmp_path, text, message):
    painlog.ok("add", "pain", "4")
    before = painlog.fingerprint()
    result = painlog("import", write(tmp_path, "bad.csv", text), "--from", "daylio")
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Nothing was imported." in result.stderr
    assert painlog.fingerprint() == before


def test_ten_thousand_daylio_rows(painlog, tmp_path):
    rows = [
        f"{date.fromordinal(730000 + n // 3).isoformat()},,,{8 + n % 3 * 4}:0{n % 10},"
        f"{('rad', 'good', 'meh', 'bad', 'awful')[n % 5]},a | b,note {n}"
        for n in range(10_000)
    ]
    path = write(
        tmp_path, "big.csv", "full_date,date,weekday,time,mood,activities,note\n" + "\n".join(rows)
    )
    result = painlog.ok("import", path, "--from", "daylio")
    # a and b on every row, three rows a day over 3,334 days: one a and one b a day
    assert result.stdout.startswith(
        "Imported 10,000 Daylio rows as 10,000 mood entries, 6,668 factor entries"
    )
    assert (
        "0 new, 0 updated, 16,668 unchanged"
        in painlog.ok("import", path, "--from", "daylio").stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "moodpath"),
            "--from: 'moodpath' is not accepted; give daylio, bearable, apple-health",
        ),
        (("--from", "daylio", "--mood", "content"), "--mood: 'content' is not accepted"),
        (("--from", "daylio", "--mood", "content=11"), "--mood: 'content=11' is not accepted"),
        (("--from", "bearable", "--mood", "content=8"), "--mood: applies to Daylio imports"),
        (("--mood", "content=8"), "--mood: applies to Daylio imports"),
    ],
)
def test_bad_import_options(painlog, tmp_path, args, message):
    path = write(tmp_path, "d.csv", "2020-01-02,,,8:00,good,,\n")
    result = painlog("import", path, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not painlog.db.exists()


# --- Bearable ---------------------------------------------------------------------------------

BEARABLE = (
    "date,weekday,time of day,category,rating/amount,detail,notes\n"
    "22nd Sep 2020,Tuesday,3:04,Symptom,,Back (lower) pain (Mild),after the drive\n"
    "22nd Sep 2020,Tuesday,pm,Symptom,,Neck pain (Extreme),\n"
    "22nd Sep 2020,Tuesday,am,Symptom,,Stress (Mild),\n"
    '22nd Sep 2020,Tuesday,14:08,Mood,7,"Calm, Tired",\n'
    "22nd Sep 2020,Tuesday,mid,Meds/Supplements,50,Hydroxyzine (mg),\n"
    "22nd Sep 2020,Tuesday,,Sleep,8:30,,\n"
    "22nd Sep 2020,Tuesday,,Sleep quality,4,,\n"
    "1st Oct 2020,Thursday,all day,Energy,3,,\n"
    "1st Oct 2020,Thursday,pre,Food Diary,,Porridge,\n"
    "1st Oct 2020,Thursday,am,Gratitudes,,Sunshine,\n"
    "1st Oct 2020,Thursday,pm,Bowel Movements,2,,\n"
    "1st Oct 2020,Thursday,pm,Factors,,Rain,\n"
    "1st Oct 2020,Thursday,,Sleep factors,,Noise,\n"
    "1st Oct 2020,Thursday,,Food Diary factors,,Caffeine,\n"
)


def test_bearable_every_category(painlog, tmp_path):
    result = painlog.ok("import", write(tmp_path, "bearable.csv", BEARABLE), "--from", "bearable")
    assert result.stdout.startswith(
        "Imported 14 Bearable rows as 4 note entries, 3 factor entries, 2 pain entries, "
        "1 symptom entry"
    )  # issue 27: a rated symptom that is not pain is a symptom, factors are factors
    entries = painlog.json("list")
    pain = sorted(
        (e["at"][11:16], e["value"], e["location"], e["note"])
        for e in entries
        if e["kind"] == "pain"
    )
    assert pain == [
        ("03:04", 3.0, ["back (lower)"], "after the drive"),
        ("19:00", 10.0, ["neck"], None),
    ]
    [mood] = [e for e in entries if e["kind"] == "mood"]
    assert (mood["value"], mood["tags"], mood["at"][11:16]) == (7.0, ["Calm", "Tired"], "14:08")
    [med] = [e for e in entries if e["kind"] == "medication"]
    assert (med["name"], med["value"], med["unit"], med["at"][11:16]) == (
        "hydroxyzine",
        50.0,
        "mg",
        "13:00",
    )
    [sleep] = [e for e in entries if e["kind"] == "sleep"]
    assert (sleep["value"], sleep["quality"], sleep["at"][:16]) == (8.5, "4", "2020-09-22T07:00")
    notes = {(e["tags"][0], e["note"], e["at"][11:16]) for e in entries if e["kind"] == "note"}
    assert notes == {
        ("energy", "Energy: rating 3", "12:00"),
        ("food diary", "Food Diary: Porridge", "06:00"),
        ("gratitudes", "Gratitudes: Sunshine", "09:00"),
        ("bowel movements", "Bowel Movements: rating 2", "19:00"),
    }
    [symptom] = [e for e in entries if e["kind"] == "symptom"]
    assert (symptom["name"], symptom["value"], symptom["at"][11:16]) == ("Stress", 3.0, "09:00")
    factors = {(e["name"], e["at"][11:16]) for e in entries if e["kind"] == "factor"}
    assert factors == {("Rain", "19:00"), ("Noise", "07:00"), ("Caffeine", "12:00")}
    dry = painlog.ok("import", write(tmp_path, "bearable.csv", BEARABLE), "--from", "bearable",
                     "--dry-run").stdout  # fmt: skip
    assert "Back (lower) pain (Mild) -> pain 3 at back (lower) (built in)" in dry
    assert "Neck pain (Extreme) -> pain 10 at neck (built in)" in dry
    assert "0 new, 0 updated, 13 unchanged" in " ".join(dry.split())  # quality joined


def test_bearable_newer_layout_and_errors(painlog, tmp_path):
    newer = "date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n" \
            "22nd Sep 2020,2020-09-22,Tuesday,9:00,Mood,6,,\n"  # fmt: skip
    painlog.ok("import", write(tmp_path, "n.csv", newer), "--from", "bearable")
    before = painlog.fingerprint()
    header = BEARABLE.splitlines()[0] + "\n"
    for body, message in (
        (
            "22nd Sep 2020,Tuesday,9:00,Meds/Supplements,2,Ibuprofen (pills),\n",
            "row 2: unit: 'pills'",
        ),
        ("22nd Sep 2020,Tuesday,9:00,Mood,7,\n", "row 2: has 6 fields; the header has 7"),
        ("32nd Sep 2020,Tuesday,9:00,Mood,7,,\n", "row 2: date: '32nd Sep 2020' is not a date"),
        ("22nd Sep 2020,Tuesday,teatime,Mood,7,,\n", "row 2: time of day: 'teatime' is not a time"),
    ):
        result = painlog("import", write(tmp_path, "bad.csv", header + body), "--from", "bearable")
        assert result.exit_code == 2 and message in result.stderr, result.stderr
        assert painlog.fingerprint() == before


# --- parsers ------------------------------------------------------------------------------------


@given(st.times())
def test_clock_reads_24_hour_and_12_hour_times(moment: time):
    assert parse_clock(moment.strftime("%H:%M")) == moment.replace(second=0, microsecond=0)
    assert parse_clock(f"{moment.hour}:{moment.minute:02d}") == moment.replace(
        second=0, microsecond=0
    )
    twelve = f"{(moment.hour % 12) or 12}:{moment.minute:02d} {'PM' if moment.hour >= 12 else 'am'}"
    assert parse_clock(twelve) == moment.replace(second=0, microsecond=0)


@given(st.text(max_size=8))
def test_clock_never_fails_on_junk(text: str):
    found = parse_clock(text)
    assert found is None or isinstance(found, time)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_bearable_dates_with_ordinals(painlog_day: date):
    from painlog.formats.apps.bearable import _day

    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(
        painlog_day.day, "th"
    )
    text = f"{painlog_day.day}{suffix} {painlog_day:%b %Y}"
    assert _day({"date": text}) == painlog_day


def test_symptom_words():
    assert describe_symptom("Back (lower) pain (Severe)") == ("back (lower)", 8.0)
    assert describe_symptom("Pain (Unbearable)") == ("", 10.0)
    assert describe_symptom("Stress (Mild)") is None
    assert describe_symptom("Back pain") is None


@settings(deadline=None)  # dateparser's first call learns its languages (~0.2 s)
@given(st.dates(min_value=date(2012, 1, 1), max_value=date(2025, 12, 31)))
def test_daylio_written_dates_in_english_and_spanish(day: date):
    from painlog.formats.apps.daylio import WrittenDates

    months_es = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    assert WrittenDates().read(f"{day:%B} {day.day} {day.year}") == day
    assert WrittenDates().read(f"{day.day} de {months_es[day.month - 1]} {day.year}") == day


def test_daylio_eight_columns_without_a_header(painlog, tmp_path):
    path = write(tmp_path, "8.csv", "2020-01-02,January 2,Thursday,8:00,rad,,Title,Body\n")
    painlog.ok("import", path, "--from", "daylio")
    assert moods(painlog) == [("2020-01-02T08:00", 10.0, [], "Title\nBody")]


# --- issue 17: real exports' quirks ---------------------------------------------------------


def test_daylio_oldest_layout_with_an_unquoted_comma_in_an_activity(painlog, tmp_path):
    text = (
        "year,date,weekday,time,mood,activities,note\n"
        "2017,June 10,Saturday,9:03,good,walk | tea, biscuits | reading,nice\n"
        "2017,June 11,Sunday,9:03,meh,tea, biscuits, more,\n"
    )
    painlog.ok("import", write(tmp_path, "old.csv", text), "--from", "daylio")
    assert [(m[0][:10], m[2], m[3]) for m in moods(painlog)] == [
        ("2017-06-10", [], "nice"),
        ("2017-06-11", [], None),
    ]
    assert [(at[:10], name) for at, name in factors(painlog)] == [
        ("2017-06-10", "reading"),
        ("2017-06-10", "tea / biscuits"),
        ("2017-06-10", "walk"),
        ("2017-06-11", "tea / biscuits / more"),
    ]
    # without the header too: a year first and more than 7 fields
    headerless = "2017,June 12,Monday,9:03,rad,tea, biscuits,\n"
    painlog.ok("import", write(tmp_path, "old2.csv", headerless), "--from", "daylio")
    assert moods(painlog)[-1][1:3] == (10.0, [])
    assert [name for at, name in factors(painlog) if at.startswith("2017-06-12")] == [
        "tea / biscuits"
    ]


def test_daylio_row_missing_only_its_trailing_note_field(painlog, tmp_path):
    text = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2020-01-02,January 2,Thursday,8:00,good,yoga,Title\n"  # the note field left off
        "2020-01-03,January 3,Friday,8:00,meh,,,\n"
    )
    result = painlog.ok("import", write(tmp_path, "m.csv", text), "--from", "daylio")
    assert "3 new, 0 updated, 0 unchanged" in result.stdout  # 2 moods, the yoga factor
    assert factors(painlog) == [("2020-01-02T08:00", "yoga")]
    assert [(m[1], m[2], m[3]) for m in moods(painlog)] == [
        (7.5, [], "Title"),
        (5.0, [], None),
    ]


BEARABLE_REAL = (
    "date,weekday,time of day,category,rating/amount,detail,notes\n"
    "22nd Sep 2020,Tuesday,,Sleep,,Asleep 02:45 – 12:30,synced from Google Fit\n"
    "23rd Sep 2020,Wednesday,,Sleep,9:45,Asleep 02:45 – 12:30,-\n"
    "23rd Sep 2020,Wednesday,am,Symptom,,Headache (Moderate),\n"
    "23rd Sep 2020,Wednesday,pm,Symptom,,Migraine (Severe),dark room\n"
    "23rd Sep 2020,Wednesday,pm,Symptom,,Toothache (Mild),\n"
    "23rd Sep 2020,Wednesday,mid,Symptom,,Stomach ache (Mild),\n"
    "23rd Sep 2020,Wednesday,mid,Symptom,,Neck stiffness (Mild),\n"
    "23rd Sep 2020,Wednesday,Day 7,Period,,Light flow,\n"
    "23rd Sep 2020,Wednesday,all day,Active,45,Walking,\n"
    "23rd Sep 2020,Wednesday,all day,Lifestyle,,Worked from home,.\n"
)


def test_bearable_real_quirks(painlog, tmp_path):
    path = write(tmp_path, "bearable.csv", BEARABLE_REAL)
    result = painlog.ok("import", path, "--from", "bearable")
    out = " ".join(result.stdout.split())
    assert out.startswith(
        "Imported 10 Bearable rows as 4 pain entries, 3 note entries, 1 sleep entry, "
        "1 symptom entry,"
    )
    assert "9 new, 0 updated, 0 unchanged; 1 Sleep row with no amount skipped." in out
    entries = painlog.json("list")
    [sleep] = [e for e in entries if e["kind"] == "sleep"]
    # the note that is only "-" is dropped; the app's detail is kept
    assert (sleep["value"], sleep["note"], sleep["day"]) == (
        9.75,
        "Asleep 02:45 – 12:30",
        "2020-09-23",
    )
    pain = sorted(
        (e["at"][11:16], e["value"], e["location"], e["tags"], e["note"])
        for e in entries
        if e["kind"] == "pain"
    )
    assert pain == [
        ("09:00", 5.0, ["head"], [], None),
        ("13:00", 3.0, ["stomach"], [], None),
        ("19:00", 3.0, ["tooth"], [], None),
        ("19:00", 8.0, ["head"], ["migraine"], "dark room"),
    ]
    notes = {(e["tags"][0], e["note"], e["at"][11:16]) for e in entries if e["kind"] == "note"}
    assert notes == {
        ("period", "Period: Light flow — Day 7", "12:00"),
        ("active", "Active: Walking — rating 45", "12:00"),
        ("lifestyle", "Lifestyle: Worked from home", "12:00"),
    }
    again = painlog.ok("import", path, "--from", "bearable").stdout
    assert "0 new, 0 updated, 9 unchanged" in " ".join(again.split())


def test_bearable_pain_symptom_option(painlog, tmp_path):
    path = write(tmp_path, "bearable.csv", BEARABLE_REAL)
    dry = painlog.ok(
        "import", path, "--from", "bearable", "--pain-symptom", "neck STIFFNESS", "--dry-run"
    ).stdout
    assert "Neck stiffness (Mild) -> pain 3 (yours)" in dry
    assert "1 Sleep row with no amount skipped." in dry
    painlog.ok("import", path, "--from", "bearable", "--pain-symptom", "Neck stiffness")
    [neck] = [e for e in painlog.json("list") if e["kind"] == "pain" and e["at"][11:16] == "13:00"
              and e["tags"]]  # fmt: skip
    assert (neck["value"], neck["location"], neck["tags"]) == (3.0, [], ["neck stiffness"])


def test_pain_by_name():
    from painlog.formats.apps.bearable import describe_pain, is_pain

    assert all(is_pain(name) for name in ("Headache", "migraine", "Toothache", "Joint pain",
                                          "Backache", "Muscle aches", "Painful feet"))  # fmt: skip
    assert not any(is_pain(name) for name in ("Nausea", "Fatigue", "Stress", "Brain fog"))
    assert describe_pain("Stomach ache (Severe)") == ("stomach", 8.0, None)
    assert describe_pain("Backache (Mild)") == ("back", 3.0, None)
    assert describe_pain("Migraine (Extreme)") == ("head", 10.0, "migraine")
    assert describe_pain("Nausea (Mild)", frozenset({"nausea"})) == ("", 3.0, "nausea")
    assert describe_pain("Headache") is None  # no severity: stays a note
