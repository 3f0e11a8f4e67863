"""Commission curves: one vectorized implementation of every tier shape in a plan.

A curve is a list of tiers, each starting at an attainment level (revenue / quota) or, in
an amount-based plan, at an amount of money; the *level* below is whichever the tiers
measure. Amount-based tiers are attainment tiers with a quota of one unit of money:
every formula below holds with ``quota = 1`` and the level read as the amount. The
*marginal rate* is piecewise linear in the level: inside tier k it is
``rate_k + slope_k * (attainment - from_k)``, never below 0. Flat tiers (slope 0) give the
brief's 3% / 4% / 5% steps; a positive slope is a linear accelerator, a negative one a
decelerator; falling rates from tier to tier are degressive curves.

- ``marginal`` curves pay ``quota * integral of the marginal rate from 0 to attainment``:
  each slice of revenue earns the rate of the tier it falls in. Continuous in attainment.
- ``retroactive`` curves pay ``revenue * marginal rate at attainment``: the whole revenue
  earns the rate of the tier reached, so pay jumps at every tier edge.

**Tier edges.** An attainment exactly on a tier's ``from_attainment`` belongs to that
(the higher) tier: at 100% of quota a retroactive 3% / 4% curve pays 4% on everything.

Then, in this order: the end of accrual (``cap_attainment``, or the last tier's
``to_attainment`` / ``to_amount``: one rule) stops accrual above that level (a retroactive
curve pays ``quota * end * rate`` at the rate in force just below the end, so a tier that
starts at or above the end never pays, on either curve); below the entry ``threshold`` nothing
is paid; ``cap_amount`` limits one settlement's payout; ``minimum_payout`` is the least
paid for a settlement once the threshold is met and some revenue was brought in.

**Gates.** A ``gated`` tier applies only once the full-year quota is met (the caller says
so with ``gate_open``); while the gate is shut the tier is dropped from the curve, so the
previous (ungated) tier simply carries on, rate and slope included.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.edges import at_least, on_edges
from salesperf_model.schema import Commission


def _tier_arrays(commission: Commission, gate_open: bool) -> tuple[np.ndarray, ...]:
    """(starts, ends, rates, slopes) of the tiers in force, gated tiers dropped when shut."""
    tiers = [t for t in commission.tiers if gate_open or not t.gated]
    starts = np.array([t.start for t in tiers], dtype=float)
    ends = np.append(starts[1:], np.inf)
    rates = np.array([t.rate for t in tiers], dtype=float)
    slopes = np.array([t.slope for t in tiers], dtype=float)
    return starts, ends, rates, slopes


#: Tier tables by the commission they were made for (scenario sections are frozen): the
#: outlook asks for a curve some thirty times a month, and reading the tiers' fields
#: costs more than a small curve. The entry keeps its commission, so its id stays unique.
_TABLES: dict[tuple[int, bool], tuple[Commission, tuple]] = {}


def _tier_table(commission: Commission, gate_open: bool) -> tuple:
    """(tiers, counts, below, curve) for curve_kernels: tier set 0 the tiers in force with the
    gate as ``gate_open`` says, set 1 those with the gate shut (the same without gated
    tiers), each (4, tiers) of starts, ends, rates and slopes padded to the longer set;
    ``below[g]``: a retroactive curve's rate just below the end of accrual, by set;
    ``curve``: the commission's rules (curve_kernels.Curve; the caller sets its flags)."""
    key = (id(commission), gate_open)
    kept = _TABLES.get(key)
    if kept is not None and kept[0] is commission:
        return kept[1]
    from salesperf_model.engine.curve_kernels import Curve, rates_below

    sets = [_tier_arrays(commission, gate_open), _tier_arrays(commission, False)]
    counts = np.array([len(s[0]) for s in sets])
    if commission.curve != "marginal" and not counts.all():  # a first tier gated
        raise IndexError("a retroactive curve needs a tier in force while the gate is shut")
    tiers = np.zeros((2, 4, max(counts.max(), 1)))
    for g, arrays in enumerate(sets):
        for row, values in enumerate(arrays):
            tiers[g, row, : counts[g]] = values[: counts[g]]
    below = np.zeros(2)
    end = commission.tier_end
    if end is not None and commission.curve != "marginal":
        below = rates_below(end, tiers, counts)
    curve = Curve(
        per_quota=True,
        marginal=commission.curve == "marginal",
        has_end=end is not None,
        end=float(end if end is not None else np.inf),
        threshold=float(commission.threshold),
        per_cell_gate=False,
        scaled=False,
        limited=False,
        has_cap=commission.cap_amount is not None,
        cap=float(commission.cap_amount if commission.cap_amount is not None else np.inf),
        minimum=float(commission.minimum_payout),
    )
    if len(_TABLES) >= 256:  # plans of a search: keep the latest
        _TABLES.clear()
    _TABLES[key] = (commission, (tiers, counts, below, curve))
    return tiers, counts, below, curve


def has_gate(commission: Commission) -> bool:
    """Whether any tier is gated on the full-year quota."""
    return any(t.gated for t in commission.tiers)


def curve_edges(commission: Commission) -> list[float]:
    """The levels where the curve may jump: the tiers' starts, the threshold and the end
    of accrual (a level a sum's rounding short of one is on it: ``engine.edges``)."""
    edges = [t.start for t in commission.tiers] + [commission.threshold]
    return edges + ([commission.tier_end] if commission.tier_end is not None else [])


def _rate_ungated(commission: Commission, attainment: np.ndarray, gate_open: bool) -> np.ndarray:
    starts, _, rates, slopes = _tier_arrays(commission, gate_open)
    # side="right": a value exactly on an edge lands in the tier that starts there.
    tier = np.searchsorted(starts, attainment, side="right") - 1
    tier = np.clip(tier, 0, len(starts) - 1)
    rate = rates[tier] + slopes[tier] * (attainment - starts[tier])
    return np.maximum(rate, 0.0)


def _select(
    gate_open: np.ndarray | bool | None, shut: np.ndarray, opened: np.ndarray
) -> np.ndarray:
    if gate_open is None or gate_open is True:
        return opened
    if gate_open is False:
        return shut
    return np.where(gate_open, opened, shut)


def marginal_rate(
    commission: Commission,
    attainment: np.ndarray | float,
    gate_open: np.ndarray | bool | None = None,
) -> np.ndarray:
    """The rate earned on the next unit of revenue at this attainment (marginal curves), or
    on the whole revenue (retroactive curves); 0 below the threshold and above the cap.

    ``gate_open`` (bool or array broadcasting with attainment): whether gated tiers are in
    force; None means open (no gate, or gate met).
    """
    attainment = on_edges(attainment, curve_edges(commission))
    if has_gate(commission):
        rate = _select(
            gate_open,
            _rate_ungated(commission, attainment, False),
            _rate_ungated(commission, attainment, True),
        )
    else:
        rate = _rate_ungated(commission, attainment, True)
    rate = np.where(attainment < commission.threshold, 0.0, rate)
    if commission.tier_end is not None:
        rate = np.where(attainment >= commission.tier_end, 0.0, rate)
    return rate


def _curve_cells(
    commission: Commission,
    quota: np.ndarray | float,
    base: np.ndarray | float,
    *,
    gate_open: np.ndarray | bool | None,
    per_quota: bool,
    limited: bool = False,
    level_base: np.ndarray | None = None,
    credited: np.ndarray | None = None,
) -> np.ndarray:
    """The curve on every cell in one compiled pass (curve_kernels.curve_cells), in the
    shape the numpy steps broadcast to: ``base`` with ``quota`` (attainment tiers), the
    limits' ``level_base`` and the ``credited`` amount, and a gate array if gated."""
    from salesperf_model.engine.curve_kernels import curve_cells

    per_cell = gate_open is not None and not isinstance(gate_open, bool) and has_gate(commission)
    given = (base, quota if per_quota else None, level_base, credited)
    arrays = [None if a is None else np.asarray(a, dtype=float) for a in given]
    gate = np.asarray(gate_open, dtype=bool) if per_cell else np.ones(1, dtype=bool)
    shapes = [a.shape for a in arrays if a is not None] + ([gate.shape] if per_cell else [])
    shape = shapes[0] if all(s == shapes[0] for s in shapes) else np.broadcast_shapes(*shapes)

    def flat(values: np.ndarray | None) -> np.ndarray:
        if values is None:
            return flat_base
        if values.shape != shape:
            values = np.broadcast_to(values, shape)
        return np.ascontiguousarray(values).reshape(-1)

    flat_base = flat(arrays[0])
    tiers, counts, below, curve = _tier_table(commission, gate_open is not False)
    curve = curve._replace(
        per_quota=per_quota,
        per_cell_gate=per_cell,
        scaled=credited is not None,
        limited=limited,
    )
    out = np.empty(shape)
    _, flat_quota, flat_level, flat_credited = (flat(a) for a in arrays)
    cells = (flat_quota, flat_base, flat_level, flat_credited)
    gate = flat(gate) if per_cell else gate
    curve_cells(cells, gate, curve, tables=(tiers, counts, below), out=out.reshape(-1))
    return out


def earning_share(
    commission: Commission,
    attainment: np.ndarray | float,
    gate_open: np.ndarray | bool | None = None,
) -> np.ndarray:
    """Commission as a multiple of quota at this attainment (in money at this amount for
    amount-based tiers), after threshold and the end of accrual but before cap_amount and
    minimum_payout (which are money amounts)."""
    return _curve_cells(commission, None, attainment, gate_open=gate_open, per_quota=False)


def tier_earning(
    commission: Commission,
    quota: np.ndarray,
    base: np.ndarray,
    *,
    gate_open: np.ndarray | bool | None = None,
) -> np.ndarray:
    """Money the tiers earn on ``base`` (same shape as ``quota``) before cap_amount and
    minimum_payout: ``quota * earning_share(base / quota)`` on attainment tiers (0 where
    quota <= 0), ``earning_share(base)`` on amount-based tiers (quota unused)."""
    per_quota = commission.tiers_on != "amount"
    return _curve_cells(commission, quota, base, gate_open=gate_open, per_quota=per_quota)


def tier_level(commission: Commission, quota: np.ndarray, base: np.ndarray) -> np.ndarray:
    """What the tiers read: attainment (0 where quota <= 0), or the amount itself."""
    base = np.asarray(base, dtype=float)
    if commission.tiers_on == "amount":
        return base
    quota = np.asarray(quota, dtype=float)
    has_quota = quota > 0
    return np.where(has_quota, base / np.where(has_quota, quota, 1.0), 0.0)


def commission_payout(
    commission: Commission,
    quota: np.ndarray,
    revenue: np.ndarray,
    *,
    gate_open: np.ndarray | bool | None = None,
) -> np.ndarray:
    """Money earned for one settlement on ``revenue`` against ``quota`` (same shapes).

    Applies every rule of the curve: tiers, threshold, the end of accrual, cap_amount and
    minimum_payout. On attainment tiers a quota of 0 or less earns nothing (attainment is
    undefined); amount-based tiers need no quota.
    """
    per_quota = commission.tiers_on == "attainment"
    return _curve_cells(
        commission,
        quota,
        revenue,
        gate_open=gate_open,
        per_quota=per_quota,
        limited=True,
        level_base=revenue,
    )


def settlement_earning(
    commission: Commission,
    quota: np.ndarray,
    revenue: np.ndarray,
    *,
    read: np.ndarray,
    credited: np.ndarray,
    gate_open: np.ndarray | None,
) -> np.ndarray:
    """One settlement's commission: the tiers on ``read`` (revenue, or gross profit)
    against ``quota``, scaled by ``credited / read``, then cap_amount and minimum_payout
    on ``revenue`` (``commission._earned`` then ``_limit``, in one pass)."""
    return _curve_cells(
        commission,
        quota,
        read,
        gate_open=gate_open,
        per_quota=commission.tiers_on == "attainment",
        limited=True,
        level_base=revenue,
        credited=credited,
    )


def limit_payout(
    commission: Commission, payout: np.ndarray, attainment: np.ndarray, *, earning: np.ndarray
) -> np.ndarray:
    """cap_amount, then minimum_payout where the threshold is met and ``earning`` holds."""
    if commission.cap_amount is not None:
        payout = np.minimum(payout, commission.cap_amount)
    if commission.minimum_payout > 0:
        qualifies = earning & at_least(attainment, commission.threshold)
        payout = np.where(qualifies, np.maximum(payout, commission.minimum_payout), payout)
    return payout


def tier_slices(
    commission: Commission,
    attainment: np.ndarray | float,
    gate_open: np.ndarray | bool | None = None,
) -> list[np.ndarray]:
    """The share of quota each tier of ``commission.tiers`` earns at this attainment,
    one array per tier, adding up to ``earning_share``: on a marginal curve the tier's
    slice of attainment at its rate, on a retroactive one the whole attainment at the
    rate of the tier reached (the others 0). A gated tier earns nothing while its gate
    is shut (the tier before it carries on)."""
    attainment = np.maximum(np.asarray(attainment, dtype=float), 0.0)
    attainment = on_edges(attainment, curve_edges(commission))
    capped = attainment
    reading = attainment  # the level that picks a retroactive curve's tier
    end = commission.tier_end
    if end is not None:
        capped = np.minimum(attainment, end)
        reading = np.where(attainment >= end, np.nextafter(end, -np.inf), attainment)

    def per_tier(gate: bool) -> list[np.ndarray]:
        kept = [i for i, t in enumerate(commission.tiers) if gate or not t.gated]
        starts, ends, rates, slopes = _tier_arrays(commission, gate)
        out = [np.zeros(np.shape(capped)) for _ in commission.tiers]
        reached = np.clip(np.searchsorted(starts, reading, side="right") - 1, 0, len(starts) - 1)
        for j, i in enumerate(kept):
            if commission.curve == "marginal":
                width = np.clip(capped - starts[j], 0.0, ends[j] - starts[j])
                if slopes[j] < 0:
                    with np.errstate(over="ignore"):
                        width = np.minimum(width, rates[j] / -slopes[j])
                out[i] = rates[j] * width + 0.5 * slopes[j] * width * width
            else:
                level = np.minimum(capped, reading)
                rate = np.maximum(rates[j] + slopes[j] * (level - starts[j]), 0.0)
                out[i] = np.where(reached == j, capped * rate, 0.0)
        return out

    if has_gate(commission):
        shut, opened = per_tier(False), per_tier(True)
        slices = [_select(gate_open, s, o) for s, o in zip(shut, opened)]
    else:
        slices = per_tier(True)
    return [np.where(attainment < commission.threshold, 0.0, s) for s in slices]
