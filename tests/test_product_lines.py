"""What commission is paid on: product-line factors (the population's mix or an import's
own), margin as the base, and commission cost by product line (hand-worked cases in
tests/cases/63-65)."""

from __future__ import annotations

import numpy as np
import pytest
from commission_fixture import BASELINE, outcomes_of, scenario_with
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.commission import pay_commission
from salesperf_model.engine.products import product_credit
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Commission, Scenario

revenues = st.lists(st.floats(0, 400_000), min_size=3, max_size=12).map(
    lambda xs: np.array(xs).reshape(1, -1)
)


mixes = st.lists(st.floats(0.01, 1), min_size=1, max_size=4).map(
    lambda xs: {f"line{i}": x / sum(xs) for i, x in enumerate(xs)}
)


@settings(max_examples=30, deadline=None)
@given(mix=mixes, revenue=revenues, factor=st.floats(0, 3))
def test_product_factors_scale_pay_by_the_credited_share(mix, revenue, factor) -> None:
    outcomes = outcomes_of(revenue)
    plain = Commission(tiers=[{"from_attainment": 0, "rate": 0.03}])
    lines = Commission(
        tiers=[{"from_attainment": 0, "rate": 0.03}],
        product_factors=dict.fromkeys(mix, factor),
    )
    credit = product_credit(lines, mix)
    assert credit == pytest.approx(factor)
    assert product_credit(plain, mix) == 1.0  # exactly: plans without factors pay as before
    np.testing.assert_allclose(
        pay_commission(outcomes, lines, credit=credit)[0],
        pay_commission(outcomes, plain)[0] * factor,
        rtol=1e-9,
        atol=1e-9,
    )


def test_margin_equal_to_revenue_pays_as_revenue() -> None:
    revenue = np.array([[50_000.0, 130_000.0, 0.0, 220_000.0]])
    outcomes = outcomes_of(revenue, gross_profit=revenue)
    on_margin = Commission(tiers=[{"from_attainment": 0, "rate": 0.04}], base="booked")
    margin = on_margin.model_copy(update={"paid_on": "margin"})
    np.testing.assert_allclose(
        pay_commission(outcomes, margin)[0], pay_commission(outcomes, on_margin)[0]
    )


def test_an_import_brings_its_own_product_mix() -> None:
    """outcomes.meta['product_shares'] (per line, shares per rep and month) overrides the
    population's mix: a rep selling only a line with factor 0 earns nothing."""
    revenue = np.array([[100_000.0], [100_000.0]])
    outcomes = outcomes_of(revenue)
    imported = Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures=outcomes.measures,
        source="actuals",
        meta={"product_shares": {"GTX": [[[1.0], [0.0]]], "GTK": [[[0.0], [1.0]]]}},
    )
    scenario = scenario_with(
        tiers=[{"from_attainment": 0, "rate": 0.05}], product_factors={"GTK": 0.0}
    )
    result = run_plan(imported, scenario)
    assert result.payouts["commission"][0, :, 0].tolist() == [5_000.0, 0.0]
    assert not any("product_factors" in w for w in result.warnings)
    mg = scenario_with(tiers=[{"from_attainment": 0, "rate": 0.05}], product_factors={"MG": 2.0})
    assert any("no product line MG" in w for w in run_plan(imported, mg).warnings)
    simulated = run_plan(outcomes, scenario).payouts["commission"][0, :, 0]
    assert simulated.tolist() == pytest.approx([5_000.0 * 0.96] * 2)  # GTK is 4.0% by default


def test_product_line_cost_table_splits_commission_and_revenue_by_line() -> None:
    """Hand-worked: one rep, booked 100,000 and commission 1,200 in each of two months;
    mix hardware 60% / software 30% / services 10%, software x2, services x0. Credited
    shares 0.6 : 0.6 : 0 -> commission 1,200 / 1,200 / 0 of 2,400; revenue 120,000 /
    60,000 / 20,000 of 200,000."""
    from types import SimpleNamespace

    from salesperf_model.present.product_lines import product_line_cost, product_line_rows

    data = load_scenario(BASELINE).model_dump(by_alias=True)
    data["population"]["products"] = {"mix": {"hardware": 0.6, "software": 0.3, "services": 0.1}}
    data["pay"]["commission"]["product_factors"] = {"software": 2.0, "services": 0.0}
    scenario = Scenario.model_validate(data)
    outcomes = outcomes_of(np.array([[100_000.0, 100_000.0]]))
    paid = np.full((1, 1, 2), 1_200.0)
    run = SimpleNamespace(
        scenarios={"p": scenario},
        outcomes_of=lambda plan: outcomes,
        results={"p": SimpleNamespace(payouts={"commission": paid})},
    )
    table = product_line_cost(run, ["p"]).set_index("product_line")
    assert table["commission"].tolist() == pytest.approx([1_200.0, 1_200.0, 0.0])
    assert table["booked_revenue"].tolist() == pytest.approx([120_000.0, 60_000.0, 20_000.0])
    assert table["commission_rate"].tolist() == pytest.approx([0.01, 0.02, 0.0])
    assert table["commission_share"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    shown = product_line_rows(table.reset_index(), "CNY")
    assert shown["rate factor"].tolist() == ["x1", "x2", "earns none"]
    assert shown["share of booked revenue"].tolist() == ["60.0%", "30.0%", "10.0%"]
