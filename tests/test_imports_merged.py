"""The two halves of #14 together: export shapes (a revenue table, won deals without ids,
stages or accounts, cash and quota tables) under currency conversion, reconciliation,
refusal of dropped revenue and the unsplit new/existing rule. Hand-made fixtures in
tests/data/imports, example mappings in mappings/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from salesperf_model.actuals import CurrencyMismatch, RevenueDropRefused, load_actuals
from salesperf_model.engine import UnscoredRoleError, run_plan, unscorable_kpis
from salesperf_model.loading import load_scenario

ROOT = Path(__file__).parents[1]
QUARTERLY = ROOT / "mappings" / "quarterly_revenue.yaml"
WON = ROOT / "mappings" / "won_deals.yaml"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
REVENUE_ONLY = {"rep": "employee", "period": "quarter", "amount": "revenue"}


def _rows(outcomes, name):
    return dict(zip(outcomes.reps["rep_id"], outcomes.get(name)[0].tolist(), strict=True))


def _variant(tmp_path, source: Path, **changes) -> Path:
    """A copy of an example mapping with keys changed (None deletes), data_dir absolute."""
    mapping = yaml.safe_load(source.read_text())
    mapping["data_dir"] = str((source.parent / mapping["data_dir"]).resolve())
    for key, value in changes.items():
        if value is None:
            mapping.pop(key, None)
        else:
            mapping[key] = value
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(mapping))
    return path


def test_a_revenue_table_reconciles_with_the_outcomes() -> None:
    # revenue.csv: Ann 300,000 + 240,000 + 300,000 + 390,000, Bob 100,000 + 200,000 +
    # 150,000 + 0, Cy 50,000 + 120,000 + 200,000 = 2,050,000 over 11 rows, 10 non-zero.
    outcomes, report = load_actuals(QUARTERLY)
    r = report.reconciliation
    assert (r.file, r.rows, r.revenue_rows, r.revenue) == ("revenue.csv", 11, 10, 2_050_000)
    assert (r.left_out_rows, r.left_out_revenue, r.imported_rows) == (0, 0, 11)
    assert r.imported_revenue == r.outcome_revenue == outcomes.get("revenue_booked").sum()
    assert r.closes and not r.drops_revenue
    assert "11 rows, 10 of them with revenue carrying 2,050,000.00 CNY" in r.sentences()[0]


def test_a_revenue_table_dropping_revenue_is_refused_and_closes_when_lenient(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    # Kept: Ann Q1 100, Bob Q2 1,000 + 20 (summed). Left out: a quarter 5 (50), a blank
    # amount (unreadable) and a negative amount (-5).
    (data / "revenue.csv").write_text(
        "employee,quarter,revenue\nAnn,2024Q1,100\nAnn,2024Q5,50\nAnn,2024Q2,\n"
        "Bob,2024Q1,-5\nBob,2024Q2,1e3\nBob,2024Q2,20\n"
    )
    revenue = {"file": "revenue.csv", "columns": REVENUE_ONLY}
    path = _variant(
        tmp_path, QUARTERLY, roster=None, quota_table=None, valid_to=None, revenue=revenue
    )
    with pytest.raises(RevenueDropRefused) as refused:
        load_actuals(path, data_dir=data)
    assert "3 won rows carrying 45.00 CNY of the file's 1,165.00 CNY" in str(refused.value)
    outcomes, report = load_actuals(path, data_dir=data, lenient=True)
    r = report.reconciliation
    assert (r.rows, r.left_out_rows, r.imported_rows) == (6, 3, 3)
    assert (r.revenue, r.left_out_revenue, r.imported_revenue) == (1165, 45, 1120)
    assert r.unreadable_revenue_rows == 1
    assert r.outcome_revenue == outcomes.get("revenue_booked").sum() == 1120
    assert r.closes and report.lenient
    assert "Imported with --lenient: 3 won rows carrying 45.00 CNY" in report.to_text()


def test_revenue_quota_and_cash_tables_are_converted_at_the_stated_rate(tmp_path) -> None:
    quarterly = _variant(tmp_path, QUARTERLY, currency="USD", rates={"CNY": 7.0})
    outcomes, report = load_actuals(quarterly, currency="CNY")
    assert outcomes.meta["currency"] == "CNY"
    assert _rows(outcomes, "revenue_booked")["Ann"] == pytest.approx(
        [2_100_000, 1_680_000, 2_100_000, 2_730_000]
    )
    assert _rows(outcomes, "revenue_booked_new")["Ann"] == pytest.approx(
        [420_000, 280_000, 630_000, 840_000]
    )
    assert _rows(outcomes, "quota")["Ann"] == pytest.approx([2_100_000] * 4)  # 300,000 x 7
    # reconciled in the export's own currency: the outcomes' yuan converted back
    assert report.reconciliation.currency == "USD"
    assert report.reconciliation.outcome_revenue == pytest.approx(2_050_000)
    assert report.reconciliation.closes
    unconverted, _ = load_actuals(quarterly)
    assert unconverted.meta["currency"] == "USD"
    assert _rows(unconverted, "quota")["Ann"] == pytest.approx([300_000] * 4)
    with pytest.raises(CurrencyMismatch, match="rates has no EUR rate"):
        load_actuals(quarterly, currency="EUR")
    won = _variant(tmp_path, WON, currency="USD", rates={"CNY": 7.0})
    deals, _ = load_actuals(won, currency="CNY")
    # quota.amount 1,000 a month, in the export's currency: 7,000 CNY
    assert _rows(deals, "quota")["Ann"] == pytest.approx([7_000] * 3)
    given, _ = load_actuals(won, currency="CNY", quotas=500)  # given: the plan's currency
    assert _rows(given, "quota")["Ann"] == pytest.approx([500] * 3)
    # cash.csv: Ann 1,500 (Feb) + 400 (Mar), Bob 2,000 (Mar), x 7
    assert _rows(deals, "revenue_collected") == {
        "Ann": pytest.approx([0, 10_500, 2_800]),
        "Bob": pytest.approx([0, 0, 14_000]),
        "Cy": [0, 0, 0],
    }


def test_a_revenue_table_with_new_amount_scores_new_business_on_it() -> None:
    outcomes, _ = load_actuals(QUARTERLY)
    assert outcomes.meta["measures_unsplit"] == []
    # new_revenue column: Ann 60,000, 40,000, 90,000, 120,000
    assert _rows(outcomes, "revenue_booked_new")["Ann"] == [60_000, 40_000, 90_000, 120_000]
    assert _rows(outcomes, "revenue_booked_existing")["Ann"] == [
        240_000,
        200_000,
        210_000,
        270_000,
    ]
    missing = unscorable_kpis(outcomes, load_scenario(BASELINE))
    assert "new_customer_revenue" not in missing
    assert missing["new_customer_count"] == ["new_customers"]  # a revenue table counts none
    result = run_plan(outcomes, load_scenario(BASELINE))
    assert "new_customer_revenue" in result.kpi_points


def test_without_new_amount_or_accounts_new_business_is_unscorable_not_zero(tmp_path) -> None:
    revenue = {"file": "revenue.csv", "columns": REVENUE_ONLY}
    outcomes, _ = load_actuals(_variant(tmp_path, QUARTERLY, revenue=revenue))
    assert ["revenue_booked_new", "revenue_booked_existing"] in outcomes.meta["measures_unsplit"]
    assert any(
        a.startswith("The revenue table (revenue.csv) has no new_amount column")
        for a in outcomes.meta["assumptions"]
    )
    assert "new_customer_revenue" in unscorable_kpis(outcomes, load_scenario(BASELINE))
    with pytest.raises(UnscoredRoleError, match=r"new_business \(3 seats\)"):
        run_plan(outcomes, load_scenario(BASELINE))
    deals, _ = load_actuals(WON)  # no account column
    assert ["revenue_booked_new", "revenue_booked_existing"] in deals.meta["measures_unsplit"]
    for name in ("new_customers", "existing_customers", "repeat_customers", "new_segments"):
        assert name not in deals.measures
    assert any(a.startswith("The export has no account column") for a in deals.meta["assumptions"])
