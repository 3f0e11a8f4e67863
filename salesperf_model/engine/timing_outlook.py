"""Deal timing as a rep sees it: what pulling next month's deals in, or pushing this
month's out, would gain under the plan's whole pay function (outlook.py's components).

- **Deal timing** compares whole batches, not a marginal step: the revenue a rep can move
  is the controlled share (``timing_control_share`` of the seat's role) of the new-deal
  part of the run rate over ``pull_horizon_months``. Its pay signed this month (after the
  pull discount) is set against its pay booked one month later (this month at the run
  rate), so a batch that carries the period over an accelerator's edge counts whole;
  the two differ only where a settlement period ends with this month.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.curves import has_gate
from salesperf_model.engine.outlook import Valuation, _Ahead, _evaluate, _position, _step
from salesperf_model.engine.seats import ratio
from salesperf_model.plan_questions import PayState
from salesperf_model.schema import MONTHS_PER, Behaviour, Scenario
from salesperf_model.seat_labels import seat_labels


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
    roles = seat_labels(state.reps, "role")  # asked once per role, not once per seat
    share = np.array([control.get(r, 0.0) for r in roles.names], dtype=float)[roles.codes][None, :]
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
    known, rest, lucks = ahead.projection(position)
    # the projection at node 0 with nothing extra, less the months known (numpy's order)
    return np.maximum(known + rest * lucks[0] + nothing - known, 1e-9)


def timing_outlook(
    scenario: Scenario,
    state: PayState,
    behaviour: Behaviour,
    *,
    valuation: Valuation | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(pay gained per unit of list value by pulling the deals a rep can reach in, at the
    pull discount, out of next month's; by pushing this month's controlled deals out into
    next month), each weighed like :func:`plan_outlook`'s. Whole batches, not a marginal
    step: a batch that carries the period past a tier edge, threshold or gate gains the
    whole jump, and the deals pulled are missing from next month's period (Larkin 2014:
    reps concentrate deals in the quarter where the accelerator pays). ``valuation``:
    the plan's components from this month, if the outlook already made them."""
    now = valuation or Valuation.of(scenario, state, behaviour)
    later = now.shifted(1)
    month = _movable(state, now.ahead, behaviour.timing_control_share)
    reach = month * behaviour.pull_horizon_months
    kept = 1.0 - behaviour.pull_discount
    # a negative step values revenue taken away: (pay without - pay with less) per unit,
    # over no more than the period's revenue still to come at its unluckiest forecast node
    # (the rate lost there; beyond it the projection would fall below nothing)
    taken_next = -np.minimum(reach, _least_to_come(scenario, later.ahead))
    taken_now = -np.minimum(month, _least_to_come(scenario, now.ahead))
    pull = (
        kept * _evaluate(now, reach * kept, behaviour)[0]
        - _evaluate(later, taken_next, behaviour)[0]
    )
    push = _evaluate(later, month, behaviour)[0] - _evaluate(now, taken_now, behaviour)[0]
    return pull, push


def next_month_marginal(scenario: Scenario, state: PayState, behaviour: Behaviour) -> np.ndarray:
    """Expected marginal pay of revenue booked next month instead of this one (this month
    booked at the run rate), weighed like :func:`plan_outlook`'s and over the same step."""
    now = Valuation.of(scenario, state, behaviour)
    return _evaluate(now.shifted(1), _step(scenario, now.ahead), behaviour)[0]
