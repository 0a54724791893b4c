"""Today against the plan: doses taken, missed and to come; room left under the person's own
as-needed limits and the earliest time their interval allows; this week's sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from painlog.journal.entries import format_number, unit_for
from painlog.journal.names import COUNTED
from painlog.messages import Msg, count, say
from painlog.plan.adherence import LATE, PENDING, TAKEN, compute, scheduled_slots
from painlog.plan.medicines import limit_total
from painlog.plan.model import AS_NEEDED, SCHEDULED, Version, in_force, load
from painlog.store.db import Journal


def _clock(moment: datetime | None) -> str | None:
    return moment.strftime("%H:%M") if moment else None


def _doses_today(journal: Journal, version: Version, now: datetime) -> list[dict[str, Any]]:
    sql = f"""
        SELECT at, value, unit FROM entries
        WHERE kind = 'medication' AND day = :day AND {COUNTED} = :key
        ORDER BY julianday(at)
    """
    return list(journal.query(sql, {"day": now.date().isoformat(), "key": version.key}))


def _last_dose(journal: Journal, version: Version) -> datetime | None:
    sql = f"""
        SELECT at FROM entries WHERE kind = 'medication' AND {COUNTED} = :key
        ORDER BY julianday(at) DESC LIMIT 1
    """
    row = journal.execute(sql, {"key": version.key}).fetchone()
    return datetime.fromisoformat(row[0]) if row else None


def due(journal: Journal, now: datetime, first_weekday: int = 0) -> dict[str, Any]:
    today = now.date()
    versions = load(journal)
    todays = in_force(versions, today)
    slots, extras = scheduled_slots(journal, todays, today, today, now)
    scheduled: dict[str, Any] = {}
    as_needed: dict[str, Any] = {}
    for span in todays:
        version = span.version
        if version.mode == SCHEDULED:
            mine = [slot for slot in slots if slot.key == version.key]
            scheduled[version.name] = {
                "dose": version.dose_text(),
                "slots": [
                    {
                        "time": slot.moment.strftime("%H:%M"),
                        "status": "to come" if slot.status == PENDING else slot.status,
                        "taken_at": _clock(
                            datetime.fromtimestamp(slot.filled_by).astimezone()
                            if slot.filled_by is not None
                            else None
                        ),
                    }
                    for slot in mine
                ],
                "taken": sum(slot.status == TAKEN for slot in mine),
                "late": sum(slot.status == LATE for slot in mine),
                "missed": sum(slot.status == "missed" for slot in mine),
                "to_come": sum(slot.status == PENDING for slot in mine),
                "extra": sum(dose.key == version.key for dose in extras),
            }
        elif version.mode == AS_NEEDED:
            doses = _doses_today(journal, version, now)
            totals: dict[str, float] = {}
            for dose in doses:
                totals[dose["unit"]] = round(totals.get(dose["unit"], 0.0) + dose["value"], 4)
            room = used = None
            left: dict[str, float] = {}
            if version.max_daily is not None:
                used, left = limit_total(
                    ((d["value"], d["unit"] or "") for d in doses if d["value"] is not None),
                    version.max_daily_unit or "",
                )
                used = used or 0.0
                room = round(version.max_daily - used, 4)
            last = _last_dose(journal, version)
            next_allowed = None
            limit_reached = room is not None and room <= 0
            # SPEC "Care plan": once the day's total has reached or passed the person's own
            # --max-daily, no time is offered for another dose that day.
            if (
                not limit_reached
                and last is not None
                and version.interval
                and last + version.interval > now
            ):
                next_allowed = last + version.interval
            as_needed[version.name] = {
                "dose": version.dose_text() or None,
                "doses_today": len(doses),
                "taken_today": totals,
                "max_daily": version.max_daily,
                "unit": version.max_daily_unit or version.unit,
                "used_today": used,  # in the limit's unit, weights converted
                "not_counted": left,  # per unit: volumes or counts against a weight limit
                "room_left": room,
                "last_dose": last.isoformat() if last else None,
                "min_interval_hours": version.min_interval_hours,
                "next_allowed": next_allowed.isoformat() if next_allowed else None,
                "limit_reached": limit_reached,
            }
    week_start = today - timedelta(days=(today.weekday() - first_weekday) % 7)
    week = compute(journal, week_start, week_start + timedelta(days=6), now, versions=versions)[0]
    from painlog.plan.safety import (
        acetaminophen_line,
        coverage_line,
        not_known,
        own_acetaminophen_limit,
        safety_days,
    )
    from painlog.plan.trial import block_line

    found = safety_days(journal, today, today, versions).get(today)
    medicines = not_known(journal, today, today, versions)
    apap = None
    if found is not None and found.acetaminophen_taken:
        own = own_acetaminophen_limit(versions, today)
        line = acetaminophen_line(today, found, own)
        apap = {"today_mg": found.acetaminophen_mg, "amount_unknown": found.acetaminophen_unknown,
                "over_limit": line is not None, "note": line}  # fmt: skip
    return {
        "day": today.isoformat(),
        "now": now.isoformat(timespec="minutes"),
        "scheduled": scheduled,
        "as_needed": as_needed,
        "week_start": week_start.isoformat(),
        "exercise": week["exercise"],
        "therapy": week["therapy"],
        "acetaminophen": apap,
        "experiment": block_line(journal, today),
        # medicines logged today that painlog cannot classify, named beside the safety figures
        "medicines_not_known": medicines["not_known"],
        "medicine_safety": coverage_line(medicines),
    }


def short_line(data: dict[str, Any]) -> str:
    """One line for a shell prompt: ``gabapentin 1/2 next 20:00 · ibuprofen 400/1200mg``."""
    parts = []
    for name, item in data["scheduled"].items():
        done = item["taken"] + item["late"]
        total = len(item["slots"])
        coming = [slot["time"] for slot in item["slots"] if slot["status"] == "to come"]
        text = f"{name} {done}/{total}"
        if item["missed"]:
            text += f" ({item['missed']} missed)"
        if coming:
            text += f" next {coming[0]}"
        parts.append(text)
    for name, item in data["as_needed"].items():
        if item["max_daily"] is not None:
            used = item["used_today"]
            text = f"{name} {format_number(used)}/{format_number(item['max_daily'])}{item['unit']}"
        else:
            text = f"{name} {item['doses_today']}x"
        if item.get("limit_reached"):
            text += " limit passed" if (item["room_left"] or 0) < 0 else " limit reached"
        elif item["next_allowed"]:
            text += f" after {item['next_allowed'][11:16]}"
        parts.append(text)
    for section in ("exercise", "therapy"):
        for name, item in data[section].items():
            parts.append(f"{name} {item['sessions']}/{item['target']}wk")
    if (data.get("acetaminophen") or {}).get("over_limit"):
        parts.append("acetaminophen over limit")
    if data.get("experiment"):
        parts.append(data["experiment"].removeprefix("this week: ").split(" (")[0])
    return " · ".join(parts) if parts else "no plan today"


def due_lines(data: dict[str, Any]) -> list[str]:
    """``due`` in words, one line per item (plain text: no rich import, for speed)."""
    lines = [f"Today, {data['day']}"]
    closing = [data["experiment"]] if data.get("experiment") else []
    if (data.get("acetaminophen") or {}).get("note"):
        closing.append(data["acetaminophen"]["note"])
    if data.get("medicine_safety"):
        line = data["medicine_safety"]
        closing.append(line[0].upper() + line[1:] + ".")
    if not any(data[key] for key in ("scheduled", "as_needed", "exercise", "therapy")):
        return [*lines, "No plan in force today. See 'painlog plan add --help'.", *closing]
    for name, item in data["scheduled"].items():
        slots = [
            f"{slot['time']} {slot['status']} ({slot['taken_at']})" if slot["taken_at"]
            else f"{slot['time']} {slot['status']}"
            for slot in item["slots"]
        ]  # fmt: skip
        extra = f"; {item['extra']} extra" if item["extra"] else ""
        lines.append(f"  {name} {item['dose']}: " + ", ".join(slots) + extra)
    for name, item in data["as_needed"].items():
        doses = item["doses_today"]
        taken = ", ".join(
            f"{format_number(v)} {unit_for(v, u)}" for u, v in item["taken_today"].items()
        )
        line = f"  {name} (as needed): {count(doses, 'dose')} today"
        line += f" ({taken})" if taken else ""
        if item["max_daily"] is not None:
            room, unit = item["room_left"], item["unit"]
            limit = f"your limit of {format_number(item['max_daily'])} {unit} a day"
            if room == 0:
                line += f"; today's limit is reached ({limit})"
            elif room > 0:
                line += f"; {format_number(room)} {unit} left under {limit}"
            else:
                line += f"; {format_number(-room)} {unit} over {limit}"
            if item["not_counted"]:
                amounts = ", ".join(
                    f"{format_number(v)} {unit_for(v, u)}" for u, v in item["not_counted"].items()
                )
                line += "; " + say(Msg.DUE_NOT_COUNTED, amounts=amounts, unit=unit)
        if item.get("limit_reached"):
            pass  # no time is offered once the day's limit is reached or passed
        elif item["next_allowed"]:
            line += f"; your interval allows the next at {item['next_allowed'][11:16]}"
            if item["next_allowed"][:10] != data["day"]:
                line += f" on {item['next_allowed'][:10]}"
        elif item["min_interval_hours"] and item["last_dose"]:
            line += "; your interval allows one now"
        lines.append(line)
    for section in ("exercise", "therapy"):
        for name, item in data[section].items():
            parts = item.get("versions") or []
            if len(parts) > 1:  # changed this week: each version with its own days and count
                for part in parts:
                    lines.append(
                        f"  {part['version']} ({part['since'][5:]} to {part['until'][5:]}): "
                        f"{part['sessions']} of {part['target']}"
                    )
                continue
            lines.append(
                f"  {name}: {item['sessions']} of {item['target']} this week "
                f"(week from {data['week_start']})"
            )
    return [*lines, *closing]
