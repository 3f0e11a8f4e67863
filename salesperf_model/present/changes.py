"""What a plan changes against its base, key by key, in the parameter reference's words and units.

One table serves `salesperf diff` (text, markdown, CSV) and the head of every plan's
report ("What this plan changes"). Rows follow the scenario's own order; lists of named
items (bonuses, grade bands, regions) are compared item by item by name, so an added or
removed bonus is one row; other lists item by item when their lengths agree, else whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from salesperf_model.engine import bonus_words, long_term_words
from salesperf_model.formatting import money, share
from salesperf_model.loading.named import NAMED_LISTS
from salesperf_model.present.plan_words import key_words
from salesperf_model.present.rule_words import carve_out_words, pay_change_words
from salesperf_model.schema import Scenario
from salesperf_model.schema.reference import ParameterRow, parameter_rows

#: A setting's value as the scenario's JSON form holds it.
Setting = str | int | float | bool | None | list | dict

#: Keys that name or describe a file rather than set the plan.
NOT_COMPARED = ("name", "title", "description", "extends")
NONE = "(none)"
#: A named list's item in words, for an item added or removed whole.
ITEM_WORDS = {
    ("pay", "bonuses"): "Bonus",
    ("pay", "long_term"): "Long-term element",
    ("pay", "spifs"): "SPIF",
    ("pay", "modifiers"): "Payout modifier",
    ("grading", "bands"): "Grade band",
    ("population", "regions"): "Region",
}
COLUMNS = ["key", "setting", "baseline", "plan"]


@dataclass(frozen=True)
class _Leaf:
    """One leaf value of a dumped scenario, at its key path."""

    path: tuple[str, ...]
    value: Setting


@cache
def _reference() -> list[tuple[re.Pattern[str], ParameterRow]]:
    """Every parameter reference row as a pattern over dotted keys, longest first."""
    rows = [r for r in parameter_rows(Scenario) if r.key]
    patterns = []
    for row in rows:
        parts = [
            r"[^.]+" if p == "N" or p.startswith("<") else re.escape(p) for p in row.key.split(".")
        ]
        patterns.append((re.compile(r"\.".join(parts)), row))
    return sorted(patterns, key=lambda item: -item[1].key.count("."))


def _row_for(path: tuple[str, ...]) -> tuple[ParameterRow | None, tuple[str, ...]]:
    """The reference row of the longest key that is a prefix of ``path``, and the rest
    (e.g. the role of a by-role amount)."""
    for length in range(len(path), 0, -1):
        key = ".".join(path[:length])
        for pattern, row in _reference():
            if pattern.fullmatch(key):
                return row, path[length:]
    return None, path


def _number(value: float, unit: str, currency: str) -> str:
    if unit.startswith("money"):
        text = money(value, currency)
        return text + (" a month" if unit == "money per month" else "")
    if unit.startswith("share") or unit == "ratio":
        return share(value)
    if unit == "percent":
        return f"{value:g}%"
    if unit.startswith("%"):  # '% of reps', '% of pay': '20% of reps', not '20 % of reps'
        return f"{value:g}{unit}"
    if unit == "factor":
        return f"x{value:g}"
    return f"{value:g} {unit}".strip() if unit and not unit.startswith("KPI") else f"{value:g}"


def in_units(value: Setting, unit: str, currency: str) -> str:
    """A setting's value as the reference's unit says: 0.03 share -> '3%', 8000 money per
    month -> '8,000 CNY a month', 1.3 factor -> 'x1.3'."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return key_words(value)  # 'new_business' -> 'new business', 'nps' -> 'NPS'
    if isinstance(value, int | float):
        return _number(float(value), unit, currency)
    if isinstance(value, Mapping):
        return ", ".join(f"{key_words(k)} {in_units(v, unit, currency)}" for k, v in value.items())
    return "; ".join(_item_words(item, (), currency) for item in value) or "none"


def _item_words(item: Setting, path: tuple[str, ...], currency: str) -> str:
    """One list item in words, each field in its unit."""
    if not isinstance(item, Mapping):
        row, _ = _row_for(path)
        return in_units(item, row.unit if row else "", currency)
    if {"first", "plan", "quota"} <= item.keys():  # a plan change: the new plan by its file
        return pay_change_words(item)
    if path[-1:] == ("carve_outs",) or {"first", "share", "regions"} <= item.keys():
        return carve_out_words(item)  # "20% of Hangzhou from 2026-10"
    parts = []
    for position, (key, value) in enumerate(item.items()):
        first = position == 0 or key.startswith("from_")  # where a tier starts: always said
        if value is None or key == "name" or (not first and (value is False or value == 0)):
            continue  # unset, already the row's name, or a default (slope 0, gated false)
        if isinstance(value, list | dict) and not value:
            continue  # an empty list says nothing ("reps none")
        row, _ = _row_for((*path, "0", key)) if path else (None, ())
        parts.append(
            f"{key.replace('_', ' ')} {in_units(value, row.unit if row else '', currency)}"
        )
    return ", ".join(parts)


def _setting_words(shown: tuple[str, ...], row_path: tuple[str, ...]) -> str:
    """The reference's description (its first clause), with the list item, named item
    or mapping key it is about: "Commission rate of the tier (tier 2)"."""
    row, rest = _row_for(row_path)
    text = re.sub(r"\s*\([^)]*\)", "", row.description) if row else ""
    words = re.split(r";|, e\.g\.|\. |: `|, each| ascending", text)[0].strip().rstrip(".")
    if not words or words.startswith("`"):  # a description that lists the choices
        words = key_words(" ".join(shown[-2:])).capitalize()
    pattern = row.key.split(".") if row else []
    which = []
    for index, part in enumerate(pattern):
        if (part == "N" or part.startswith("<")) and index < len(shown):
            here = shown[index]
            which.append(
                f"{key_words(shown[index - 1].rstrip('s'))} {int(here) + 1}"
                if here.isdigit()
                else key_words(here)
            )
    rest_words = [key_words(part) for part in shown[len(shown) - len(rest) :]] if rest else []
    label = ", ".join([*which, *rest_words])
    return f"{words} ({label})" if label else words


def _leaves(value: Setting, path: tuple[str, ...]) -> list[_Leaf]:
    if isinstance(value, Mapping):
        leaves: list[_Leaf] = []
        for key, item in value.items():
            leaves += _leaves(item, (*path, str(key)))
        return leaves
    return [_Leaf(path, value)]


def _named(items: list, key: str) -> dict[str, dict]:
    return {str(item[key]): item for item in items if isinstance(item, Mapping)}


def _list_rows(
    path: tuple[str, ...], old: list, new: list, scenarios: tuple[Scenario, Scenario]
) -> list[dict[str, str]]:
    """Rows for a list: named items by name; others item by item, or whole."""
    currency = scenarios[1].currency
    key = NAMED_LISTS.get(path)
    if key:
        before, after = _named(old, key), _named(new, key)
        rows = []
        for name in [*before, *[n for n in after if n not in before]]:
            shown = (*path, name)
            item = f"{ITEM_WORDS.get(path, key_words(path[-1]).capitalize())} {key_words(name)}"
            if name not in after:
                words = _whole(before[name], path, scenarios[0])
                rows.append({"key": ".".join(shown), "setting": item, "baseline": words})
                rows[-1]["plan"] = "removed"
            elif name not in before:
                words = "added: " + _whole(after[name], path, scenarios[1])
                rows.append({"key": ".".join(shown), "setting": item, "baseline": NONE})
                rows[-1]["plan"] = words
            else:
                rows += _pair_rows(
                    shown, before[name], after[name], currency, row_path=(*path, "0")
                )
        return rows
    if len(old) == len(new):
        rows = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            where = (*path, str(index))
            rows += _pair_rows(where, a, b, currency, row_path=where)
        return rows
    words = ["; ".join(_item_words(i, path, currency) for i in v) or "none" for v in (old, new)]
    return [_text_row(path, path, *words)]


def _whole(item: Mapping, path: tuple[str, ...], scenario: Scenario) -> str:
    """A whole named item: a bonus in the plan's own words, others field by field."""
    if path == ("pay", "bonuses"):
        bonus = next(b for b in scenario.pay.bonuses if b.name == item["name"])
        return bonus_words(bonus, scenario.currency)
    if path == ("pay", "long_term"):
        element = next(e for e in scenario.pay.long_term if e.name == item["name"])
        return long_term_words(element, scenario.currency)
    return _item_words(item, path, scenario.currency)


def _text_row(
    shown: tuple[str, ...], row_path: tuple[str, ...], old: str, new: str
) -> dict[str, str]:
    return {
        "key": ".".join(shown),
        "setting": _setting_words(shown, row_path),
        "baseline": old,
        "plan": new,
    }


def _value_row(
    shown: tuple[str, ...],
    row_path: tuple[str, ...],
    values: tuple[Setting, Setting],
    currency: str,
) -> dict[str, str]:
    """A row of two raw values, each shown in the reference's unit for the key."""
    reference, _ = _row_for(row_path)
    unit = reference.unit if reference else ""
    old, new = (in_units(v, unit, currency) for v in values)
    return _text_row(shown, row_path, old, new)


def _pair_rows(
    where: tuple[str, ...], old: Setting, new: Setting, currency: str, *, row_path: tuple[str, ...]
) -> list[dict[str, str]]:
    """Rows for the leaves that differ between two values at ``where``."""
    before = {leaf.path: leaf.value for leaf in _leaves(old, ())}
    after = {leaf.path: leaf.value for leaf in _leaves(new, ())}
    rows = []
    for leaf in [*before, *[p for p in after if p not in before]]:
        values = before.get(leaf), after.get(leaf)
        if values[0] != values[1]:
            rows.append(_value_row((*where, *leaf), (*row_path, *leaf), values, currency))
    return rows


def _entry_defaults(
    leaves: dict[tuple[str, ...], Setting], absent_in: dict, scenario: Scenario
) -> dict[tuple[str, ...], Setting]:
    """An entry one side lacks (a KPI rule a plan adds) read as its model's defaults, as
    the engine reads a missing entry: only the fields set otherwise differ."""
    held = {path[:i] for path in absent_in for i in range(len(path) + 1)}
    defaults: dict[tuple[str, ...], Setting] = {}
    for path in leaves:
        if path in absent_in:
            continue
        entry = next((path[:i] for i in range(1, len(path)) if path[:i] not in held), None)
        if entry is None or any(p[: len(entry)] == entry for p in defaults):
            continue
        found: object = scenario
        for key in entry:
            found = found.get(key) if isinstance(found, Mapping) else getattr(found, key, None)
        try:
            fresh = type(found)().model_dump(mode="json")  # type: ignore[attr-defined]
        except Exception:  # not a model, or one without defaults: compared as absent
            continue
        defaults.update({leaf.path: leaf.value for leaf in _leaves(fresh, entry)})
    return {path: value for path, value in defaults.items() if path not in absent_in}


def plan_changes(scenario: Scenario, baseline: Scenario) -> pd.DataFrame:
    """Every setting where ``scenario`` differs from ``baseline``: ``key`` (dotted, as
    ``--set`` takes it; named items by name), ``setting`` (the parameter reference's
    words), ``baseline`` and ``plan`` (in the reference's units; money in the currency)."""
    dumped = [
        {k: v for k, v in s.model_dump(mode="json").items() if k not in NOT_COMPARED}
        for s in (baseline, scenario)
    ]
    before = {leaf.path: leaf.value for leaf in _leaves(dumped[0], ())}
    after = {leaf.path: leaf.value for leaf in _leaves(dumped[1], ())}
    for side, other, scenario_of in ((before, after, scenario), (after, before, baseline)):
        side.update(_entry_defaults(other, side, scenario_of))
    rows: list[dict[str, str]] = []
    for path in [*before, *[p for p in after if p not in before]]:
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            rows += _list_rows(path, old, new, (baseline, scenario))
        else:
            rows.append(_value_row(path, path, (old, new), scenario.currency))
    return pd.DataFrame(rows, columns=COLUMNS)
