"""The rules around the commission curve in plain words (issue 19): who is paid when people
join and leave, holdbacks, windfall deals, SPIFs, modifiers, quota relief and plan changes
during the year; one sentence each, only for the rules a plan turns on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from salesperf_model.engine.mechanics import modifier_words, spif_words
from salesperf_model.engine.windfall import windfall_words
from salesperf_model.formatting import money, share, title_words
from salesperf_model.schema import Scenario
from salesperf_model.schema.pay_changes import PayChange
from salesperf_model.schema.relief import CarveOut

_LEAVER = {
    "forfeit": "a person who leaves before a settlement period ends forfeits its "
    "commission and bonuses (employed on the payout date)",
    "prorate": "a person who leaves before a settlement period ends is paid for the months served",
    "pay": "a person who leaves before a settlement period ends is paid in full on "
    "results to the exit",
}


def _people_words(scenario: Scenario) -> list[str]:
    people, currency = scenario.pay.people, scenario.currency
    if people is None:
        return []
    parts = [_LEAVER[people.leaver_rule], "a new person is paid on their own months only"]
    if people.ramp:
        ramp = ", ".join(share(s) for s in people.ramp)
        parts.append(f"their quota ramps {ramp} over their first months")
    if people.guarantee is not None:
        parts.append(
            f"their commission is topped up to {money(people.guarantee.amount, currency)} "
            f"a month for {people.guarantee.months} months (never recovered)"
        )
    if people.draw is not None:
        draw = people.draw
        months = f"for {draw.months} months " if draw.months else ""
        end = "written off" if draw.at_exit == "write_off" else "repaid"
        parts.append(
            f"a recoverable draw of {money(draw.amount, currency)} a month {months}is "
            f"recovered from later commission, a balance at exit {end}"
        )
    text = "; ".join(parts)
    return [f"People: {text}."]


def _relief_words(scenario: Scenario) -> list[str]:
    relief, words = scenario.pay.relief, []
    if relief.leave == "prorate":
        words.append("Quota relief: a month's quota is reduced by the share spent on leave.")
    if relief.carve_out == "prorate" and relief.carve_outs:
        cuts = "; ".join(carve_out_words(c) for c in relief.carve_outs)
        words.append(f"Territory carve-outs reduce quota: {cuts}.")
    words.extend(f"{pay_change_words(change)}." for change in scenario.pay_changes)
    return words


def carve_out_words(carve: CarveOut | Mapping[str, object]) -> str:
    """A territory carve-out (or its JSON form) in words: "20% of Hangzhou from 2026-10"
    (to its last month, if it has one); the regions, roles and reps it names, no empty
    lists."""
    if isinstance(carve, Mapping):  # the field names or the file's keys (from, to)
        aliases = {"first": "from", "last": "to"}

        def field(name: str) -> object:
            return carve.get(name, carve.get(aliases.get(name, name)))
    else:

        def field(name: str) -> object:
            return getattr(carve, name)

    whom = [str(w) for key in ("regions", "roles", "reps") for w in field(key) or []]
    last = field("last")
    return (
        f"{share(float(field('share')))}"
        + (f" of {', '.join(w.replace('_', ' ') for w in whom)}" if whom else "")
        + f" from {field('first')}"
        + (f" to {last}" if last else "")
    )


def pay_change_words(change: PayChange | Mapping[str, object]) -> str:
    """A plan change (or its JSON form) in words: "From 2026-07, new business reps in
    Beijing are paid under the Steep accelerator plan (steep_accelerator.yaml; quota
    reset)": the new plan by its name and file, not its settings."""
    field = change.get if isinstance(change, Mapping) else lambda name: getattr(change, name)
    roles, reps, regions = (list(field(key) or []) for key in ("roles", "reps", "regions"))
    who = " or ".join(str(r).replace("_", " ") for r in roles) or "every"
    who += " reps"
    if reps:
        who = ", ".join(reps) if not roles else f"{who} {', '.join(reps)}"
    if regions:
        who += f" in {', '.join(regions)}"
    quota = f"quota {field('quota')}"
    plan = field("plan")
    if not plan:
        return f"From {field('first')}, {who} are paid under another plan ({quota})"
    title = title_words(PurePath(str(plan)).stem)
    return f"From {field('first')}, {who} are paid under the {title} plan ({plan}; {quota})"


def _sentence(statement_words: str) -> str:
    """A statement line's rule without its note on what the line shows."""
    return statement_words.split("; this line is", 1)[0].rstrip(".") + "."


def rule_words(scenario: Scenario) -> list[str]:
    """One sentence per rule the plan turns on, in the order of the cost tables."""
    pay = scenario.pay
    words = _people_words(scenario)
    if pay.windfall is not None:
        words.append(_sentence(windfall_words(pay.windfall, pay.commission)))
    if pay.holdback is not None:
        hold = pay.holdback
        release = "as customers stay" if hold.release == "customers_kept" else "in full"
        words.append(
            f"Holdback: {share(hold.share)} of commission is held and released "
            f"{hold.months} months later {release}; forfeited on exit."
        )
    words += [spif_words(spif) for spif in pay.spifs]
    words += [_sentence(modifier_words(modifier)) for modifier in pay.modifiers]
    return words + _relief_words(scenario)
