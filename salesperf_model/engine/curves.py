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

from salesperf_model.schema import Commission


def _tier_arrays(commission: Commission, gate_open: bool) -> tuple[np.ndarray, ...]:
    """(starts, ends, rates, slopes) of the tiers in force, gated tiers dropped when shut."""
    tiers = [t for t in commission.tiers if gate_open or not t.gated]
    starts = np.array([t.start for t in tiers], dtype=float)
    ends = np.append(starts[1:], np.inf)
    rates = np.array([t.rate for t in tiers], dtype=float)
    slopes = np.array([t.slope for t in tiers], dtype=float)
    return starts, ends, rates, slopes


def has_gate(commission: Commission) -> bool:
    """Whether any tier is gated on the full-year quota."""
    return any(t.gated for t in commission.tiers)


def _rate_ungated(commission: Commission, attainment: np.ndarray, gate_open: bool) -> np.ndarray:
    starts, _, rates, slopes = _tier_arrays(commission, gate_open)
    # side="right": a value exactly on an edge lands in the tier that starts there.
    tier = np.searchsorted(starts, attainment, side="right") - 1
    tier = np.clip(tier, 0, len(starts) - 1)
    rate = rates[tier] + slopes[tier] * (attainment - starts[tier])
    return np.maximum(rate, 0.0)


def _integral_ungated(
    commission: Commission, attainment: np.ndarray, gate_open: bool
) -> np.ndarray:
    """Integral of the marginal rate from 0 to attainment, tier by tier (few tiers): each
    tier's slice of attainment (clipped to the tier) at its rate plus half its slope times
    the slice squared; a decelerator's slice stops where its rate reaches zero. Computed
    cell by cell in ``curve_kernels`` (imported here: numba takes a moment to load)."""
    from salesperf_model.engine.curve_kernels import marginal_integral

    return marginal_integral(attainment, _tier_arrays(commission, gate_open))


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
    attainment = np.asarray(attainment, dtype=float)
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


def earning_share(
    commission: Commission,
    attainment: np.ndarray | float,
    gate_open: np.ndarray | bool | None = None,
) -> np.ndarray:
    """Commission as a multiple of quota at this attainment (in money at this amount for
    amount-based tiers), after threshold and the end of accrual but before cap_amount and
    minimum_payout (which are money amounts)."""
    attainment = np.maximum(np.asarray(attainment, dtype=float), 0.0)
    capped = attainment
    if commission.tier_end is not None:
        capped = np.minimum(attainment, commission.tier_end)
    if commission.curve == "marginal":
        compute = _integral_ungated
    else:

        def compute(c: Commission, a: np.ndarray, g: bool) -> np.ndarray:
            rate = _rate_ungated(c, a, g)
            end = c.tier_end
            if end is not None:  # at the end: the rate just below it (left limit)
                below = _rate_ungated(c, np.full(np.shape(a), np.nextafter(end, -np.inf)), g)
                rate = np.where(a >= end, below, rate)
            return a * rate

    if has_gate(commission):
        share = _select(
            gate_open, compute(commission, capped, False), compute(commission, capped, True)
        )
    else:
        share = compute(commission, capped, True)
    return np.where(attainment < commission.threshold, 0.0, share)


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
    quota = np.asarray(quota, dtype=float)
    base = np.asarray(base, dtype=float)
    if commission.tiers_on == "amount":
        return earning_share(commission, base, gate_open)
    has_quota = quota > 0
    attainment = np.where(has_quota, base / np.where(has_quota, quota, 1.0), 0.0)
    return np.where(has_quota, quota * earning_share(commission, attainment, gate_open), 0.0)


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
    quota = np.asarray(quota, dtype=float)
    revenue = np.asarray(revenue, dtype=float)
    payout = tier_earning(commission, quota, revenue, gate_open=gate_open)
    earning = revenue > 0
    if commission.tiers_on == "attainment":
        earning = earning & (quota > 0)
    return limit_payout(commission, payout, tier_level(commission, quota, revenue), earning=earning)


def limit_payout(
    commission: Commission, payout: np.ndarray, attainment: np.ndarray, *, earning: np.ndarray
) -> np.ndarray:
    """cap_amount, then minimum_payout where the threshold is met and ``earning`` holds."""
    if commission.cap_amount is not None:
        payout = np.minimum(payout, commission.cap_amount)
    if commission.minimum_payout > 0:
        qualifies = earning & (attainment >= commission.threshold)
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
