"""The outcome schema: round trips, and bad tables refused with a message that says where."""

import numpy as np
import pandas as pd
import pytest

from salesperf_model.outcomes import Outcomes


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep_id": ["r1", "r1", "r2", "r2"],
            "period": ["2026-01", "2026-02", "2026-01", "2026-02"],
            "role": ["new_business"] * 2 + ["account_manager"] * 2,
            "region": ["East"] * 4,
            "region_tier": [1] * 4,
            "team": ["t1"] * 4,
            "group": ["female"] * 2 + ["male"] * 2,
            "quota": [100.0, 100.0, 200.0, 200.0],
            "revenue_booked_new": [120.0, 80.0, 0.0, 10.0],
            "revenue_booked_existing": [0.0, 0.0, 150.0, 260.0],
        }
    )


def test_long_table_becomes_arrays_by_simulation_rep_and_period():
    outcomes = Outcomes.from_long(_table())
    assert outcomes.shape == (1, 2, 2)
    assert outcomes.periods == ["2026-01", "2026-02"]
    np.testing.assert_array_equal(
        outcomes.get("revenue_booked")[0], [[120.0, 80.0], [150.0, 270.0]]
    )
    # a measure the table lacks reads as zeros
    assert outcomes.get("nps").sum() == 0.0
    assert outcomes.truth is None and outcomes.source == "actuals"


def test_round_trip_through_the_long_table_keeps_every_value():
    outcomes = Outcomes.from_long(_table())
    again = Outcomes.from_long(outcomes.to_long())
    for name, values in outcomes.measures.items():
        np.testing.assert_array_equal(again.measures[name], values)
    pd.testing.assert_frame_equal(again.reps, outcomes.reps)


def test_unknown_columns_are_refused_not_ignored():
    table = _table().assign(revenu_booked=1.0)
    with pytest.raises(ValueError, match=r"example.csv: unknown columns \['revenu_booked'\]"):
        Outcomes.from_long(table, where="example.csv")


def test_duplicate_rep_period_rows_are_refused():
    table = pd.concat([_table(), _table().iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="duplicate"):
        Outcomes.from_long(table)


def test_a_value_that_is_not_a_number_names_column_and_row():
    table = _table()
    table["quota"] = table["quota"].astype(object)
    table.loc[2, "quota"] = "lots"
    with pytest.raises(ValueError, match=r"column 'quota' row 2: value 'lots'"):
        Outcomes.from_long(table)


def test_unknown_role_is_refused():
    table = _table()
    table.loc[:, "role"] = "hunter"
    with pytest.raises(ValueError, match="unknown roles"):
        Outcomes.from_long(table)


def test_select_simulations_keeps_reps_and_periods():
    rng = np.random.default_rng(0)
    table = pd.concat([_table().assign(simulation=s) for s in range(3)], ignore_index=True)
    table["quota"] = rng.uniform(50, 150, len(table))
    outcomes = Outcomes.from_long(table)
    assert outcomes.shape == (3, 2, 2)
    part = outcomes.select_simulations(slice(1, 3))
    np.testing.assert_array_equal(part.get("quota"), outcomes.get("quota")[1:3])
