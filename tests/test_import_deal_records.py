"""Imported won deals as per-deal records and product shares: per-deal commission tiers
each real deal on its own (not the month's mean deal), product-line factors apply to the
export's own mix, and the records survive the cache codec. Hand-made fixture written
here; figures worked by hand in the docstrings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from commission_fixture import scenario_with
from test_cache import _round_trip, _same_value

from salesperf_model.actuals import load_actuals
from salesperf_model.engine.commission import pay_commission
from salesperf_model.engine.products import product_credit, product_shares
from salesperf_model.outcomes import Outcomes

DEALS = """salesperson,closed,value,product
Ann,2024-01-10,1000,GTX
Ann,2024-01-20,500,MG
Bob,2024-02-03,2000,GTX
Ann,2024-03-15,700,
"""
#: 2% on a deal's first 800, 6% above.
TIERS = [{"from_amount": 0, "rate": 0.02}, {"from_amount": 800, "rate": 0.06}]


def _import(
    tmp_path,
    *,
    product: bool = True,
    currency: str | None = None,
    write: bool = True,
    **mapping_keys,
) -> Outcomes:
    if write:
        (tmp_path / "deals.csv").write_text(DEALS)
    columns = {"rep": "salesperson", "close_date": "closed", "amount": "value"}
    if product:
        columns["product"] = "product"
    mapping = {
        "name": "tiny_won",
        "data_dir": str(tmp_path),
        "opportunities": {"file": "deals.csv", "columns": columns},
        "quota": {"rule": "fixed", "amount": 1000},
        "currency": "CNY",
        **mapping_keys,
    }
    path = tmp_path / "tiny_won.yaml"
    path.write_text(yaml.safe_dump(mapping))
    outcomes, _ = load_actuals(path, currency=currency, period=mapping_keys.get("period"))
    return outcomes


def _commission(outcomes: Outcomes, **fields) -> np.ndarray:
    scenario = scenario_with(base="booked", tier_each="deal", tiers=TIERS, **fields)
    plan = scenario.pay.commission
    shares = product_shares(scenario.population.products.mix, outcomes)
    return pay_commission(outcomes, plan, credit=product_credit(plan, shares))[0][0]


def test_each_imported_won_deal_is_recorded_in_the_plans_currency(tmp_path) -> None:
    """Yuan deals for a dollar plan at the mapping's 0.5 USD per CNY: halved."""
    outcomes = _import(tmp_path, rates={"USD": 0.5}, currency="USD")
    deals = outcomes.meta["deals"]
    assert outcomes.meta["deals_cover"] == "all"
    assert deals[["simulation", "rep", "period", "list_value", "discount"]].values.tolist() == [
        [0, "Ann", "2024-01", 500.0, 0.0],
        [0, "Ann", "2024-01", 250.0, 0.0],
        [0, "Bob", "2024-02", 1000.0, 0.0],
        [0, "Ann", "2024-03", 350.0, 0.0],
    ]
    assert deals["product"].tolist()[:3] == ["GTX", "MG", "GTX"]
    assert deals["product"].isna().tolist() == [False, False, False, True]


def test_per_deal_tiers_pay_each_imported_deal_not_the_months_mean(tmp_path) -> None:
    """Ann, January: 1,000 -> 2% x 800 + 6% x 200 = 28; 500 -> 10; together 38 (the
    month's mean, 750 twice, would pay 2 x 15 = 30). Bob, February: 2,000 -> 16 + 72 = 88.
    Ann, March: 700 -> 14."""
    outcomes = _import(tmp_path, product=False)
    paid = _commission(outcomes)
    rows = dict(zip(outcomes.reps["rep_id"], np.round(paid, 2).tolist(), strict=True))
    assert rows == {"Ann": [38.0, 0.0, 14.0], "Bob": [0.0, 88.0, 0.0]}
    without_records = Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures=outcomes.measures,
        source=outcomes.source,
        meta={k: v for k, v in outcomes.meta.items() if k != "deals"},
    )
    assert np.round(_commission(without_records), 2)[0].tolist() == [30.0, 0.0, 14.0]


def test_quarterly_output_tiers_each_deal_of_the_quarter(tmp_path) -> None:
    """Quarterly periods: Ann's three deals (28 + 10 + 14 = 52), Bob's one (88), each
    recorded in 2024-Q1 and tiered on its own."""
    outcomes = _import(tmp_path, product=False, period="quarter")
    assert outcomes.periods == ["2024-Q1"]
    assert set(outcomes.meta["deals"]["period"]) == {"2024-Q1"}
    assert np.round(_commission(outcomes, settlement="quarterly"), 2).tolist() == [[52.0], [88.0]]


def test_product_line_factors_apply_to_the_exports_own_mix(tmp_path) -> None:
    """Shares of booked revenue per rep and month: Ann January GTX 2/3, MG 1/3; Ann March
    (no product) and Bob (GTX) one line each. MG at factor 0.4: Ann January's credit is
    2/3 + 1/3 x 0.4 = 0.8, so 38 x 0.8 = 30.40; the others earn x1. A rep-month without
    revenue takes the whole import's mix (GTX 3,000 / 4,200)."""
    outcomes = _import(tmp_path)
    shares = outcomes.meta["product_shares"]
    assert sorted(shares) == ["(no product)", "GTX", "MG"]
    np.testing.assert_allclose(shares["GTX"][0, 0], [2 / 3, 3000 / 4200, 0.0])
    np.testing.assert_allclose(shares["MG"][0, 0], [1 / 3, 500 / 4200, 0.0])
    np.testing.assert_allclose(sum(shares.values()), 1.0)
    paid = _commission(outcomes, product_factors={"MG": 0.4})
    assert np.round(paid, 2).tolist() == [[30.4, 0.0, 14.0], [0.0, 88.0, 0.0]]


@pytest.mark.parametrize("product", [True, False])
def test_the_cache_codec_round_trips_the_deal_records_and_shares(tmp_path, product) -> None:
    outcomes = _import(tmp_path, product=product)
    back = _round_trip(outcomes)
    _same_value(outcomes, back, "outcomes")
    assert isinstance(back.meta["deals"], pd.DataFrame)
    np.testing.assert_array_equal(_commission(back), _commission(outcomes))


def test_the_product_tables_line_column_names_the_lines(tmp_path) -> None:
    """With a product table whose `series` column is the line, GTX and MG are lines of
    products "GTX Pro" / "MG Special"; a product outside the table is its own line."""
    (tmp_path / "products.csv").write_text("name,series\nGTX Pro,GTX\nMG Special,MG\n")
    text = DEALS.replace(",GTX", ",GTX Pro").replace(",MG", ",MG Special")
    text = text.replace("700,", "700,Widget")
    (tmp_path / "deals.csv").write_text(text)
    products = {"file": "products.csv", "columns": {"product": "name", "line": "series"}}
    outcomes = _import(tmp_path, products=products, write=False)
    deals = outcomes.meta["deals"]
    assert deals["product"].tolist() == ["GTX Pro", "MG Special", "GTX Pro", "Widget"]
    assert deals["product_line"].tolist() == ["GTX", "MG", "GTX", "Widget"]
    assert sorted(outcomes.meta["product_shares"]) == ["GTX", "MG", "Widget"]
    paid = _commission(outcomes, product_factors={"MG": 0.4})
    assert np.round(paid, 2).tolist() == [[30.4, 0.0, 14.0], [0.0, 88.0, 0.0]]
