"""Bonuses: every bonus type declared once (model, payout, plain words) and paid per month.

Rules (stated once):

- Each bonus is assessed on the sums over its settlement period and paid in the period's
  last month; only reps of its ``roles`` (every role when unset) are paid.
- ``over_achievement`` = rate x (base revenue - above x quota) over the settlement
  period, if positive; a quota of 0 (or less) earns nothing.
- ``top_n`` ranks the measure summed over the settlement period within the scope among
  eligible reps reaching ``minimum``; reps tied at the N-th place share the remaining
  awards equally (``share``) or each get the award (``all``).
- ``threshold`` tests the monthly mean of the measure.
- ``team_pool``: the region with the highest attainment (sum of base revenue / sum of
  quota over all its seats in the settlement period) wins the pool (regions tied first
  split it equally), split among its eligible reps by base revenue, equally, or by points
  (mean points of the review periods ending in the settlement period); an all-zero split
  falls back to equal.
- ``target_bonus``: each month accrues target x the multiplier of the grade of the review
  period containing it, paid at the first settlement ending at or after that review
  period ends.
- ``profit_share``: pool = share x the eligible reps' gross profit over the settlement
  period (0 if negative), split by positive profit, positive base revenue or equally.
- A pool or shared award is split to whole cents that add up to it exactly.
- A fixed award (``top_n`` and ``threshold`` amounts, the ``team_pool`` pool) over a
  settlement period the data covers only in part (it starts or ends inside it) is
  pro-rated by the months present: a yearly 100,000 pool over March-December pays
  83,333.33, and data touching three calendar years does not pay three full pools. The
  plan's warnings state each pro-rated award (bonus_notes.py).

Adding a bonus type: its model in the schema's bonus union, then one ``BonusType`` entry
in ``BONUS_TYPES`` below (a test fails for a model without one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import numpy as np

from salesperf_model.engine.bonus_notes import months_share
from salesperf_model.engine.bonus_words import (
    over_achievement_words,
    profit_share_words,
    target_bonus_words,
    team_pool_words,
    threshold_words,
    top_n_words,
)
from salesperf_model.engine.cents import split_pool, whole_cents_by_unit
from salesperf_model.engine.edges import at_least
from salesperf_model.engine.grading import unit_codes
from salesperf_model.engine.periods import (
    PeriodGroups,
    fiscal_start,
    period_groups,
    seat_months,
    unit_sum,
)
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import eligible, per_rep, ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import (
    GRADES,
    OverAchievementBonus,
    ProfitShareBonus,
    TargetBonus,
    TeamPoolBonus,
    ThresholdBonus,
    TopNBonus,
)
from salesperf_model.schema.bonuses import ATTAINMENT


class BonusModel(Protocol):
    """What every bonus model of the schema carries."""

    name: str
    type: str
    settlement: str
    roles: list[str] | None


B = TypeVar("B", bound=BonusModel)


@dataclass(frozen=True)
class BonusInputs:
    """What the bonuses of one plan are paid on, (sims, reps, months) unless stated."""

    outcomes: Outcomes
    quota: np.ndarray
    revenue: np.ndarray  #: commission-base revenue
    points: np.ndarray  #: (sims, reps, reviews)
    grades: np.ndarray  #: (sims, reps, reviews) codes into GRADES
    reviews: PeriodGroups
    #: bonus name -> its calculation record, filled by the payout (none: not kept)
    records: Mapping[str, PayRecord] = field(default_factory=dict)


def _keep(inputs: BonusInputs, bonus: BonusModel, **values: tuple[np.ndarray, str]) -> None:
    """Keep a bonus's calculation values (name -> (array per settlement, unit)); names
    starting with ``is_`` read as flags, ``result_`` as the step's result."""
    record = inputs.records.get(bonus.name)
    if record is None:
        return
    for name, (array, unit) in values.items():
        record.add(name.replace("_", " ").replace("result ", "="), array, unit)


@dataclass(frozen=True)
class BonusType(Generic[B]):
    """One bonus type: its model, what it pays and how leadership reads it."""

    model: type[B]
    #: (bonus, inputs, settlement periods, eligible reps) -> amount paid each month
    payout: Callable[[B, BonusInputs, PeriodGroups, np.ndarray], np.ndarray]
    #: (bonus, currency) -> one sentence for leadership
    words: Callable[[B, str], str]
    #: (bonus, outcomes) -> monthly amount per rep at on-target performance, counted in
    #: on-target total pay (base-share check); None: not counted
    on_target: Callable[[B, Outcomes], np.ndarray] | None = None


# --- payouts ---------------------------------------------------------------------------


def _over_achievement(
    bonus: OverAchievementBonus, inputs: BonusInputs, settle: PeriodGroups, paid: np.ndarray
) -> np.ndarray:
    quota_p, revenue_p = settle.sum(inputs.quota), settle.sum(inputs.revenue)
    excess = np.maximum(revenue_p - bonus.above_attainment * quota_p, 0.0)
    amount = np.where(quota_p > 0, bonus.rate * excess, 0.0)
    covered = paid[None, :, None]
    if bonus.name not in inputs.records:  # the record's values cost passes of their own
        return settle.place(amount * covered)
    _keep(
        inputs,
        bonus,
        quota=(quota_p, "money"),
        revenue_commission_base=(revenue_p, "money"),
        over_achievement_starts_at=(bonus.above_attainment * quota_p, "money"),
        revenue_above_it=(excess, "money"),
        rate=(np.full(excess.shape, bonus.rate), "share"),
        result_bonus=(amount * covered, "money"),
    )
    return settle.place(amount * paid[None, :, None])


def _top_n(
    bonus: TopNBonus, inputs: BonusInputs, settle: PeriodGroups, paid: np.ndarray
) -> np.ndarray:
    values = settle.sum(inputs.outcomes.get(bonus.measure))
    qualifies = paid[None, :, None] & at_least(values, bonus.minimum)
    values = np.where(qualifies, values, -np.inf)
    units = unit_codes(inputs.outcomes, bonus.scope)
    from salesperf_model.engine.bonus_kernels import top_n_awards  # numba loads slowly

    scale = bonus.amount * months_share(bonus, settle)  # the award, pro-rated
    award = top_n_awards(values, units, scale, places=bonus.n, share_ties=bonus.tie_rule == "share")
    # shared places pay their awards in full: 2 x 5,000 among 3 tied reps is 3,333.34 +
    # 3,333.33 + 3,333.33, not 9,999.99
    award = whole_cents_by_unit(award, units, int(units.max()) + 1)
    if bonus.name not in inputs.records:
        return settle.place(award)
    _keep(
        inputs,
        bonus,
        **{f"{bonus.measure}_over_the_period": (np.where(qualifies, values, 0.0), "count")},
        is_eligible_and_reaching_the_minimum=(qualifies, "flag"),
        result_award=(award, "money"),
    )
    return settle.place(award)


def _threshold(
    bonus: ThresholdBonus, inputs: BonusInputs, settle: PeriodGroups, paid: np.ndarray
) -> np.ndarray:
    if bonus.measure == ATTAINMENT:
        mean = ratio(settle.sum(inputs.revenue), settle.sum(inputs.quota))
    else:
        months = settle.months  # pay per person (people.py): the months the person held
        if "people" in inputs.outcomes.meta:
            months = settle.sum(seat_months(inputs.outcomes.periods, inputs.outcomes.meta))
        mean = ratio(settle.sum(inputs.outcomes.get(bonus.measure)), months)
    amount = np.round(bonus.amount * months_share(bonus, settle), 2)  # whole cents
    award = np.where(paid[None, :, None] & at_least(mean, bonus.at_least), amount, 0.0)
    if bonus.name not in inputs.records:
        return settle.place(award)
    unit = "share" if bonus.measure == ATTAINMENT else "count"
    # attainment is the period's (its revenue over its quota), other measures a monthly mean
    tested = "attainment_over_the_period" if bonus.measure == ATTAINMENT else None
    _keep(
        inputs,
        bonus,
        **{tested or f"{bonus.measure}_(monthly_mean)": (mean, unit)},
        at_least=(np.full(mean.shape, bonus.at_least), unit),
        result_award=(award, "money"),
    )
    return settle.place(award)


def _points_per_settlement(
    points: np.ndarray, reviews: PeriodGroups, settle: PeriodGroups
) -> np.ndarray:
    """Mean points of the review periods ending in each settlement period (NaN if none)."""
    out = np.full((*points.shape[:2], len(settle.ends)), np.nan)
    settle_of_review_end = settle.of_month[reviews.ends]
    for g in range(len(settle.ends)):
        ending = settle_of_review_end == g
        if ending.any():
            out[..., g] = points[..., ending].mean(axis=-1)
    return out


#: Regions whose attainment is within this share of the best are tied first: the sums'
#: rounding is a few parts in 10^16, an attainment difference anyone could act on is
#: larger than a part in 10^9 (a cent on a quota of ten million).
TIED_WITHIN = 1e-9


def _team_pool(
    bonus: TeamPoolBonus, inputs: BonusInputs, settle: PeriodGroups, paid: np.ndarray
) -> np.ndarray:
    codes = unit_codes(inputs.outcomes, "region")
    n_units = codes.max() + 1
    revenue_p, quota_p = settle.sum(inputs.revenue), settle.sum(inputs.quota)
    region_attainment = ratio(
        unit_sum(revenue_p, codes, n_units), unit_sum(quota_p, codes, n_units)
    )
    region_has_quota = unit_sum(quota_p, codes, n_units) > 0
    region_attainment = np.where(region_has_quota, region_attainment, -np.inf)
    best = region_attainment.max(axis=1, keepdims=True)
    # A tie is a tie to the rounding of the sums (every region at exactly 100% on the
    # pay-at-target variant), not a win by the last bit.
    winner = (region_attainment >= best - TIED_WITHIN * np.abs(best)) & np.isfinite(best)
    # Regions tied first split the pool; count winning regions, not winning seats.
    first_seat = np.zeros(len(codes), dtype=bool)
    first_seat[np.unique(codes, return_index=True)[1]] = True
    winning_regions = (winner & first_seat[None, :, None]).sum(axis=1, keepdims=True)
    pool = np.broadcast_to(bonus.pool * months_share(bonus, settle), winner.shape)
    region_pool = np.where(winner, ratio(pool, winning_regions), 0.0)
    members = winner & paid[None, :, None]
    if bonus.split == "by_revenue":
        weights = revenue_p
    elif bonus.split == "by_points":
        points = _points_per_settlement(inputs.points, inputs.reviews, settle)
        weights = np.nan_to_num(points, nan=0.0)
    else:
        weights = np.ones(revenue_p.shape)
    split = split_pool(region_pool, weights, members, codes=codes, n_units=n_units)
    if bonus.name not in inputs.records:
        return settle.place(split)
    _keep(
        inputs,
        bonus,
        region_attainment=(np.where(np.isfinite(region_attainment), region_attainment, 0), "share"),
        best_region_attainment=(
            np.broadcast_to(np.where(np.isfinite(best), best, 0), split.shape),
            "share",
        ),
        region_pool=(region_pool, "money"),
        share_of_the_pool=(ratio(split, region_pool), "share"),
        result_share_paid=(split, "money"),
    )
    return settle.place(split)


def _target_bonus(
    bonus: TargetBonus, inputs: BonusInputs, settle: PeriodGroups, paid: np.ndarray
) -> np.ndarray:
    """Monthly accruals at the grade multiplier (x the months of the period in the seat), paid at the
    first settlement end on or after the end of the review period the month belongs to."""
    reviews = inputs.reviews
    target = per_rep(bonus.target_amount, inputs.outcomes)
    multipliers = np.array([bonus.grade_multipliers.get(g, 0.0) for g in GRADES])
    months = seat_months(inputs.outcomes.periods, inputs.outcomes.meta)  # 3 a quarter held
    from salesperf_model.engine.bonus_kernels import target_accruals

    monthly = target_accruals(
        inputs.grades, reviews.of_month, multipliers=multipliers, target=target, months=months
    )
    review_end = reviews.ends[reviews.of_month]
    pay_month = settle.ends[settle.of_month[review_end]]
    n = inputs.outcomes.n_periods
    moves = np.zeros((n, n))
    moves[np.arange(n), pay_month] = 1.0
    result = monthly @ moves
    np.multiply(result, paid[None, :, None], out=result)  # in place: (sims, reps, months)
    if bonus.name in inputs.records:  # months held, not months of data (a joiner's 1 of 3)
        held = np.broadcast_to(months * paid[None, :, None], monthly.shape).astype(float)
        months = settle.sum(held @ moves)
        accrued = settle.sum(result)
        _keep(
            inputs,
            bonus,
            target_per_month=(target[None, :, None] * (months > 0), "money"),
            months_accrued=(months, "count"),
            mean_grade_multiplier=(ratio(accrued, target[None, :, None] * months), "ratio"),
            result_bonus=(accrued, "money"),
        )
    return result


def _target_on_target(bonus: TargetBonus, outcomes: Outcomes) -> np.ndarray:
    """The target amount at multiplier 1, for the reps it covers."""
    return per_rep(bonus.target_amount, outcomes) * eligible(bonus.roles, outcomes)


def _profit_share(
    bonus: ProfitShareBonus, inputs: BonusInputs, settle: PeriodGroups, paid: np.ndarray
) -> np.ndarray:
    outcomes = inputs.outcomes
    profit_p = settle.sum(outcomes.get("gross_profit"))
    members = np.broadcast_to(paid[None, :, None], profit_p.shape)
    codes = np.zeros(outcomes.n_reps, dtype=int)
    total_profit = unit_sum(np.where(members, profit_p, 0.0), codes, 1)
    pool = bonus.share_of_profit * np.maximum(total_profit, 0.0)
    if bonus.split == "by_profit":
        weights = profit_p
    elif bonus.split == "by_revenue":
        weights = settle.sum(inputs.revenue)
    else:
        weights = np.ones(profit_p.shape)
    split = split_pool(pool, weights, members, codes=codes, n_units=1)
    if bonus.name not in inputs.records:
        return settle.place(split)
    _keep(
        inputs,
        bonus,
        eligible_reps_gross_profit=(total_profit, "money"),
        share_of_profit=(np.full(pool.shape, bonus.share_of_profit), "share"),
        pool=(pool, "money"),
        share_of_the_pool=(ratio(split, pool), "share"),
        result_share_paid=(split, "money"),
    )
    return settle.place(split)


# --- the registry ----------------------------------------------------------------------


def _registry(*entries: BonusType) -> Mapping[type, BonusType]:
    """Entries by model class; a model declared twice is a programming error."""
    registry: dict[type, BonusType] = {}
    for entry in entries:
        if entry.model in registry:
            raise ValueError(f"bonus model {entry.model.__name__} declared twice")
        registry[entry.model] = entry
    return registry


#: Every bonus type, by its schema model class.
BONUS_TYPES: Mapping[type, BonusType] = _registry(
    BonusType(OverAchievementBonus, _over_achievement, over_achievement_words),
    BonusType(TopNBonus, _top_n, top_n_words),
    BonusType(ThresholdBonus, _threshold, threshold_words),
    BonusType(TeamPoolBonus, _team_pool, team_pool_words),
    BonusType(TargetBonus, _target_bonus, target_bonus_words, on_target=_target_on_target),
    BonusType(ProfitShareBonus, _profit_share, profit_share_words),
)


def bonus_type(bonus: BonusModel) -> BonusType:
    """The registry entry of a bonus (a model without one is refused loudly)."""
    try:
        return BONUS_TYPES[type(bonus)]
    except KeyError:
        raise ValueError(
            f"bonus {bonus.name!r}: type {bonus.type!r} has no entry in BONUS_TYPES"
        ) from None


def bonus_words(bonus: BonusModel, currency: str) -> str:
    """One sentence saying what the bonus pays, for leadership."""
    return bonus_type(bonus).words(bonus, currency)


def bonus_payouts(bonuses: list[BonusModel], inputs: BonusInputs) -> dict[str, np.ndarray]:
    """Each bonus paid per month, (sims, reps, months), keyed ``bonus_<name>``."""
    out = {}
    periods, start = inputs.outcomes.periods, fiscal_start(inputs.outcomes.meta)
    for bonus in bonuses:
        settle = period_groups(periods, bonus.settlement, start=start)
        paid = eligible(bonus.roles, inputs.outcomes)
        out[f"bonus_{bonus.name}"] = bonus_type(bonus).payout(bonus, inputs, settle, paid)
    return out
