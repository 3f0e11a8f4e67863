"""A difference of two percentages is in points: the variable share going from 56.0% to
53.0% is a change of -3.0 points, not -3.0% (which would be 56.0% x 0.97). Leadership read
"Chance of exceeding the cost-of-sales cap 40% -> 0%, difference -40%" in the metric
table; differences of shares, rates, gaps and chances now read "points"."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from salesperf_model.formatting import points
from salesperf_model.present.detail_tables import metric_table
from salesperf_model.present.format import format_difference


@pytest.mark.parametrize(
    ("value", "digits", "signed", "expected"),
    [
        (3.14, 1, True, "+3.1 points"),
        (-0.04, 1, True, "0.0 points"),  # a zero has no sign
        (-12.0, 0, True, "-12 points"),
        (0.26, 1, False, "0.3 points"),
    ],
)
def test_points_are_signed_and_never_a_negative_zero(value, digits, signed, expected):
    assert points(value, digits, signed=signed) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (-3.06, "%", "-3.1 points"),  # a share in percent (variable share of pay)
        (-0.64, "% of revenue", "-0.6 points"),  # cost of sales
        (0.13, "% of male", "+0.1 points"),  # a gender pay gap
        (0.04, "%", "+0.04 points"),  # small: two decimals, as the level shows
        (-0.4, "probability", "-40 points"),  # a chance of 40% -> 0%
        (-8_288_058.0, "money", "-8,288,058"),  # not a percentage: as before
        (0.018, "ratio", "+0.018"),
        (-0.04, "per 100 reps", "-0.04"),  # cases per 100 reps are a count, not a share
    ],
)
def test_a_difference_of_two_percentages_is_in_points(value, unit, expected):
    assert format_difference(value, unit) == expected


def _row(metric: str, unit: str, baseline: float, plan: float, se: float) -> dict:
    difference = plan - baseline
    return {
        "plan": "steep",
        "metric": metric,
        "unit": unit,
        "baseline": baseline,
        "alternative": plan,
        "difference": difference,
        "difference_se": se,
        "difference_low": difference - 1.96 * se,
        "difference_high": difference + 1.96 * se,
        "better": None,
    }


def test_the_metric_table_shows_differences_of_percentages_in_points():
    comparison = pd.DataFrame(
        [
            _row("variable_pay_share", "%", 56.04, 52.98, 0.1),
            _row("over_budget_cost_of_sales", "probability", 0.4, 0.0, 0.16),
            _row("cost_of_sales_collected", "ratio", 0.1204, 0.1131, 0.0001),
            _row("total_pay", "money", 127_657_973.0, 119_369_915.0, 186_550.0),
        ]
    )
    run = SimpleNamespace(
        tables={"comparison": comparison},
        scenarios={"steep": SimpleNamespace(display_title="Steep accelerator")},
    )
    table = metric_table(run, "steep").set_index("metric")
    assert table.loc["Variable share of pay", "difference"] == "-3.1 points"
    assert table.loc["Variable share of pay", "± std. error"] == "0.1 points"
    assert table.loc["Variable share of pay", "Steep accelerator"] == "53.0"  # a level: as before
    assert table.loc["Chance of exceeding the cost-of-sales cap", "difference"] == "-40 points"
    assert table.loc["Chance of exceeding the cost-of-sales cap", "baseline"] == "40%"
    assert table.loc["Pay per unit of cash collected", "difference"] == "-0.7 points"
    assert table.loc["Total pay", "difference"] == "-8,288,058"
    assert table.loc["Total pay", "± std. error"] == "186,550"
