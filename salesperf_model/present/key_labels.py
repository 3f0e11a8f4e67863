"""Scenario keys in the words leadership reads: ``pay.base_salary`` -> "Base salary",
``scoring.kpis.nps.target`` -> "NPS KPI target", ``grading.scope: role`` -> "grades are
shared out within each role". Leadership does not read YAML: a page names a setting
through :func:`key_label` (a known key by its words, any other by a readable form of its
last parts, never the dotted path). The keys themselves, which ``--set`` and ``salesperf
diff`` take, stay for analysts in an appendix (:func:`analyst_keys_html`)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from salesperf_model.present.format import escape, table_html
from salesperf_model.present.plan_words import component_name, key_words

#: Labels of keys by pattern: ``<role>``, ``<kpi>``, ``<bonus>``, ``<spif>``, ``<modifier>``,
#: ``<name>`` stand for one part of the key (a role, a KPI, a named item) and ``<n>`` for a
#: list position; the label names them in braces.
LABELS: dict[str, str] = {
    "review_cycle": "Review cycle",
    "currency": "Currency",
    "pay.base_salary": "Base salary",
    "pay.base_salary.default": "Base salary of roles not listed",
    "pay.base_salary.by_role.<role>": "Base salary of {role}",
    "pay.base_share_band": "Recommended share of base salary in on-target pay",
    "pay.allowances": "Allowances",
    "pay.commission": "Commission",
    "pay.commission.base": "Revenue commission is paid on",
    "pay.commission.basis": "Period commission tiers count over",
    "pay.commission.settlement": "How often commission is paid",
    "pay.commission.tiers": "Commission tiers",
    "pay.commission.tiers.<n>": "Commission tier {n}",
    "pay.commission.tiers.<n>.rate": "Commission rate of tier {n}",
    "pay.commission.tiers.<n>.from_attainment": "Attainment where tier {n} starts",
    "pay.commission.threshold": "Attainment below which no commission is paid",
    "pay.commission.cap_attainment": "Attainment above which no more commission accrues",
    "pay.commission.product_factors": "Commission factors by product line",
    "pay.commission.roles": "Roles paid commission",
    "pay.bonuses": "Bonuses",
    "pay.bonuses.<bonus>": "{bonus}",
    "pay.spifs": "SPIFs",
    "pay.spifs.<spif>": "{spif}",
    "pay.modifiers": "Payout modifiers",
    "pay.modifiers.<modifier>": "{modifier}",
    "pay.long_term.<name>": "Long-term element {name}",
    "pay.credit": "Sales credit rules",
    "pay.credit.splits": "Credit split between teammates",
    "pay.credit.overlay": "Overlay credit",
    "pay.relief": "Quota relief",
    "pay.holdback": "Commission held back",
    "pay.clawback": "Commission clawback",
    "pay.windfall": "Windfall deal rule",
    "pay.people": "Pay of joiners and leavers",
    "pay_changes": "Plan changes during the year",
    "pay_changes.<n>": "Plan change {n}",
    "population.quota.basis": "Revenue quotas are set on",
    "population.quota.share_of_potential": "Quota as a share of territory potential",
    "population.territory.potential_sigma": "Spread of territory potential",
    "population.territory.big_deal_multiplier": "Size of a big account's deal against others",
    "population.collections.lag_shares": "Shares of cash collected on time and months late",
    "population.workforce.annual_attrition": "Reps leaving each year",
    # the simulated sales force by role (what a calibration sets): the known fields first
    "population.roles.<role>.win_rate": "Win rate of {role}",
    "population.roles.<role>.deal_size_median": "Median deal size of {role}",
    "population.roles.<role>.deal_size_sigma": "Spread of deal sizes of {role}",
    "population.roles.<role>.order_size_mean": "Average repeat order of {role}",
    "population.roles.<role>.order_size_sigma": "Spread of repeat order sizes of {role}",
    "population.roles.<role>.big_account_share_mean": "Big accounts' share of revenue of {role}",
    "population.roles.<role>.book_customers": "Customers served by {role}",
    "population.roles.<role>.churn_probability": "Customers lost a month by {role}",
    "population.roles.<role>.keep_new_customer_share": "New customers kept by {role}",
    "population.roles.<role>.negotiation_months": "Months to close a deal for {role}",
    "population.roles.<role>.repeat_probability": "Customers buying again a month from {role}",
    "population.roles.<role>.visits_per_month": "Visits a month by {role}",
    "population.roles.<role>.<field>": "{field} of {role}",
    "population.team_sold_share": "Share of sales sold with a teammate",
    "population.workforce.plan_exit_probability": "Chance a flagged rep leaves at a review",
    "population.workforce.effort_elasticity": "How strongly reps' effort follows pay",
    "scoring.kpis": "KPI rules",
    "scoring.kpis.<kpi>": "{kpi} KPI",
    "scoring.kpis.<kpi>.target": "{kpi} KPI target",
    "scoring.kpis.<kpi>.target.by_role.<role>": "{kpi} KPI target for {role}",
    "scoring.weights": "KPI points by role",
    "scoring.weights.<role>": "KPI points of {role}",
    "scoring.cap": "Cap on a KPI's score",
    "scoring.floor": "Floor of a KPI's score",
    "grading.method": "How grades are given",
    "grading.bands": "Grade bands",
    "grading.shares": "Grade shares",
    "grading.scope": "Where grades are shared out",
    "grading.consequences.improvement_after_consecutive_c": (
        "C grades running that flag a rep to leave"
    ),
    "budget.total_pay": "Total-pay budget",
    "budget.cost_of_sales": "Cost-of-sales cap",
    "decision": "Decision rule",
    "behaviour": "How reps respond to pay",
}


def role_people(role: object) -> str:
    """Reps of a role, plural: 'account_manager' -> 'account managers', 'new_business' ->
    'new business reps', 'all' -> 'all reps'."""
    words = "all" if str(role) == "all" else key_words(role)
    if words == "all":
        return "all reps"
    return words + " reps" if words.endswith("s") else words + "s"


#: How each placeholder's part of a key reads.
_PART_WORDS: dict[str, Callable[[str], str]] = {
    "role": role_people,
    "kpi": key_words,
    "name": key_words,
    "field": key_words,
    "bonus": lambda name: component_name(f"bonus_{name}"),
    "spif": lambda name: component_name(f"spif_{name}"),
    "modifier": lambda name: component_name(f"modifier_{name}"),
    "n": lambda index: str(int(index) + 1),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _match(pattern: str, parts: list[str]) -> dict[str, str] | None:
    """The placeholders of ``pattern`` filled from the first parts of a key, or None."""
    wanted = pattern.split(".")
    if len(wanted) > len(parts):
        return None
    filled = {}
    for want, part in zip(wanted, parts):
        if want.startswith("<"):
            name = want[1:-1]
            if name == "n" and not part.isdigit():
                return None
            filled[name] = _PART_WORDS[name](part)
        elif want != part:
            return None
    return filled


def _readable(parts: list[str]) -> list[str]:
    """Parts in words, a list position as its item ('tiers', '2' -> 'tier 3')."""
    shown: list[str] = []
    for index, part in enumerate(parts):
        if part.isdigit():
            item = key_words(parts[index - 1]).removesuffix("s") if index else "item"
            shown[-1:] = [f"{item} {int(part) + 1}"]
        else:
            shown.append(key_words(part))
    return shown


def key_label(key: str) -> str:
    """A dotted scenario key as a label: the longest known pattern that starts it, with any
    further parts after it ('pay.bonuses.team_award.settlement' -> 'Team award
    settlement'); else the key's last part in words, with its parent when the last part is
    one word or its parent a list item ('grading.some_setting' -> 'Some setting',
    'simulation.seed' -> 'Simulation seed', 'population.regions.3.share' -> 'Region 4
    share')."""
    parts = [p for p in str(key).split(".") if p]
    for length in range(len(parts), 0, -1):
        for pattern, label in LABELS.items():
            if pattern.count(".") + 1 != length:
                continue
            filled = _match(pattern, parts)
            if filled is not None:
                rest = _readable(parts[length:])
                return _capital(" ".join([label.format(**filled), *rest]))
    shown = _readable(parts) or ["setting"]
    item = len(shown) > 1 and shown[-2][-1:].isdigit()  # 'region 4' before the last part
    short = len(shown) > 1 and (len(shown[-1].split()) == 1 or item)
    tail = shown[-2:] if short else shown[-1:]
    return _capital(" ".join(tail))


def mid_sentence(label: str) -> str:
    """A label inside a sentence: 'Base salary' -> 'base salary'; 'NPS KPI' and 'Q2 new
    logos SPIF' keep their capitals."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def setting_words(key: str, value: object) -> str:
    """A setting and its value as what it does: ('grading.scope', 'role') -> 'grades are
    shared out within each role'; any other as its label and value in words."""
    value_words = key_words(str(value).strip("'\""))
    if key == "grading.scope":
        if value_words == "company":
            return "grades are shared out across the company"
        return f"grades are shared out within each {value_words}"
    return f"{mid_sentence(key_label(key))}: {value_words}"


#: A key small and grey beside its words, for analysts (4.6:1 contrast on white).
_KEY_STYLE = "color:#6e7781;font-size:0.85em"


def analyst_keys_html(changes: pd.DataFrame, *, baseline: str) -> str:
    """The table of what a plan changes (:func:`present.changes.plan_changes`) for analysts:
    each setting in words with its scenario key small and grey beside it, the key
    ``--set`` and ``salesperf diff`` take; ``baseline`` is the baseline's title."""
    if changes.empty:
        return "<p>No setting differs from the baseline.</p>"
    shown = changes[["setting", "key", "baseline", "plan"]].rename(
        columns={"key": "scenario key", "baseline": baseline, "plan": "this plan"}
    )
    html = table_html(shown)
    for key in dict.fromkeys(changes["key"]):  # every cell is escaped: the tag goes in after
        cell = escape(key)
        html = html.replace(
            f"<td>{cell}</td>", f'<td><small style="{_KEY_STYLE}">{cell}</small></td>'
        )
    return html
