"""New-hire guarantee and recoverable draw (``pay.people``): commission topped up for a
new person, or advanced against their later commission.

Rules (stated once), each month and person, on the commission the person is paid that
month (after the leaver rule, people.py), ``held`` the share of the month they held the
seat and ``m`` their month in the seat (0 = the first):

- **Guarantee** (component ``guarantee_top_up``, non-recoverable): while m < ``months``,
  ``amount`` x held - commission, when positive. Never recovered.
- **Recoverable draw** (components ``draw_advance``, ``draw_recovery``,
  ``draw_repaid``): the draw due is ``amount`` x held while m < ``months`` (every month
  when ``months`` is unset), else 0. The month's advance is max(0, draw due -
  commission) (guarantee top-up included in commission), paid as ``draw_advance`` (a
  positive component) and added to the person's balance. Commission above the draw
  due recovers the balance: min(balance, max(0, commission - draw due)), the NEGATIVE
  component ``draw_recovery`` (a deduction from that month's pay). When the person
  leaves (after their last month in the seat), a balance left is ``repay``: deducted
  in that last month (the NEGATIVE component ``draw_repaid``), or ``write_off``: kept
  by the person, a cost: in the exit month it moves from ``draw_advance`` (reduced by
  it, negative that month when nothing else is advanced) to ``draw_written_off``, so
  the month's pay is unchanged and the cost tables show the write-offs. A balance left
  at the end of the data is outstanding (in ``draw_advance``).
  The balance is a recursion over months (a loop over months, arrays over simulations
  and reps).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.periods import PeriodGroups, months_spanned, period_groups, unit_sum
from salesperf_model.engine.records import PayRecord
from salesperf_model.schema.people import Draw, Guarantee


def guarantee_top_up(
    guarantee: Guarantee,
    commission: np.ndarray,
    *,
    months: np.ndarray,
    periods: list[str],
    records: dict[str, PayRecord] | None = None,
) -> np.ndarray:
    """The top-up paid each period (sims, reps, periods), >= 0; ``months``: the months of
    each period inside the guarantee (:func:`new_hire_pay`)."""
    due = guarantee.amount * months
    top_up = np.where(due > 0, np.maximum(due - commission, 0.0), 0.0)
    if records is not None:
        record = records["guarantee_top_up"] = PayRecord(
            f"Guarantee: in a new person's first {guarantee.months} months, commission "
            f"topped up to {guarantee.amount:,.2f} a month held; never recovered.",
            period_groups(periods, "monthly"),
        )
        record.add("guarantee", np.broadcast_to(due, commission.shape))
        record.add("commission", commission)
        record.add("=top-up", top_up)
    return top_up


def draw_balance(
    due: np.ndarray, commission: np.ndarray, leaves: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(advance >= 0, recovered >= 0, balance left at each exit >= 0), (sims, reps,
    months): the balance carried month by month and settled when the person leaves."""
    advance = np.maximum(due - commission, 0.0)
    above = np.maximum(commission - due, 0.0)
    recovered = np.zeros(commission.shape)
    left = np.zeros(commission.shape)
    balance = np.zeros(commission.shape[:2])
    for t in range(commission.shape[-1]):  # a recursion over months, arrays over reps
        recovered[..., t] = np.minimum(balance, above[..., t])
        balance = balance + advance[..., t] - recovered[..., t]
        left[..., t] = np.where(leaves[..., t], balance, 0.0)
        balance = np.where(leaves[..., t], 0.0, balance)
    return advance, recovered, left


def draw_payouts(
    draw: Draw,
    commission: np.ndarray,
    *,
    months: np.ndarray,
    leaves: np.ndarray,
    periods: list[str],
    records: dict[str, PayRecord] | None = None,
    people_of: tuple[np.ndarray, int] | None = None,
    held: np.ndarray | float = 1.0,
) -> dict[str, np.ndarray]:
    """The draw's components per period: ``draw_advance`` (+), ``draw_recovery`` (-) and,
    when a balance is repaid at exit, ``draw_repaid`` (-); ``months``: the months of each
    period the draw runs (:func:`new_hire_pay`)."""
    due = np.broadcast_to(draw.amount * months, commission.shape)
    if people_of is None:
        advance, recovered, left = draw_balance(due, commission, leaves)
    else:  # one balance per person across their seats, placed in the seat held each month
        codes, count = people_of
        mine = np.broadcast_to(np.asarray(held) > 0, commission.shape)
        per_person = (unit_sum(np.asarray(a, float), codes, count) for a in (due, commission))
        person_leaves = unit_sum(np.asarray(leaves, float), codes, count) > 0
        advance, recovered, left = (
            np.where(mine, part, 0.0) for part in draw_balance(*per_person, person_leaves)
        )
    out = {"draw_advance": advance, "draw_recovery": -recovered}
    if draw.at_exit == "repay":
        out["draw_repaid"] = -left
    else:  # the balance left moves from the advances to the write-offs, in the exit month
        out["draw_advance"] = advance - left
        out["draw_written_off"] = left
    if records is not None:
        monthly = period_groups(periods, "monthly")
        _draw_records(draw, records, monthly, due=due, commission=commission, parts=out, left=left)
    return out


def _draw_records(
    draw: Draw,
    records: dict[str, PayRecord],
    monthly: PeriodGroups,
    *,
    due: np.ndarray,
    commission: np.ndarray,
    parts: dict[str, np.ndarray],
    left: np.ndarray,
) -> None:
    span = "every month" if draw.months is None else f"a new person's first {draw.months} months"
    exit_words = "repaid from the final pay" if draw.at_exit == "repay" else "written off (a cost)"
    rule = (
        f"Recoverable draw of {draw.amount:,.2f} a month held ({span}): the shortfall of "
        f"commission is advanced and recovered from later commission above the draw; a "
        f"balance left at exit is {exit_words}."
    )
    advance = records["draw_advance"] = PayRecord(rule, monthly)
    advance.add("draw due", due)
    advance.add("commission", commission)
    if draw.at_exit == "write_off":
        advance.add("moved to written off at exit", -left)
    advance.add("=advance", parts["draw_advance"])
    recovery = records["draw_recovery"] = PayRecord(rule, monthly)
    recovery.add("commission above the draw", np.maximum(commission - due, 0.0))
    recovery.add("=recovered", parts["draw_recovery"])
    name = "draw_repaid" if "draw_repaid" in parts else "draw_written_off"
    settled = records[name] = PayRecord(rule, monthly)
    settled.add("balance at exit", left)
    settled.add("=repaid" if name == "draw_repaid" else "=written off", parts[name])


def new_hire_pay(
    people, commission, *, month, held, leaves, periods, records, tenure=False, people_of=None
) -> dict[str, np.ndarray]:
    """The guarantee top-up and draw components on the commission kept; ``month`` is each
    person's period in seat (0 = the first; their month of tenure with ``tenure``: the
    table's ``tenure_months``), ``held`` the share of each period held (0 when vacant);
    ``people_of``: (a code per seat, count) where a roster rep holds several seats in
    turn, whose draw runs on one balance (a transfer carries it)."""
    covered = _months_covered(month, held, periods, tenure=tenure)
    out = {}
    if people.guarantee is not None:
        out["guarantee_top_up"] = guarantee_top_up(
            people.guarantee,
            commission,
            months=covered(people.guarantee.months),
            periods=periods,
            records=records,
        )
        commission = commission + out["guarantee_top_up"]
    if people.draw is not None:
        out.update(
            draw_payouts(
                people.draw,
                commission,
                months=covered(people.draw.months),
                leaves=leaves,
                periods=periods,
                records=records,
                people_of=people_of,
                held=held,
            )
        )
    return out


def _months_covered(month, held, periods, *, tenure: bool):
    """limit -> (sims, reps, periods) the months of each period a person held inside
    their first ``limit`` months (every month held when ``limit`` is None). In a table by
    month: the share of the month held while the month in seat is below the limit. In a
    table by quarter or half year, by calendar month: a person who joins on 1 May holds
    two months of Q2, both inside a 3-month guarantee, and one of Q3."""
    span = months_spanned(periods).astype(float)
    held_months = held * span
    if (span == 1).all():
        return lambda limit: held_months if limit is None else np.where(month < limit, held, 0.0)
    if tenure:  # months of tenure at the period's start
        before = np.asarray(month, dtype=float)
    else:  # months held in the person's earlier periods in the seat
        held_months = np.broadcast_to(held_months, np.shape(month)).astype(float)
        earlier = np.cumsum(held_months, axis=-1) - held_months
        index = np.arange(np.shape(month)[-1])
        first = np.where(np.isfinite(month), index - np.nan_to_num(month, posinf=0.0), 0)
        start = np.take_along_axis(earlier, first.astype(int), axis=-1)
        before = np.where(np.isfinite(month), earlier - start, np.inf)
    return lambda limit: held_months if limit is None else np.clip(limit - before, 0.0, held_months)
