"""`list` says how many entries it leaves out (the newest 50 unless --all)."""

from __future__ import annotations


def test_list_says_how_many_it_leaves_out(painlog, tmp_path):
    rows = "\n".join(
        f"pain,2026-10-{1 + n // 3:02d}T{8 + n % 3 * 4:02d}:00:00+00:00,{n % 10}" for n in range(60)
    )
    source = tmp_path / "p.csv"
    source.write_text("kind,at,value\n" + rows + "\n")
    painlog.ok("import", str(source))
    text = painlog.ok("list", env={"COLUMNS": "100"}).stdout
    assert "Showing the newest 50 of 60 entries (--all for all)." in text
    assert "Showing" not in painlog.ok("list", "--all", env={"COLUMNS": "100"}).stdout
