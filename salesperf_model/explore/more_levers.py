"""The plan's scoring, grading-consequence and cycle levers: 360-degree rater weights, per-KPI caps and floors, what C and S grades lead to, the review cycle."""

from __future__ import annotations

from salesperf_model.explore.levers import GROUPS, Lever, Path, base_levers, number_lever
from salesperf_model.schema import Scenario

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


def plan_levers(scenario: Scenario, *, tiers: int | None = None) -> list[Lever]:
    """Every plan lever of ``scenario``, grouped as the explorer's tabs (:data:`GROUPS`)."""
    return [
        *base_levers(scenario, tiers=tiers),
        *rater_levers(scenario),
        *kpi_rule_levers(scenario),
        *consequence_levers(scenario),
    ]
