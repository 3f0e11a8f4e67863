"""Commission cost by product line: each plan's commission split over the product lines it
is earned on, beside the lines' booked revenue (the plan report's table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesperf_model.engine.products import commission_by_line, product_shares
from salesperf_model.formatting import money, percent
from salesperf_model.present.plan_titles import plan_title

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


def product_line_cost(run: Run, plans: Sequence[str]) -> pd.DataFrame:
    """One row per plan and product line: the line's share of booked revenue, its rate
    factor, booked revenue and commission (whole period, all reps, mean over simulations),
    commission / booked revenue and the line's share of the plan's commission.

    Commission is split over lines in proportion to share x factor (engine.products), so
    the lines add up to the plan's commission; booked revenue is split by the shares."""
    rows = []
    for plan in plans:
        scenario = run.scenarios[plan]
        commission = scenario.pay.commission
        outcomes = run.outcomes_of(plan)
        shares = product_shares(scenario.population.products.mix, outcomes)
        paid = run.results[plan].payouts["commission"]
        booked = outcomes.get("revenue_booked")
        split = commission_by_line(commission, paid, shares)
        total = float(paid.sum(axis=(1, 2)).mean())
        all_booked = float(booked.sum(axis=(1, 2)).mean())
        for line, share in shares.items():
            line_paid = float(split[line].sum(axis=(1, 2)).mean())
            line_booked = float((booked * share).sum(axis=(1, 2)).mean())
            rows.append(
                {
                    "plan": plan,
                    "product_line": line,
                    "revenue_share": (
                        line_booked / all_booked if all_booked > 0 else float(np.mean(share))
                    ),
                    "factor": commission.product_factors.get(line, 1.0),
                    "booked_revenue": line_booked,
                    "commission": line_paid,
                    "commission_rate": line_paid / line_booked if line_booked > 0 else np.nan,
                    "commission_share": line_paid / total if total > 0 else np.nan,
                }
            )
    return pd.DataFrame(rows)


def product_line_rows(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The product-line table as a reader sees it: money, percents and plan titles."""
    return pd.DataFrame(
        {
            "plan": [plan_title(p) for p in table["plan"]],
            "product line": table["product_line"],
            "share of booked revenue": [percent(100 * v, 1) for v in table["revenue_share"]],
            "rate factor": [f"x{v:g}" if v else "earns none" for v in table["factor"]],
            "booked revenue": [money(v, currency) for v in table["booked_revenue"]],
            "commission": [money(v, currency) for v in table["commission"]],
            "commission / revenue": [
                "" if np.isnan(v) else percent(100 * v, 2) for v in table["commission_rate"]
            ],
            "share of commission": [
                "" if np.isnan(v) else percent(100 * v, 1) for v in table["commission_share"]
            ],
        }
    )
