"""Scenario models: a pay and appraisal plan as validated, frozen data.

Every parameter carries a description and, where one applies, a unit; the parameter
reference (`salesperf params`) is generated from these models. Cross-field rules (weights
add to 100%, tiers ascend, forced-distribution shares can reach 100%...) are checked here,
in one place, so that nothing invalid reaches the engine.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from salesperf_model.outcomes import MEASURES, ROLES
from salesperf_model.schema.kpi_catalog import FAMILY_BANDS, KPI_CATALOG
from salesperf_model.schema.population import Population, SimulationSettings

GRADES: tuple[str, ...] = ("S", "A", "B", "C")
Grade = Literal["S", "A", "B", "C"]
Settlement = Literal["monthly", "quarterly", "half_year", "annual"]
ReviewCycle = Literal["monthly", "quarterly", "half_year", "annual"]
RegionTier = Literal[1, 2, 3]

#: Months per settlement period or review cycle.
MONTHS_PER: dict[str, int] = {"monthly": 1, "quarterly": 3, "half_year": 6, "annual": 12}


def _unit(unit: str) -> dict:
    return {"unit": unit}


def closest(name: str, choices: Sequence[str]) -> str:
    """A 'did you mean' hint for a misspelt name, or an empty string."""
    match = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _check_roles(keys: Sequence[str], where: str) -> None:
    unknown = [k for k in keys if k not in ROLES]
    if unknown:
        hints = "; ".join(f"{k!r}{closest(k, list(ROLES))}" for k in unknown)
        raise ValueError(f"unknown role {hints} in {where}; expected one of {', '.join(ROLES)}")


def _known_measure(value: str) -> str:
    if value not in MEASURES and value not in ("revenue_booked", "revenue_collected"):
        raise ValueError(f"unknown measure {value!r}{closest(value, list(MEASURES))}")
    return value


MeasureName = Annotated[str, AfterValidator(_known_measure)]


class Section(BaseModel):
    """Base of every scenario section: unknown keys refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- scoring


class ScoreBand(Section):
    """One step of a banded scoring rule: reaching `at_least` earns `share` of the weight."""

    at_least: float = Field(
        description="Threshold on the KPI's actual/target ratio (for lower-is-better KPIs: target/actual).",
        json_schema_extra=_unit("ratio"),
    )
    share: float = Field(
        ge=0,
        le=2,
        description="Share of the KPI's weight earned from this threshold up.",
        json_schema_extra=_unit("share of weight"),
    )


class KpiTarget(Section):
    """Where a KPI's target comes from."""

    kind: Literal["quota", "fixed", "per_rep"] = Field(
        "fixed",
        description="`quota`: the rep's revenue quota x `value`; `fixed`: `value` (per month for flows, as-is for ratios and ratings); `per_rep`: `per_rep[rep_id]`, else `value`.",
    )
    value: float = Field(
        1.0,
        gt=0,
        description="Target value, or the multiple of quota for `quota` targets.",
        json_schema_extra=_unit("KPI unit (see the catalog), or multiple of quota"),
    )
    per_rep: dict[str, float] = Field(
        default_factory=dict, description="Per-rep targets by rep_id (for `per_rep`)."
    )


class KpiRule(Section):
    """How one KPI is scored; anything unset falls back to the catalog and the scoring defaults."""

    target: KpiTarget | None = Field(None, description="Target; default from the KPI catalog.")
    rule: Literal["ratio", "bands"] = Field(
        "ratio",
        description="`ratio`: actual/target x weight, clipped to [floor, cap] (the brief's rule); `bands`: the share of weight of the highest band reached.",
    )
    cap: float | None = Field(
        None,
        gt=0,
        description="Cap on actual/target for this KPI; default: scoring.cap.",
        json_schema_extra=_unit("ratio"),
    )
    floor: float | None = Field(
        None,
        ge=0,
        description="Floor on actual/target for this KPI; default: scoring.floor.",
        json_schema_extra=_unit("ratio"),
    )
    bands: list[ScoreBand] = Field(
        default_factory=list, description="Bands for rule `bands`, ascending by `at_least`."
    )

    @model_validator(mode="after")
    def _bands(self) -> KpiRule:
        if self.rule == "bands" and not self.bands:
            raise ValueError("rule 'bands' needs at least one band")
        levels = [b.at_least for b in self.bands]
        if levels != sorted(levels) or len(set(levels)) != len(levels):
            raise ValueError(f"bands must ascend strictly by at_least, got {levels}")
        return self


class RaterWeights(Section):
    """How 360-degree ratings are combined (brief: manager 60, customer 20, peers 20)."""

    manager: float = Field(
        60, ge=0, description="Weight of the manager's rating.", json_schema_extra=_unit("percent")
    )
    customer: float = Field(
        20, ge=0, description="Weight of customers' ratings.", json_schema_extra=_unit("percent")
    )
    peer: float = Field(
        20,
        ge=0,
        description="Weight of peers' and other departments' ratings.",
        json_schema_extra=_unit("percent"),
    )
    self_rating: float = Field(
        0,
        ge=0,
        alias="self",
        description="Weight of the self rating (the brief mentions it; off by default).",
        json_schema_extra=_unit("percent"),
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _sum(self) -> RaterWeights:
        total = self.manager + self.customer + self.peer + self.self_rating
        if abs(total - 100) > 1e-6:
            raise ValueError(
                f"rater weights add to {total:g}% (manager {self.manager:g} + customer {self.customer:g} "
                f"+ peer {self.peer:g} + self {self.self_rating:g}); they must add to 100%"
            )
        return self


class Scoring(Section):
    """KPI weights by role and how each KPI turns into points (100 points = every KPI at target)."""

    weights: dict[str, dict[str, float]] = Field(
        description="Points per KPI by role: `role: {kpi: weight}`; each role's weights add to 100 (percent). KPI names from the catalog (`salesperf params` lists them).",
        json_schema_extra=_unit("percent"),
    )
    normalise_weights: bool = Field(
        False,
        description="Rescale each role's weights to add to 100% instead of refusing weights that do not. Off by default: the analyst must ask.",
    )
    cap: float | None = Field(
        None,
        gt=0,
        description="Cap on every KPI's actual/target ratio (e.g. 1.2 or 1.5). None: no cap, as the brief's rule (over-achievement on one KPI can then buy a grade).",
        json_schema_extra=_unit("ratio"),
    )
    floor: float = Field(
        0.0,
        ge=0,
        description="Floor on every KPI's actual/target ratio.",
        json_schema_extra=_unit("ratio"),
    )
    kpis: dict[str, KpiRule] = Field(
        default_factory=dict, description="Per-KPI target and rule overrides, by KPI name."
    )
    rater_weights: RaterWeights = Field(
        default_factory=RaterWeights, description="Weights of the 360-degree raters."
    )
    family_bands: dict[Literal["result", "behaviour", "capability"], tuple[float, float]] = Field(
        default_factory=lambda: dict(FAMILY_BANDS),
        description="Recommended share of each KPI family (brief: result 60-70, behaviour 20-30, capability 10-20); outside them is a warning, not an error.",
        json_schema_extra=_unit("percent"),
    )

    @model_validator(mode="after")
    def _weights(self) -> Scoring:
        problems = []
        for role, weights in self.weights.items():
            if role not in ROLES:
                problems.append(
                    f"scoring.weights.{role}: unknown role {role!r}{closest(role, list(ROLES))}; "
                    f"expected one of {', '.join(ROLES)}"
                )
                continue
            unknown = [k for k in weights if k not in KPI_CATALOG]
            if unknown:
                hints = "; ".join(f"{k!r}{closest(k, list(KPI_CATALOG))}" for k in unknown)
                problems.append(f"scoring.weights.{role}: unknown KPI {hints}")
                continue
            negative = {k: w for k, w in weights.items() if w < 0}
            if negative:
                problems.append(
                    f"scoring.weights.{role}: negative weights {negative}; weights must be >= 0"
                )
                continue
            total = sum(weights.values())
            if not self.normalise_weights and abs(total - 100) > 1e-6:
                listing = " + ".join(f"{k} {w:g}" for k, w in weights.items())
                problems.append(
                    f"scoring.weights.{role}: weights add to {total:g}% ({listing} = {total:g}); "
                    "they must add to 100% (or set scoring.normalise_weights: true to rescale them)"
                )
            if total <= 0:
                problems.append(
                    f"scoring.weights.{role}: weights add to {total:g}; at least one must be > 0"
                )
        unknown_rules = [k for k in self.kpis if k not in KPI_CATALOG]
        if unknown_rules:
            hints = "; ".join(f"{k!r}{closest(k, list(KPI_CATALOG))}" for k in unknown_rules)
            problems.append(f"scoring.kpis: unknown KPI {hints}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def role_weights(self, role: str) -> dict[str, float]:
        """The role's weights in percent, rescaled to 100 when `normalise_weights` is on."""
        weights = self.weights.get(role, {})
        total = sum(weights.values())
        if self.normalise_weights and total > 0:
            return {k: w * 100.0 / total for k, w in weights.items()}
        return dict(weights)

    def family_warnings(self) -> list[str]:
        """KPI families whose share of a role's weights is outside the recommended band."""
        messages = []
        for role in self.weights:
            weights = self.role_weights(role)
            for family, (low, high) in self.family_bands.items():
                share = sum(w for k, w in weights.items() if KPI_CATALOG[k].family == family)
                if not low - 1e-9 <= share <= high + 1e-9:
                    messages.append(
                        f"scoring.weights.{role}: {family} KPIs weigh {share:g}%, outside the "
                        f"recommended {low:g}-{high:g}%"
                    )
        return messages


# --------------------------------------------------------------------------- grading


class GradeBand(Section):
    """Points range of one grade: `min_points` <= points < `max_points`."""

    grade: Grade = Field(description="Grade label.")
    min_points: float | None = Field(
        None,
        description="Lowest points of the band (inclusive); None: no lower bound.",
        json_schema_extra=_unit("points"),
    )
    max_points: float | None = Field(
        None,
        description="Points where the band ends (exclusive); None: no upper bound.",
        json_schema_extra=_unit("points"),
    )


class GradeShare(Section):
    """Forced-distribution share of one grade."""

    target: float = Field(
        ge=0,
        le=1,
        description="Target share of reps in the unit.",
        json_schema_extra=_unit("share"),
    )
    min: float = Field(
        ge=0, le=1, description="Lowest acceptable share.", json_schema_extra=_unit("share")
    )
    max: float = Field(
        ge=0, le=1, description="Highest acceptable share.", json_schema_extra=_unit("share")
    )

    @model_validator(mode="after")
    def _order(self) -> GradeShare:
        if not self.min <= self.target <= self.max:
            raise ValueError(
                f"share range must satisfy min <= target <= max, got min {self.min:g}, target {self.target:g}, max {self.max:g}"
            )
        return self


def _default_bands() -> list[GradeBand]:
    return [
        GradeBand(grade="S", min_points=90, max_points=None),
        GradeBand(grade="A", min_points=80, max_points=90),
        GradeBand(grade="B", min_points=70, max_points=80),
        GradeBand(grade="C", min_points=None, max_points=70),
    ]


def _default_shares() -> dict[str, GradeShare]:
    return {
        "S": GradeShare(target=0.125, min=0.10, max=0.15),
        "A": GradeShare(target=0.375, min=0.30, max=0.40),
        "B": GradeShare(target=0.40, min=0.30, max=0.40),
        "C": GradeShare(target=0.10, min=0.05, max=0.10),
    }


class Consequences(Section):
    """What grades lead to over consecutive review periods."""

    improvement_after_consecutive_c: int = Field(
        2,
        ge=1,
        description="C grades in a row that raise the improvement/exit flag (brief: two consecutive periods).",
        json_schema_extra=_unit("review periods"),
    )
    promotion_on_s: bool = Field(True, description="An S grade makes the rep promotion-eligible.")


class Grading(Section):
    """How points become grades S/A/B/C."""

    method: Literal["absolute", "forced", "hybrid"] = Field(
        "absolute",
        description="`absolute`: point bands; `forced`: ranks cut at the target shares; `hybrid`: point bands, then the fewest reps moved so that every grade's share is within [min, max].",
    )
    bands: list[GradeBand] = Field(
        default_factory=_default_bands,
        description="Point bands (brief: S >= 90, A 80-89, B 70-79, C < 70).",
    )
    shares: dict[Grade, GradeShare] = Field(
        default_factory=_default_shares,
        description="Forced-distribution shares (brief: S 10-15%, A 30-40%, B 30-40%, C 5-10%).",
    )
    scope: Literal["company", "team", "region"] = Field(
        "company", description="Unit within which forced shares apply."
    )
    tie_rule: Literal["same_grade", "rep_id"] = Field(
        "same_grade",
        description="Reps with equal points: `same_grade` gives all of them the better grade (a boundary tie may overshoot a share); `rep_id` breaks ties by rep_id order.",
    )
    rounding: Literal["nearest", "floor", "ceil"] = Field(
        "nearest",
        description="Rounding of share x unit size to whole reps in small units (largest-remainder so counts add to the unit size).",
    )
    consequences: Consequences = Field(
        default_factory=Consequences, description="Flags raised by grades."
    )

    @model_validator(mode="after")
    def _check(self) -> Grading:
        problems = []
        graded = [b.grade for b in self.bands]
        if sorted(graded) != sorted(set(graded)) or set(graded) != set(GRADES):
            problems.append(
                f"grading.bands must give each of S, A, B, C exactly once, got {graded}"
            )
        intervals = sorted(
            (
                b.min_points if b.min_points is not None else float("-inf"),
                b.max_points if b.max_points is not None else float("inf"),
                b.grade,
            )
            for b in self.bands
        )
        for low, high, grade in intervals:
            if high <= low:
                problems.append(f"grading.bands: band {grade} is empty ({low:g} to {high:g})")
        for (low1, high1, g1), (low2, high2, g2) in pairwise(intervals):
            if low2 < high1:
                problems.append(
                    f"grading.bands: bands {g1} ({low1:g} to {high1:g}) and {g2} ({low2:g} to {high2:g}) "
                    f"overlap between {low2:g} and {min(high1, high2):g} points; each score must fall in exactly one band"
                )
            elif low2 > high1:
                problems.append(
                    f"grading.bands: no band covers {high1:g} to {low2:g} points (between {g1} and {g2})"
                )
        if set(self.shares) != set(GRADES):
            problems.append(f"grading.shares must give S, A, B and C, got {sorted(self.shares)}")
        else:
            minima = sum(s.min for s in self.shares.values())
            maxima = sum(s.max for s in self.shares.values())
            targets = sum(s.target for s in self.shares.values())
            if minima > 1 + 1e-9:
                problems.append(
                    f"grading.shares: minimum shares add to {minima:.0%} ("
                    + ", ".join(f"{g} {s.min:.0%}" for g, s in self.shares.items())
                    + "), more than 100%: no distribution can satisfy them"
                )
            if maxima < 1 - 1e-9:
                problems.append(
                    f"grading.shares: maximum shares add to {maxima:.0%} ("
                    + ", ".join(f"{g} {s.max:.0%}" for g, s in self.shares.items())
                    + "), less than 100%: some reps could get no grade"
                )
            if abs(targets - 1) > 1e-6:
                problems.append(
                    f"grading.shares: target shares add to {targets:.1%}; they must add to 100%"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


# --------------------------------------------------------------------------- pay


class ByRole(Section):
    """An amount per role, with an optional multiplier per region tier."""

    by_role: dict[str, float] = Field(
        default_factory=dict,
        description="Amount per role (roles not listed get `default`).",
        json_schema_extra=_unit("money per month"),
    )
    default: float = Field(
        0.0,
        ge=0,
        description="Amount for roles not listed.",
        json_schema_extra=_unit("money per month"),
    )
    region_tier_multiplier: dict[RegionTier, float] = Field(
        default_factory=lambda: {1: 1.0, 2: 1.0, 3: 1.0},
        description="Multiplier by the region's market tier (tier-1 cities pay more).",
        json_schema_extra=_unit("factor"),
    )

    @field_validator("by_role")
    @classmethod
    def _roles(cls, value: dict[str, float]) -> dict[str, float]:
        _check_roles(list(value), "by_role")
        negative = {k: v for k, v in value.items() if v < 0}
        if negative:
            raise ValueError(f"amounts must be >= 0, got {negative}")
        return value

    def amount(self, role: str, tier: int) -> float:
        return self.by_role.get(role, self.default) * self.region_tier_multiplier.get(tier, 1.0)


class Tier(Section):
    """One tier of a commission curve, starting at an attainment level."""

    from_attainment: float = Field(
        ge=0,
        description="Attainment (revenue / quota) where the tier starts; 1.0 = 100%. A value exactly on the edge belongs to this (the higher) tier.",
        json_schema_extra=_unit("ratio"),
    )
    rate: float = Field(
        ge=0,
        description="Commission rate in the tier.",
        json_schema_extra=_unit("share of revenue"),
    )
    slope: float = Field(
        0.0,
        description="Linear accelerator (> 0) or decelerator (< 0): the rate grows by `slope` per 1.0 of attainment above `from_attainment`; the rate never falls below 0.",
        json_schema_extra=_unit("rate per unit attainment"),
    )
    gated: bool = Field(
        False,
        description="Gate: this tier's rate applies only once the full-year quota is met (year-to-date revenue >= annual quota); before that the previous tier's rate applies.",
    )


class CustomerFactors(Section):
    """Commission weight of each revenue stream relative to the curve's rate."""

    new: float = Field(
        1.0,
        ge=0,
        description="Factor on new-customer revenue (brief example: 4% vs 2% is new 1.0, existing 0.5 on a 4% curve).",
        json_schema_extra=_unit("factor"),
    )
    existing: float = Field(
        1.0,
        ge=0,
        description="Factor on existing-customer revenue.",
        json_schema_extra=_unit("factor"),
    )


class Commission(Section):
    """Commission curve on attainment, its base, basis and coefficients."""

    base: Literal["collected", "booked"] = Field(
        "collected",
        description="Revenue the commission is paid on: cash collected (brief: to stop inflated bookings) or booked.",
    )
    curve: Literal["marginal", "retroactive"] = Field(
        "marginal",
        description="`marginal`: each tier's rate on the revenue within the tier; `retroactive`: the whole revenue at the rate of the tier reached.",
    )
    tiers: list[Tier] = Field(
        description="Tiers ascending by `from_attainment`, the first from 0 (brief: 3% to 100%, 4% on 100-120%, 5% above 120%)."
    )
    threshold: float = Field(
        0.0,
        ge=0,
        description="Entry threshold: below this attainment no commission is paid.",
        json_schema_extra=_unit("ratio"),
    )
    cap_attainment: float | None = Field(
        None,
        gt=0,
        description="Attainment above which no further commission accrues; None: no cap.",
        json_schema_extra=_unit("ratio"),
    )
    cap_amount: float | None = Field(
        None,
        gt=0,
        description="Most commission paid for one settlement period; None: no cap.",
        json_schema_extra=_unit("money"),
    )
    minimum_payout: float = Field(
        0.0,
        ge=0,
        description="Least commission paid for a settlement period once the entry threshold is met (pairs with degressive rates).",
        json_schema_extra=_unit("money"),
    )
    basis: Literal["period", "year_to_date"] = Field(
        "period",
        description="`period`: tiers reset every settlement period, against that period's quota; `year_to_date`: cumulative revenue against the annual quota, each settlement pays the year-to-date earning minus what was already paid (true-up).",
    )
    negative_true_up: Literal["carry_forward", "claw_back"] = Field(
        "carry_forward",
        description="When a year-to-date true-up is negative: `carry_forward` pays 0 and nets the deficit against later payments; `claw_back` pays the negative amount (recovered from the rep).",
    )
    settlement: Settlement = Field(
        "monthly", description="How often commission is settled and paid (brief: monthly)."
    )
    customer_factors: CustomerFactors = Field(
        default_factory=CustomerFactors,
        description="Separate rates for new- and existing-customer revenue, as factors on the curve's rate.",
    )
    big_account_coefficient: float = Field(
        1.0,
        ge=0,
        description="Commission coefficient on big-account revenue (hard-to-win accounts).",
        json_schema_extra=_unit("factor"),
    )
    region_tier_coefficient: dict[RegionTier, float] = Field(
        default_factory=lambda: {1: 1.0, 2: 1.0, 3: 1.0},
        description="Commission coefficient by region tier (tier-1 vs tier-3 cities).",
        json_schema_extra=_unit("factor"),
    )
    roles: list[str] | None = Field(None, description="Roles paid commission; None: every role.")

    @model_validator(mode="after")
    def _tiers(self) -> Commission:
        if not self.tiers:
            raise ValueError("commission needs at least one tier")
        starts = [t.from_attainment for t in self.tiers]
        if starts[0] != 0:
            raise ValueError(f"the first tier must start at from_attainment 0, got {starts[0]:g}")
        for i, (a, b) in enumerate(pairwise(starts)):
            if b <= a:
                raise ValueError(
                    f"tiers.{i + 1}.from_attainment: tiers must ascend by from_attainment: "
                    f"tier {i + 1} starts at {b:g}, not above tier {i} at {a:g} (tiers: {starts})"
                )
        if self.roles is not None:
            _check_roles(self.roles, "pay.commission.roles")
        return self


class _Bonus(Section):
    name: str = Field(
        description="Identifier; the payout component is `bonus_<name>`.",
        pattern=r"^[a-z][a-z0-9_]*$",
    )
    settlement: Settlement = Field("quarterly", description="How often it is assessed and paid.")
    roles: list[str] | None = Field(None, description="Roles eligible; None: every role.")

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            _check_roles(value, "roles")
        return value


class OverAchievementBonus(_Bonus):
    """Extra rate on revenue above a multiple of quota (brief: 1% of revenue above 120%)."""

    type: Literal["over_achievement"] = Field(
        "over_achievement", description="Bonus kind; selects which keys below apply."
    )
    above_attainment: float = Field(
        1.2,
        gt=0,
        description="Attainment above which the bonus is earned.",
        json_schema_extra=_unit("ratio"),
    )
    rate: float = Field(
        0.01,
        ge=0,
        description="Share of the revenue above that level.",
        json_schema_extra=_unit("share of revenue"),
    )


class TopNBonus(_Bonus):
    """A fixed award to the top N reps by a measure (brief: 5,000 to each of the top 3 by quarterly new-customer count)."""

    type: Literal["top_n"] = Field(
        "top_n", description="Bonus kind; selects which keys below apply."
    )
    measure: MeasureName = Field(
        "new_customers", description="Measure ranked (summed over the settlement period)."
    )
    n: int = Field(3, ge=1, description="Reps awarded.", json_schema_extra=_unit("reps"))
    amount: float = Field(
        5000, ge=0, description="Award per rep.", json_schema_extra=_unit("money")
    )
    scope: Literal["company", "region", "team"] = Field(
        "company", description="Ranked within this unit."
    )
    tie_rule: Literal["share", "all"] = Field(
        "share",
        description="Reps tied at the N-th place: `share` splits the remaining awards equally among them; `all` pays each in full.",
    )
    minimum: float = Field(
        1.0,
        ge=0,
        description="Least value of the measure to qualify (zero new customers wins nothing).",
        json_schema_extra=_unit("unit of the measure"),
    )


class ThresholdBonus(_Bonus):
    """A fixed award for reaching a level of a measure (brief: NPS >= 90 earns 3,000)."""

    type: Literal["threshold"] = Field(
        "threshold", description="Bonus kind; selects which keys below apply."
    )
    measure: MeasureName = Field(
        "nps", description="Measure tested (monthly mean over the settlement period)."
    )
    at_least: float = Field(
        90, description="Level to reach.", json_schema_extra=_unit("unit of the measure")
    )
    amount: float = Field(3000, ge=0, description="Award.", json_schema_extra=_unit("money"))


class TeamPoolBonus(_Bonus):
    """A pool for the region ranked first on attainment (brief: 100,000), split by a stated rule."""

    type: Literal["team_pool"] = Field(
        "team_pool", description="Bonus kind; selects which keys below apply."
    )
    pool: float = Field(
        100_000, ge=0, description="Pool for the winning region.", json_schema_extra=_unit("money")
    )
    split: Literal["by_revenue", "equal", "by_points"] = Field(
        "by_revenue",
        description="How the regional manager splits the pool among the region's reps (the brief leaves it to the manager; we state a rule).",
    )


class TargetBonus(_Bonus):
    """A target bonus paid by degree of completion and grade (grade multipliers)."""

    type: Literal["target_bonus"] = Field(
        "target_bonus", description="Bonus kind; selects which keys below apply."
    )
    target_amount: ByRole = Field(
        default_factory=ByRole,
        description="Target bonus per month of the settlement period, by role.",
    )
    grade_multipliers: dict[Grade, float] = Field(
        default_factory=lambda: {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.0},
        description="Multiplier on the target bonus by the grade of the review period.",
        json_schema_extra=_unit("factor"),
    )


class ProfitShareBonus(_Bonus):
    """A pool of a share of profit, split by contribution (brief: e.g. 5% of annual profit)."""

    type: Literal["profit_share"] = Field(
        "profit_share", description="Bonus kind; selects which keys below apply."
    )
    share_of_profit: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Share of gross profit put in the pool.",
        json_schema_extra=_unit("share"),
    )
    split: Literal["by_profit", "by_revenue", "equal"] = Field(
        "by_profit", description="How the pool is split among eligible reps."
    )


Bonus = Annotated[
    OverAchievementBonus
    | TopNBonus
    | ThresholdBonus
    | TeamPoolBonus
    | TargetBonus
    | ProfitShareBonus,
    Field(discriminator="type"),
]


class Pay(Section):
    """Base, allowances, commission and bonuses."""

    base_salary: ByRole = Field(description="Monthly base salary by role and region tier.")
    allowances: dict[str, ByRole] = Field(
        default_factory=dict,
        description="Monthly allowances by name (transport, phone...), by role and region tier.",
    )
    minimum_base: dict[RegionTier, float] = Field(
        default_factory=dict,
        description="Local minimum for base salary by region tier (brief: >= 8,000 CNY a month in a tier-1 city); a lower base is refused.",
        json_schema_extra=_unit("money per month"),
    )
    base_share_band: tuple[float, float] = Field(
        (0.30, 0.40),
        description="Recommended share of base in on-target total pay (brief: 30-40%); outside it is a warning.",
        json_schema_extra=_unit("share"),
    )
    commission: Commission = Field(description="The commission curve.")
    bonuses: list[Bonus] = Field(
        default_factory=list,
        description="Bonuses, each with a `type`: over_achievement, top_n, threshold, team_pool, target_bonus, profit_share.",
    )

    @model_validator(mode="after")
    def _check(self) -> Pay:
        names = [b.name for b in self.bonuses]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"bonus names must be unique, {duplicates} repeated")
        for tier, minimum in self.minimum_base.items():
            roles = self.base_salary.by_role or {"default": self.base_salary.default}
            for role, amount in roles.items():
                paid = amount * self.base_salary.region_tier_multiplier.get(tier, 1.0)
                if paid < minimum:
                    raise ValueError(
                        f"pay.base_salary for {role} in tier-{tier} regions is {paid:g}, below the local minimum {minimum:g}"
                    )
        return self


# --------------------------------------------------------------------------- scenario


class Budget(Section):
    """Budget lines the plan's cost is tested against."""

    total_pay: float | None = Field(
        None,
        gt=0,
        description="Budget for total pay of the whole sales force over the simulated months; None: not tested.",
        json_schema_extra=_unit("money"),
    )
    cost_of_sales: float | None = Field(
        None,
        gt=0,
        description="Budget for pay / collected revenue; None: not tested.",
        json_schema_extra=_unit("ratio"),
    )


class Scenario(Section):
    """A pay and appraisal plan, plus the population it is tested on."""

    name: str = Field(description="Short identifier (defaults to the file name).")
    description: str = Field(
        "", description="What the plan changes and why, in plain words (shown to leadership)."
    )
    extends: str | None = Field(
        None,
        description="Scenario file this one overrides (mappings merge, lists replace); resolved when loading.",
    )
    currency: str = Field("CNY", description="Currency of every amount.")
    review_cycle: ReviewCycle = Field(
        "quarterly",
        description="Appraisal cycle: monthly, quarterly, half_year or annual (brief: quarterly, half-year and annual appraisal).",
    )
    scoring: Scoring = Field(description="KPI weights and scoring rules.")
    grading: Grading = Field(default_factory=Grading, description="Grades from points.")
    pay: Pay = Field(description="Pay components.")
    budget: Budget = Field(default_factory=Budget, description="Budget lines.")
    population: Population = Field(
        default_factory=Population, description="The simulated sales force."
    )
    simulation: SimulationSettings = Field(
        default_factory=SimulationSettings, description="Size and seed of the Monte Carlo run."
    )

    def warnings(self) -> list[str]:
        """Soft problems: valid, but outside the brief's recommendations."""
        return self.scoring.family_warnings()
