"""The engine's plan warnings in the words leadership reads. The engine writes them once,
for ``salesperf validate`` as for the reports, naming each setting by its dotted key
("pay.base_salary: base is 49%-58% of on-target total pay for account_manager ...").
A report shows them through :func:`plain_warnings`: the usual ones rewritten as
sentences, the base-salary lines of every role as one, any other with its keys as labels
(:mod:`key_labels`) and its snake_case names in words. The engine's own words stay what
``salesperf validate`` prints."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from salesperf_model.present.key_labels import (
    key_label,
    mid_sentence,
    role_people,
    setting_words,
)
from salesperf_model.present.plan_words import key_words

#: engine.pay.base_share_warnings, one role a line.
BASE_SHARE = re.compile(
    r"^pay\.base_salary: base is (?P<low>\d+)%(?:-(?P<high>\d+)%)? of on-target total pay "
    r"for (?P<role>\S+) \((?P<outside>\d+) of (?P<seats>\d+) seats outside the recommended "
    r"(?P<band_low>\d+)%-(?P<band_high>\d+)%\)$"
)
#: engine.checks.flat_kpi_warnings.
FLAT_KPI = re.compile(
    r"^scoring\.kpis\.(?P<kpi>\w+): (?P<share>\d+%) of (?P<role>\w+)'s scores sit at its "
    r"(?P<edge>floor|cap) \((?P<limit>\d+%) of its weight\): the target is (?P<why>out of "
    r"reach|too easy) for the role, so this (?P<points>[\d.]+)-point KPI tells few reps "
    r"apart; set a target the role's reps can reach and miss \(scoring\.kpis\.[\w.]+\)$"
)
#: engine.checks.grade_mix_warnings: point bands against the plan's grade shares.
GRADE_MIX = re.compile(
    r"^grading\.bands: point bands alone grade (?P<role>\w+) outside the grade shares "
    r"\(grading\.shares\): (?P<mix>.+); adjust the role's KPI targets or weights, or grade "
    r"by forced distribution within role \(grading\.scope: role\)$"
)
#: engine.checks.grade_mix_warnings: ranking across roles.
UNEVEN_SCOPE = re.compile(
    r"^grading\.scope: ranking across roles grades (?P<hard>\w+) much harder than "
    r"(?P<soft>\w+) \((?P<hard_c>\d+%) vs (?P<soft_c>\d+%) get C\): the roles' point "
    r"scales differ; rank within role \(grading\.scope: role\)$"
)
#: schema.Scenario.warnings: commission and quotas on different revenue.
MIXED_BASES = re.compile(
    r"^pay\.commission\.base is '(?P<base>\w+)' but the simulated quotas are set on "
    r"'(?P<basis>\w+)' revenue \(population\.quota\.basis\): (?P<rest>.+)$"
)

#: The scenario's top-level sections: a dotted key starts with one of them.
_SECTIONS = (
    "review_cycle|currency|scoring|grading|pay_changes|pay|budget|decision|population|"
    "simulation|behaviour"
)
#: A dotted key in a sentence (not a file name, not a figure).
_KEY = rf"(?<![\w./-])(?:{_SECTIONS})(?:\.[A-Za-z0-9_]+)+(?![\w/-])"
#: "(grading.scope: role)": a setting and its value in brackets.
_SETTING = re.compile(rf"\((?P<key>{_KEY}): (?P<value>[\w'\"-]+)\)")
#: A snake_case word outside a path or file name.
_SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-]|\.[a-z]{2,4}\b)")


@dataclass(frozen=True)
class BaseShare:
    """One role's base salary as a share of on-target total pay (percent), out of the
    recommended band."""

    role: str
    low: int
    high: int
    outside: int
    seats: int
    band: tuple[int, int]

    @property
    def direction(self) -> str:
        """'above' or 'below' the band, 'outside' when seats lie on both sides."""
        if self.high > self.band[1] and self.low >= self.band[0]:
            return "above"
        if self.low < self.band[0] and self.high <= self.band[1]:
            return "below"
        return "outside"

    @property
    def shown(self) -> str:
        return f"{self.low}%" if self.low == self.high else f"{self.low}%-{self.high}%"


def base_shares(messages: Sequence[str]) -> list[BaseShare]:
    """The base-salary warnings among ``messages`` (engine.pay.base_share_warnings)."""
    found = []
    for message in messages:
        match = BASE_SHARE.match(message)
        if match:
            low = int(match["low"])
            found.append(
                BaseShare(
                    role=match["role"],
                    low=low,
                    high=int(match["high"] or low),
                    outside=int(match["outside"]),
                    seats=int(match["seats"]),
                    band=(int(match["band_low"]), int(match["band_high"])),
                )
            )
    return found


def listed(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _direction(shares: Sequence[BaseShare]) -> str:
    ways = {share.direction for share in shares}
    return ways.pop() if len(ways) == 1 else "outside"


def base_share_sentence(shares: Sequence[BaseShare]) -> str:
    """Every role's base-salary warning in one sentence, each role with its share (and
    its seats out of the band when not all are)."""
    roles = []
    for share in shares:
        seats = "" if share.outside == share.seats else f"; {share.outside} of {share.seats} seats"
        roles.append(f"{role_people(share.role)} ({share.shown}{seats})")
    low, high = shares[0].band
    return (
        f"Pay mix: base salary is {_direction(shares)} the recommended {low}%-{high}% of "
        f"on-target total pay for {listed(roles)}"
    )


def pay_mix_lines(shares_by_plan: Mapping[str, Sequence[BaseShare]]) -> list[str]:
    """The summary's pay-mix warnings: the plans (by title) whose base salary is out of
    the band for the same roles the same way share one sentence, which names them (every
    plan, when all share it; the first, the baseline, named), the roles and the range of
    the shares; at most one sentence per plan."""
    groups: dict[tuple, list[tuple[str, Sequence[BaseShare]]]] = {}
    for title, shares in shares_by_plan.items():
        if shares:
            key = (shares[0].band, tuple((s.role, s.direction) for s in shares))
            groups.setdefault(key, []).append((title, shares))
    lines = []
    for (band, _), members in groups.items():
        everything = [share for _, shares in members for share in shares]
        way = _direction(everything)
        roles = [role_people(share.role) for share in members[0][1]]
        low, high = min(s.low for s in everything), max(s.high for s in everything)
        shown = f"{low}%" if low == high else f"{low}%-{high}%"
        variable = {"above": ", so variable pay is a smaller share of pay than recommended"}
        variable["below"] = ", so variable pay is a larger share of pay than recommended"
        titles = [title for title, _ in members]
        who = listed(titles)
        if len(titles) == len(shares_by_plan) > 2:  # not a list of every plan
            who = f"every plan compared ({titles[0]} included)"
        lines.append(
            f"Pay mix: under {who}, base salary is {way} "
            f"the recommended {band[0]}%-{band[1]}% of on-target total pay for "
            f"{listed(roles)} ({shown}){variable.get(way, '')}"
        )
    return lines


def _rewritten(message: str) -> str | None:
    """The usual warnings as sentences; None for any other."""
    if match := FLAT_KPI.match(message):
        people = role_people(match["role"])
        return (
            f"The {key_words(match['kpi'])} KPI ({match['points']} points) tells few {people} "
            f"apart: {match['share']} of their scores sit at its {match['edge']} "
            f"({match['limit']} of its weight), as its target is {match['why']} for them; "
            "a target they can reach and miss would tell them apart"
        )
    if match := GRADE_MIX.match(message):
        mix = re.sub(r" \(range ([^)]+)\)", r" against \1", match["mix"])  # no (...(...))
        return (
            f"Grades: the point bands alone would grade {role_people(match['role'])} outside "
            f"the plan's grade shares ({mix}); adjust the role's KPI targets or weights, or "
            "share grades out by forced distribution within each role"
        )
    if match := UNEVEN_SCOPE.match(message):
        return (
            f"Grades: ranking reps across roles grades {role_people(match['hard'])} much "
            f"harder than {role_people(match['soft'])} ({match['hard_c']} against "
            f"{match['soft_c']} get a C), as the roles' point scales differ; grades would be "
            f"fairer {setting_words('grading.scope', 'role').removeprefix('grades are ')}"
        )
    if match := MIXED_BASES.match(message):
        return (
            f"Commission is paid on {match['base']} revenue but the simulated quotas are set "
            f"on {match['basis']} revenue: {match['rest']}"
        )
    return None


def keys_in_words(message: str) -> str:
    """Any warning with its keys as labels: a leading 'key: ' as 'Label: ', '(key:
    value)' as what the setting does, any other key as its label, snake_case names in
    words (file names and paths as they are)."""
    text = _SETTING.sub(lambda m: f"({setting_words(m['key'], m['value'])})", message)
    lead = re.match(rf"^({_KEY})(?=[: ])", text)
    if lead:
        text = key_label(lead.group(1)) + text[lead.end() :]
    start = len(key_label(lead.group(1))) if lead else 0
    text = text[:start] + re.sub(_KEY, lambda m: mid_sentence(key_label(m[0])), text[start:])
    return _SNAKE.sub(lambda m: key_words(m[0]), text)


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def plain_warnings(messages: Sequence[str]) -> list[str]:
    """The warnings a report shows, in plain words and in the engine's order, each once;
    the base-salary lines of every role make one sentence, where the first stood."""
    shares = base_shares(messages)
    words: list[str] = []
    for message in messages:
        if BASE_SHARE.match(message):
            if shares:
                words.append(_sentence(base_share_sentence(shares)))
                shares = []
            continue
        words.append(_sentence(_rewritten(message) or keys_in_words(message)))
    return list(dict.fromkeys(words))
