"""The one-page clinic report: gather (``data``), word (``content``), lay out (md, html, pdf).

matplotlib and fpdf2 are imported only here, and only for the formats that need them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from painlog.errors import InvalidInput
from painlog.formats.agefile import Encryption, encrypt
from painlog.messages import Msg, say
from painlog.report.data import ReportData
from painlog.store.files import checked_output, write_private_bytes

FORMATS = ("md", "html", "pdf")


def renderer(format_name: str) -> Callable[[ReportData, str], bytes]:
    """The function that turns report data into the file's bytes, for ``format_name``."""
    if format_name == "md":
        from painlog.report.markdown import render
    elif format_name == "html":
        from painlog.report.html import render
    elif format_name == "pdf":
        from painlog.report.pdf import render
    else:
        raise InvalidInput(say(Msg.REPORT_FORMAT, given=format_name))
    return render


def write_report(
    data: ReportData,
    format_name: str,
    path: Path,
    paper: str = "A4",
    encryption: Encryption | None = None,
    force: bool = False,
) -> int:
    """Write the report owner-only; age-encrypted when ``encryption`` says how."""

    checked_output(path, force)  # refused before the work of rendering

    content = renderer(format_name)(data, paper)
    if encryption is not None:
        content = encrypt(content, encryption)
    write_private_bytes(path, content, force)
    return len(content)
