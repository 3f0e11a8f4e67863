"""A plan in plain words: short sentences a sales director can check against the policy text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from salesperf_model.engine import bonus_words, credit_words, long_term_words
from salesperf_model.engine.clawback import clawback_words
from salesperf_model.engine.mechanics import modifier_words, spif_words
from salesperf_model.formatting import counted, measure_words, money, share
from salesperf_model.present.plan_words import component_name, key_words, role_name
from salesperf_model.present.rule_words import rule_words

if TYPE_CHECKING:
    from salesperf_model.schema import Commission, Scenario
    from salesperf_model.schema.mechanics import Modifier, Spif

#: A setting's value as the scenario's JSON form holds it.
Setting = str | int | float | bool | None | list | dict


def plan_titles(scenarios: Mapping[str, Scenario]) -> dict[str, str]:
    """Plan name -> the title leadership reads (the scenario's ``title``, else its name in
    words), for every heading, chart label and table of a report."""
    return {name: scenario.display_title for name, scenario in scenarios.items()}


def _tier_words(commission: Commission, currency: str) -> str:
    tiers = list(commission.tiers)
    on_amount = commission.tiers_on == "amount"

    def edge(value: float) -> str:
        return money(value, currency) if on_amount else share(value)

    per = "" if on_amount else " of quota"
    step = f"per {money(1, currency)}" if on_amount else "per 100% of quota"
    parts = []
    for i, tier in enumerate(tiers):
        start = edge(tier.start)
        rate = share(tier.rate)
        slope = f", rising by {share(tier.slope)} {step}" if tier.slope > 0 else ""
        slope = f", falling by {share(-tier.slope)} {step}" if tier.slope < 0 else slope
        gate = " once the full-year quota is met" if tier.gated else ""
        last_end = tier.to_amount if on_amount else tier.to_attainment
        if i + 1 < len(tiers) or last_end is not None:
            end = edge(tiers[i + 1].start if i + 1 < len(tiers) else float(last_end))
            span = f"up to {end}{per}" if i == 0 else f"from {start} to {end}"
        else:
            span = (
                f"above {start}" if i > 0 else f"at every {'amount' if on_amount else 'attainment'}"
            )
        parts.append(f"{rate} {span}{slope}{gate}")
    return "; ".join(parts)


def _commission_words(commission: Commission, currency: str) -> list[str]:
    """The commission rule, its limits and the coefficients on revenue."""
    how = (
        "each slice of revenue earns its tier's rate"
        if commission.curve == "marginal"
        else "all revenue earns the rate of the tier reached"
    )
    base = "cash collected" if commission.base == "collected" else "booked revenue"
    if commission.paid_on == "margin":
        base = "the gross profit on booked revenue"
    if commission.tier_each == "deal":
        base += ", each deal tiered on its own amount"
    basis = (
        "tiers reset every period"
        if commission.basis == "period"
        else "tiers apply to year-to-date revenue against the annual quota, with a true-up"
    )
    words = [
        f"Commission on {base}: {_tier_words(commission, currency)} ({how}; {basis}; paid "
        f"{commission.settlement.replace('_', '-')})."
    ]
    limits = []
    if commission.threshold > 0:
        limits.append(f"nothing below {share(commission.threshold)} of quota")
    if commission.cap_attainment is not None:
        limits.append(f"no more above {share(commission.cap_attainment)} of quota")
    last = commission.tiers[-1]
    if last.to_amount is not None:
        limits.append(f"nothing on the part above {money(last.to_amount, currency)}")
    if last.to_attainment is not None:
        limits.append(f"no more above {share(last.to_attainment)} of quota")
    if commission.cap_amount is not None:
        limits.append(f"at most {money(commission.cap_amount, currency)} per settlement")
    if commission.minimum_payout > 0:
        limits.append(
            f"at least {money(commission.minimum_payout, currency)} once past the threshold"
        )
    if limits:
        words.append("Commission limits: " + ", ".join(limits) + ".")
    factors = commission.customer_factors
    if factors.new != 1 or factors.existing != 1:
        words.append(
            f"New-customer revenue counts x{factors.new:g} and existing-customer revenue "
            f"x{factors.existing:g} towards commission."
        )
    if commission.big_account_coefficient != 1:
        words.append(f"Big-account revenue counts x{commission.big_account_coefficient:g}.")
    if commission.product_factors:
        lines = ", ".join(
            f"{line} x{factor:g}" if factor else f"{line} earns none"
            for line, factor in commission.product_factors.items()
        )
        words.append(f"Commission by product line (other lines x1): {lines}.")
    tier_coefficients = {k: v for k, v in commission.region_tier_coefficient.items() if v != 1}
    if tier_coefficients:
        listing = ", ".join(f"tier-{k} cities x{v:g}" for k, v in sorted(tier_coefficients.items()))
        words.append(f"Commission coefficients by region: {listing}.")
    return words


def _spif_words(spif: Spif, currency: str) -> str:
    """One SPIF for leadership: its name in words, money in the currency, roles by name."""
    parts = []
    if spif.rate:
        parts.append(f"{share(spif.rate)} of {spif.customers}-customer booked revenue")
    if spif.per_deal:
        parts.append(f"{money(spif.per_deal, currency)} per new-customer deal")
    lines = "every product line" if spif.products is None else ", ".join(spif.products)
    who = "every rep" if spif.roles is None else " and ".join(map(role_name, spif.roles)) + " reps"
    fund = "" if spif.fund is None else f", from a fund of {money(spif.fund, currency)}"
    return (
        f"SPIF {key_words(spif.name)}: {' + '.join(parts)} on {lines}, {spif.window[0]} to "
        f"{spif.window[1]}, for {who}{fund}; paid monthly."
    )


def _modifier_words(modifier: Modifier) -> str:
    """One payout modifier, its measure in words ('NPS', not 'nps')."""
    gate = (
        f"at least {modifier.at_least:g}"
        if modifier.at_least is not None
        else f"at most {modifier.at_most:g}"
    )
    return (
        f"Payout modifier ({key_words(modifier.name)}): commission x {modifier.factor:g} in a "
        f"settlement where the {modifier.aggregate} of {measure_words(modifier.measure)} is "
        f"not {gate}."
    )


def _rule_words(scenario: Scenario) -> list[str]:
    """The rules around the commission curve (present.rule_words), with SPIFs and payout
    modifiers in leadership's words: the engine's statement lines name them by key."""
    pay, currency = scenario.pay, scenario.currency
    ours = {spif_words(spif): _spif_words(spif, currency) for spif in pay.spifs}
    for modifier in pay.modifiers:
        line = modifier_words(modifier).split("; this line is", 1)[0].rstrip(".") + "."
        ours[line] = _modifier_words(modifier)
    return [ours.get(line, line) for line in rule_words(scenario)]


def _grading_words(scenario: Scenario) -> str:
    """How grades are given: from points, by forced distribution, or both."""
    grading = scenario.grading
    bands = ", ".join(
        f"{b.grade} {'from ' + format(b.min_points, 'g') if b.min_points is not None else 'below ' + format(b.max_points, 'g')}"
        for b in grading.bands
    )
    shares = ", ".join(f"{g} {share(s.target)}" for g, s in grading.shares.items())
    if grading.method == "absolute":
        return f"Grades from points ({scenario.review_cycle.replace('_', '-')}): {bands} points."
    if grading.method == "forced":
        return f"Grades by forced distribution within each {grading.scope}: target shares {shares}."
    return (
        f"Grades from points ({bands}), then moved to keep each grade's share within its "
        f"range (targets {shares}) within each {grading.scope}."
    )


def _consequence_words(scenario: Scenario, *, replay: bool = False) -> str:
    """What grades change in the simulated future (when reps respond to the plan); on a
    replay none of it is in the figures, which are the actual results."""
    c = scenario.grading.consequences
    parts = []
    if c.promotion.enabled and c.promotion.per_quarter:
        pool = "the company" if c.promotion.pool == "company" else "each region"
        parts.append(
            f"each quarter {counted(c.promotion.per_quarter, 'rep')} of {pool} chosen from the top "
            f"{share(c.promotion.from_top_share)} "
            f"{'is' if c.promotion.per_quarter == 1 else 'are'} promoted out of the sales force"
        )
    if c.training.enabled:
        parts.append(
            f"a B grade brings training (+{c.training.skill_gain:g} SD of skill over "
            f"{c.training.months} months)"
        )
    if c.improvement_plan.enabled:  # leaving is a chance at each review, not sure
        runs = c.improvement_after_consecutive_c
        after = "a C grade" if runs == 1 else f"{runs} C grades running"
        chance = share(scenario.population.workforce.plan_exit_probability)
        parts.append(
            f"a C grade an improvement plan ({c.improvement_plan.months} months of closer "
            f"supervision; after {after} a {chance} chance of leaving at each review)"
        )
    if not parts:
        return ""
    how = (
        "not in these figures: the actual results do not respond to the plan"
        if replay
        else "simulated when reps respond to the plan"
    )
    return f"Consequences ({how}): " + "; ".join(parts) + "."


def plain_words(scenario: Scenario, *, replay: bool = False) -> list[str]:
    """The plan in short sentences a sales director can check against the policy text
    (``replay``: paid on actual results, which its consequences do not change)."""
    pay, currency = scenario.pay, scenario.currency
    words = _commission_words(pay.commission, currency)
    salaries = pay.base_salary.by_role or {}
    if salaries:
        low, high = min(salaries.values()), max(salaries.values())
        span = money(low, currency) if low == high else f"{low:,.0f} to {money(high, currency)}"
        words.append(
            f"Base salary {span} a month by role, scaled down in tier-2 and tier-3 cities."
        )
    if pay.clawback.enabled:
        words.append(clawback_words(pay.clawback))
    words += [bonus_words(bonus, currency) for bonus in pay.bonuses]
    words += [long_term_words(element, currency) for element in pay.long_term]
    words += [  # the engine's statement line names its pay line by key
        w.replace("the line double_credit", f"the pay line “{component_name('double_credit')}”")
        for w in credit_words(pay.credit, pay.commission.roles)
    ]
    words += _rule_words(scenario)
    words.append(_grading_words(scenario))
    consequences = _consequence_words(scenario, replay=replay)
    if consequences:
        words.append(consequences)
    cap = scenario.scoring.cap
    roles = len(scenario.scoring.weights)
    words.append(
        f"KPI scorecards for {roles} roles; a KPI's score is actual / target x weight"
        + (f", capped at {share(cap)} of target." if cap else ", with no cap.")
    )
    return words
