"""Payout curves: commission against attainment for each plan, titled with where the plans
differ."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from salesperf_model.engine import commission_payout
from salesperf_model.present.charts.style import (
    LINE_STYLES,
    WIDTH,
    apply_style,
    plan_colours,
    plan_label,
    plan_rounds,
    plan_title,
    wrap_title,
)

if TYPE_CHECKING:
    from salesperf_model.schema import Scenario


def payout_curve_table(
    scenarios: Sequence[Scenario] | Mapping[str, Scenario],
    quota: float = 100_000.0,
    max_attainment: float = 2.0,
    *,
    points: int = 401,
) -> pd.DataFrame:
    """Commission for one settlement at each attainment, per plan: ``attainment`` (share of
    quota) then one column per plan (money), for a rep with ``quota`` and revenue
    ``attainment x quota`` (before customer, big-account, region and product-line factors
    and margin; amount-based tiers read that revenue in money; a per-deal plan is shown
    with the settlement's revenue as one deal)."""
    if not isinstance(scenarios, Mapping):
        scenarios = {scenario.name: scenario for scenario in scenarios}
    attainment = np.linspace(0.0, max_attainment, points)
    table = pd.DataFrame({"attainment": attainment})
    for name, scenario in scenarios.items():
        commission = scenario.pay.commission
        table[name] = commission_payout(
            commission, np.full_like(attainment, quota), attainment * quota
        )
    return table


def _curve_finding(table: pd.DataFrame, plan: str, reference: str) -> str:
    """'X pays less below 125% of quota and more above' and the like."""
    difference = (table[plan] - table[reference]).to_numpy()
    attainment = table["attainment"].to_numpy()
    tolerance = 1e-6 * max(1.0, float(np.abs(table[reference]).max()))
    sign = np.where(difference > tolerance, 1, np.where(difference < -tolerance, -1, 0))
    plan, reference = plan_title(plan), plan_title(reference)
    if not sign.any():
        return f"{plan} keeps the commission curve of {reference}: its changes lie elsewhere (see the plan in plain words)"
    if (sign >= 0).all():
        return f"{plan} pays at least as much as {reference} at every attainment"
    if (sign <= 0).all():
        return f"{plan} pays no more than {reference} at any attainment"
    nonzero = np.flatnonzero(sign)
    changes = nonzero[1:][np.diff(sign[nonzero]) != 0]
    first = "less" if sign[nonzero[0]] < 0 else "more"
    second = "more" if first == "less" else "less"
    edge = attainment[changes[0]] if len(changes) else attainment[nonzero[-1]]
    return f"{plan} pays {first} than {reference} below {edge:.0%} of quota and {second} above"


def _same_curves(table: pd.DataFrame, names: list[str]) -> dict[str, list[str]]:
    """Plans with the very same curve (their changes lie elsewhere), grouped to share a line."""
    groups: dict[str, list[str]] = {}
    for name in names:
        twin = next((g for g in groups if np.allclose(table[g], table[name])), None)
        groups.setdefault(twin or name, []).append(name)
    return groups


def _payout_title(table: pd.DataFrame, names: list[str], baseline: str | None) -> str:
    """Where one plan differs from the baseline, or which plan pays most at 150% of quota."""
    plans = [n for n in names if n != baseline]
    if baseline and len(plans) == 1:
        return _curve_finding(table, plans[0], baseline)
    at = table.iloc[(table["attainment"] - 1.5).abs().argmin()]
    best = max(names, key=lambda n: at[n])
    return (
        f"At 150% of quota and before customer, big-account and region coefficients, "
        f"{plan_title(best)} pays the most commission"
    )


def payout_curves(
    scenarios: Sequence[Scenario] | Mapping[str, Scenario],
    baseline: str | None = None,
    quota: float = 100_000.0,
    *,
    max_attainment: float = 2.0,
    currency: str = "CNY",
    title: str | None = None,
) -> Figure:
    """Monthly commission against attainment for each plan, the baseline dashed grey."""
    apply_style()
    table = payout_curve_table(scenarios, quota, max_attainment)
    names = [c for c in table.columns if c != "attainment"]
    baseline = baseline if baseline in names else None
    colours = plan_colours(names, baseline)
    rounds = plan_rounds(names, baseline)
    groups = _same_curves(table, names)
    figure, axes = plt.subplots(figsize=(WIDTH, 4.6 if len(groups) <= 4 else 5.4))
    for name, members in groups.items():
        is_base = name == baseline
        label = plan_label(name, baseline)
        if len(members) > 1:
            label = ", ".join(plan_label(m, baseline) for m in members) + " (same curve)"
        axes.plot(
            table["attainment"],
            table[name],
            color=colours[name],
            linestyle="--" if is_base else LINE_STYLES[rounds[name]],
            linewidth=2.0 if is_base else 2.4,
            label=textwrap.fill(label, 60),
        )
    axes.axvline(1.0, color="#999999", linewidth=1, linestyle=":")
    low, high = axes.get_ylim()
    axes.text(  # at the foot of the line: rising curves leave it clear, the legend is above
        1.0, low + 0.03 * (high - low), " 100% of quota", color="#666666", va="bottom", fontsize=9
    )
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    axes.set_xlabel("Attainment (revenue as % of quota)")
    axes.set_ylabel(f"Commission per month ({currency})")
    axes.set_title(
        wrap_title(title if title is not None else _payout_title(table, names, baseline))
    )
    figure.text(
        0.01,
        0.01,
        f"A rep with a {quota:,.0f} {currency} monthly quota; before customer, big-account and region coefficients.",
        fontsize=9,
        color="#555555",
    )
    axes.legend(loc="upper left", fontsize=9 if len(groups) > 4 else 11)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure
