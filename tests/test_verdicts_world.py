"""A small hand-built comparison for the verdict tests: seven plans against a baseline,
per-simulation draws (paired by simulation, as under common random numbers), the
comparison table computed from them, and the decision rule applied with ``decide``.

Plans (pay and collected revenue in M CNY, pay follows skill, reps losing > 5%):

- base "Current plan": 100 / 1000, 0.48, 0%; over the 12% cost-of-sales cap half the time
- forced "Forced grade distribution": 96 / 1000, 0.49 but grades clearly worse (mixed), 3%
- windfall "Windfall carve-out": 97.5 / 1000 (a revenue tie), 0.52 (fairest), 13%
- steep "Steep accelerator": 94 / 990, 0.51, grades clearly worse (mixed), 52% (fails)
- rates "New vs existing rates": 92 / 960 (least total pay), 0.47 (less fair), 56% (fails)
- credit "Double credit": 112 / 1000 (the same revenue in every simulation), 0.46 but
  luck's share clearly smaller (mixed), 0%; over the cap
- booked "Commission on bookings" and twin "Bookings with clawback": identical, 103 / 1006,
  0.49 (fairer), 6%; over the cap
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from salesperf_model import pipeline
from salesperf_model.measure.decision import decide
from salesperf_model.schema.decision import Decision

SIMULATIONS = 40
M = 1e6

#: plan -> (title, pay, revenue, merit, grade accuracy, gap, luck, losers %, over the cap)
PLANS = {
    "base": ("Current plan", 100, 1000, 0.48, 50.0, 2.0, 44.0, 0.0, 0.5),
    "forced": ("Forced grade distribution", 96, 1000, 0.49, 48.0, 2.0, 44.0, 3.0, 0.0),
    "windfall": ("Windfall carve-out", 97.5, 1000, 0.52, 50.0, 2.0, 40.0, 13.0, 0.0),
    "steep": ("Steep accelerator", 94, 990, 0.51, 49.0, 1.0, 40.0, 52.0, 0.0),
    "rates": ("New vs existing rates", 92, 960, 0.47, 50.0, 2.0, 45.0, 56.0, 0.0),
    "credit": ("Double credit", 112, 1000, 0.46, 50.0, 2.0, 41.0, 0.0, 1.0),
    "booked": ("Commission on bookings", 103, 1006, 0.49, 50.0, 2.0, 44.0, 6.0, 0.95),
    "twin": ("Bookings with clawback", 103, 1006, 0.49, 50.0, 2.0, 44.0, 6.0, 0.95),
}
FAIRNESS = ("merit_alignment_pay", "grade_accuracy", "gender_pay_gap_mean", "luck_share")


def _draws() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(7)
    market = rng.normal(0.0, 1.0, SIMULATIONS)  # shared by every plan: common random numbers
    market -= market.mean()  # so that each plan's means are the figures above
    own = {plan: rng.normal(0.0, 1.0, SIMULATIONS) for plan in PLANS}
    own["twin"] = own["booked"]  # the twin is the same plan under another name
    out = {}
    for plan, (_, pay, revenue, merit, grades, gap, luck, losers, over) in PLANS.items():
        wobble = own[plan] - own[plan].mean()  # each plan's own noise, mean zero
        moved = plan not in ("base", "credit")  # double credit moves pay, not what reps do
        paid = (pay + 0.01 * pay * market + 0.05 * wobble) * M
        collected = (revenue + 0.01 * revenue * market + (0.3 * wobble if moved else 0.0)) * M
        over_cap = np.zeros(SIMULATIONS)
        over_cap[: round(over * SIMULATIONS)] = 1.0
        out[plan] = pd.DataFrame(
            {
                "total_pay": paid,
                "revenue_collected": collected,
                "cost_of_sales_collected": paid / collected,
                "over_budget_cost_of_sales": over_cap,
                "merit_alignment_pay": merit + 0.002 * wobble,
                "grade_accuracy": grades + 0.1 * wobble,
                "gender_pay_gap_mean": gap + 0.05 * wobble,
                "luck_share": luck + 0.1 * wobble,
                "losers_pct": losers + (0.5 * wobble if losers else 0.0),
                "keep_whole_cost": np.full(SIMULATIONS, losers * 0.05 * M),
            }
        )
    return out


def _comparison(draws: dict[str, pd.DataFrame]) -> pd.DataFrame:
    base = draws["base"]
    rows = []
    for plan, table in draws.items():
        if plan == "base":
            continue
        for metric in ("total_pay", "revenue_collected", "cost_of_sales_collected", *FAIRNESS):
            difference = (table[metric] - base[metric]).to_numpy()
            se = difference.std(ddof=1) / np.sqrt(difference.size)
            mean = difference.mean()
            rows.append(
                {
                    "plan": plan,
                    "metric": metric,
                    "baseline": base[metric].mean(),
                    "alternative": table[metric].mean(),
                    "difference": mean,
                    "difference_pct": 100 * mean / base[metric].mean(),
                    "difference_se": se,
                    "difference_low": mean - 1.96 * se,
                    "difference_high": mean + 1.96 * se,
                }
            )
    return pd.DataFrame(rows)


def _frontier(draws: dict[str, pd.DataFrame]) -> pd.DataFrame:
    cost = {p: t["total_pay"].mean() for p, t in draws.items()}
    fair = {p: t["merit_alignment_pay"].mean() for p, t in draws.items()}
    dominated = {
        p: [
            q
            for q in draws
            if q != p
            and cost[q] <= cost[p]
            and fair[q] >= fair[p]
            and (cost[q] < cost[p] or fair[q] > fair[p])
        ]
        for p in draws
    }
    return pd.DataFrame(
        {
            "plan": list(draws),
            "cost_metric": "total_pay",
            "cost": [cost[p] for p in draws],
            "fairness_metric": "merit_alignment_pay",
            "fairness": [fair[p] for p in draws],
            "on_frontier": [not dominated[p] for p in draws],
            "dominated_by": [", ".join(dominated[p]) for p in draws],
        }
    )


def _headline(draws: dict[str, pd.DataFrame]) -> pd.DataFrame:
    base = draws["base"]
    return pd.DataFrame(
        {
            "plan": list(draws),
            "total_pay": [t["total_pay"].mean() for t in draws.values()],
            "change_vs_baseline_pct": [
                100 * (t["total_pay"].mean() / base["total_pay"].mean() - 1) for t in draws.values()
            ],
            "revenue_change_vs_baseline_pct": [
                100 * (t["revenue_collected"].mean() / base["revenue_collected"].mean() - 1)
                for t in draws.values()
            ],
            "cost_of_sales_collected": [
                t["cost_of_sales_collected"].mean() for t in draws.values()
            ],
        }
    )


def world(*, rule: Decision | None = None, plans: list[str] | None = None):
    """(run, decision): the hand-built comparison and the rule applied to it."""
    draws = _draws()
    if plans is not None:
        draws = {p: t for p, t in draws.items() if p == "base" or p in plans}
    winners = pd.DataFrame(
        {
            "plan": list(draws),
            "role": "all",
            "lose > 5%": [PLANS[p][7] for p in draws],
            "gain > 5%": [0.0 for _ in draws],
        }
    )
    scenarios = {p: SimpleNamespace(display_title=PLANS[p][0]) for p in draws}
    scenarios["base"] = SimpleNamespace(
        display_title="Current plan",
        currency="CNY",
        budget=SimpleNamespace(total_pay=None, cost_of_sales=0.12),
        decision=rule or Decision(),
    )
    run = pipeline.Run(
        baseline="base",
        plans=[p for p in draws if p != "base"],
        scenarios=scenarios,
        sources={},
        outcomes=None,
        evaluations={p: SimpleNamespace(draws=t) for p, t in draws.items()},
        tables={
            "comparison": _comparison(draws),
            "frontier": _frontier(draws),
            "headline": _headline(draws),
            "winners_losers_by_role": winners,
        },
        settings=pipeline.RunSettings(simulations=SIMULATIONS, reps=100, periods=12),
        outcomes_by_plan={p: object() for p in draws},  # reps respond to each plan
    )
    return run, decide(draws, rule or Decision())
