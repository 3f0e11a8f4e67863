"""The plan's pay ahead of a month, as a rep sees it: expected marginal pay of more revenue
and expected pay at the rep's run rate, from the plan's whole pay function.

Rules (stated once):

- The rep projects each settlement period's revenue: what the period holds so far plus
  the run rate for the months left, uncertain by ``forecast_cv / sqrt(months left)``
  (log-normal, averaged over five Gauss-Hermite nodes), so a threshold or tier edge
  within reach weighs by its chance of being crossed.
- **Marginal pay** = (expected pay with extra revenue - expected pay without) / the
  extra, where the extra is ``marginal_step`` x the commission period's quota: a finite
  step, so retroactive jumps, thresholds, gates and lump sums count.
- Counted: the commission curve of the current settlement period (tiers, retroactive
  jumps, threshold, caps, minimum, the gate as it would stand at the period's end, the
  coefficients as the year so far credited them), over-achievement bonuses, threshold
  bonuses on revenue or attainment, profit sharing (own share of the pool, linear). Stakes settled
  after the current commission period (quarterly or annual bonuses beyond it) and the
  next ``lookahead_months`` (a gate opened, a ratchet raising the quota) weigh
  ``present_bias``. Not counted: team pools and top-N awards (tournaments: one rep's
  extra revenue rarely changes the winner), target bonuses by grade.
- **Deal timing** compares whole batches, not a marginal step: the revenue a rep can move
  is the controlled share (``timing_control_share`` of the seat's role) of the new-deal
  part of the run rate over ``pull_horizon_months``. Its pay signed this month (after the
  pull discount) is set against its pay booked one month later (this month at the run
  rate), so a batch that carries the period over an accelerator's edge counts whole;
  the two differ only where a settlement period ends with this month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.polynomial.hermite_e import hermegauss

from salesperf_model.engine.commission import credited_revenue
from salesperf_model.engine.curves import commission_payout, earning_share, has_gate
from salesperf_model.engine.seats import ratio
from salesperf_model.plan_questions import PayState
from salesperf_model.schema import (
    MONTHS_PER,
    Behaviour,
    ByRole,
    OverAchievementBonus,
    ProfitShareBonus,
    Scenario,
    ThresholdBonus,
)
from salesperf_model.schema.bonuses import ATTAINMENT

_Z, _W = hermegauss(5)
_W = _W / _W.sum()

#: Pay of a component for the period given the extra revenue and the luck node.
PayOf = Callable[[np.ndarray, float], np.ndarray]


@dataclass(frozen=True)
class _Position:
    """Where the month about to be worked sits in a settlement period."""

    elapsed: int  #: months of the period before the valued month
    left: int  #: months of the period from this month on (this month included)
    end_month: int  #: calendar month (1-12) the period ends in


def _position(state: PayState, frequency: str, shift: int = 0) -> _Position:
    """The position of the month ``shift`` months after the one about to be worked."""
    month = (int(state.period_label[5:7]) - 1 + shift) % 12 + 1
    size = MONTHS_PER[frequency]
    within = (month - 1) % size
    elapsed = min(within, state.period_index + shift)
    return _Position(elapsed, size - within, month - within + size - 1)


@dataclass(frozen=True)
class _Component:
    """One pay component's period pay as a function of the extra revenue and luck."""

    pay: PayOf
    months: int  #: months of its settlement period (for pay per month)
    later: bool  #: settled after the current commission period: weighs present_bias
    in_pay: bool = True  #: counted in the expected pay per month (not a look ahead)


class _Ahead:
    """The months so far and the run rate, ready to project any settlement period."""

    def __init__(
        self, scenario: Scenario, state: PayState, behaviour: Behaviour, shift: int = 0
    ) -> None:
        self.state = state
        self.behaviour = behaviour
        #: months between the data and the valued month, booked at the run rate
        self.shift = shift
        commission = scenario.pay.commission
        self.basis = commission.base
        share = state.collected_share if self.basis == "collected" else 1.0
        self.run = state.run_rate * share
        so_far = state.so_far
        self.revenue = None if so_far is None else so_far.get(f"revenue_{self.basis}")
        self.quota = None if so_far is None else so_far.get("quota")
        credit = np.ones(state.quota.shape)
        if so_far is not None:
            credited = credited_revenue(so_far, commission).sum(axis=-1)
            base = self.revenue.sum(axis=-1)
            credit = np.where(base > 0, ratio(credited, base), 1.0)
        self.credit = credit

    def last(self, values: np.ndarray | None, months: int) -> np.ndarray:
        """Sum of the last ``months`` months so far (0 when none)."""
        if values is None or months <= 0:
            return np.zeros(self.state.quota.shape)
        return values[..., -months:].sum(axis=-1)

    def position(self, frequency: str) -> _Position:
        """Where the valued month sits in a settlement period of ``frequency``."""
        return _position(self.state, frequency, self.shift)

    def projected(self, position: _Position, extra: np.ndarray, z: float) -> np.ndarray:
        """Revenue of the period: so far + run rate for the months left (luck ``z``) + extra."""
        ahead = min(self.shift, position.elapsed) + position.left
        sigma = self.behaviour.forecast_cv / np.sqrt(ahead)
        luck = np.exp(sigma * z - sigma**2 / 2)
        known = position.elapsed - min(self.shift, position.elapsed)
        return self.last(self.revenue, known) + self.run * ahead * luck + extra

    def period_quota(self, position: _Position) -> np.ndarray:
        pending = min(self.shift, position.elapsed)
        return self.last(self.quota, position.elapsed - pending) + self.state.quota * (
            position.left + pending
        )


def _roles(roles: list[str] | None, reps: pd.DataFrame) -> np.ndarray:
    seat_roles = reps["role"].astype(str).to_numpy()
    return np.ones(len(seat_roles), bool) if roles is None else np.isin(seat_roles, roles)


def _per_seat(amount: ByRole, reps: pd.DataFrame) -> np.ndarray:
    roles = reps["role"].astype(str).to_numpy()
    tiers = reps["region_tier"].astype(int).to_numpy()
    return np.array([amount.amount(r, t) for r, t in zip(roles, tiers)], dtype=float)


def _commission(scenario: Scenario, ahead: _Ahead) -> list[_Component]:
    """The current settlement's commission, and next months' (gate, ratchet) as a later stake."""
    commission = scenario.pay.commission
    state, behaviour = ahead.state, ahead.behaviour
    position = ahead.position(commission.settlement)
    year = ahead.position("annual")
    paid = _roles(commission.roles, state.reps)
    annual_quota = ahead.period_quota(year)
    gated = has_gate(commission)

    def gate(extra: np.ndarray, z: float) -> np.ndarray | None:
        if not gated:
            return None
        to_period_end = _Position(year.elapsed, position.left, year.end_month)
        return ahead.projected(to_period_end, extra, z) >= annual_quota

    def now(extra: np.ndarray, z: float) -> np.ndarray:
        if commission.basis == "year_to_date":
            to_period_end = _Position(year.elapsed, position.left, year.end_month)
            revenue = ahead.projected(to_period_end, extra, z)
            share = earning_share(commission, ratio(revenue, annual_quota), gate(extra, z))
            earned = np.where(annual_quota > 0, annual_quota * share, 0.0)
        else:
            revenue = ahead.projected(position, extra, z)
            quota = ahead.period_quota(position)
            earned = commission_payout(commission, quota, revenue, gate_open=gate(extra, z))
        return earned * ahead.credit * paid

    components = [_Component(now, MONTHS_PER[commission.settlement], later=False)]
    months = behaviour.lookahead_months
    ratchet = bool(np.any(state.next_quota_per_revenue))
    if months and (gated or ratchet):
        open_next_year = position.end_month < 12

        def following(extra: np.ndarray, z: float) -> np.ndarray:
            quota = (state.quota + state.next_quota_per_revenue * extra) * months
            shut = gate(extra, z)
            open_ = None if shut is None else shut & open_next_year
            return commission_payout(commission, quota, ahead.run * months, gate_open=open_) * (
                ahead.credit * paid
            )

        components.append(_Component(following, months, later=True, in_pay=False))
    return components


def _bonus(bonus: object, scenario: Scenario, ahead: _Ahead) -> _Component | None:
    """A bonus that moves with the rep's own revenue, or None."""
    state = ahead.state
    if not isinstance(bonus, OverAchievementBonus | ThresholdBonus | ProfitShareBonus):
        return None
    position = ahead.position(bonus.settlement)
    # paid after the current commission period (counted from the month about to be worked,
    # so revenue valued a month later meets the same weight for the same payday)
    later = ahead.shift + position.left > _position(state, scenario.pay.commission.settlement).left
    months = MONTHS_PER[bonus.settlement]
    paid = _roles(bonus.roles, state.reps)
    if isinstance(bonus, OverAchievementBonus):
        quota = ahead.period_quota(position)

        def over(extra: np.ndarray, z: float) -> np.ndarray:
            excess = np.maximum(
                ahead.projected(position, extra, z) - bonus.above_attainment * quota, 0
            )
            return np.where(quota > 0, bonus.rate * excess, 0.0) * paid

        return _Component(over, months, later)
    if isinstance(bonus, ThresholdBonus) and bonus.measure == ATTAINMENT:
        quota = ahead.period_quota(position)

        def reached(extra: np.ndarray, z: float) -> np.ndarray:
            met = ahead.projected(position, extra, z) >= bonus.at_least * quota
            return np.where((quota > 0) & met, bonus.amount, 0.0) * paid

        return _Component(reached, months, later)
    if isinstance(bonus, ThresholdBonus):
        if bonus.measure != f"revenue_{ahead.basis}":
            return None

        def lump(extra: np.ndarray, z: float) -> np.ndarray:
            mean = ahead.projected(position, extra, z) / months
            return np.where(mean >= bonus.at_least, bonus.amount, 0.0) * paid

        return _Component(lump, months, later)
    if bonus.split == "equally":
        return None
    margin = scenario.population.customers.gross_margin
    share = bonus.share_of_profit * margin

    def profit(extra: np.ndarray, z: float) -> np.ndarray:
        return share * (ahead.run * position.left + extra) * paid

    return _Component(profit, months, later)


def _components(scenario: Scenario, ahead: _Ahead) -> list[_Component]:
    components = _commission(scenario, ahead)
    for bonus in scenario.pay.bonuses:
        component = _bonus(bonus, scenario, ahead)
        if component is not None:
            components.append(component)
    return components


def _evaluate(
    components: list[_Component], step: np.ndarray, behaviour: Behaviour
) -> tuple[np.ndarray, np.ndarray]:
    """(expected pay of ``step`` more revenue over expected pay without, per unit, weighed;
    expected pay per month of the components counted in pay)."""
    zero = np.zeros(step.shape)
    gain = np.zeros(step.shape)
    pay = np.zeros(step.shape)
    for component in components:
        weight = behaviour.present_bias if component.later else 1.0
        for z, w in zip(_Z, _W):
            base = component.pay(zero, z)
            gain = gain + w * weight * (component.pay(step, z) - base)
            if component.in_pay:
                pay = pay + w * base / component.months
    return gain / step, pay


def plan_outlook(
    scenario: Scenario, state: PayState, behaviour: Behaviour
) -> tuple[np.ndarray, np.ndarray]:
    """(expected marginal pay per unit of extra revenue, weighed; expected pay per month
    at the run rate), each (simulations, reps). See the module docstring."""
    ahead = _Ahead(scenario, state, behaviour)
    marginal, pay = _evaluate(_components(scenario, ahead), _step(scenario, ahead), behaviour)
    fixed = _per_seat(scenario.pay.base_salary, state.reps)[None, :] + sum(
        (_per_seat(a, state.reps) for a in scenario.pay.allowances.values()), np.zeros(1)
    )
    return marginal, fixed + pay


def _step(scenario: Scenario, ahead: _Ahead) -> np.ndarray:
    position = ahead.position(scenario.pay.commission.settlement)
    return np.maximum(ahead.behaviour.marginal_step * ahead.period_quota(position), 1e-9)


def timing_can_differ(scenario: Scenario, state: PayState) -> bool:
    """Whether next month's marginal pay can differ from this month's: a settlement period
    longer than a month ends with this month (a month-long one starts afresh either way),
    or a gate may open with the new year. Elsewhere the two are equal by construction."""
    commission = scenario.pay.commission
    gated = has_gate(commission)
    frequencies = {commission.settlement, *(b.settlement for b in scenario.pay.bonuses)}
    if commission.basis == "year_to_date" or gated:
        frequencies.add("annual")
    if gated and state.period_label[5:7] == "12":
        return True
    return any(MONTHS_PER[f] > 1 and _position(state, f).left == 1 for f in frequencies)


def _movable(state: PayState, ahead: _Ahead, control: dict[str, float]) -> np.ndarray:
    """Revenue (on the commission base) a rep can move per month: the controlled share of
    the new-deal part of the run rate."""
    roles = state.reps["role"].astype(str).to_numpy()
    share = np.array([control.get(r, 0.0) for r in roles])[None, :]
    new_share = np.ones(state.quota.shape)
    so_far = state.so_far
    if so_far is not None:
        zero = np.zeros((*state.quota.shape, 1))
        new = so_far.measures.get("revenue_booked_new", zero).sum(axis=-1)
        total = new + so_far.measures.get("revenue_booked_existing", zero).sum(axis=-1)
        new_share = np.where(total > 0, ratio(new, total), 1.0)
    return np.maximum(share * new_share * ahead.run, 1e-9)


def _least_to_come(scenario: Scenario, ahead: _Ahead) -> np.ndarray:
    """The revenue still to come in the commission period of the valued month (the months
    booked at the run rate), at the unluckiest forecast node."""
    position = ahead.position(scenario.pay.commission.settlement)
    nothing = np.zeros(ahead.state.quota.shape)
    known = ahead.last(ahead.revenue, position.elapsed - min(ahead.shift, position.elapsed))
    return np.maximum(ahead.projected(position, nothing, float(_Z[0])) - known, 1e-9)


def timing_outlook(
    scenario: Scenario, state: PayState, behaviour: Behaviour
) -> tuple[np.ndarray, np.ndarray]:
    """(pay gained per unit of list value by pulling the deals a rep can reach in, at the
    pull discount, out of next month's; by pushing this month's controlled deals out into
    next month), each weighed like :func:`plan_outlook`'s. Whole batches, not a marginal
    step: a batch that carries the period past a tier edge, threshold or gate gains the
    whole jump, and the deals pulled are missing from next month's period (Larkin 2014:
    reps concentrate deals in the quarter where the accelerator pays)."""
    now = _Ahead(scenario, state, behaviour)
    later = _Ahead(scenario, state, behaviour, shift=1)
    this_month, next_month = _components(scenario, now), _components(scenario, later)
    month = _movable(state, now, behaviour.timing_control_share)
    reach = month * behaviour.pull_horizon_months
    kept = 1.0 - behaviour.pull_discount
    # a negative step values revenue taken away: (pay without - pay with less) per unit,
    # over no more than the period's revenue still to come at its unluckiest forecast node
    # (the rate lost there; beyond it the projection would fall below nothing)
    taken_next = -np.minimum(reach, _least_to_come(scenario, later))
    taken_now = -np.minimum(month, _least_to_come(scenario, now))
    pull = (
        kept * _evaluate(this_month, reach * kept, behaviour)[0]
        - _evaluate(next_month, taken_next, behaviour)[0]
    )
    push = (
        _evaluate(next_month, month, behaviour)[0] - _evaluate(this_month, taken_now, behaviour)[0]
    )
    return pull, push


def next_month_marginal(scenario: Scenario, state: PayState, behaviour: Behaviour) -> np.ndarray:
    """Expected marginal pay of revenue booked next month instead of this one (this month
    booked at the run rate), weighed like :func:`plan_outlook`'s and over the same step."""
    now = _Ahead(scenario, state, behaviour)
    ahead = _Ahead(scenario, state, behaviour, shift=1)
    return _evaluate(_components(scenario, ahead), _step(scenario, now), behaviour)[0]
