"""Issue 26, point 3: a CSV written by hand (no ``id`` column) imported twice adds nothing the
second time; two rows with the same source key get one clear line, never "unexpected problem"."""

from __future__ import annotations

HAND_WRITTEN = (
    "kind,at,value,unit,name\n"
    "pain,2026-11-20 10:00,5,,\n"
    "med,2026-11-20 11:00,400,mg,Ibuprofen\n"
    "med,2026-11-20 11:00,400,mg,Ibuprofen\n"  # two doses at once: both are kept the first time
    "sleep,2026-11-21 07:00,7.5,h,\n"
)


def test_hand_written_csv_imported_twice_is_not_doubled(painlog, tmp_path):
    path = tmp_path / "hand.csv"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    first = painlog.ok("import", str(path))
    assert "Imported 4 records from" in first.stdout
    again = painlog.ok("import", str(path))
    assert (
        "Imported 0 records from" in again.stdout and "(4 already in the journal)" in again.stdout
    )
    assert len(painlog.json("list", "--since", "2026-11-01", "--until", "2026-11-30")) == 4


def test_id_less_row_differing_in_value_unit_or_name_is_new(painlog, tmp_path):
    path = tmp_path / "hand.csv"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    painlog.ok("import", str(path))
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "kind,at,value,unit,name\n"
        "pain,2026-11-20 10:00,6,,\n"  # another value
        "med,2026-11-20 11:00,400,mg,Naproxen\n"  # another name
        "med,2026-11-20 11:00,200,mg,Ibuprofen\n"  # another amount
        "pain,2026-11-20 10:01,5,,\n"  # another minute
        "med,2026-11-20 11:00,400,mg,ibuprofen\n",  # the same name, another case: already there
        encoding="utf-8",
    )
    result = painlog.ok("import", str(changed))
    assert "Imported 4 records from" in result.stdout and "(1 already" in result.stdout


def test_two_rows_with_one_source_key_get_one_line(painlog, tmp_path):
    path = tmp_path / "keys.csv"
    path.write_text(
        "id,kind,at,value,source,source_key\n"
        ",pain,2026-11-20 10:00,5,daylio,k1\n"
        ",pain,2026-11-20 11:00,6,daylio,k1\n",
        encoding="utf-8",
    )
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog("import", str(path))
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"{path}: row 3: daylio record 'k1' appears twice in this file (rows 2 and 3)" in message
    assert message.endswith("Nothing was imported.")
    assert "unexpected" not in result.output and painlog.fingerprint() == before


def test_a_refused_first_import_leaves_no_journal(painlog, tmp_path):
    """The streamed import creates the journal; a bad row late in the file removes it again."""
    rows = "".join(f"pain,2026-11-{1 + n % 28:02d} 10:{n % 60:02d},5,,\n" for n in range(12_000))
    path = tmp_path / "late.csv"
    path.write_text("kind,at,value,unit,name\n" + rows + "pain,2026-11-20 10:00,11,,\n")
    result = painlog("import", str(path))
    assert result.exit_code == 2 and "row 12002: pain: '11'" in " ".join(result.stderr.split())
    assert not painlog.db.exists()
    assert not list(tmp_path.glob("journal.db*"))
