"""`salesperf run SCENARIO`: simulate the scenario's sales force, pay it under the plan, print the cost."""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from salesperf_model.commands.simulate import add_run_size_arguments, load_and_simulate
from salesperf_model.measure.cost_metrics import ABOVE_FULL_CREDIT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="simulate a scenario, pay it under its plan and print the cost summary",
        description=(
            "Simulate the scenario's population, then score, grade and pay every rep under the "
            "scenario's plan; print total pay by component and by role (mean and 5th / 50th / "
            "95th percentile over simulations), cost of sales and the grade mix."
        ),
    )
    add_run_size_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.engine import run_plan
    from salesperf_model.measure import cost_by, cost_by_component
    from salesperf_model.measure.vacancy_metrics import vacancy_line
    from salesperf_model.schema import GRADES

    loaded = load_and_simulate(args)
    if loaded is None:
        return 1
    scenario, outcomes = loaded
    result = run_plan(outcomes, scenario)
    sims, reps, months = outcomes.shape
    responding = args.behaviour and scenario.behaviour.enabled
    print(
        f"{scenario.name}: {sims} simulations x {reps} reps x {months} months, paid under the plan"
        + ("; reps respond to it (behaviour)" if responding else "")
    )
    if scenario.behaviour.enabled and not args.behaviour:
        print(
            "  note: reps do not respond to the plan in this run (effort, deal timing and "
            "leaving as the baseline sales force's); add --behaviour to simulate their "
            "response, as compare and report do"
        )
    for warning in result.warnings:
        print(f"  warning: {warning}")
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        components = cost_by_component(result)
        print("\nTotal pay over the horizon by component (money):")
        print(components.to_string(index=False, float_format=lambda v: f"{v:,.0f}"))
        by_role = cost_by(result, outcomes, "role")
        total = by_role[by_role["component"] == "total"].drop(columns="component")
        print("\nTotal pay by role (money):")
        print(total.to_string(index=False, float_format=lambda v: f"{v:,.0f}"))
    pay = result.total_pay().sum(axis=(1, 2))
    revenue = outcomes.get("revenue_collected").sum(axis=(1, 2))
    ratio = pay / np.where(revenue > 0, revenue, np.nan)
    print(
        f"\nCost of sales (total pay / collected revenue): mean {np.nanmean(ratio):.1%}, "
        f"5th-95th percentile {np.nanpercentile(ratio, 5):.1%}-{np.nanpercentile(ratio, 95):.1%}"
    )
    above = [result.payouts[n] for n in ABOVE_FULL_CREDIT if n in result.payouts]
    if above:  # pay.credit: what crediting a sale more than once costs
        extra = sum(a.sum(axis=(1, 2)) for a in above) / np.where(revenue > 0, revenue, np.nan)
        print(
            f"  of which on credit above 100% of revenue (double credit, overlay): "
            f"mean {np.nanmean(extra):.1%}"
        )
    vacancy = vacancy_line(outcomes)
    if vacancy:
        print(vacancy)
    graded = np.ones(result.grades.shape, bool) if result.graded is None else result.graded
    mix = "  ".join(
        f"{g} {np.mean(result.grades[graded] == code):.1%}" for code, g in enumerate(GRADES)
    )
    print(f"Grade mix: {mix}")
    return 0
