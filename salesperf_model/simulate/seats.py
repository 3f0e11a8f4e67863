"""The seats: the rep table (region, role, team, group) and each seat's constants as arrays."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesperf_model.outcomes import ROLES
from salesperf_model.schema import Population
from salesperf_model.simulate.streams import variable_generator

#: Role-profile fields the month loop reads per seat.
PROFILE_FIELDS = (
    "visits_per_month",
    "leads_per_visit",
    "prospecting_months",
    "advance_share",
    "negotiation_months",
    "win_rate",
    "deal_size_median",
    "deal_size_sigma",
    "book_customers",
    "repeat_probability",
    "order_size_mean",
    "order_size_sigma",
    "upsell_probability",
    "upsell_size_ratio",
    "churn_probability",
    "keep_new_customer_share",
    "big_account_share_mean",
    "new_segment_rate",
)


def _largest_remainder(weights: Sequence[float], total: int) -> np.ndarray:
    """Whole counts adding to ``total`` in proportion to ``weights`` (largest remainders)."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or weights.sum() == 0:
        return np.zeros(len(weights), dtype=int)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


_SEAT_COLUMNS = ["role", "region", "region_tier", "team"]


def build_rep_table(population: Population, reps: int, seed: int) -> pd.DataFrame:
    """The seats: region (split by seat weight), role (split by role shares within each
    region), team (one per regional manager in the region), and group attribute (drawn
    from its own stream, the same in every simulation)."""
    role_names = list(ROLES)
    shares = [population.role_shares.get(r, 0.0) for r in role_names]
    region_counts = _largest_remainder([r.seat_weight for r in population.regions], reps)
    parts = []
    for region, count in zip(population.regions, region_counts):
        role_counts = _largest_remainder(shares, int(count))
        roles = np.repeat(role_names, role_counts)
        # managers lead teams 1, 2, ... in turn; the other seats join them round-robin
        manager = roles == "regional_manager"
        team = np.empty(len(roles), dtype=np.int64)
        team[manager] = np.arange(int(manager.sum()))
        team[~manager] = np.arange(int((~manager).sum())) % max(int(manager.sum()), 1)
        parts.append(
            pd.DataFrame(
                {
                    "role": roles,
                    "region": region.name,
                    "region_tier": int(region.tier),
                    "team": f"{region.name}-" + pd.Series(team + 1, dtype=str),
                }
            )
        )
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_SEAT_COLUMNS)
    table.insert(0, "rep_id", "R" + pd.Series(np.arange(1, len(table) + 1), dtype=str).str.zfill(5))
    groups = population.territory.groups
    if groups:
        rng = variable_generator(seed, "rep_table.group")
        names = list(groups)
        table["group"] = rng.choice(
            np.array(names, dtype=object), size=len(table), p=list(groups.values())
        )
        table["group"] = table["group"].astype(str)
    else:
        table["group"] = ""
    return table


@dataclass(frozen=True)
class Seats:
    """Per-seat constants as arrays (reps,): role and region numbers, the tier's revenue
    factor, channel seats, the territory allocation bias, and the role profile's fields."""

    role: np.ndarray
    region: np.ndarray
    tier_factor: np.ndarray
    is_channel: np.ndarray
    bias: np.ndarray
    params: dict[str, np.ndarray]


def _positions(column: pd.Series, names: list[str]) -> np.ndarray:
    """Each seat's place in ``names`` (one hashed lookup for the column: a Python call
    per seat took 30 ms a chunk at 100,000 reps)."""
    found = pd.Index(names).get_indexer(column)
    if (found < 0).any():
        unknown = column[found < 0].iloc[0]
        raise ValueError(f"{column.name} {unknown!r} is not one of {names}")
    return found


def seat_constants(population: Population, table: pd.DataFrame) -> Seats:
    """The rep table's seats as arrays the month loop can broadcast."""
    role_names = list(ROLES)
    role = _positions(table["role"], role_names)
    region_names = [r.name for r in population.regions]
    region = _positions(table["region"], region_names)
    tier_factor = table["region_tier"].map(population.market.tier_revenue_factor).to_numpy(float)
    params = {
        f: np.array([getattr(population.roles[r], f) for r in role_names], dtype=float)[role]
        for f in PROFILE_FIELDS
    }
    is_channel = np.array([population.roles[r].is_channel for r in role_names])[role]
    territory = population.territory
    bias = np.where(
        table["group"].to_numpy() == (territory.allocation_bias_group or "\0"),
        territory.allocation_bias,
        0.0,
    )
    return Seats(role, region, tier_factor, is_channel, bias, params)


#: (population as JSON, reps, seed) -> (rep table, seat constants) of the last few sales
#: forces seated in this process
_SEATED: OrderedDict[tuple[str, int, int], tuple[pd.DataFrame, Seats]] = OrderedDict()
_SEATED_KEPT = 4
_SEATED_LOCK = threading.Lock()  # chunks may run on threads (a Dask client without processes)


def seated(population: Population, reps: int, seed: int) -> tuple[pd.DataFrame, Seats]:
    """``build_rep_table`` and ``seat_constants``, made once per sales force in a process:
    every chunk of a run seats the same people, and making them again (and coding their
    labels again) was per-seat work done once per chunk, which at 100,000 reps (one
    simulation a chunk) cost as much again as a simulation's own per-seat work. The table
    comes as a shallow copy: its columns' data are shared (``seat_labels`` codes them
    once), a caller's edits stay in its copy. The seat constants are read-only."""
    key = (population.model_dump_json(), int(reps), int(seed))
    with _SEATED_LOCK:
        kept = _SEATED.get(key)
        if kept is None:
            table = build_rep_table(population, reps, seed)
            kept = _SEATED[key] = (table, _read_only(seat_constants(population, table)))
            while len(_SEATED) > _SEATED_KEPT:
                _SEATED.popitem(last=False)
        else:
            _SEATED.move_to_end(key)
        return kept[0].copy(deep=False), kept[1]


def _read_only(seats: Seats) -> Seats:
    for values in (
        seats.role,
        seats.region,
        seats.tier_factor,
        seats.is_channel,
        seats.bias,
        *seats.params.values(),
    ):
        values.flags.writeable = False
    return seats
