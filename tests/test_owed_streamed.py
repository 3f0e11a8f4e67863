"""Pay a holdback still owes at the end, under a dated plan change, is the same whether
the comparison keeps full results or streams chunks reduced to their horizon (the bases
each holdback holds a share of travel with the reduced result)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from salesperf_model.measure.owed import owed_at_end
from salesperf_model.pipeline import run_comparison
from salesperf_model.pipeline.stream import stream_comparison
from salesperf_model.present.cost_drivers import owed_of

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SIZES = {"reps": 60, "periods": 12, "simulations": 4, "seed": 11}


@pytest.fixture(scope="module")
def held(tmp_path_factory) -> Path:
    """The baseline with a 20% / 3-month holdback, whose new-business reps move in
    September to the flat-commission plan, which has none."""
    folder = tmp_path_factory.mktemp("owed")
    path = folder / "held.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'baseline.yaml'}\n"
        "name: held\n"
        "pay:\n"
        "  holdback: {share: 0.2, months: 3, release: in_full}\n"
        "pay_changes:\n"
        "  - from: 2026-09\n"
        f"    plan: {SCENARIOS / 'flat_commission.yaml'}\n"
        "    roles: [new_business]\n",
        encoding="utf-8",
    )
    return path


def test_streamed_and_full_runs_owe_the_same_and_moved_reps_owe_nothing(held: Path) -> None:
    full = run_comparison([held], SCENARIOS / "baseline.yaml", **SIZES)
    streamed = stream_comparison([held], SCENARIOS / "baseline.yaml", chunk_size=1, **SIZES)
    owed_full, owed_streamed = owed_of(full, "held"), owed_of(streamed, "held")
    assert owed_full is not None and owed_streamed is not None
    assert (owed_full.owed > 0).all()
    np.testing.assert_array_equal(owed_streamed.owed, owed_full.owed)
    np.testing.assert_array_equal(owed_streamed.held_back, owed_full.held_back)
    # read with the scenario's holdback for every rep, the moved reps' last months
    # (paid under a plan without one) would count as owed too
    scenario = full.scenarios["held"]
    everyone = owed_at_end(
        scenario.model_copy(update={"pay_changes": []}),
        full.evaluations["held"].result,
        list(full.outcomes.periods),
    )
    assert (everyone.owed > owed_full.owed).all()


def test_the_frontier_counts_what_is_owed_as_pay(held: Path) -> None:
    """The frontier's cost is the accrued total pay (paid + still owed), as the ranking
    and the summary's cost line read it; the baseline owes nothing and keeps its own."""
    from salesperf_model.present.cost_drivers import accrued_pay_draws

    for run in (
        run_comparison([held], SCENARIOS / "baseline.yaml", **SIZES),
        stream_comparison([held], SCENARIOS / "baseline.yaml", chunk_size=2, **SIZES),
    ):
        cost = run.tables["frontier"].set_index("plan")["cost"]
        paid = run.tables["summary"].query("metric == 'total_pay'").set_index("plan")["mean"]
        accrued = accrued_pay_draws(run, "held")
        assert cost["held"] == pytest.approx(float(accrued.mean()), rel=1e-12)
        assert cost["held"] > paid["held"]
        assert cost["baseline"] == paid["baseline"]
