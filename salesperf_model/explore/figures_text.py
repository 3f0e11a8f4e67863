"""The explorer's figures in words: each edited figure beside the starting plan's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesperf_model.formatting import money, percent

if TYPE_CHECKING:
    from salesperf_model.explore.explorer import Explorer, Repaid


def _points(now: float, before: float, digits: int = 1) -> str:
    return f"{now - before:+.{digits}f}"


def figure_lines(explorer: Explorer, figures: Repaid) -> list[str]:
    """Cost, cost of sales, grade mix, fairness, winners and losers: the edited plan's
    figure, then the starting plan's and the change."""
    start = explorer.scenario
    currency = start.currency
    change = figures["total_pay"] - explorer.start_total_pay
    mix = figures["grade_mix"]
    start_mix = explorer.start_grade_mix
    return [
        f"Total pay {money(figures['total_pay'], currency)} "
        f"({percent(figures['change_pct'], signed=True)} vs {start.name}, "
        f"{money(change, currency, signed=True)})",
        f"Cost of sales {percent(100 * figures['cost_of_sales'], 2)} of collected cash "
        f"(was {percent(100 * explorer.start_cost_of_sales, 2)})",
        "Grades "
        + ", ".join(f"{g} {v:.1f}% ({_points(v, start_mix.get(g, v))})" for g, v in mix.items()),
        f"Pay follows skill {figures['merit_alignment']:.3f} (was {explorer.start_merit:.3f}); "
        f"gender pay gap {figures['gender_pay_gap']:.1f}% (was {explorer.start_gender_gap:.1f}%)",
        f"Winners {figures['winners_pct']:.0f}% of reps, losers {figures['losers_pct']:.0f}%; "
        f"largest loss of one rep {money(figures['largest_loss'], currency)}",
    ]
