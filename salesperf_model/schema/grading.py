"""Grading sections: point bands, forced-distribution shares and what grades lead to."""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Points, Share
from salesperf_model.schema.careers import ImprovementPlan, Promotion, Training

GRADES: tuple[str, ...] = ("S", "A", "B", "C")
Grade = Literal["S", "A", "B", "C"]


class GradeBand(Section):
    """Points range of one grade: `min_points` <= points < `max_points`."""

    grade: Grade = Field(description="Grade label.")
    min_points: Points | None = Field(
        None,
        description="Lowest points of the band (inclusive); None: no lower bound.",
        json_schema_extra=unit("points"),
    )
    max_points: Points | None = Field(
        None,
        description="Points where the band ends (exclusive); None: no upper bound.",
        json_schema_extra=unit("points"),
    )


class GradeShare(Section):
    """Forced-distribution share of one grade."""

    target: Share = Field(
        description="Target share of reps in the unit.",
        json_schema_extra=unit("share"),
    )
    min: Share = Field(description="Lowest acceptable share.", json_schema_extra=unit("share"))
    max: Share = Field(description="Highest acceptable share.", json_schema_extra=unit("share"))

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
        json_schema_extra=unit("review periods"),
    )
    promotion_on_s: bool = Field(True, description="An S grade makes the rep promotion-eligible.")
    promotion: Promotion = Field(
        default_factory=Promotion,
        description="Each quarter reps chosen from the top of the review leave the sales force for a supervisor's post (acted on by the simulation when reps respond to the plan).",
    )
    training: Training = Field(
        default_factory=Training,
        description="A B grade is followed by training that raises the weak skill over the following months (simulation, when reps respond to the plan).",
    )
    improvement_plan: ImprovementPlan = Field(
        default_factory=ImprovementPlan,
        description="A C grade puts the rep on an improvement plan: closer supervision, then exit if C again (simulation, when reps respond to the plan).",
    )


def _band_scale_and_order(intervals: list[tuple[float, float, str]]) -> list[str]:
    """Bands that tile the points line, but on a 0-1 scale or upside down (C on top)."""
    edges = sorted({x for low, high, _ in intervals for x in (low, high) if abs(x) != float("inf")})
    if edges and max(edges) <= 1:
        scaled = ", ".join(f"{x * 100:g}" for x in reversed(edges))
        return [
            f"grading.bands: band edges {', '.join(f'{x:g}' for x in reversed(edges))} look like"
            f" a 0-1 scale, but points run from 0 to 100 (100 = every KPI at target); did you"
            f" mean {scaled}?"
        ]
    upward = [grade for _, _, grade in intervals]
    if upward != list(reversed(GRADES)):
        return [
            f"grading.bands: from the lowest points to the highest the bands run"
            f" {', '.join(upward)}; expected C < B < A < S (S for the most points)"
        ]
    return []


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
    scope: Literal["company", "team", "region", "role"] = Field(
        "company",
        description="Unit within which forced shares apply; `role` calibrates the distribution within each role, so roles whose point scales differ are not ranked against each other.",
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
        if not problems:
            problems += _band_scale_and_order(intervals)
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
