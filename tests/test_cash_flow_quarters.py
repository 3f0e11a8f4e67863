"""The cash-flow sentence compares the peak with an average period of the data's own kind:
on quarterly data it said "pays the most in 2024-Q4 ... 1.8 times an average month"."""

from __future__ import annotations

import pandas as pd
import pytest

from salesperf_model.present.sales_views import cash_flow_sentence


@pytest.mark.parametrize(
    ("periods", "word"),
    [
        (["2024-10", "2024-11", "2024-12"], "month"),
        (["2024-Q2", "2024-Q3", "2024-Q4"], "quarter"),
        (["2024-02..2024-04", "2024-05..2024-07", "2024-08..2024-10"], "quarter"),  # fiscal
        (["2023-H2", "2024-H1", "2024-H2"], "half year"),
    ],
)
def test_the_peak_is_against_an_average_period_of_the_datas_kind(periods, word):
    table = pd.DataFrame({"period": periods, "total": [1e6, 1e6, 4e6]})
    assert cash_flow_sentence(table, "base", "CNY") == (
        f"Base pays the most in {periods[-1]}: 4.00 M CNY, 2.0 times an average {word}, as "
        "quarterly and yearly bonuses fall due"
    )


@pytest.mark.parametrize(
    ("periods", "word"),
    [
        (["2024-01", "2024-02"], "month"),
        (["2024-Q1", "2024-Q2"], "quarter"),
        (["2024-H1", "2024-H2"], "half year"),
    ],
)
def test_an_even_plan_pays_the_same_every_period_of_the_datas_kind(periods, word):
    table = pd.DataFrame({"period": periods, "total": [1e6, 1e6]})
    assert cash_flow_sentence(table, "base", "CNY") == (
        f"Base pays about the same every {word} (1.00 M CNY)"
    )
