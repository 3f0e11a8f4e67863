"""A holdback's holds stay owed across a dated plan change: what the old plan held back in
its last months is released after the change, on its schedule and terms, as the
``holdback`` line of those months (engine/plan_changes.py, rules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.engine import run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.simulate import simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
#: new-business reps leave plan_mechanics (20% held three months) for the baseline in July
MOVE = "pay_changes=[{from: '2026-07', plan: baseline.yaml, roles: [new_business]}]"
JULY = 6


def _paid(*overrides: str):
    scenario = load_scenario(SCENARIOS / "plan_mechanics.yaml", [MOVE, *overrides])
    outcomes = simulate(scenario.population, reps=60, periods=12, simulations=2, seed=3)
    result = run_plan(outcomes, scenario)
    moved = outcomes.reps["role"].to_numpy() == "new_business"
    person = outcomes.get("person_id")
    stayed = (person == person[..., :1]).all(axis=2)  # (sims, reps): nobody left the seat
    return scenario, outcomes, result, moved, stayed


def test_held_in_full_a_moved_rep_who_stays_gets_back_every_cent_held():
    """Released in full: over the year, what a rep who stays was held and what was
    released cancel out, the last three months' holds released in July to September."""
    _, _, result, moved, stayed = _paid("pay.holdback.release=in_full")
    holdback = result.payouts["holdback"]
    year = holdback.sum(axis=2)
    who = stayed & moved[None, :]
    assert who.sum() >= 5
    assert np.abs(year[who]).max() <= 0.03  # cents rounded per part and per release
    assert (holdback[:, :, JULY : JULY + 3][who] > 0).any()
    assert np.all(holdback[:, :, JULY + 3 :][who] == 0.0)  # the baseline holds nothing


def test_the_release_is_what_the_part_held_three_months_before():
    """The July-September releases of the moved reps are the April-June holds of the part
    under the old plan (its pay record), rounded to the cent, where the person stayed."""
    _, _, result, moved, stayed = _paid("pay.holdback.release=in_full")
    (part,) = [p for p in result.parts if p.start == 0]
    held = part.result.pay_records["holdback"].values["held back"][..., JULY - 3 : JULY]
    released = result.payouts["holdback"][..., JULY : JULY + 3]
    who = stayed & moved[None, :]
    assert np.allclose(released[who], held[who], atol=0.005)


def test_a_rep_who_leaves_before_the_release_forfeits_it():
    """Forfeited on exit, as without a change: where the person in the seat changed
    between a hold and its release, nothing of that hold is released."""
    _, outcomes, result, moved, _ = _paid("pay.holdback.release=in_full")
    person = outcomes.get("person_id")
    holdback = result.payouts["holdback"]
    for month in range(JULY, JULY + 3):
        left = (person[..., month] != person[..., month - 3]) & moved[None, :]
        assert np.all(holdback[..., month][left] == 0.0)


@pytest.mark.parametrize("release", ["customers_kept", "in_full"])
def test_the_reps_no_change_selects_are_paid_their_holdback_as_without_the_change(release):
    scenario, outcomes, result, moved, _ = _paid(f"pay.holdback.release={release}")
    alone = run_plan(outcomes, scenario.model_copy(update={"pay_changes": []}))
    assert np.array_equal(
        result.payouts["holdback"][:, ~moved], alone.payouts["holdback"][:, ~moved]
    )
    assert (result.payouts["holdback"][:, moved, JULY:] != 0).any(), "released after July"
