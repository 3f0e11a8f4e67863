"""What every validation finding shares: run sizes, plan variants, paired experiments under
common random numbers, and the verdict rule (direction, more than 3 Monte Carlo standard
errors, rough size)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from salesperf_model import pipeline
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.validation.verdicts import (
    STANDARD_ERRORS,
    Published,
    Status,
    Unit,
    Verdict,
    check_status,
    close_words,
    figure_text,
    finding_status,
)


@dataclass(frozen=True)
class Size:
    """How big each simulated sales force is (one seed for every plan of an experiment)."""

    reps: int = 200
    simulations: int = 10
    periods: int = 12
    seed: int = 2026


@dataclass(frozen=True)
class Check:
    """One measured effect against the published one: paired mean, its Monte Carlo standard
    error, the expected sign, the range we call the same rough size (the tolerance) and,
    where the study publishes a figure for it, that figure."""

    label: str
    ours: float
    standard_error: float
    sign: Literal[1, -1]
    rough_size: tuple[float, float]
    unit: Unit = "share"
    published: Published | None = None

    @property
    def clear(self) -> bool:
        """In the published direction by more than ``STANDARD_ERRORS`` standard errors."""
        return self.sign * self.ours > STANDARD_ERRORS * self.standard_error

    @property
    def sized(self) -> bool:
        """Within the rough size of the published figure."""
        low, high = self.rough_size
        return low <= self.ours <= high

    @property
    def passed(self) -> bool:
        """The validation gate: clear of noise in the published direction, within the
        tolerance (whether or not inside the published figure: see :attr:`status`)."""
        return self.clear and self.sized

    @property
    def inside_published(self) -> bool | None:
        """Within 3 standard errors of the published figure; None where none is published."""
        if self.published is None:
            return None
        return self.published.inside(self.ours, self.standard_error)

    @property
    def status(self) -> Status:
        """pass, close (passes only within the tolerance, outside the published figure)
        or fail."""
        return check_status(
            self.passed, self.published, ours=self.ours, standard_error=self.standard_error
        )

    @property
    def verdict(self) -> str:
        """PASS, "reproduced within <tolerance> only: <ours> against the published <figure>"
        or FAIL."""
        if self.status == "close" and self.published is not None:
            return close_words(self.published, self.ours, self.unit)
        return "PASS" if self.passed else "FAIL"


@dataclass(frozen=True)
class Chart:
    """What a finding's chart shows: bars (one value and error per label) or lines (one
    series per label over ``x``)."""

    kind: Literal["bars", "lines"]
    title: str
    y_label: str
    labels: list[str]
    values: list[list[float]]
    errors: list[list[float]] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    x_label: str = ""
    unit: Unit = "share"


@dataclass(frozen=True)
class FindingResult:
    """A finding reproduced (or not): our figure with its Monte Carlo standard error beside
    the published one, each check behind the verdict, and the chart."""

    key: str
    title: str
    citation: str
    claim: str
    published: str
    design: str
    checks: list[Check]
    chart: Chart
    size: Size
    notes: list[str] = field(default_factory=list)

    @property
    def headline(self) -> Check:
        """The check that carries the finding's figure."""
        return self.checks[0]

    @property
    def reproduced(self) -> bool:
        """The validation gate: every check passes (within its tolerance)."""
        return all(check.passed for check in self.checks)

    @property
    def status(self) -> Status:
        """pass, close (reproduced, but a check only within its tolerance) or fail."""
        return finding_status(check.status for check in self.checks)

    @property
    def verdict(self) -> str:
        """PASS, FAIL, or what its first close check reproduced."""
        close = [check.verdict for check in self.checks if check.status == "close"]
        return close[0] if self.status == "close" else self.status.upper()

    def as_verdict(self) -> Verdict:
        """Its title, status and what it reproduced, for the headline count."""
        close = [check.verdict for check in self.checks if check.status == "close"]
        return Verdict(self.title, self.status, close[0] if close else "")


@dataclass(frozen=True)
class Finding:
    """A published finding and the experiment that tests it on a baseline scenario."""

    key: str
    title: str
    citation: str
    run: Callable[[Scenario, Size], FindingResult]
    #: The size the experiment needs at least (e.g. months for multi-year runs).
    default_size: Size = field(default_factory=Size)


def variant(scenario: Scenario, name: str, change: Callable[[dict[str, Any]], None]) -> Scenario:
    """``scenario`` with ``change`` applied to its settings, validated again like a file."""
    data = scenario.model_dump()
    change(data)
    data["name"] = name
    return Scenario.model_validate(data)


def without_bonus(data: dict[str, Any], name: str) -> None:
    """Drop the named bonus from a scenario's settings (a no-op when it has none)."""
    data["pay"]["bonuses"] = [b for b in data["pay"]["bonuses"] if b["name"] != name]


def simulate_under(market: Scenario, plan: Scenario, size: Size) -> Outcomes:
    """The market's sales force simulated with reps responding to ``plan`` (the pipeline's
    one way: each plan under its own behaviour, the same seed for every plan)."""
    return pipeline.outcomes_for(
        market,
        plan=plan,
        reps=size.reps,
        periods=size.periods,
        simulations=size.simulations,
        seed=size.seed,
    )


def paired(treated: np.ndarray, control: np.ndarray) -> tuple[float, float]:
    """Mean paired difference over simulations and its Monte Carlo standard error."""
    difference = np.asarray(treated, float) - np.asarray(control, float)
    if difference.size < 2:
        raise ValueError("a paired experiment needs at least 2 simulations")
    return float(difference.mean()), float(difference.std(ddof=1) / np.sqrt(difference.size))


def mean_and_error(values: np.ndarray) -> tuple[float, float]:
    """Mean over simulations and its Monte Carlo standard error."""
    return paired(values, np.zeros_like(np.asarray(values, float)))


def revenue(
    outcomes: Outcomes, seats: np.ndarray | None = None, *, held: np.ndarray | None = None
) -> np.ndarray:
    """Collected revenue per simulation over the run, of every seat or of ``seats``
    (a boolean mask shaped (simulations, reps)); with ``held`` (simulations, reps,
    periods) only the months it marks (e.g. :func:`first_holders`)."""
    values = outcomes.get("revenue_collected")
    if held is not None:
        values = np.where(held, values, 0.0)
    per_seat = values.sum(axis=2)
    if seats is None:
        return per_seat.sum(axis=1)
    return np.where(seats, per_seat, 0.0).sum(axis=1)


def first_holders(*runs: Outcomes) -> np.ndarray:
    """(simulations, reps, periods): the months in which each seat is still held by the rep
    it started with in every run given: the same people under every plan, as a field study
    of one sales force follows its reps (who leaves is left out)."""
    held = [o.measures["person_id"] == o.measures["person_id"][:, :, :1] for o in runs]
    return np.logical_and.reduce(held)


def skill_terciles(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray]:
    """Bottom and top thirds of the seats by the starting rep's true skill, per simulation
    (the same people under every plan: common random numbers)."""
    assert outcomes.truth is not None, "validation needs simulated outcomes"
    skill = outcomes.truth["skill"][:, :, 0]
    bottom = skill <= np.quantile(skill, 1 / 3, axis=1, keepdims=True)
    top = skill >= np.quantile(skill, 2 / 3, axis=1, keepdims=True)
    return bottom, top


def relative_change(treated: np.ndarray, control: np.ndarray) -> np.ndarray:
    """Per simulation, ``treated / control - 1`` (a paired relative effect)."""
    return np.asarray(treated, float) / np.asarray(control, float) - 1.0


def check_of(
    label: str,
    values: np.ndarray,
    *,
    sign: Literal[1, -1],
    rough_size: tuple[float, float],
    unit: Unit = "share",
    published: Published | None = None,
) -> Check:
    """A check from per-simulation effects (already paired)."""
    mean, error = mean_and_error(values)
    return Check(label, mean, error, sign, rough_size, unit, published)


def status_notes(checks: list[Check]) -> list[str]:
    """A sentence for each check that passes only within its tolerance, for the finding's
    notes: ours, the published figure it misses, the tolerance it meets, and that its PASS
    counts the tolerance, not the published figure (one sentence: the published words and
    the tolerance may carry brackets of their own, so ours is not put in another)."""
    return [
        f"{check.label}: ours is {figure_text(check.ours, check.unit)}, outside the "
        f"published {check.published.words} but {check.published.tolerance}, so its PASS "
        "counts the tolerance, not the published figure."
        for check in checks
        if check.status == "close" and check.published is not None
    ]
