"""The plain shapes the plan outlook hands its compiled loops (``outlook_kernels``), and
those loops loaded on first use: the text commands import the engine but never ask an
outlook, and numba takes a moment to load."""

from __future__ import annotations

from types import ModuleType
from typing import NamedTuple

import numpy as np


def kernels() -> ModuleType:
    """``engine.outlook_kernels``, imported on first use."""
    from salesperf_model.engine import outlook_kernels

    return outlook_kernels


class Projection(NamedTuple):
    """A settlement period's revenue ahead: the months known so far, the run rate times
    the months to come, and the log-normal luck at each node."""

    known: np.ndarray
    rest: np.ndarray
    lucks: np.ndarray


class Into(NamedTuple):
    """Where a component adds its gain over its pay at no extra revenue instead of
    returning its pay: ``gain += weights[k] * (pay at node k - base[k])``, node by node."""

    gain: np.ndarray  #: (sims, reps), added to in place
    base: np.ndarray  #: (nodes, sims, reps) the pay at no extra revenue
    weights: np.ndarray  #: (nodes,) each node's weight x the component's weight


class Curve(NamedTuple):
    """A commission curve's rules as plain numbers, for the compiled loops. A rule not in
    the plan is a bound that changes nothing (np.minimum(x, inf) is x, NaN included),
    so the loops need no branch on it."""

    marginal: bool  #: marginal (else retroactive)
    threshold: float
    end: float  #: where accrual ends (inf: never)
    below_end: float  #: the level just below the end (a retroactive curve's rate there)
    cap: float  #: cap_amount (inf: none)
    minimum: float  #: minimum_payout (-inf: none)


class CurveTables(NamedTuple):
    """A commission curve ready for the compiled loops: its rules, and its tiers (rows:
    starts, ends, rates, slopes) with the gate shut and open, as ``curves`` builds them."""

    curve: Curve
    shut: np.ndarray
    opened: np.ndarray
    #: amount-based tiers: attainment tiers against a quota of one unit of money (revenue
    #: / 1.0 and 1.0 x share are exact)
    on_amount: bool
