"""A region heat cell whose pay change rounds to zero prints "0.0%", never "+0.0%" or
"-0.0%" (a direction the figure does not have); a region a plan has no figure for prints
"n/a", not "+nan%"."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from salesperf_model.present.charts.regions import region_heat_chart


def _table(changes: dict[str, list[float]]) -> pd.DataFrame:
    regions = ["north", "south", "east", "all"]
    rows = [
        {"plan": plan, "region": region, "pay_change_pct": change}
        for plan, values in changes.items()
        for region, change in zip(regions, values, strict=True)
    ]
    return pd.DataFrame(rows)


def _cells(figure) -> list[str]:
    return [text.get_text() for text in figure.axes[0].texts]


def test_a_change_that_rounds_to_zero_prints_without_a_sign():
    table = _table(
        {
            "base": [0.0, 0.0, 0.0, 0.0],
            "steep": [0.04, -0.04, 2.46, -0.0],
            "flat": [0.0, -0.051, np.nan, -3.0],
        }
    )
    figure = region_heat_chart(table, "base", title="Pay by region")
    # rows north, south, east, all; columns steep, flat
    assert _cells(figure) == [
        "0.0%",
        "0.0%",
        "0.0%",
        "-0.1%",
        "+2.5%",
        "n/a",
        "0.0%",
        "-3.0%",
    ]
    plt.close(figure)
