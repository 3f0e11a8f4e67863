"""Columns of the export the mapping does not read are listed in the report; a currency
column among them naming another currency than the mapping's refuses the import (its
amounts would be summed as the mapping's currency), unless --lenient leaves them out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from salesperf_model.actuals import RevenueDropRefused, load_actuals

ROOT = Path(__file__).parents[1]
MAPPING = ROOT / "mappings" / "maven_crm.yaml"


def _export(tmp_path: Path, column: str, codes: dict[int, str]) -> Path:
    """The Maven export with a currency column: USD everywhere but the rows `codes` names."""
    folder = tmp_path / "maven"
    shutil.copytree(ROOT / "tests" / "data" / "maven_crm", folder)
    pipeline = pd.read_csv(folder / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    pipeline[column] = "USD"
    for row, code in codes.items():
        pipeline.loc[row, column] = code
    pipeline.to_csv(folder / "sales_pipeline.csv", index=False)
    return folder


def test_rows_in_another_currency_refuse_the_import(tmp_path):
    # the first 50 rows (CSV lines 2..51) are in euros: 36 of them won, 54,121 EUR; the
    # other 8,750 rows in dollars, 4,202 won carrying 10,005,534 - 54,121 = 9,951,413 USD.
    # They were summed as dollars and the report said "no conversion".
    folder = _export(tmp_path, "currency", dict.fromkeys(range(50), "EUR"))
    with pytest.raises(RevenueDropRefused) as refused:
        load_actuals(MAPPING, data_dir=folder)
    said = str(refused.value)
    assert "would leave out 36 won rows carrying 54,121.00 USD" in said
    assert (
        "sales_pipeline.csv.currency: amounts in EUR, not the mapping's currency USD (column "
        "'currency' holds USD: 8,750 rows, 9,951,413.00 USD of won revenue; EUR: 50 rows, "
        "54,121.00 EUR of won revenue): 50 rows carrying 54,121.00 USD (CSV lines 2, 3, 4, 5, 6, "
        "...)\n"
    ) in said
    outcomes, report = load_actuals(MAPPING, data_dir=folder, lenient=True)
    assert float(outcomes.get("revenue_booked").sum()) == pytest.approx(9_951_413.0)
    text = report.to_text()
    assert "opportunity rows: 8,800" in text and "deals kept: 8,750" in text
    assert "sales_pipeline.csv: a column the mapping does not read: currency" in text


def test_a_currency_column_of_the_mapping_s_currency_is_listed_and_imported(tmp_path):
    # lower case and padded codes are the same currency; the column is still said unread
    folder = _export(tmp_path, "curr", {0: " usd", 1: "usd"})
    outcomes, report = load_actuals(MAPPING, data_dir=folder)
    assert float(outcomes.get("revenue_booked").sum()) == pytest.approx(10_005_534.0)
    assert report.revenue_problems().empty
    assert (
        "sales_pipeline.csv: a column the mapping does not read: curr (every row USD, the "
        "mapping's currency)"
    ) in report.to_text()
