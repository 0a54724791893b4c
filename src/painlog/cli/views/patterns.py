"""``painlog patterns`` on the terminal: how many comparisons, what stood out, how to test it."""

from __future__ import annotations

import shlex
from typing import Any

from painlog.journal.entries import shown
from painlog.messages import Msg, count, say

LAG_WORDS = {0: "the same day", 1: "the next day"}
# The kinds painlog try can schedule ON/OFF (something a person does or not). Not a medicine:
# switching one on and off is the prescriber's call, and painlog gives no advice of its own.
_TRIABLE = ("factor:", "exercise:", "therapy:", "tag:", "activity:")


def try_command(candidate: str, outcome: str) -> str | None:
    """The experiment that would test a finding: ``painlog try caffeine --weeks 6``."""
    if not candidate.startswith(_TRIABLE):
        return None  # short sleep and the weather are not something to switch on and off
    name = candidate.partition(":")[2]
    words = ["painlog", "try", name, "--weeks", "6"]
    if outcome != "pain":
        words += ["--outcome", outcome]
    return shlex.join(words)


def finding_line(result: dict[str, Any], outcome: str) -> str:
    from painlog.insight.patterns import difference_words

    return say(
        Msg.PATTERNS_WENT_WITH,
        when=LAG_WORDS[result["lag"]],
        candidate=result["candidate"],
        outcome=outcome,
        difference=difference_words(result, outcome),
        mean_with=shown(result["mean_with"], 1),
        mean_without=shown(result["mean_without"], 1),
        low=shown(result["ci95"][0], 1, sign=True),
        high=shown(result["ci95"][1], 1, sign=True),
        days_with=result["days_with"],
        days_without=result["days_without"],
        p=p_text(result["p_value"]),
    )


def p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {shown(p, 3)}"


def lines(data: dict[str, Any]) -> list[str]:
    """The screen as lines (each wrapped by the caller)."""
    outcome = data["outcome"]
    found = [
        say(Msg.PATTERNS_HEAD, outcome=outcome, since=data["since"], until=data["until"]),
    ]
    comparisons = count(data["comparisons"], "comparison")
    found.append(say(Msg.PATTERNS_MADE, comparisons=comparisons, fdr=round(data["fdr"] * 100)))
    stood = [result for result in data["results"] if result["stood_out"]]
    if stood:
        found.append(say(Msg.PATTERNS_STOOD_OUT))
        for result in stood:
            found.append("  " + finding_line(result, outcome))
            command = try_command(result["candidate"], outcome)
            if command:
                found.append("    " + say(Msg.PATTERNS_TRY, command=command))
    elif data["comparisons"]:  # none tested: the too-few-days line below says why
        found.append(say(Msg.PATTERNS_NONE_STOOD_OUT, comparisons=comparisons))
        if data["results"]:
            found.append(say(Msg.PATTERNS_CLOSEST))
            found.append("  " + finding_line(data["results"][0], outcome))
    too_few = list(data["too_few_days"])
    too_few += [
        say(Msg.PATTERNS_TOO_FEW_AT_LAG, candidate=item["candidate"], when=LAG_WORDS[item["lag"]])
        for item in data.get("too_few_days_at_lag", ())
    ]
    if too_few:
        found.append(say(Msg.PATTERNS_TOO_FEW, min=5, names=", ".join(too_few)))
    found.append(say(Msg.PATTERNS_CAVEAT))
    return found
