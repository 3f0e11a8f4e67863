"""Cost tables of a paid plan: pay by component and by group of reps, expected pay next to
pay at target, and the marginal cost of more sales.

Every function takes a plan result (:class:`PlanResultLike`) and, where groups matter,
the ``Outcomes`` it was paid on; money is over the whole horizon. Monte Carlo statistics
are the mean and the 5th, 50th and 95th percentile across simulations; on real data (one
simulation) all four equal the single value. Columns are listed in docs/metrics.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine.long_term import yearly_schedule
from salesperf_model.measure.statistics import STATISTICS, monte_carlo_summary
from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.outcomes import REP_COLUMNS, Outcomes
from salesperf_model.seat_labels import text_labels


def _stats_frame(draws: np.ndarray, **labels: object) -> pd.DataFrame:
    stats = monte_carlo_summary(draws)
    return pd.DataFrame({**labels, **stats})


def cost_by_component(result: PlanResultLike) -> pd.DataFrame:
    """Total pay of the whole population over the horizon, per payout component.

    Columns: ``component`` (each payout component, then ``fixed``, ``variable``,
    ``total``), ``mean, p5, p50, p95`` (money), ``share_of_total_pct`` (mean component /
    mean total x 100).
    """
    totals = rep_totals(result)
    names = [*component_names(result), "fixed", "variable", "total"]
    # a horizon result keeps each component summed over seats (the same sums)
    summed = {**getattr(result, "component_pay", {})}
    draws = np.stack(
        [summed[n] if n in summed else totals[n].sum(axis=1) for n in names], axis=1
    )  # (sims, components)
    table = _stats_frame(draws, component=names)
    mean_total = table.loc[table["component"] == "total", "mean"].iloc[0]
    with np.errstate(all="ignore"):
        table["share_of_total_pct"] = 100.0 * table["mean"] / mean_total
    return table


def _year_labels(periods: list[str]) -> list[str]:
    """Calendar year of each ``YYYY-MM`` label; other labels count years from the start."""
    if all(len(str(p)) >= 7 and str(p)[:4].isdigit() and str(p)[4] == "-" for p in periods):
        return [str(p)[:4] for p in periods]
    return [f"year {i // 12 + 1}" for i in range(len(periods))]


def cost_by_year(result: PlanResultLike, periods: list[str]) -> pd.DataFrame:
    """Pay of the whole population per calendar year of the horizon, per component (a
    deferred bonus: earned less forfeited in that year; see ``engine.long_term``).

    Columns: ``year``, ``component`` (each payout component, then ``total``), ``months``
    (months of the year in the data), ``mean, p5, p50, p95`` (money, all reps).
    """
    years = np.array(_year_labels(list(periods)))
    monthly = getattr(result, "pay_by_month", None)  # a streamed horizon result keeps it
    if monthly is None:
        monthly = {n: np.asarray(v, dtype=float).sum(axis=1) for n, v in result.payouts.items()}
    names = [*monthly, "total"]
    by_month = [*monthly.values(), sum(monthly.values())]
    frames = []
    for year in dict.fromkeys(years):  # one to a few years, in order
        months = years == year
        draws = np.stack([m[:, months].sum(axis=1) for m in by_month], axis=1)
        frame = _stats_frame(draws, year=year, component=names)
        frame.insert(2, "months", int(months.sum()))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _group_codes(outcomes: Outcomes, by: str) -> tuple[np.ndarray, pd.Index]:
    """Each seat's group number in a rep-table column, and the groups' labels (sorted)."""
    if by not in outcomes.reps.columns:
        raise KeyError(
            f"cannot group by {by!r}: not a rep-table column; expected one of "
            f"{list(outcomes.reps.columns)} (standard: {list(REP_COLUMNS)})"
        )
    column = outcomes.reps[by]
    seats = text_labels(outcomes.reps, by)  # coded once per rep table
    if seats is not None:
        return seats.codes, pd.Index(list(seats.names), dtype=column.dtype, name=by)
    codes, labels = pd.factorize(column, sort=True)
    return codes, pd.Index(labels, name=by)


def group_sums(values: np.ndarray, codes: np.ndarray, groups: int) -> np.ndarray:
    """(sims, reps) values summed per group, (sims, groups): seats in seat order within
    each group, one simulation's row at a time (the same sums whatever the number of
    simulations; memory (sims, reps), where a one-hot matmul needs (reps, groups): 80 GB
    for the per-rep table of 100,000 reps)."""
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(groups))
    return np.add.reduceat(np.take(values, order, axis=1), starts, axis=1)


def component_names(result: PlanResultLike) -> list[str]:
    """The payout components of a result (a horizon result names them; it keeps none
    per seat)."""
    names = getattr(result, "components", None)
    return list(result.payouts) if names is None else list(names)


def components_never_paid(result: PlanResultLike) -> list[str]:
    """The payout components of a result that pay (or take) nothing in any month of any
    simulation: a rule the outcomes never trigger (a clawback on a sales force that
    cancels no deals), in the result's order."""
    monthly = getattr(result, "pay_by_month", None)  # a horizon result keeps the sums
    if monthly is None:
        monthly = getattr(result, "payouts", None) or {}
    return [name for name, values in monthly.items() if not np.any(np.asarray(values))]


def group_pay(
    totals: dict[str, np.ndarray], outcomes: Outcomes, by: str, *, names: list[str]
) -> dict[str, np.ndarray]:
    """Each of ``names`` in ``totals`` (per-seat pay, :func:`rep_totals`) summed per group
    of the rep-table column ``by``, (sims, groups), groups sorted as :func:`cost_by` has
    them."""
    codes, labels = _group_codes(outcomes, by)
    return {name: group_sums(totals[name], codes, len(labels)) for name in names}


def cost_by(
    result: PlanResultLike,
    outcomes: Outcomes,
    by: str = "role",
    *,
    components: list[str] | None = None,
) -> pd.DataFrame:
    """Pay per group of reps (``by`` is a rep-table column: role, region, team, group,
    region_tier or rep_id), per component (only ``components``, when given: per rep, a
    table of every component took 130 bytes per rep and simulation to make).

    Columns: ``<by>``, ``component``, ``reps`` (seats in the group), ``mean, p5, p50, p95``
    (group total, money), ``mean_per_rep`` (money per seat).
    """
    codes, labels = _group_codes(outcomes, by)
    seats = np.bincount(codes, minlength=len(labels))
    totals = rep_totals(result)
    names = [*component_names(result), "fixed", "variable", "total"]
    if components is not None:
        names = [name for name in names if name in components]
    # a horizon result keeps the sums per role and region; per seat, no component
    kept = getattr(result, "group_pay", {}).get(by, {})
    sims = totals["total"].shape[0]
    stats = []
    for name in names:  # a handful of components; the sums are vectorised
        if name in kept:
            draws = kept[name]
        elif name in totals:
            draws = group_sums(totals[name], codes, len(labels))  # (sims, groups)
        else:  # a component per seat a horizon result does not keep (cost_by_rep reads
            # total and variable only)
            draws = np.full((sims, len(labels)), np.nan)
        stats.append(monte_carlo_summary(draws))  # each component's own, as before
    # one frame for every component (a frame per component was most of the time)
    every = np.tile(np.arange(len(labels)), len(names))
    table = pd.DataFrame(
        {
            by: labels.take(every),
            "component": np.repeat(np.array(names, dtype=object), len(labels)),
            "reps": seats[every],
            **{k: np.concatenate([s[k] for s in stats]) for k in STATISTICS},
        }
    )
    table["mean_per_rep"] = table["mean"] / table["reps"]
    return table.sort_values([by, "component"], kind="stable").reset_index(drop=True)


def marginal_cost(
    result: PlanResultLike, bumped: PlanResultLike, outcomes: Outcomes, *, bump: float = 0.01
) -> np.ndarray:
    """Extra pay per extra unit of booked revenue, per simulation: the same plan paid on
    outcomes whose every sales-money measure is ``1 + bump`` times larger (quotas fixed).

    A finite difference rather than a regression: it answers "what does the next 1% of
    sales cost under this plan", which is what a convex curve makes expensive.
    """
    booked = outcomes.get("revenue_booked").sum(axis=(1, 2))
    return extra_pay_per_revenue(bumped, rep_totals(result), booked, bump=bump)


def extra_pay_per_revenue(
    bumped: PlanResultLike, totals: dict[str, np.ndarray], booked: np.ndarray, *, bump: float
) -> np.ndarray:
    """:func:`marginal_cost` from the plan's :func:`rep_totals` and its booked revenue per
    simulation, as the metrics have them already."""
    extra_pay = rep_totals(bumped)["total"].sum(axis=1) - totals["total"].sum(axis=1)
    extra_revenue = bump * booked
    with np.errstate(all="ignore"):
        return np.where(extra_revenue > 0, extra_pay / extra_revenue, np.nan)


def pay_at_target_vs_expected(
    result: PlanResultLike, at_target: PlanResultLike, outcomes: Outcomes
) -> pd.DataFrame:
    """Expected pay (the plan on simulated outcomes) next to pay at target (the plan on
    ``revenue_at_quota`` outcomes), per role and in total.

    Columns: ``role`` (``all`` for the total), ``reps``, ``expected_pay_mean``,
    ``pay_at_target_mean`` (money, mean over simulations), ``expected_over_target``
    (ratio of the means).
    """
    codes, labels = _group_codes(outcomes, "role")
    expected = group_sums(rep_totals(result)["total"], codes, len(labels))
    target = group_sums(rep_totals(at_target)["total"], codes, len(labels))
    expected = np.column_stack([expected, expected.sum(axis=1)]).mean(axis=0)
    target = np.column_stack([target, target.sum(axis=1)]).mean(axis=0)
    with np.errstate(all="ignore"):
        ratio = expected / target
    return pd.DataFrame(
        {
            "role": [*labels, "all"],
            "reps": [*np.bincount(codes, minlength=len(labels)), len(codes)],
            "expected_pay_mean": expected,
            "pay_at_target_mean": target,
            "expected_over_target": ratio,
        }
    )


def deferred_vesting(result: PlanResultLike, periods: list[str]) -> pd.DataFrame:
    """Each deferred element's schedule by calendar year, from the first year of the
    horizon to the year its last tranche vests (``engine.long_term.yearly_schedule``):
    what the whole sales force earned, what was forfeited on exits, and what vests that
    year (earnings not forfeited within the horizon: a cost still due if their holders
    stay). Empty without deferred elements.

    Columns: ``component`` (``deferred_<name>``), ``year`` (as ``cost_by_year`` labels
    it), ``after_horizon`` (bool: a year past the data), ``flow`` (earned, forfeited,
    vesting), ``mean, p5, p50, p95`` (money, all reps).
    """
    records = getattr(result, "deferred", None) or {}
    columns = ["component", "year", "after_horizon", "flow", "mean", "p5", "p50", "p95"]
    labels = _year_labels(list(periods))
    numbered = not labels[0][:4].isdigit()  # no calendar: "year 1", "year 2", ...
    frames = []
    for component, record in records.items():  # components, then flows, then years
        schedule = yearly_schedule(record, list(periods))
        years = schedule["years"]
        after = years > years[0] + len(dict.fromkeys(labels)) - 1
        names = [f"year {y - years[0] + 1}" if numbered else str(y) for y in years.tolist()]
        for flow in ("earned", "forfeited", "vesting"):
            frame = _stats_frame(schedule[flow], component=component, year=names)
            frame.insert(2, "after_horizon", after)
            frame.insert(3, "flow", flow)
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
