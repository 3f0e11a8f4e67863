"""What the explorer's controls may not do, said in the controls' units and 1-based numbering, and which controls do nothing under the current choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from salesperf_model.explore.levers import Lever, Value
from salesperf_model.schema import GRADES, Scenario
from salesperf_model.schema.kpi_catalog import KPI_CATALOG

#: Slack for sums of percentages shown with one decimal.
_TOLERANCE = 1e-6


def _number(values: Mapping[str, Value], key: str) -> float:
    return float(values[key])


def _tier_problems(values: Mapping[str, Value]) -> list[str]:
    count = sum(1 for key in values if key.startswith("tier.") and key.endswith(".rate"))
    problems = []
    if count == 0:
        return ["the commission needs at least one tier"]
    begins = "from_amount" if "tier.1.from_amount" in values else "from_attainment"
    unit, mark = ("", "") if begins == "from_amount" else ("% of quota", "%")
    if count and _number(values, f"tier.1.{begins}") != 0:
        problems.append(f"tier 1 must start at 0{unit}")
    for tier in range(2, count + 1):
        here = _number(values, f"tier.{tier}.{begins}")
        before = _number(values, f"tier.{tier - 1}.{begins}")
        if here <= before:
            where = "at the same point as" if here == before else "below"
            problems.append(
                f"tier {tier} starts at {here:g}{unit}, {where} tier {tier - 1} at "
                f"{before:g}{mark}; each tier must start above the one before"
            )
    return problems


#: The min and max shares' sums, checked where they apply (hybrid grading).
_RANGE_TESTS = (
    ("min", lambda total: total > 100 + _TOLERANCE, "more than 100%: no grading can meet them"),
    ("max", lambda total: total < 100 - _TOLERANCE, "less than 100%: some reps would get no grade"),
)


def _share_problems(values: Mapping[str, Value]) -> list[str]:
    if "grading.shares.S.target" not in values:
        return []
    problems = []
    shares = {
        grade: {
            end: _number(values, f"grading.shares.{grade}.{end}")
            for end in ("target", "min", "max")
        }
        for grade in GRADES
    }
    forced = values.get("grading.method") == "forced"  # cuts at the targets: min, max unused
    for grade, share in shares.items():
        if not forced and not share["min"] <= share["target"] <= share["max"]:
            problems.append(
                f"{grade} share: min {share['min']:g}%, target {share['target']:g}%, max "
                f"{share['max']:g}%; the target must lie between min and max"
            )
    for end, test, words in (
        ("target", lambda total: abs(total - 100) > _TOLERANCE, "they must add to 100%"),
        *(() if forced else _RANGE_TESTS),
    ):
        total = sum(share[end] for share in shares.values())
        if test(total):
            listing = " + ".join(f"{g} {share[end]:g}" for g, share in shares.items())
            name = "target shares" if end == "target" else f"{end} shares"
            problems.append(f"grade {name} add to {total:g}% ({listing}); {words}")
    return problems


def _band_problems(values: Mapping[str, Value]) -> list[str]:
    if "band.S" not in values:
        return []
    edges = {grade: _number(values, f"band.{grade}") for grade in GRADES[:-1]}
    problems = []
    for upper, lower in (("S", "A"), ("A", "B")):
        if edges[lower] >= edges[upper]:
            problems.append(
                f"band {lower} starts at {edges[lower]:g} points, not below band {upper} at "
                f"{edges[upper]:g}; each grade's band must start below the one above"
            )
    return problems


def _weight_problems(start: Scenario, values: Mapping[str, Value]) -> list[str]:
    if start.scoring.normalise_weights:
        return []
    problems = []
    for role, weights in start.scoring.weights.items():
        total = sum(_number(values, f"scoring.weights.{role}.{kpi}") for kpi in weights)
        if abs(total - 100) > _TOLERANCE:
            more = "lower" if total > 100 else "raise"
            problems.append(
                f"KPI weights of {role.replace('_', ' ')} add to {total:g}%; they must add to "
                f"100% ({more} them by {abs(total - 100):g} points)"
            )
    return problems


def _rater_problems(values: Mapping[str, Value]) -> list[str]:
    keys = [f"scoring.rater_weights.{rater}" for rater in ("manager", "customer", "peer", "self")]
    if not all(key in values for key in keys):
        return []
    weights = [_number(values, key) for key in keys]
    total = sum(weights)
    if abs(total - 100) > _TOLERANCE:
        more = "lower" if total > 100 else "raise"
        listing = " + ".join(
            f"{key.rsplit('.', 1)[1]} {w:g}" for key, w in zip(keys, weights, strict=True)
        )
        return [
            f"360-degree rater weights add to {total:g}% ({listing}); they must add to 100% "
            f"({more} them by {abs(total - 100):g} points)"
        ]
    return []


def _family_band_problems(values: Mapping[str, Value]) -> list[str]:
    problems = []
    for key, low in values.items():
        if key.startswith("scoring.family_bands.") and key.endswith(".0"):
            high = float(values[key.removesuffix(".0") + ".1"])
            if float(low) > high:
                family = key.split(".")[2]
                problems.append(
                    f"{family} KPIs: recommended share low {float(low):g}% is above high {high:g}%"
                )
    return problems


def _kpi_rule_problems(values: Mapping[str, Value]) -> list[str]:
    problems = []
    for key, cap in values.items():
        if not (key.startswith("scoring.kpis.") and key.endswith(".cap")):
            continue
        floor = float(values.get(key.removesuffix(".cap") + ".floor", 0.0))
        if float(cap) and floor > float(cap):
            kpi = key.split(".")[2].replace("_", " ")
            problems.append(
                f"{kpi}: floor {floor:g}% of target is above its cap {float(cap):g}%; "
                "the floor must not exceed the cap"
            )
    return problems


def _band_share_problems(values: Mapping[str, Value]) -> list[str]:
    low, high = (values.get(f"pay.base_share_band.{end}") for end in (0, 1))
    if low is not None and high is not None and float(low) > float(high):
        return [f"base share of on-target pay: low {float(low):g}% is above high {float(high):g}%"]
    return []


def problems_in_controls(
    start: Scenario, levers: Sequence[Lever], values: Mapping[str, Value]
) -> list[str]:
    """Everything wrong with the controls that the analyst can fix, in slider words."""
    del levers  # the values carry every control; kept for one signature across checks
    return [
        *_tier_problems(values),
        *_band_problems(values),
        *_share_problems(values),
        *_weight_problems(start, values),
        *_band_share_problems(values),
        *_rater_problems(values),
        *_kpi_rule_problems(values),
        *_family_band_problems(values),
    ]


def _rated(values: Mapping[str, Value]) -> bool:
    """Some role gives weight to a KPI combined from 360-degree ratings."""
    return any(
        float(weight) > 0 and KPI_CATALOG[key.split(".")[3]].aggregation == "rating_360"
        for key, weight in values.items()
        if key.startswith("scoring.weights.")
    )


def _own_limit_words(start: Scenario, values: Mapping[str, Value], key: str) -> str:
    """Why a KPI's cap or floor control does nothing: every role weighing the KPI has its
    own (``cap_by_role`` / ``floor_by_role``), which wins; '' when some role reads it."""
    _, _, kpi, end = key.split(".")
    rule = start.scoring.kpis.get(kpi)
    if rule is None or end not in ("cap", "floor"):
        return ""
    own = rule.cap_by_role if end == "cap" else rule.floor_by_role
    weighing = {
        name.split(".")[2]
        for name, weight in values.items()
        if name.startswith("scoring.weights.") and name.endswith(f".{kpi}") and float(weight) > 0
    }
    if not weighing or not weighing <= set(own):
        return ""
    mine = ", ".join(f"{role.replace('_', ' ')} {100 * own[role]:g}%" for role in sorted(weighing))
    return f"every role that weighs this KPI has its own {end} ({end}_by_role: {mine}), which wins"


def _banded(start: Scenario, kpi: str) -> bool:
    rule = start.scoring.kpis.get(kpi)
    return rule is not None and rule.rule == "bands"


def inactive(
    start: Scenario,
    levers: Sequence[Lever],
    values: Mapping[str, Value],
    *,
    roles_present: Sequence[str] = (),
) -> dict[str, str]:
    """Control key -> one line saying why it does nothing under the current choices."""
    method = str(values.get("grading.method", start.grading.method))
    basis = str(values.get("pay.commission.basis", start.pay.commission.basis))
    on_amount = start.pay.commission.tiers_on == "amount"
    reasons: dict[str, str] = {}
    for lever in levers:
        key = lever.key
        reason = ""
        if key.startswith("grading.shares."):
            if method == "absolute":
                reason = "shares apply under forced or hybrid grading; absolute grading uses the point bands"
            elif method == "forced" and not key.endswith(".target"):
                reason = (
                    "min and max apply under hybrid grading; forced grading cuts at the targets"
                )
        elif key in ("grading.scope", "grading.rounding", "grading.tie_rule") and (
            method == "absolute"
        ):
            reason = "applies when forced or hybrid grading ranks reps; absolute grading uses the point bands"
        elif key.startswith("band.") and method == "forced":
            reason = "forced grading ranks reps and cuts at the target shares; bands are not used"
        elif on_amount and (
            (key.startswith("tier.") and key.endswith(".slope"))
            or key in ("pay.commission.threshold", "pay.commission.cap_attainment")
        ):
            reason = "the tiers start at amounts of money: no attainment to slope, enter or cap on"
        elif key == "pay.commission.negative_true_up" and basis != "year_to_date":
            reason = "applies only when commission is paid on year-to-date attainment"
        elif key == "tier.1.from_attainment":
            reason = "the first tier always starts at 0% of quota"
        elif key == "tier.1.from_amount":
            reason = "the first tier always starts at 0"
        elif key == "tier.1.gated":
            reason = (
                "the first tier cannot be gated: no tier before it would pay while the gate is shut"
            )
        elif key.startswith("scoring.rater_weights.") and not _rated(values):
            reason = "no role weighs a 360-degree rated KPI in this plan"
        elif key.startswith("scoring.kpis.") and _banded(start, key.split(".")[2]):
            reason = "this KPI is scored by bands; cap and floor apply to ratio scoring"
        elif key.startswith("scoring.kpis.") and key.count(".") == 3:
            reason = _own_limit_words(start, values, key)
        elif key.startswith("scoring.weights.") and roles_present:
            role = key.split(".")[2]
            if role not in roles_present:
                reason = f"no {role.replace('_', ' ')} in this sales force"
        if reason:
            reasons[key] = reason
    return reasons
