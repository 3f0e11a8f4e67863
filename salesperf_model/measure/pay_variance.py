"""Why reps of a role are paid differently: the within-role variance of total pay split into named parts (skill, territory, big accounts, deal luck, market shocks, quota-setting error, residual) that add up to 100%."""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.measure.merit import shapley_r_squared
from salesperf_model.measure.metric import Metric, MetricInputs
from salesperf_model.measure.statistics import group_codes

#: compiled loops, loaded on first use (numba: the text commands never run them)
centre_groups = on_first_use("salesperf_model.measure.stat_kernels", "centre_groups")
month_means = on_first_use("salesperf_model.measure.sum_kernels", "month_means")

#: The recorded drivers, truth name -> (part name, label, plain explanation), in the order
#: the parts are shown; the residual comes last.
DRIVERS: dict[str, tuple[str, str, str]] = {
    "skill": (
        "pay_variance_skill",
        "Skill",
        "the rep's true selling skill",
    ),
    "territory_potential": (
        "pay_variance_territory",
        "Territory",
        "how much business the rep's territory holds",
    ),
    "big_account_share": (
        "pay_variance_big_accounts",
        "Big accounts",
        "how much of the rep's book sits in a few big accounts",
    ),
    "deal_luck": (
        "pay_variance_deal_luck",
        "Deal luck",
        "the rep's own good or bad months for leads",
    ),
    "market_shock": (
        "pay_variance_market",
        "Market shocks",
        "booms and slumps of the market and the rep's region",
    ),
    "quota_error": (
        "pay_variance_quota_error",
        "Quota-setting error",
        "a quota set too high or too low for the territory",
    ),
}
RESIDUAL = "pay_variance_residual"
#: Every part, in the order shown, with its short label.
PART_LABELS: dict[str, str] = {
    **{part: label for part, label, _ in DRIVERS.values()},
    RESIDUAL: "Everything else",
}


def centre_within(values: np.ndarray, roles: np.ndarray) -> np.ndarray:
    """``values`` (sims, reps) minus each role's mean per simulation."""
    # each simulation's row mean of a role's seats alone, as a C-ordered copy of them
    # gives it (see merit._centre_within), in one compiled pass
    return centre_groups(values, *group_codes(roles))


def variance_parts(
    pay: np.ndarray, drivers: dict[str, np.ndarray], roles: np.ndarray, *, centred: bool = False
) -> dict[str, np.ndarray]:
    """Part name -> % of the within-role variance of ``pay`` (sims, reps), per simulation:
    each driver's Shapley share of R² (drivers (sims, reps), all centred within role), and
    the residual 100 - R² of all drivers together. The parts add up to 100 exactly (NaN
    where pay does not vary within any role). ``centred``: the drivers are centred within
    role already."""
    y = centre_within(pay, roles)
    x = drivers if centred else {n: centre_within(v, roles) for n, v in drivers.items()}
    shares = shapley_r_squared(y, x)
    varies = (y**2).sum(axis=1) > 0
    parts = {name: np.where(varies, 100.0 * share, np.nan) for name, share in shares.items()}
    parts[RESIDUAL] = np.where(varies, 100.0 - sum(parts.values()), np.nan)
    return parts


def pay_variance_parts(m: MetricInputs) -> dict[str, np.ndarray]:
    """:func:`variance_parts` of the plan's total pay over the recorded drivers, each a
    per-rep mean over the horizon (the multipliers as logs), by metric name; NaN parts
    when the outcomes lack a driver (outcomes saved before it was recorded)."""

    def drivers() -> dict[str, np.ndarray] | None:
        truth = m.outcomes.truth or {}
        if any(name not in truth for name in DRIVERS):
            return None
        logged = {"deal_luck", "market_shock", "quota_error"}
        centred = {
            name: centre_within(
                month_means(np.log(truth[name])) if name in logged else m.truth_mean(name),
                m.roles,
            )
            for name in DRIVERS
        }
        for values in centred.values():
            values.flags.writeable = False  # kept for every plan of a sweep
        return centred

    def compute() -> dict[str, np.ndarray]:
        pay = m.totals["total"]
        centred = m.of_outcomes("pay_variance_drivers", drivers)
        if centred is None:
            return {name: np.full(pay.shape[0], np.nan) for name in PART_LABELS}
        parts = variance_parts(pay, centred, m.roles, centred=True)
        return {DRIVERS[name][0] if name in DRIVERS else name: v for name, v in parts.items()}

    return m.shared("pay_variance_parts", compute)


_METHOD = (
    "**Why pay differs (Shapley decomposition of within-role pay variance).** Per "
    "simulation, each rep's total pay and six recorded drivers are centred within role: "
    "true `skill`, `territory_potential` and `big_account_share` (means over the horizon), "
    "and the logs of `deal_luck` (the rep's month-to-month lead luck), `market_shock` "
    "(market x regional demand) and `quota_error` (quota over the rule's share of the "
    "seat's true expected revenue), each averaged over the horizon. Each driver's part is "
    "its Shapley share of the R² of a least-squares fit of pay on all six (the average R² "
    "gain over all 720 orders of entry, 2⁶ fits); the residual is 1 - R² (individual deal "
    "outcomes, effort, tenure, non-linear pay rules). The seven parts add up to 100%."
)


def _part(name: str, label: str, explanation: str, *, higher: bool | None) -> Metric:
    return Metric(
        name,
        label=f"Share of pay differences: {label.lower()}",
        description=f"share of within-role pay variance due to {explanation}",
        explanation=(
            f"Of all the pay differences between reps of a role, the part that comes from "
            f"{explanation}."
        ),
        unit="%",
        higher_is_better=higher,
        needs_truth=True,
        definition=(
            "Shapley share of R², in % of total within-role pay variance"
            if name != RESIDUAL
            else "100 - R² of all six drivers, in % of total within-role pay variance"
        ),
        compute=lambda m: pay_variance_parts(m)[name],
        family="fairness",
        method=_METHOD if name == "pay_variance_skill" else "",
    )


#: One metric per part: skill (higher is fairer), the luck parts (lower is fairer), residual.
PAY_VARIANCE_METRICS: tuple[Metric, ...] = (
    *(
        _part(part, label, explanation, higher=truth == "skill")
        for truth, (part, label, explanation) in DRIVERS.items()
    ),
    _part(
        RESIDUAL,
        "everything else",
        "everything the recorded drivers do not explain (single deals, effort, tenure)",
        higher=None,
    ),
)
