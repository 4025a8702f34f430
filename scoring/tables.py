"""The recommendation as flat rows, and spreadsheet-safe cells: one definition for every CSV.

``python -m scoring recommend --format csv`` and the wizard's export (``reports.export``) both
write these rows; the export adds when and in which language it was made. A text cell that a
spreadsheet would run as a formula (``= + - @``, tab, carriage return) gets a leading
apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from scoring.engine import CRITERIA

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: How the rules that fired and the reasons are joined in one cell.
RULE_SEPARATOR = ";"
REASON_SEPARATOR = " | "
COLUMNS = [
    "rank",
    "status",
    "template_id",
    "name",
    "score",
    "delivery",
    "cost_min_eur_per_year",
    "cost_max_eur_per_year",
    "setup_min_eur",
    "setup_max_eur",
    "fte_min",
    "fte_max",
    "weeks_min",
    "weeks_max",
    *(f"contribution_{c}" for c in CRITERIA),
    "rules_fired",
    "reasons",
    "probability_first",
    "top1_probability",
    "margin_to_second",
    "engine_version",
    "library_version",
]


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def safe_cell(value: Any) -> Any:
    """Text made formula-safe; numbers and booleans are written as they are (a negative
    number is a number to a spreadsheet, not a formula)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def one_line(text: str) -> str:
    """Reasons come from folded YAML: one line each, so a spreadsheet row stays one row."""
    return re.sub(r"\s+", " ", text).strip()


def recommendation_rows(
    result: Mapping[str, Any], name_of: Callable[[Mapping[str, Any]], str] | None = None
) -> list[dict[str, Any]]:
    """Each ranked set-up, then each excluded one, with the versions and how sure the first
    choice is on every row. Values are raw: numbers stay numbers, text is not neutralised.
    ``name_of`` may translate names (the wizard passes its catalogue)."""
    name_of = name_of or (lambda entry: str(entry.get("name") or entry["template_id"]))
    robustness = result.get("robustness") or {}
    probabilities = robustness.get("probabilities") or {}
    margin = robustness.get("margin_to_second")
    context = {
        "top1_probability": robustness.get("top1_probability", ""),
        "margin_to_second": "" if margin is None else margin,
        "engine_version": result["engine_version"],
        "library_version": result["library_version"],
    }
    rows: list[dict[str, Any]] = []
    for rec in result["recommendations"]:
        rules = rec.get("rules_fired", [])
        weeks = rec.get("time_to_first_value_weeks") or {"min": "", "max": ""}
        rows.append(
            {
                "rank": rec["rank"],
                "status": "recommended",
                "template_id": rec["template_id"],
                "name": name_of(rec),
                "score": rec["score"],
                "delivery": rec["delivery"],
                "cost_min_eur_per_year": rec["cost_eur_per_year"]["min"],
                "cost_max_eur_per_year": rec["cost_eur_per_year"]["max"],
                "setup_min_eur": rec["setup_cost_eur"]["min"],
                "setup_max_eur": rec["setup_cost_eur"]["max"],
                "fte_min": rec["fte"]["min"],
                "fte_max": rec["fte"]["max"],
                "weeks_min": weeks["min"],
                "weeks_max": weeks["max"],
                **{f"contribution_{c}": rec["contributions"].get(c, 0.0) for c in CRITERIA},
                "rules_fired": RULE_SEPARATOR.join(r["rule"] for r in rules),
                "reasons": REASON_SEPARATOR.join(
                    one_line(r["reason"]) for r in rules if r.get("reason")
                ),
                "probability_first": (
                    probabilities.get(rec["template_id"], 0.0) if robustness else ""
                ),
                **context,
            }
        )
    for item in result.get("excluded", []):
        rows.append(
            {
                **dict.fromkeys(COLUMNS, ""),
                "status": "excluded",
                "template_id": item["template_id"],
                "name": name_of(item),
                "rules_fired": RULE_SEPARATOR.join(r["rule"] for r in item.get("rules", [])),
                "reasons": REASON_SEPARATOR.join(one_line(r) for r in item["reasons"]),
                **context,
            }
        )
    return rows
