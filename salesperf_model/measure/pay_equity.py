"""Pay equity between groups (EU Directive 2023/970 Art. 9; UK Gender Pay Gap
Regulations 2017): mean and median pay gaps, variable-pay receipt, quartile pay bands."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.statistics import masked_stat, monte_carlo_summary
from salesperf_model.measure.totals import PlanResultLike, rep_totals
from salesperf_model.outcomes import Outcomes
from salesperf_model.seat_labels import text_labels

#: The EU Pay Transparency Directive's trigger for a joint pay assessment (Art. 10).
GAP_FLAG_PCT = 5.0


def gap_flag(mean: float, p5: float, p95: float) -> bool:
    """Whether a gap is flagged: its size (either way) reaches :data:`GAP_FLAG_PCT` and
    its 5-95% range over the simulations excludes 0 (at the one decimal the reports
    show: a range "-12.6 to 0.0" does not exclude it). A mean of -8% whose range runs from
    -22.8% to +5.4% (35 men, 35 women) is noise at that headcount, not a gap; on one set
    of actual results the range is the figure itself."""
    values = np.array([mean, p5, p95], dtype=float)
    if np.isnan(values).any():
        return False
    low, high = round(float(p5), 1), round(float(p95), 1)  # as the reports show them
    return bool(abs(mean) >= GAP_FLAG_PCT and (low > 0 or high < 0))


#: Headcounts not divisible by four: UK reg. 13 asks for bands "so far as possible" equal;
#: employers' published methodologies (after the Acas / GEO guidance) put the leftover
#: employees in these bands (lower, lower middle, upper middle, upper).
_LEFTOVER_BANDS = {0: (0, 0, 0, 0), 1: (1, 0, 0, 0), 2: (1, 0, 1, 0), 3: (1, 1, 1, 0)}
QUARTILES: tuple[str, ...] = ("lower", "lower_middle", "upper_middle", "upper")


def labelled_groups(outcomes: Outcomes) -> tuple[np.ndarray, list[str]]:
    """Each seat's ``group`` label ("" when unlabelled) and the sorted labels in use."""
    labels = text_labels(outcomes.reps, "group")  # coded once per rep table
    if labels is not None:
        return labels.strings(), [name for name in labels.names if name]
    groups = outcomes.reps["group"].fillna("").astype(str).to_numpy()
    return groups, sorted(g for g in set(groups) if g)


def pay_gap(
    pay: np.ndarray,
    groups: np.ndarray,
    *,
    reference: str = "male",
    comparison: str = "female",
    stat: str = "mean",
    among: np.ndarray | None = None,
) -> np.ndarray:
    """Pay gap per simulation as % of the reference figure: (ref - cmp) / ref x 100.

    Positive means the comparison group (women, by default) is paid less. ``among`` (sims,
    reps) limits the comparison to some reps, e.g. those who received variable pay.
    """
    if stat not in ("mean", "median"):
        raise ValueError(f"pay gap statistic must be 'mean' or 'median', got {stat!r}")
    include = np.ones(pay.shape, dtype=bool) if among is None else among
    return _gap(pay, include & (groups == reference), include & (groups == comparison), stat)


def _gap(pay: np.ndarray, reference: np.ndarray, comparison: np.ndarray, stat: str) -> np.ndarray:
    """:func:`pay_gap` between the reps marked in ``reference`` and ``comparison``
    (sims, reps)."""
    ref = masked_stat(pay, reference, stat)
    cmp = masked_stat(pay, comparison, stat)
    with np.errstate(all="ignore"):
        return np.where(ref != 0, 100.0 * (ref - cmp) / ref, np.nan)


def gap_metric(m: MetricInputs, pay: str, stat: str) -> np.ndarray:
    """The gender gap in ``pay`` (``total`` or ``variable``, the latter among reps who
    received some) for a metric's draws."""
    groups, _ = labelled_groups(m.outcomes)
    among = m.totals["variable"] > 0 if pay == "variable" else None
    return pay_gap(
        m.totals[pay],
        groups,
        reference=m.reference,
        comparison=m.comparison,
        stat=stat,
        among=among,
    )


def quartile_band_sizes(n: int) -> np.ndarray:
    """Headcount of each quartile pay band: n // 4 each, leftovers by the UK guidance."""
    return n // 4 + np.array(_LEFTOVER_BANDS[n % 4])


def pay_quartile_counts(pay: np.ndarray, group_codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Headcount of each group in each equal-headcount quartile pay band, (sims, 4, groups).

    Reps are ranked by pay; bands hold :func:`quartile_band_sizes` reps from the bottom up.
    Reps with the same pay whose block straddles a band boundary are split so that every
    band's part of the block has the block's group mix (UK Regulations 2017, reg. 13(2)):
    counts can therefore be fractional.
    """
    sims, n = pay.shape
    order = np.argsort(pay, axis=1, kind="stable")
    sorted_pay = np.take_along_axis(pay, order, axis=1)
    sorted_group = group_codes[order]
    tolerance = 1e-9 * np.maximum(np.abs(sorted_pay[:, 1:]), 1.0)
    new_block = np.concatenate(
        [np.ones((sims, 1), dtype=bool), np.abs(np.diff(sorted_pay, axis=1)) > tolerance], axis=1
    )
    block = np.cumsum(new_block, axis=1) - 1 + (np.arange(sims) * n)[:, None]
    size = np.bincount(block.ravel(), minlength=sims * n)
    band = np.searchsorted(np.cumsum(quartile_band_sizes(n)), np.arange(n), side="right")
    counts = np.zeros((sims, 4, n_groups))
    for g in range(n_groups):  # a few groups; vectorised over sims and reps
        in_group = np.bincount(
            block.ravel(), weights=(sorted_group == g).ravel().astype(float), minlength=sims * n
        )
        with np.errstate(all="ignore"):
            share = (in_group / np.maximum(size, 1))[block]  # group share of each rep's block
        for b in range(4):
            counts[:, b, g] = share[:, band == b].sum(axis=1)
    return counts


def _category_measures(
    totals: dict[str, np.ndarray],
    members: tuple[tuple[str, np.ndarray], tuple[str, np.ndarray]],
    scope: np.ndarray,
) -> dict[str, np.ndarray]:
    """Art. 9(1)(a)-(e),(g) draws among the reps in ``scope`` (sims, reps); ``members``:
    the reference and the comparison group, each (name, its seats (reps,))."""
    received = totals["variable"] > 0
    (reference, ref_seats), (comparison, cmp_seats) = members
    ref, cmp = scope & ref_seats, scope & cmp_seats

    def gap(pay: str, stat: str, among: np.ndarray | None = None) -> np.ndarray:
        if among is None:
            return _gap(totals[pay], ref, cmp, stat)
        return _gap(totals[pay], ref & among, cmp & among, stat)

    measures = {
        "gender_pay_gap_mean": gap("total", "mean"),
        "gender_pay_gap_median": gap("total", "median"),
        "variable_pay_gap_mean": gap("variable", "mean", received),
        "variable_pay_gap_median": gap("variable", "median", received),
        # Art. 9(1)(g): the ordinary basic wage separately from the variable part
        "fixed_pay_gap_mean": gap("fixed", "mean"),
    }
    for group, in_group in ((reference, ref), (comparison, cmp)):
        with np.errstate(all="ignore"):
            measures[f"variable_pay_receipt_{group}"] = (
                100.0 * (in_group & received).sum(axis=1) / in_group.sum(axis=1)
            )
    return measures


def pay_equity_table(
    result: PlanResultLike,
    outcomes: Outcomes,
    *,
    reference: str = "male",
    comparison: str = "female",
) -> pd.DataFrame:
    """EU Directive 2023/970 Art. 9(1)(a)-(e),(g) / UK 2017 Regulations pay-gap figures,
    for all reps and for each role (the Directive's categories of workers).

    Columns: ``category`` (``all`` or a role), ``measure`` (gender_pay_gap_mean/_median,
    variable_pay_gap_mean/_median, fixed_pay_gap_mean in % of the male figure; variable_pay_receipt_<group> in
    % of the group), ``unit``, ``reference_reps``, ``comparison_reps``, ``mean, p5, p50,
    p95``, ``flag_5pct`` (gap measures whose Monte Carlo mean is 5% or more either way and
    whose 5-95% range excludes 0: :func:`gap_flag`).
    """
    totals = rep_totals(result)
    groups, _ = labelled_groups(outcomes)
    # each seat's group and role compared once (a comparison of 100,000 labels per
    # measure and role took 0.2 s a table)
    members = ((reference, groups == reference), (comparison, groups == comparison))
    role_codes, role_names = pd.factorize(outcomes.reps["role"].astype(str), sort=True)
    rows = []
    for code, category in enumerate(["all", *role_names]):
        in_category = np.ones(len(groups), dtype=bool) if code == 0 else role_codes == code - 1
        scope = np.broadcast_to(in_category, totals["variable"].shape)
        measures = _category_measures(totals, members, scope)
        headcounts = {
            "reference_reps": int((in_category & members[0][1]).sum()),
            "comparison_reps": int((in_category & members[1][1]).sum()),
        }
        for measure, draws in measures.items():
            stats = monte_carlo_summary(draws)
            is_gap = "gap" in measure
            rows.append(
                {
                    "category": str(category),
                    "measure": measure,
                    "unit": "% of male" if is_gap else "% of group",
                    **headcounts,
                    **{k: float(v) for k, v in stats.items()},
                    "flag_5pct": is_gap and gap_flag(stats["mean"], stats["p5"], stats["p95"]),
                }
            )
    return pd.DataFrame(rows)


def pay_quartile_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """Share of each group in each quartile pay band of total pay (EU Art. 9(1)(f); UK
    reg. 13), among reps with a group label.

    Columns: ``quartile`` (lower, lower_middle, upper_middle, upper), ``group``,
    ``band_reps`` (headcount of the band), ``mean, p5, p50, p95`` (% of the band).
    """
    groups, labels = labelled_groups(outcomes)
    labelled = groups != ""
    if not labels:
        return pd.DataFrame(columns=["quartile", "group", "band_reps", "mean", "p5", "p50", "p95"])
    codes = np.searchsorted(labels, groups[labelled])
    pay = rep_totals(result)["total"][:, labelled]
    counts = pay_quartile_counts(pay, codes, len(labels))
    sizes = quartile_band_sizes(int(labelled.sum()))
    rows = []
    for b, quartile in enumerate(QUARTILES):
        for g, group in enumerate(labels):
            with np.errstate(all="ignore"):
                share = 100.0 * counts[:, b, g] / sizes[b]
            stats = monte_carlo_summary(share)
            rows.append(
                {
                    "quartile": quartile,
                    "group": group,
                    "band_reps": int(sizes[b]),
                    **{k: float(v) for k, v in stats.items()},
                }
            )
    return pd.DataFrame(rows)
