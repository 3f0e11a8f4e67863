"""Scoring sections: KPI weights by role, targets, ratio and banded rules, 360-degree rater weights."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from salesperf_model.outcomes import ROLES
from salesperf_model.schema.base import Section, closest, unit
from salesperf_model.schema.bounds import Attainment, Percent
from salesperf_model.schema.kpi_catalog import KPI_CATALOG
from salesperf_model.schema.kpi_definition import FAMILY_BANDS


class ScoreBand(Section):
    """One step of a banded scoring rule: reaching `at_least` earns `share` of the weight."""

    at_least: Attainment = Field(
        description="Threshold on the KPI's actual/target ratio (for lower-is-better KPIs: target/actual).",
        json_schema_extra=unit("ratio"),
    )
    share: float = Field(
        ge=0,
        le=2,
        description="Share of the KPI's weight earned from this threshold up.",
        json_schema_extra=unit("share of weight"),
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
        json_schema_extra=unit("KPI unit (see the catalog), or multiple of quota"),
    )
    per_rep: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict, description="Per-rep targets by rep_id (for `per_rep`); each > 0."
    )
    by_role: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict,
        description="Target per role, in the unit of `value` (a multiple of quota for `quota` targets), for reps of that role; other roles use `value`. Roles differ in what an average rep reaches, so one value cannot be a target every role can miss (`tools/derive_kpi_targets.py` derives them from the simulated sales force).",
        json_schema_extra=unit("KPI unit (see the catalog), or multiple of quota"),
    )

    @model_validator(mode="after")
    def _roles(self) -> KpiTarget:
        unknown = [r for r in self.by_role if r not in ROLES]
        if unknown:
            hints = "; ".join(f"{r!r}{closest(r, list(ROLES))}" for r in unknown)
            raise ValueError(f"by_role: unknown role {hints}; expected one of {', '.join(ROLES)}")
        return self


class KpiRule(Section):
    """How one KPI is scored; anything unset falls back to the catalog and the scoring defaults."""

    target: KpiTarget | None = Field(None, description="Target; default from the KPI catalog.")
    rule: Literal["ratio", "bands"] = Field(
        "ratio",
        description="`ratio`: actual/target x weight, clipped to [floor, cap] (the brief's rule); `bands`: the share of weight of the highest band reached.",
    )
    cap: Attainment | None = Field(
        None,
        gt=0,
        description="Cap on actual/target for this KPI; default: scoring.cap.",
        json_schema_extra=unit("ratio"),
    )
    floor: Attainment | None = Field(
        None,
        description="Floor on actual/target for this KPI; default: scoring.floor.",
        json_schema_extra=unit("ratio"),
    )
    bands: list[ScoreBand] = Field(
        default_factory=list, description="Bands for rule `bands`, ascending by `at_least`."
    )
    cap_by_role: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict,
        description="Cap on actual/target for reps of the named roles (else `cap`); e.g. a wider cap where a role's results vary little.",
        json_schema_extra=unit("ratio"),
    )
    floor_by_role: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Floor on actual/target for reps of the named roles (else `floor`); e.g. a higher floor where a role's quarterly results are lumpy (a few big deals).",
        json_schema_extra=unit("ratio"),
    )

    def limits(self, cap: float | None, floor: float) -> tuple[float | None, float]:
        """(cap, floor) of this KPI, the scoring defaults ``cap`` and ``floor`` where it
        sets none (before ``cap_by_role`` / ``floor_by_role``)."""
        return (
            self.cap if self.cap is not None else cap,
            self.floor if self.floor is not None else floor,
        )

    def role_limits(self, role: str, cap: float | None, floor: float) -> tuple[float | None, float]:
        """(cap, floor) for reps of ``role``: its own where the rule names it."""
        cap, floor = self.limits(cap, floor)
        return self.cap_by_role.get(role, cap), self.floor_by_role.get(role, floor)

    @model_validator(mode="after")
    def _bands(self) -> KpiRule:
        unknown = [r for r in (*self.cap_by_role, *self.floor_by_role) if r not in ROLES]
        if unknown:
            hints = "; ".join(f"{r!r}{closest(r, list(ROLES))}" for r in unknown)
            raise ValueError(
                f"cap_by_role / floor_by_role: unknown role {hints}; expected one of {', '.join(ROLES)}"
            )
        if self.rule == "bands" and not self.bands:
            raise ValueError("rule 'bands' needs at least one band")
        levels = [b.at_least for b in self.bands]
        if levels != sorted(levels) or len(set(levels)) != len(levels):
            raise ValueError(f"bands must ascend strictly by at_least, got {levels}")
        return self


def _fraction_hint(total: float) -> str:
    """Weights written as fractions (0.6 for 60) add to 1: say so."""
    if abs(total - 1) < 1e-6:
        return "; they look like fractions (0.6 for 60%): write each as a percentage"
    return ""


class RaterWeights(Section):
    """How 360-degree ratings are combined (brief: manager 60, customer 20, peers 20)."""

    manager: Percent = Field(
        60, description="Weight of the manager's rating.", json_schema_extra=unit("percent")
    )
    customer: Percent = Field(
        20, description="Weight of customers' ratings.", json_schema_extra=unit("percent")
    )
    peer: Percent = Field(
        20,
        description="Weight of peers' and other departments' ratings.",
        json_schema_extra=unit("percent"),
    )
    self_rating: Percent = Field(
        0,
        alias="self",
        description="Weight of the self rating (the brief mentions it; off by default).",
        json_schema_extra=unit("percent"),
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _sum(self) -> RaterWeights:
        total = self.manager + self.customer + self.peer + self.self_rating
        if abs(total - 100) > 1e-6:
            raise ValueError(
                f"rater weights add to {total:g}% (manager {self.manager:g} + customer {self.customer:g} "
                f"+ peer {self.peer:g} + self {self.self_rating:g}); they must add to 100%"
                + _fraction_hint(total)
            )
        return self


class Scoring(Section):
    """KPI weights by role and how each KPI turns into points (100 points = every KPI at target)."""

    weights: dict[str, dict[str, Percent]] = Field(
        description="Points per KPI by role: `role: {kpi: weight}`; each role's weights add to 100 (percent). KPI names from the catalog (`salesperf params` lists them).",
        json_schema_extra=unit("percent"),
    )
    normalise_weights: bool = Field(
        False,
        description="Rescale each role's weights to add to 100% instead of refusing weights that do not. Off by default: the analyst must ask.",
    )
    cap: Attainment | None = Field(
        None,
        gt=0,
        description="Cap on every KPI's actual/target ratio (e.g. 1.2 or 1.5). None: no cap, as the brief's rule (over-achievement on one KPI can then buy a grade).",
        json_schema_extra=unit("ratio"),
    )
    floor: Attainment = Field(
        0.0,
        description="Floor on every KPI's actual/target ratio.",
        json_schema_extra=unit("ratio"),
    )
    kpis: dict[str, KpiRule] = Field(
        default_factory=dict, description="Per-KPI target and rule overrides, by KPI name."
    )
    rater_weights: RaterWeights = Field(
        default_factory=RaterWeights, description="Weights of the 360-degree raters."
    )
    family_bands: dict[Literal["result", "behaviour", "capability"], tuple[Percent, Percent]] = (
        Field(
            default_factory=lambda: dict(FAMILY_BANDS),
            description="Recommended share of each KPI family (brief: result 60-70, behaviour 20-30, capability 10-20); outside them is a warning, not an error.",
            json_schema_extra=unit("percent"),
        )
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
            if not weights:
                problems.append(
                    f"scoring.weights.{role}: the role has no KPIs; its reps would score 0"
                    " points and all be graded C (give each KPI its weight, adding to 100)"
                )
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
                    + _fraction_hint(total)
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
