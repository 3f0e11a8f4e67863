"""The calibration report's check: simulate the calibrated scenario, compare it with the export (moments and the baseline plan's cost), and say how well it fits."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.calibrate.check_words import (
    MOMENT_TOLERANCE,
    TARGETED_MOMENTS,
    check_label,
    untargeted_gaps,
)
from salesperf_model.calibrate.labels import quantity_label, unit_label
from salesperf_model.calibrate.result import FIT_COLUMNS, Calibration
from salesperf_model.formatting import money, percent
from salesperf_model.schema import DEFAULT_SEED

if TYPE_CHECKING:
    from salesperf_model.outcomes import Outcomes
    from salesperf_model.schema import Scenario

#: Tolerance of the cost check: total pay per seat-month within 6%, as in
#: tests/test_calibrate.py (the figures' tolerance: :data:`MOMENT_TOLERANCE`).
COST_TOLERANCE = 0.06
#: The fitted-values table's last column: the scenario key each value sets, which
#: ``--set`` and ``salesperf diff`` take; the report shows it small, for analysts.
ANALYST_KEY_COLUMN = "Scenario key (for analysts)"


@dataclass(frozen=True)
class CalibrationCheck:
    """What the calibration report shows: the fit (refitted from the export, for its
    samples and estimators), the calibrated scenario as committed, the actual and simulated
    outcomes, the moment table, the cost table, the calibration file's notes and its fitted
    values (``fits``: what the committed scenario holds, simulation refits included; None:
    the refit's)."""

    source: str
    calibration: Calibration
    scenario: Scenario
    actual: Outcomes
    simulated: Outcomes
    diagnostics: pd.DataFrame
    cost: pd.DataFrame
    notes: list[str]
    unmapped: list[str]
    simulations: int
    seed: int
    fits: pd.DataFrame | None = None

    @property
    def fitted(self) -> pd.DataFrame:
        """The fitted values as committed, else as refitted."""
        return self.fits if self.fits is not None else self.calibration.fits


def calibration_check(
    mapping_path: str | os.PathLike,
    calibrated_path: str | os.PathLike,
    baseline_path: str | os.PathLike | None = None,
    *,
    data_dir: str | os.PathLike | None = None,
    simulations: int = 20,
    seed: int | None = None,
) -> CalibrationCheck:
    """Simulate the committed calibrated scenario and compare it with the export: moments
    side by side and the baseline plan's cost on the replay vs on the simulation, paid on
    the measures the export has (like for like). Notes come from the JSON beside the
    scenario (written by ``salesperf calibrate``)."""
    from salesperf_model.actuals import outcomes_from_deals, read_actuals
    from salesperf_model.calibrate.diagnostics import fit_diagnostics
    from salesperf_model.calibrate.fit import calibrate
    from salesperf_model.calibrate.simulated import cost_comparison, like_actuals
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario
    from salesperf_model.simulate import simulate

    seed = DEFAULT_SEED if seed is None else seed
    calibrated_path = Path(calibrated_path)
    scenario = load_scenario(calibrated_path)
    base_population = load_scenario(baseline_path).population if baseline_path else None
    actuals = read_actuals(mapping_path, data_dir=data_dir, currency=scenario.currency)
    actual = outcomes_from_deals(actuals, period="month")
    calibration = calibrate(actuals, actual, base_population=base_population)
    simulated = simulate(
        scenario.population, scenario.simulation, simulations=simulations, seed=seed
    )
    diagnostics = fit_diagnostics(calibration, actual, simulated)
    cost = cost_comparison(
        run_plan(actual, scenario), actual, run_plan(like_actuals(simulated, actual), scenario)
    )
    notes, unmapped = list(calibration.notes), list(calibration.unmapped)
    fits = calibration.fits
    sidecar = calibrated_path.with_suffix(".json")
    if sidecar.is_file():
        saved = json.loads(sidecar.read_text(encoding="utf-8"))
        notes, unmapped = list(saved.get("notes", notes)), list(saved.get("unmapped", unmapped))
        fits = _committed_fits(saved.get("fits"), calibration.fits)
    notes += untargeted_gaps(diagnostics, notes)
    return CalibrationCheck(
        source=actuals.mapping.name,
        calibration=calibration,
        fits=fits,
        scenario=scenario,
        actual=actual,
        simulated=simulated,
        diagnostics=diagnostics,
        cost=cost,
        notes=notes,
        unmapped=unmapped,
        simulations=simulations,
        seed=seed,
    )


def moment_table(check: CalibrationCheck) -> pd.DataFrame:
    """The fit diagnostics for reading: each moment as a figure in words
    (:func:`quantity_label`), actual, simulated, difference in % and whether it is within
    the tolerance (:func:`check_label`)."""
    table = check.diagnostics
    rows = []
    for row in table.itertuples():
        rows.append(
            {
                "figure": quantity_label(str(row.moment)),
                "actual": f"{row.actual:,.3g}" if abs(row.actual) < 100 else f"{row.actual:,.0f}",
                "simulated": f"{row.simulated:,.3g}"
                if abs(row.simulated) < 100
                else f"{row.simulated:,.0f}",
                "difference": percent(100 * row.relative_difference, signed=True),
                "check": check_label(str(row.moment), row.relative_difference),
            }
        )
    return pd.DataFrame(rows)


def _committed_fits(saved: list[dict] | None, refit: pd.DataFrame) -> pd.DataFrame:
    """The calibration file's fitted values (what the committed scenario holds, simulation
    refits included); a file written before fits had a ``how`` sentence takes the refit's
    for the same quantity."""
    if not saved:
        return refit
    fits = pd.DataFrame(saved).reindex(columns=FIT_COLUMNS)
    words = dict(zip(refit["quantity"], refit["how"], strict=True))
    fits["how"] = [
        how if isinstance(how, str) and how else words.get(quantity, "")
        for quantity, how in zip(fits["quantity"], fits["how"], strict=True)
    ]
    return fits


def fitted_values_table(
    check: CalibrationCheck,
    *,
    label: Callable[[str], str] | None = None,
    currency: str | None = None,
) -> pd.DataFrame:
    """The fitted quantities that set the calibrated scenario, each in words
    (:func:`quantity_label`), with their 95% interval where there is one, the unit in words
    (money in ``currency`` where given), how each was estimated in a sentence, the setting
    it fills in words (``label`` of its scenario key, e.g.
    :func:`salesperf_model.present.key_labels.key_label`; without one, the key's last part
    in words) and, last, the scenario key for analysts."""
    fits = check.fitted.dropna(subset=["population_field"])
    keys = "population." + fits["population_field"].astype(str)

    def number(value: float) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"

    def words(key: str) -> str:
        return label(key) if label else key.rsplit(".", 1)[-1].replace("_", " ")

    return pd.DataFrame(
        {
            "quantity": fits["quantity"].map(quantity_label),
            "value": fits["value"].map(number),
            "95% interval": [
                _interval_words(number(lo), number(hi))
                for lo, hi in zip(fits["ci_low"], fits["ci_high"])
            ],
            "unit": fits["unit"].map(lambda unit: unit_label(unit, currency)),
            "from": fits["n"].map(lambda n: f"{n:,.0f}"),
            "how": fits["how"].fillna(fits["estimator"]),
            "sets": keys.map(words),
            ANALYST_KEY_COLUMN: keys,
        }
    ).reset_index(drop=True)


def _interval_words(low: str, high: str) -> str:
    """Both ends, or the one end there is (no leaver seen: attrition up to its upper bound)."""
    if low and high:
        return f"{low} to {high}"
    if high:
        return f"up to {high}"
    return f"at least {low}" if low else ""


def cost_check_table(check: CalibrationCheck, currency: str = "CNY") -> pd.DataFrame:
    """Pay per seat-month by component, replay vs calibrated simulation, formatted. A
    component under 5% of total pay that differs by more than 20% is marked as small and
    noisy: it rests on a few awards (a top-3 ranking, a target bonus band) per period."""
    cost = check.cost.copy()
    total = float(cost.loc[cost["component"] == "total", "replay_per_seat_month"].sum())
    small = (
        (cost["component"] != "total")
        & (cost["replay_per_seat_month"] < 0.05 * total)
        & (cost["relative_difference"].abs() > 0.20)
        & (cost["note"] == "")
    )
    cost.loc[small, "note"] = "under 5% of pay; rests on a few awards, so it varies a lot"
    return pd.DataFrame(
        {
            "component": cost["component"].str.replace("_", " "),
            f"replayed actuals ({currency})": cost["replay_per_seat_month"].map(
                lambda v: f"{v:,.0f}"
            ),
            f"calibrated simulation ({currency})": cost["simulated_per_seat_month"].map(
                lambda v: f"{v:,.0f}"
            ),
            "difference": cost["relative_difference"].map(
                lambda v: "" if pd.isna(v) else percent(100 * v, signed=True)
            ),
            "note": cost["note"],
        }
    )


@dataclass(frozen=True)
class CalibrationSummary:
    """The calibration report's headline: what was fitted, how many targeted figures are
    within :data:`MOMENT_TOLERANCE`, whether the baseline plan costs the same on the replay
    and on the calibrated simulation (within :data:`COST_TOLERANCE`), one sentence for each,
    and the figures the index page shows (label -> formatted text)."""

    fitted: int
    moments_within: int
    moments_targeted: int
    cost_gap: float
    cost_ok: bool
    figures: dict[str, str | int]
    fit_sentence: str
    moments_sentence: str
    cost_sentence: str
    tolerance_sentence: str
    gaps_sentence: str

    @property
    def sentences(self) -> list[str]:
        """Every sentence, in reading order."""
        return [
            self.fit_sentence,
            self.moments_sentence,
            self.cost_sentence,
            self.tolerance_sentence,
            self.gaps_sentence,
        ]


def calibration_summary(check: CalibrationCheck, currency: str = "CNY") -> CalibrationSummary:
    """The calibration report's headline in plain words and figures."""
    fitted = len(check.calibration.fits.dropna(subset=["population_field"]))
    diagnostics = check.diagnostics.set_index("moment")
    targeted = diagnostics.loc[[m for m in TARGETED_MOMENTS if m in diagnostics.index]]
    worst = targeted["relative_difference"].abs().idxmax()
    worst_gap = float(targeted.loc[worst, "relative_difference"])
    within = int((targeted["relative_difference"].abs() <= MOMENT_TOLERANCE).sum())
    total = check.cost.set_index("component").loc["total"]
    cost_gap = float(total["relative_difference"])
    cost_ok = abs(cost_gap) <= COST_TOLERANCE
    _simulations, reps, months = check.simulated.shape
    tolerance = (
        f"within the {COST_TOLERANCE:.0%} tolerance"
        if cost_ok
        else f"OUTSIDE the {COST_TOLERANCE:.0%} tolerance"
    )
    return CalibrationSummary(
        fitted=fitted,
        moments_within=within,
        moments_targeted=len(targeted),
        cost_gap=cost_gap,
        cost_ok=cost_ok,
        figures={
            "Settings fitted": fitted,
            "Targeted figures within 10%": f"{within} of {len(targeted)}",
            "Cost: simulation vs replay": percent(100 * cost_gap, signed=True),
            "Cost tolerance": f"{COST_TOLERANCE:.0%} ({'met' if cost_ok else 'NOT met'})",
        },
        fit_sentence=(
            f"{fitted} simulation settings were fitted to the {check.source} export "
            "with standard estimators: deal sizes, win rate, sales cycle, pipeline, customer "
            "book, seasonality and how much of the difference between reps lasts."
        ),
        moments_sentence=(
            f"{within} of {len(targeted)} targeted figures of the calibrated simulation are "
            f"within {MOMENT_TOLERANCE:.0%} of the actuals ({check.simulations} simulations of "
            f"{reps} reps over {months} months); the largest gap is {quantity_label(worst)} "
            f"({percent(100 * worst_gap, signed=True)})."
        ),
        cost_sentence=(
            f"Cost check: the baseline plan pays {money(total['replay_per_seat_month'], currency)} "
            f"per rep and month on the replayed actuals and "
            f"{money(total['simulated_per_seat_month'], currency)} on the calibrated simulation "
            f"({percent(100 * cost_gap, signed=True)}), {tolerance}."
        ),
        tolerance_sentence=(
            f"Why {COST_TOLERANCE:.0%} and not less: the simulation cannot reproduce how much "
            "repeat-order sizes vary between reps (their spread is fixed in the model), and "
            f"{check.simulations} simulations of {reps} reps leave sampling noise of a few "
            "percent; both sides are paid on the same measures, so what the export lacks does "
            "not count."
        ),
        gaps_sentence=(
            f"{len(check.notes)} known gaps are listed below; the simulation can stand in for "
            "the actuals for cost, not for KPIs built on deal counts."
        ),
    )
