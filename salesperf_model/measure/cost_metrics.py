"""The cost metrics, declared once each: meaning, unit, direction and per-simulation draws."""

from __future__ import annotations

import numpy as np

from salesperf_model.measure.cost import extra_pay_per_revenue
from salesperf_model.measure.metric import Metric, MetricInputs
from salesperf_model.measure.totals import rep_totals


def _total_pay(m: MetricInputs) -> np.ndarray:
    return m.totals["total"].sum(axis=1)


def _variable_pay(m: MetricInputs) -> np.ndarray:
    return m.totals["variable"].sum(axis=1)


def _booked(m: MetricInputs) -> np.ndarray:
    return m.summed("revenue_booked")


def _collected(m: MetricInputs) -> np.ndarray:
    return m.summed("revenue_collected")


def _per_revenue(m: MetricInputs, revenue: np.ndarray) -> np.ndarray:
    """Total pay / revenue, NaN where there is no revenue."""
    return np.where(revenue > 0, _total_pay(m) / revenue, np.nan)


def _pay_at_target(m: MetricInputs) -> np.ndarray:
    assert m.at_target is not None  # Metric.requires
    return rep_totals(m.at_target)["total"].sum(axis=1)


def _marginal_cost(m: MetricInputs) -> np.ndarray:
    assert m.bumped is not None  # Metric.requires
    return extra_pay_per_revenue(m.bumped, m.totals, _booked(m), bump=m.bump)


#: Components paid on credit above 100% of revenue (engine/credit.py).
ABOVE_FULL_CREDIT = ("double_credit", "overlay")


def _pay_above_full_credit(m: MetricInputs) -> np.ndarray:
    """Double-credit commission plus overlay pay, all reps (0 for plans without them)."""
    summed = getattr(m.result, "component_pay", None)  # a horizon result keeps the sums
    if summed is None:
        payouts = m.result.payouts
        summed = {n: payouts[n].sum(axis=(1, 2)) for n in ABOVE_FULL_CREDIT if n in payouts}
    zero = np.zeros(m.outcomes.n_simulations)
    return sum((np.asarray(summed[n], dtype=float) for n in ABOVE_FULL_CREDIT if n in summed), zero)


def _over_budget_cost_of_sales(m: MetricInputs) -> np.ndarray:
    ratio = _per_revenue(m, _collected(m))
    return np.where(np.isnan(ratio), np.nan, (ratio > m.cost_of_sales_budget).astype(float))


COST_METRICS: tuple[Metric, ...] = (
    Metric(
        "total_pay",
        label="Total pay",
        description="all payouts, all reps, whole horizon",
        explanation=(
            "Everything the plan pays all reps over the period: salary, allowances, commission and bonuses."
        ),
        unit="money",
        higher_is_better=False,
        needs_truth=False,
        definition="sum of every payout component over all reps and months",
        compute=_total_pay,
        family="cost",
    ),
    Metric(
        "fixed_pay",
        label="Fixed pay",
        description="base salary plus allowances",
        explanation="The part of pay that does not depend on results: base salary and allowances.",
        unit="money",
        higher_is_better=False,
        needs_truth=False,
        definition="base salary + allowances",
        compute=lambda m: m.totals["fixed"].sum(axis=1),
        family="cost",
    ),
    Metric(
        "variable_pay",
        label="Variable pay",
        description="commission plus every bonus",
        explanation="The part of pay that depends on results: commission and every bonus.",
        unit="money",
        higher_is_better=False,
        needs_truth=False,
        definition="total pay - fixed pay (commission and bonuses)",
        compute=_variable_pay,
        family="cost",
    ),
    Metric(
        "variable_pay_share",
        label="Variable share of pay",
        description="variable pay / total pay x 100",
        explanation="How much of every 100 paid depends on results; the brief asks for 60-70%.",
        unit="%",
        higher_is_better=None,
        needs_truth=False,
        definition="variable pay / total pay x 100 (brief: base should be only 30-40% of pay)",
        compute=lambda m: 100.0 * _variable_pay(m) / _total_pay(m),
        family="cost",
    ),
    Metric(
        "revenue_booked",
        label="Revenue booked",
        description="booked revenue, all reps",
        explanation="The value of the deals the reps closed over the period.",
        unit="money",
        higher_is_better=True,
        needs_truth=False,
        definition="revenue_booked_new + revenue_booked_existing, all reps and months",
        compute=_booked,
        family="cost",
    ),
    Metric(
        "revenue_collected",
        label="Cash collected",
        description="collected cash, all reps",
        explanation="The cash customers actually paid over the period.",
        unit="money",
        higher_is_better=True,
        needs_truth=False,
        definition="revenue_collected_new + revenue_collected_existing",
        compute=_collected,
        family="cost",
    ),
    Metric(
        "cost_of_sales_booked",
        label="Pay per unit of revenue booked",
        description="total pay / booked revenue",
        explanation=("What the sales force is paid for each unit of revenue it books."),
        unit="ratio",
        higher_is_better=False,
        needs_truth=False,
        definition="total pay / booked revenue (NaN if no revenue)",
        compute=lambda m: _per_revenue(m, _booked(m)),
        family="cost",
    ),
    Metric(
        "cost_of_sales_collected",
        label="Pay per unit of cash collected",
        description="total pay / collected revenue",
        explanation=(
            "What the sales force is paid for each unit of cash collected, the figure the budget cap applies to."
        ),
        unit="ratio",
        higher_is_better=False,
        needs_truth=False,
        definition="total pay / collected revenue (NaN if no cash)",
        compute=lambda m: _per_revenue(m, _collected(m)),
        family="cost",
    ),
    Metric(
        "cost_of_sales_double_credit",
        label="Pay on credit above 100% of cash",
        description="(double-credit commission + overlay pay) / collected revenue",
        explanation=(
            "What crediting a sale more than once costs for each unit of cash collected: commission on double credit and overlay pay."
        ),
        unit="ratio",
        higher_is_better=False,
        needs_truth=False,
        definition="(`double_credit` + `overlay` components) / collected revenue (NaN if no cash); 0 for a plan that credits each sale once (`pay.credit`, engine/credit.py)",
        compute=lambda m: np.where(
            _collected(m) > 0,
            _pay_above_full_credit(m) / np.where(_collected(m) > 0, _collected(m), 1.0),
            np.nan,
        ),
        family="cost",
    ),
    Metric(
        "pay_at_target",
        label="Pay if everyone hits quota",
        description="total pay if every rep booked and collected exactly quota each month",
        explanation="What the plan would cost if every rep sold exactly their quota every month.",
        unit="money",
        higher_is_better=False,
        needs_truth=False,
        definition="total pay of the same plan on outcomes where every rep's booked revenue **and** collected cash equal quota in every month (`variants.revenue_at_quota`); other measures unchanged",
        compute=_pay_at_target,
        family="cost",
        requires=("at_target",),
    ),
    Metric(
        "expected_over_target_pay",
        label="Expected pay vs pay at target",
        description="total pay / pay at target (above 1 under convex curves)",
        explanation=(
            "Expected pay divided by pay at quota: above 1 when over-achievers earn more than under-achievers lose."
        ),
        unit="ratio",
        higher_is_better=None,
        needs_truth=False,
        definition="total_pay / pay_at_target: above 1 when convex curves pay more for spread-out attainment than for everyone at 100%",
        compute=lambda m: _total_pay(m) / _pay_at_target(m),
        family="cost",
        requires=("at_target",),
    ),
    Metric(
        "marginal_cost",
        label="Pay for the next 1% of sales",
        description="extra pay per extra unit of booked revenue when all sales rise 1%",
        explanation="How much extra pay each extra unit of sales costs when all sales rise by 1%.",
        unit="money per money",
        higher_is_better=False,
        needs_truth=False,
        definition="(total pay with every sales-money measure x 1.01 - total pay) / (0.01 x booked revenue): what the next 1% of sales costs, quotas fixed (`variants.revenue_scaled`)",
        compute=_marginal_cost,
        family="cost",
        requires=("bumped",),
    ),
    Metric(
        "over_budget_total_pay",
        label="Chance of exceeding the pay budget",
        description="share of simulations whose total pay exceeds the total-pay budget",
        explanation=(
            "How likely the plan's total pay is to exceed the pay budget; pay held back and "
            "still owed at the end of the period counts, as the decision rule counts it."
        ),
        unit="probability",
        higher_is_better=False,
        needs_truth=False,
        definition="1 if total pay > `budget.total_pay`, else 0; its mean over simulations is the probability of exceeding the budget. In a comparison's tables, pay still owed at the end (holdbacks) is added first (`measure.tables.budget_chances_owed`)",
        compute=lambda m: (_total_pay(m) > m.total_pay_budget).astype(float),
        family="cost",
        requires=("total_pay_budget",),
    ),
    Metric(
        "over_budget_cost_of_sales",
        label="Chance of exceeding the cost-of-sales cap",
        description="share of simulations whose collected cost of sales exceeds its cap",
        explanation=(
            "How likely pay is to exceed the cap on pay per unit of cash collected; pay held "
            "back and still owed at the end of the period counts, as the decision rule counts it."
        ),
        unit="probability",
        higher_is_better=False,
        needs_truth=False,
        definition="1 if `cost_of_sales_collected` > `budget.cost_of_sales`, else 0. In a comparison's tables, pay still owed at the end (holdbacks) is added to pay first (`measure.tables.budget_chances_owed`)",
        compute=_over_budget_cost_of_sales,
        family="cost",
        requires=("cost_of_sales_budget",),
    ),
)
