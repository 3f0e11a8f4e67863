"""Product lines in pay: each line's share of booked revenue, the plan's credit on the mix,
and commission split by product line.

A line's share comes from the outcomes when an import carries one
(``outcomes.meta["product_shares"]``: per line, a number or a (sims, reps, periods) array
of shares of booked revenue), else from ``population.products.mix`` (the same for every
seat and month). Gross profit is spread over lines like revenue (the outcomes carry one
gross profit per rep and month).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission, Scenario


def product_shares(mix: dict[str, float], outcomes: Outcomes) -> dict[str, np.ndarray | float]:
    """Each product line's share of booked revenue: the outcomes' own, else ``mix``."""
    given = outcomes.meta.get("product_shares")
    if given:
        return {str(line): np.asarray(share, dtype=float) for line, share in given.items()}
    return {line: float(share) for line, share in mix.items()}


def product_credit(
    commission: Commission, shares: dict[str, np.ndarray | float]
) -> np.ndarray | float:
    """The rate factor on the whole base: sum over lines of share x the line's factor
    (exactly 1.0 when the plan sets no factors, so plans without them pay as before)."""
    factors = commission.product_factors
    if not factors:
        return 1.0
    return sum(share * factors.get(line, 1.0) for line, share in shares.items())


def commission_by_line(
    commission: Commission,
    paid: np.ndarray,
    shares: dict[str, np.ndarray | float],
) -> dict[str, np.ndarray]:
    """Commission paid split by product line, in proportion to each line's credited share
    (share x factor); where nothing is credited (a minimum payout on lines that earn
    nothing), in proportion to the shares. The lines add up to ``paid``."""
    factors = commission.product_factors
    credited = {line: share * factors.get(line, 1.0) for line, share in shares.items()}
    total = sum(credited.values())
    raw = sum(shares.values())
    split = {}
    for line, share in shares.items():
        weight = np.where(
            np.asarray(total) > 0,
            np.asarray(credited[line]) / np.where(np.asarray(total) > 0, total, 1.0),
            np.asarray(share) / np.where(np.asarray(raw) > 0, raw, 1.0),
        )
        split[line] = paid * weight
    return split


def product_line_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Product lines the plan sets a factor for that outcomes with their own product mix
    do not have: those factors pay nothing differently (the data's lines earn x1)."""
    given = outcomes.meta.get("product_shares")
    factors = scenario.pay.commission.product_factors
    if not given or not factors:
        return []
    missing = [line for line in factors if line not in given]
    if not missing:
        return []
    return [
        f"pay.commission.product_factors: the data has no product line {', '.join(missing)} "
        f"(its lines: {', '.join(map(str, given))}); lines without a factor earn x1"
    ]
