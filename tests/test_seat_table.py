"""The simulated seat table (simulate.seats.build_rep_table), worked by hand."""

from __future__ import annotations

from pathlib import Path

from salesperf_model.loading import load_scenario
from salesperf_model.simulate import build_rep_table

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def _population(regions: list[dict], shares: dict[str, float]):
    return load_scenario(
        BASELINE,
        {"population.regions": regions, "population.role_shares": shares},
    ).population


def test_managers_lead_teams_in_turn_and_the_other_seats_join_them_round_robin():
    # one region, 8 seats: 2 regional managers (25%) and 6 new-business seats
    population = _population(
        [{"name": "North", "tier": 1, "seat_weight": 1.0}],
        {"new_business": 0.75, "regional_manager": 0.25},
    )
    table = build_rep_table(population, 8, seed=1)
    north = table[table["region"] == "North"]
    assert list(north["role"]) == ["new_business"] * 6 + ["regional_manager"] * 2
    # new business 1..6 round-robin, then the two managers, each leading their own
    assert list(north["team"]) == ["North-1", "North-2"] * 4
    assert list(table["rep_id"][:3]) == ["R00001", "R00002", "R00003"]
    assert table["region_tier"].tolist() == [1] * 8


def test_a_region_without_a_manager_is_one_team_and_ids_grow_past_five_digits():
    population = _population(
        [
            {"name": "North", "tier": 1, "seat_weight": 1.0},
            {"name": "South", "tier": 3, "seat_weight": 1.0},
        ],
        {"new_business": 1.0},
    )
    table = build_rep_table(population, 100_002, seed=1)
    assert set(table["team"]) == {"North-1", "South-1"}
    assert (table["region"] == "North").sum() == 50_001
    ids = ["R00001", "R99999", "R100000", "R100002"]
    assert list(table["rep_id"].iloc[[0, 99_998, 99_999, 100_001]]) == ids
    assert table.loc[table["region"] == "South", "region_tier"].eq(3).all()
