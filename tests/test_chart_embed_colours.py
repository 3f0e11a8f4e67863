"""A chart keeps its colours on the page: the palette PNG the reports embed (64 colours)
holds every flat colour the chart draws exactly, however small (a legend swatch), so two
colours the chart keeps apart are never merged into one in-between colour."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from PIL import Image

from salesperf_model.present.charts import OKABE_ITO, keep_whole_chart, to_png
from salesperf_model.present.charts.embed import PALETTE_COLOURS, small_png
from salesperf_model.present.charts.money_views import (
    COMPONENT_COLOURS,
    FIXED_COLOUR,
    cash_flow_components_chart,
)


def _colours(png: bytes) -> set[str]:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    return {"#{:02X}{:02X}{:02X}".format(*p) for p in np.unique(pixels, axis=0)}


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def test_legend_swatches_keep_their_own_colours_when_no_bar_draws_them():
    """The replay's keep-whole chart when every rep gains: vermillion and orange are drawn
    only in the legend (about 150 pixels each); both reach the page, neither merged."""
    table = pd.DataFrame(
        {
            "rep_id": [f"Rep {i}" for i in range(35)],
            "pct_change": np.linspace(9.0, 32.0, 35),
            "change": np.linspace(900.0, 3200.0, 35),
            "loses_over_threshold": False,
        }
    )
    figure = keep_whole_chart(table, "combined_reform", "baseline", currency="CNY")
    full = to_png(figure)
    small = small_png(full)
    assert {OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["blue"]} <= _colours(small)
    assert len(_colours(small)) <= PALETTE_COLOURS
    assert len(small) < len(full) / 2  # still a palette PNG: a third of the bytes or so


def test_every_pay_component_and_the_white_page_keep_their_exact_colour():
    """Every pixel of a flat colour keeps it: a white background drawn off-white would show
    as a grey box on the white page."""
    periods = [f"2026-{m:02d}" for m in range(1, 13)]
    table = pd.DataFrame({"period": periods, "base pay and allowances": 4e6})
    parts = ["commission", "target bonus", "team award", "profit share", "holdback", "SPIF"]
    for i, part in enumerate(parts):
        table[part] = np.linspace(1.0, 2.0, 12) * 1e6 / (i + 1)
    table["total"] = table.drop(columns="period").sum(axis=1)
    figure = cash_flow_components_chart(
        table, baseline_total=table["total"] * 1.1, currency="CNY", title="t"
    )
    full = to_png(figure)
    before, after = _pixels(full), _pixels(small_png(full))
    for colour in ("#FFFFFF", FIXED_COLOUR, *COMPONENT_COLOURS[: len(parts)]):
        drawn = (before == _rgb(colour)).all(axis=2)
        assert drawn.sum() > 100, colour
        kept = (after[drawn] == _rgb(colour)).all(axis=1)
        assert kept.all(), f"{colour}: {(~kept).sum()} of {drawn.sum()} pixels changed colour"
