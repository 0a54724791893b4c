"""Pain and sleep charts as PNG images for the HTML and PDF reports, drawn with matplotlib.

matplotlib (with numpy) is the heaviest thing painlog uses (~0.3 s to import, ~120 MB
installed), so only ``painlog report --format html|pdf`` imports this module.

Lines break at days with nothing logged (a gap, never a line drawn across them); the frame
runs a day past each end of the period so the first and last bars and the last PEG point
are drawn whole, and date labels are few enough never to touch.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from painlog.insight.charts import Series
from painlog.report.data import ReportData

WIDTH_INCHES, HEIGHT_INCHES, DPI = 4.2, 2.1, 200


def _dates(series: Series) -> list[date]:
    return [date.fromisoformat(day) for day in series.days]


def _with_gaps(series: Series, data: ReportData) -> tuple[list[date], list[float]]:
    """Every day of the period, NaN where nothing was logged: matplotlib breaks a line at
    NaN, so no line is drawn across a day without entries."""

    logged = dict(zip(series.days, series.values, strict=True))
    days = [data.period.since + timedelta(days=n) for n in range(data.period.days)]
    return days, [logged.get(day.isoformat(), float("nan")) for day in days]


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=5))
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", linewidth=0.3, alpha=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return plt, figure, axes


def _png(plt, figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout(pad=0.4)
    figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return buffer.getvalue()


def _period_frame(axes, data: ReportData) -> None:
    """Every chart spans the period's own dates, drawn or empty (no placeholder axes)."""

    axes.set_xlim(data.period.since - timedelta(days=1), data.period.until + timedelta(days=1))
    # Ticks a whole number of weeks apart from the period's first day, at most 5 of them
    # (labels of 6 characters at this size touch when closer).
    step = 7 * max(1, -(-data.period.days // (7 * 5)))
    axes.set_xticks(
        [data.period.since + timedelta(days=n) for n in range(0, data.period.days, step)]
    )


def _say(axes, text: str) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, fontsize=8,
              color="#555555")  # fmt: skip


def _nothing(axes, text: str) -> None:
    """A chart with nothing to show (SPEC "Clinic report"): it says so inside a frame on the
    period's own dates, with no placeholder axes — no scale, no gridlines."""
    axes.set_yticks([])
    axes.grid(False)
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(True)
    _say(axes, text)


def _plan_markers(axes, data: ReportData, top: float) -> None:
    """A dashed line at each day with plan starts, changes or stops, labelled with them all."""
    labels: dict[date, list[str]] = {}
    for change in data.plan.changes:
        labels.setdefault(change.version.start, []).append(change.label)
    for day, names in labels.items():
        axes.axvline(day, color="#8e44ad", linewidth=0.7, linestyle="--")
        text = "\n".join(names[:4] + ([f"+{len(names) - 4} more"] if len(names) > 4 else []))
        axes.text(day, top, " " + text.replace("\n", "\n "), fontsize=5, color="#8e44ad",
                  va="top", ha="left", linespacing=1.1)  # fmt: skip


def pain_chart(data: ReportData) -> bytes:
    plt, figure, axes = _figure()
    _period_frame(axes, data)
    axes.set_ylim(0, 10.5)
    axes.set_yticks(range(0, 11, 2))
    if data.pain_mean.days:
        axes.plot(*_with_gaps(data.pain_worst, data), color="#c0392b", linewidth=0.8,
                  marker=".", markersize=2.5, label="daily worst")  # fmt: skip
        axes.plot(*_with_gaps(data.pain_mean, data), color="#2c3e50", linewidth=1.4,
                  marker=".", markersize=1.5, label="daily mean")  # fmt: skip
    elif data.pegs:
        _say(axes, "no pain logged in this period")  # the PEG scores below use the 0-10 scale
    else:
        _nothing(axes, "no pain logged in this period")
    if data.pegs:
        axes.plot([date.fromisoformat(peg.day) for peg in data.pegs],
                  [peg.score for peg in data.pegs], linestyle="none", marker="D", markersize=3,
                  color="#27ae60", label="PEG score", clip_on=False)  # fmt: skip
    _plan_markers(axes, data, top=10.4)
    if data.pain_mean.days or data.pegs:
        axes.legend(fontsize=6, frameon=False, loc="lower left", ncols=3)
    axes.set_title("Pain (0-10), PEG, and plan changes (dashed)", fontsize=8, loc="left")
    return _png(plt, figure)


def sleep_chart(data: ReportData) -> bytes:
    plt, figure, axes = _figure()
    _period_frame(axes, data)
    if data.sleep_hours.days:
        axes.bar(_dates(data.sleep_hours), data.sleep_hours.values, width=0.7, color="#5d8aa8")
        axes.axhline(7, color="#888888", linewidth=0.6, linestyle="--")
        axes.set_ylim(0, max(10, *data.sleep_hours.values))
        axes.set_yticks(range(0, int(max(10, *data.sleep_hours.values)) + 1, 2))
        axes.set_title("Sleep (hours per night; dashed line: 7 h)", fontsize=8, loc="left")
    else:
        _nothing(axes, "no sleep logged in this period")
        axes.set_title("Sleep (hours per night)", fontsize=8, loc="left")
    return _png(plt, figure)
