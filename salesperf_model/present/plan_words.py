"""Plan keys in the words leadership reads: pay components, roles, KPIs and named plan
items (bonuses, SPIFs, payout modifiers) without the underscores of the scenario files.

Every table, chart label and sentence of a report names these through this module, so a
key such as ``spif_q2_new_logos`` or ``new_business`` never reaches a reader."""

from __future__ import annotations

#: Pay components by their component key (engine.pay, engine.mechanics, engine.people).
COMPONENT_NAMES: dict[str, str] = {
    "base_salary": "Base salary",
    "bonus_over_achievement": "Over-achievement bonus",
    "allowances": "Allowances",
    "commission": "Commission",
    "clawback": "Commission clawed back",
    "double_credit": "Commission on double credit",
    "overlay": "Overlay pay",
    "manager_override": "Manager override",
    "holdback": "Commission held back",
    "windfall": "Windfall deal adjustment",
    "leaver_forfeit": "Forfeited by leavers",
    "guarantee_top_up": "Guarantee top-up",
    "draw_advance": "Recoverable draw paid",
    "draw_recovery": "Recoverable draw recovered",
    "draw_repaid": "Recoverable draw repaid at exit",
    "draw_written_off": "Recoverable draw written off",
    "fixed": "Fixed pay (subtotal)",
    "variable": "Variable pay (subtotal)",
    "total": "Total pay",
}
#: Component key prefixes of named plan items: the item's name goes in the braces.
COMPONENT_PREFIXES: dict[str, str] = {
    "bonus_": "{} bonus",
    "spif_": "{} SPIF",
    "modifier_": "{} payout modifier",
    "deferred_": "{} (deferred, net of forfeits)",
    "fund_": "{} fund",
    "non_cash_": "{} (non-cash, assigned value)",
}
#: Words of a few keys that are abbreviations or read better than their letters.
KEY_WORDS: dict[str, str] = {
    "nps": "NPS",
    "q1": "Q1",
    "q2": "Q2",
    "q3": "Q3",
    "q4": "Q4",
    "kpi": "KPI",
    "spif": "SPIF",
    "h1": "H1",
    "h2": "H2",
}


def key_words(key: object) -> str:
    """A scenario key or name in words: 'q2_new_logos' -> 'Q2 new logos',
    'new_business' -> 'new business', 'nps' -> 'NPS'."""
    parts = str(key).replace("_", " ").split()
    return " ".join(KEY_WORDS.get(part.lower(), part) for part in parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def component_name(component: object) -> str:
    """A pay component as a table row or legend entry: 'base_salary' -> 'Base salary',
    'bonus_team_award' -> 'Team award', 'spif_q2_new_logos' ->
    'Q2 new logos SPIF', 'modifier_satisfaction' -> 'Satisfaction payout modifier'."""
    key = str(component)
    if key in COMPONENT_NAMES:
        return COMPONENT_NAMES[key]
    for prefix, words in COMPONENT_PREFIXES.items():
        if key.startswith(prefix):
            name = key_words(key.removeprefix(prefix))
            if prefix == "bonus_" and ("bonus" in name.lower() or "award" in name.lower()):
                return _capital(name)  # 'target bonus', 'team award': no second 'bonus'
            return _capital(words.format(name))
    return _capital(key_words(key))


def role_name(role: object) -> str:
    """A role key in words: 'new_business' -> 'new business', 'all' -> 'all reps'."""
    return "all reps" if str(role) == "all" else key_words(role)


def kpi_name(kpi: object) -> str:
    """A KPI key in words: 'new_customer_revenue' -> 'new customer revenue'."""
    return key_words(kpi)
