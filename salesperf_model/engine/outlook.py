"""The plan's pay ahead of a month, as a rep sees it: expected marginal pay of more revenue
and expected pay at the rep's run rate, from the plan's whole pay function.

Rules (stated once):

- The rep projects each settlement period's revenue: what the period holds so far plus
  the run rate for the months left, uncertain by ``forecast_cv / sqrt(months left)``
  (log-normal, averaged over five Gauss-Hermite nodes), so a threshold or tier edge
  within reach weighs by its chance of being crossed. A lump sum for reaching a threshold
  (threshold bonuses) is valued exactly, as its amount x the chance of reaching it: on
  five nodes its expected pay would be a staircase, and a finite step would see either
  no chance at all or a whole node's weight (effort all or nothing).
- **Marginal pay** = (expected pay with extra revenue - expected pay without) / the
  extra, where the extra is ``marginal_step`` x the commission period's quota: a finite
  step, so retroactive jumps, thresholds, gates and lump sums count.
- Commission on margin or with product-line factors is scaled by the year so far's gross
  profit / revenue and product credit (the population's margin and mix before any
  month); amount-based tiers read the projected period revenue, and a per-deal plan is
  valued as if the period's revenue were one deal (an approximation for behaviour).
- Counted: the commission curve of the current settlement period (tiers, retroactive
  jumps, threshold, caps, minimum, the gate as it would stand at the period's end, the
  coefficients as the year so far credited them), over-achievement bonuses, threshold
  bonuses on revenue or attainment, profit sharing (own share of the pool, linear). Stakes settled
  after the current commission period (quarterly or annual bonuses beyond it) and the
  next ``lookahead_months`` (a gate opened, a ratchet raising the quota) weigh
  ``present_bias``. Not counted: team pools and top-N awards (tournaments: one rep's
  extra revenue rarely changes the winner), target bonuses by grade. SPIFs in their
  window: spif_outlook.py.
- **Deal timing**: timing_outlook.py, on the same components.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import ndtr

from salesperf_model.engine.commission import credited_revenue
from salesperf_model.engine.curves import commission_payout, has_gate
from salesperf_model.engine.outlook_shapes import Into, Projection, kernels
from salesperf_model.engine.products import product_credit, product_shares
from salesperf_model.engine.seats import ratio, seat_amounts
from salesperf_model.engine.spif_outlook import spif_outlook
from salesperf_model.plan_questions import PayState
from salesperf_model.schema import (
    MONTHS_PER,
    Behaviour,
    OverAchievementBonus,
    Pay,
    ProfitShareBonus,
    Scenario,
    ThresholdBonus,
)
from salesperf_model.schema.bonuses import ATTAINMENT
from salesperf_model.seat_labels import seat_labels

_Z, _W = hermegauss(5)
_W = _W / _W.sum()


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
    """One pay component's period pay as a function of the extra revenue, at each luck
    node (``nodes``), or its exact expectation over the luck (``expected``)."""

    #: the period pay at every luck node (nodes, *extra.shape) given the extra revenue;
    #: with ``into``, its gain over its pay at no extra revenue added there instead
    nodes: Callable[..., np.ndarray | None] | None
    months: int  #: months of its settlement period (for pay per month)
    later: bool  #: settled after the current commission period: weighs present_bias
    in_pay: bool = True  #: counted in the expected pay per month (not a look ahead)
    #: the period pay's exact expectation over the luck given the extra revenue; used
    #: instead of the nodes when given (lump sums: a step function of the luck)
    expected: Callable[[np.ndarray], np.ndarray] | None = None


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
        #: sums of the last months so far by (values, months), period quotas by (position,
        #: shift): asked by several components (shared by a shifted copy)
        self._last: dict[tuple[int, int], np.ndarray] = {}
        self._quotas: dict[tuple[_Position, int], np.ndarray] = {}
        credit = np.ones(state.quota.shape)
        if so_far is not None:
            credited = kernels().month_totals(credited_revenue(so_far, commission))
            base = self.last(self.revenue, self.revenue.shape[-1])  # the year so far
            credit = np.where(base > 0, ratio(credited, base), 1.0)
            if commission.paid_on == "margin":
                margin = np.maximum(so_far.get("gross_profit"), 0.0).sum(axis=-1)
                credit = credit * np.where(base > 0, ratio(margin, base), 1.0)
            if commission.product_factors:
                shares = product_shares(scenario.population.products.mix, so_far)
                lines = np.asarray(product_credit(commission, shares), dtype=float)
                credit = credit * (lines.mean(axis=-1) if lines.ndim else lines)
        else:
            if commission.paid_on == "margin":
                credit = credit * scenario.population.customers.gross_margin
            if commission.product_factors:
                mix = {k: float(v) for k, v in scenario.population.products.mix.items()}
                credit = credit * product_credit(commission, mix)
        self.credit = credit

    def last(self, values: np.ndarray | None, months: int) -> np.ndarray:
        """Sum of the last ``months`` months so far (0 when none)."""
        if values is None or months <= 0:
            return np.zeros(self.state.quota.shape)
        key = (id(values), months)
        if key not in self._last:
            self._last[key] = values[..., -months:].sum(axis=-1)
        return self._last[key]

    def position(self, frequency: str) -> _Position:
        """Where the valued month sits in a settlement period of ``frequency``."""
        return _position(self.state, frequency, self.shift)

    def _span(self, position: _Position) -> tuple[int, float, int]:
        """(months booked at the run rate, their forecast's sigma, months known so far)."""
        pending = min(self.shift, position.elapsed)
        ahead = pending + position.left
        return ahead, self.behaviour.forecast_cv / np.sqrt(ahead), position.elapsed - pending

    def projection(self, position: _Position) -> Projection:
        """Revenue of the period: so far + run rate for the months left (luck) + extra, at
        every luck node, as (known, rest, lucks): ``known + rest * lucks[k] + extra``."""
        ahead, sigma, known = self._span(position)
        lucks = np.array([np.exp(sigma * z - sigma**2 / 2) for z in _Z])
        return Projection(self.last(self.revenue, known), self.run * ahead, lucks)

    def chance_at_least(
        self, position: _Position, extra: np.ndarray, threshold: np.ndarray
    ) -> np.ndarray:
        """Chance that the period's revenue (:meth:`projection`, luck log-normal) reaches
        ``threshold``."""
        ahead, sigma, known = self._span(position)
        need = threshold - self.last(self.revenue, known) - extra
        rest = self.run * ahead
        if sigma <= 0:
            return (rest >= need).astype(float)
        ratio_needed = np.maximum(need, 1e-300) / np.maximum(rest, 1e-300)
        chance = ndtr(-(np.log(ratio_needed) + sigma**2 / 2) / sigma)
        return np.where(need <= 0, 1.0, np.where(rest > 0, chance, 0.0))

    def period_quota(self, position: _Position) -> np.ndarray:
        key = (position, self.shift)
        if key not in self._quotas:
            pending = min(self.shift, position.elapsed)
            known = self.last(self.quota, position.elapsed - pending)
            self._quotas[key] = known + self.state.quota * (position.left + pending)
        return self._quotas[key]


def _roles(roles: list[str] | None, reps: pd.DataFrame) -> np.ndarray:
    if roles is None:
        return np.ones(len(reps), bool)
    return seat_labels(reps, "role").isin(roles)


def fixed_pay(pay: Pay, reps: pd.DataFrame) -> np.ndarray:
    """(1, reps) base salary + allowances per seat."""
    return seat_amounts(pay.base_salary, reps)[None, :] + sum(
        (seat_amounts(a, reps) for a in pay.allowances.values()), np.zeros(1)
    )


def _commission(scenario: Scenario, ahead: _Ahead) -> list[_Component]:
    """The current settlement's commission, and next months' (gate, ratchet) as a later stake."""
    commission = scenario.pay.commission
    state, behaviour = ahead.state, ahead.behaviour
    position = ahead.position(commission.settlement)
    year = ahead.position("annual")
    paid = _roles(commission.roles, state.reps)
    annual_quota = ahead.period_quota(year)
    gated = has_gate(commission)
    # the year so far and to the period's end: the gate (and a year-to-date basis) reads it
    to_period_end = _Position(year.elapsed, position.left, year.end_month)
    year_so_far = ahead.projection(to_period_end)
    gate = (year_so_far, annual_quota) if gated else None
    if commission.basis == "year_to_date":
        revenue, quota = year_so_far, annual_quota
    else:
        revenue, quota = ahead.projection(position), ahead.period_quota(position)
    now = partial(
        kernels().commission_nodes,
        revenue=revenue,
        quota=quota,
        gate=gate,
        scale=(ahead.credit, paid),
        tables=kernels().curve_tables(commission),
        limits=commission.basis != "year_to_date",  # tier_earning: no cap, no minimum
    )
    components = [_Component(now, MONTHS_PER[commission.settlement], later=False)]
    months = behaviour.lookahead_months
    ratchet = bool(np.any(state.next_quota_per_revenue))
    if months and (gated or ratchet):
        open_next_year = position.end_month < 12

        def following(extra: np.ndarray, into: Into | None = None) -> np.ndarray | None:
            quota = (state.quota + state.next_quota_per_revenue * extra) * months
            known, rest, lucks = year_so_far

            def at(luck: float) -> np.ndarray:
                shut = known + rest * luck + extra >= annual_quota if gated else None
                open_ = None if shut is None else shut & open_next_year
                earned = commission_payout(commission, quota, ahead.run * months, gate_open=open_)
                return earned * (ahead.credit * paid)

            nodes = np.stack([at(luck) for luck in lucks])
            return nodes if into is None else kernels().add_nodes(nodes, into)

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
        over = partial(
            kernels().over_nodes,
            revenue=ahead.projection(position),
            quota=ahead.period_quota(position),
            above=bonus.above_attainment,
            rate=bonus.rate,
            paid=paid,
        )
        return _Component(over, months, later)
    # lump sums: the amount where the projected revenue reaches the threshold, valued by
    # the chance of that alone (no nodes)
    if isinstance(bonus, ThresholdBonus) and bonus.measure == ATTAINMENT:
        quota = ahead.period_quota(position)

        def chance_reached(extra: np.ndarray) -> np.ndarray:
            chance = ahead.chance_at_least(position, extra, bonus.at_least * quota)
            return np.where(quota > 0, bonus.amount * chance, 0.0) * paid

        return _Component(None, months, later, expected=chance_reached)
    if isinstance(bonus, ThresholdBonus):
        if bonus.measure != f"revenue_{ahead.basis}":
            return None

        def chance_lump(extra: np.ndarray) -> np.ndarray:
            threshold = np.full(extra.shape, bonus.at_least * months)
            return bonus.amount * ahead.chance_at_least(position, extra, threshold) * paid

        return _Component(None, months, later, expected=chance_lump)
    if bonus.split == "equally":
        return None
    margin = scenario.population.customers.gross_margin
    share = bonus.share_of_profit * margin

    rest = ahead.run * position.left
    profit = partial(kernels().linear_nodes, rest=rest, share=share, paid=paid, nodes=len(_Z))
    return _Component(profit, months, later)


def _components(scenario: Scenario, ahead: _Ahead) -> list[_Component]:
    components = _commission(scenario, ahead)
    for bonus in scenario.pay.bonuses:
        component = _bonus(bonus, scenario, ahead)
        if component is not None:
            components.append(component)
    return components


class Valuation:
    """A plan's pay components as a rep sees them from the month about to be worked
    (``shift`` months on), with each component's pay at no extra revenue worked out once
    for every step valued: the outlook values one step, deal timing four more on the same
    components."""

    def __init__(self, scenario: Scenario, ahead: _Ahead) -> None:
        self.scenario = scenario
        self.ahead = ahead
        self.components = _components(scenario, ahead)
        self._at_rest: dict[tuple[int, ...], tuple[list, np.ndarray]] = {}

    @classmethod
    def of(
        cls, scenario: Scenario, state: PayState, behaviour: Behaviour, *, shift: int = 0
    ) -> Valuation:
        """The plan's components from the months so far in ``state``."""
        return cls(scenario, _Ahead(scenario, state, behaviour, shift))

    def shifted(self, months: int) -> Valuation:
        """The same plan valued ``months`` later (the months so far are the same)."""
        ahead = copy.copy(self.ahead)
        ahead.shift = months
        return Valuation(self.scenario, ahead)

    def at_rest(self, shape: tuple[int, ...]) -> tuple[list, np.ndarray]:
        """Per component its pay with no extra revenue (the expectation of a lump sum, or
        the pay at each luck node), and the expected pay per month of the components
        counted in pay."""
        if shape not in self._at_rest:
            zero, pay = np.zeros(shape), np.zeros(shape)
            bases = [
                c.expected(zero) if c.expected is not None else c.nodes(zero)
                for c in self.components
            ]
            for c, base in zip(self.components, bases, strict=True):
                if c.in_pay and c.expected is not None:
                    pay = pay + base / c.months
                elif c.in_pay:
                    kernels().add_pay(pay, base, weights=_W, months=c.months)
            self._at_rest[shape] = bases, pay
        return self._at_rest[shape]


def _evaluate(
    valuation: Valuation, step: np.ndarray, behaviour: Behaviour
) -> tuple[np.ndarray, np.ndarray]:
    """(expected pay of ``step`` more revenue over expected pay without, per unit, weighed;
    expected pay per month of the components counted in pay)."""
    gain = np.zeros(step.shape)
    bases, pay = valuation.at_rest(step.shape)
    for component, base in zip(valuation.components, bases, strict=True):
        weight = behaviour.present_bias if component.later else 1.0
        if component.expected is not None:
            gain = gain + weight * (component.expected(step) - base)
        else:
            component.nodes(step, into=Into(gain, base, _W * weight))
    return gain / step, pay


def plan_outlook(
    scenario: Scenario,
    state: PayState,
    behaviour: Behaviour,
    *,
    valuation: Valuation | None = None,
    fixed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(expected marginal pay per unit of extra revenue, weighed; expected pay per month
    at the run rate), each (simulations, reps). See the module docstring. ``valuation``:
    the plan's components from this month, if already made (shared with deal timing);
    ``fixed``: its :func:`fixed_pay`, if known."""
    valuation = valuation or Valuation.of(scenario, state, behaviour)
    marginal, pay = _evaluate(valuation, _step(scenario, valuation.ahead), behaviour)
    fixed = fixed_pay(scenario.pay, state.reps) if fixed is None else fixed
    if scenario.pay.spifs:  # spif_outlook.py: linear extra pay in a SPIF's window
        spif_marginal, spif_pay = spif_outlook(scenario, state)
        return marginal + spif_marginal, fixed + pay + spif_pay
    return marginal, fixed + pay


def _step(scenario: Scenario, ahead: _Ahead) -> np.ndarray:
    position = ahead.position(scenario.pay.commission.settlement)
    return np.maximum(ahead.behaviour.marginal_step * ahead.period_quota(position), 1e-9)
