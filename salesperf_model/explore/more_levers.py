"""Every plan lever: the base ones plus per-role allowances, 360-degree rater weights, per-KPI caps and floors, KPI family bands, the review cycle and grade consequences."""

from __future__ import annotations

import typing

from salesperf_model.explore.bonus_levers import bonus_levers
from salesperf_model.explore.levers import GROUPS, Lever, Path, base_levers, number_lever
from salesperf_model.schema import Scenario
from salesperf_model.schema.base import ReviewCycle

#: The rater-weight fields in the scenario's own words (``self`` is an alias).
RATERS: tuple[tuple[str, str], ...] = (
    ("manager", "manager"),
    ("customer", "customer"),
    ("peer", "peer"),
    ("self_rating", "self"),
)


def rater_levers(scenario: Scenario) -> list[Lever]:
    """Weight of each 360-degree rater in percent (they must add to 100)."""
    weights = scenario.scoring.rater_weights
    return [
        number_lever(
            f"scoring.rater_weights.{alias}",
            GROUPS[4],
            f"360-degree rating: {alias} weight",
            path=("scoring", "rater_weights", alias),
            unit="percent",
            stored=getattr(weights, name),
            currency=scenario.currency,
        )
        for name, alias in RATERS
    ]


def weighted_kpis(scenario: Scenario) -> list[str]:
    """Every KPI some role weighs, in the order the roles first name them."""
    return list(dict.fromkeys(k for weights in scenario.scoring.weights.values() for k in weights))


def kpi_rule_levers(scenario: Scenario) -> list[Lever]:
    """Each weighed KPI's own cap and floor on actual/target; 0 = the plan-wide one."""
    levers = []
    for kpi in weighted_kpis(scenario):
        rule = scenario.scoring.kpis.get(kpi)
        for end in ("cap", "floor"):
            path: Path = ("scoring", "kpis", kpi, end)
            lever = number_lever(
                f"scoring.kpis.{kpi}.{end}",
                GROUPS[4],
                f"{kpi.replace('_', ' ')}: {end}",
                path=path,
                unit="ratio to target",
                stored=None if rule is None else getattr(rule, end),
                currency=scenario.currency,
                optional=True,
            )
            label = lever.label.replace("0 = none", "0 = the plan-wide " + end)
            levers.append(Lever(**{**lever.__dict__, "label": label}))
    return levers


def consequence_levers(scenario: Scenario) -> list[Lever]:
    """What grades lead to: C grades in a row before the improvement flag, S -> promotion."""
    consequences = scenario.grading.consequences
    path: Path = ("grading", "consequences")
    runs = number_lever(
        "grading.consequences.improvement_after_consecutive_c",
        GROUPS[5],
        "C grades in a row before the improvement/exit flag",
        path=(*path, "improvement_after_consecutive_c"),
        unit="review periods",
        stored=consequences.improvement_after_consecutive_c,
        currency=scenario.currency,
    )
    promotion = Lever(
        key="grading.consequences.promotion_on_s",
        group=GROUPS[5],
        label="an S grade makes the rep promotion-eligible",
        path=(*path, "promotion_on_s"),
        kind="switch",
        options=("yes", "no"),
    )
    return [
        Lever(**{**runs.__dict__, "low": 1.0}),
        Lever(**{**promotion.__dict__, "start": promotion.shown(consequences.promotion_on_s)}),
    ]


def allowance_levers(scenario: Scenario) -> list[Lever]:
    """Each allowance's amount for the roles it names (the default is a base lever)."""
    return [
        number_lever(
            f"pay.allowances.{name}.by_role.{role}",
            GROUPS[0],
            f"{name.replace('_', ' ')} allowance, {role.replace('_', ' ')}",
            path=("pay", "allowances", name, "by_role", role),
            unit="money per month",
            stored=amount,
            currency=scenario.currency,
        )
        for name, allowance in scenario.pay.allowances.items()
        for role, amount in allowance.by_role.items()
    ]


def family_band_levers(scenario: Scenario) -> list[Lever]:
    """The recommended low and high share of each KPI family (outside them: a warning)."""
    return [
        number_lever(
            f"scoring.family_bands.{family}.{end}",
            GROUPS[4],
            f"{family} KPIs: recommended share, {'low' if end == 0 else 'high'}",
            path=("scoring", "family_bands", family, end),
            unit="percent",
            stored=band[end],
            currency=scenario.currency,
        )
        for family, band in scenario.scoring.family_bands.items()
        for end in (0, 1)
    ]


def review_cycle_lever(scenario: Scenario) -> Lever:
    """How often reps are reviewed (and graded)."""
    return Lever(
        key="review_cycle",
        group=GROUPS[5],
        label="review cycle",
        path=("review_cycle",),
        kind="choice",
        options=typing.get_args(ReviewCycle),
        start=scenario.review_cycle,
    )


def plan_levers(scenario: Scenario, *, tiers: int | None = None) -> list[Lever]:
    """Every plan lever of ``scenario``, grouped as the explorer's tabs (:data:`GROUPS`)."""
    return [
        *base_levers(scenario, tiers=tiers),
        *bonus_levers(scenario),
        *allowance_levers(scenario),
        *rater_levers(scenario),
        *kpi_rule_levers(scenario),
        *family_band_levers(scenario),
        review_cycle_lever(scenario),
        *consequence_levers(scenario),
    ]
