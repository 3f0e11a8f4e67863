"""The comparison's cash-peaks table names the data's own period: on quarterly data an
average quarter and the last quarter's share of the year, never 'the last 3 months' summed
over three quarters."""

from __future__ import annotations

import pandas as pd

from salesperf_model.present.sales_tables import cash_peaks


def test_monthly_data_reads_in_months():
    monthly = pd.DataFrame(
        {"period": [f"2026-{m:02d}" for m in range(1, 13)], "plan": [100.0] * 9 + [200.0] * 3}
    )
    table = cash_peaks(monthly, "CNY")
    assert list(table.columns) == [
        "plan", "average month", "peak month", "paid in the peak month", "peak / average",
        "last 3 months' share of the year",
    ]  # fmt: skip
    assert table.iloc[0]["last 3 months' share of the year"] == "40%"  # 600 of 1,500


def test_quarterly_data_reads_in_quarters():
    quarterly = pd.DataFrame(
        {"period": ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"], "plan": [100.0, 100, 100, 200]}
    )
    table = cash_peaks(quarterly, "CNY")
    assert list(table.columns) == [
        "plan", "average quarter", "peak quarter", "paid in the peak quarter",
        "peak / average", "last quarter's share of the year",
    ]  # fmt: skip
    row = table.iloc[0]
    assert row["peak quarter"] == "2024-Q4" and row["peak / average"] == "1.6x"
    assert row["last quarter's share of the year"] == "40%"  # 200 of 500, not Q2-Q4's 80%
