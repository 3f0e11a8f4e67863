"""The calibration check says what its figures show: an untargeted figure that misses is
not sent to a known gap that does not exist, and the chart's headline follows the numbers.
Figures: the tester's run on the Maven export (calibrate --check 5 --refine 5)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from salesperf_model import calibrate

#: actual, simulated (revenue in CNY per rep and month)
MAVEN_CHECK = {
    "revenue_per_rep_month": (225124.515, 220042.687809),
    "revenue_per_rep_month_sd": (156874.628607, 232905.251706),
    "revenue_new_share": (0.018892, 0.053821),
    "deals_won_per_rep_month": (14.126667, 0.283333),
    "win_rate": (0.631501, 0.627770),
    "book_customers_last_month": (28.766667, 26.9),
    "repeatability_icc": (0.438808, 0.483293),
}
WON_DEALS_NOTE = (
    "The simulation counts only deals with new customers as won deals (repeat orders are "
    "not deals there): won deals per rep and month are 14.1 in the actuals but about 0.28 "
    "in the calibrated simulation, so KPIs built on won deals differ for that reason."
)


def _diagnostics(figures: dict[str, tuple[float, float]]) -> pd.DataFrame:
    table = pd.DataFrame(
        [(moment, actual, sim) for moment, (actual, sim) in figures.items()],
        columns=["moment", "actual", "simulated"],
    )
    table["relative_difference"] = (table["simulated"] - table["actual"]) / table["actual"]
    return table


def test_each_untargeted_figure_that_misses_has_a_gap_sentence():
    """'spread of revenue per rep and month +48.5%' and 'new customers' share of revenue
    +184.9%' were labelled 'not targeted (see known gaps)' with no gap about them."""
    diagnostics = _diagnostics(MAVEN_CHECK)
    gaps = calibrate.untargeted_gaps(diagnostics, [WON_DEALS_NOTE])
    # (232,905 - 156,875) / 156,875 = +48.5%; (0.0538 - 0.0189) / 0.0189 = +184.9%;
    # (0.4833 - 0.4388) / 0.4388 = +10.1%; won deals are explained by the note already
    assert len(gaps) == 3, gaps
    spread, new_share, icc = gaps
    assert spread.startswith("The spread of revenue per rep and month is not targeted")
    assert "232,905 simulated against 156,875 in the export (+48.5%)" in spread
    assert "0.0538 simulated against 0.0189 in the export (+184.9%)" in new_share
    assert "new customers' share of revenue" in new_share
    assert "(+10.1%)" in icc

    check = SimpleNamespace(diagnostics=diagnostics, notes=[WON_DEALS_NOTE, *gaps])
    labels = dict(zip(*calibrate.moment_table(check)[["figure", "check"]].T.to_numpy()))
    assert (
        labels["spread of revenue per rep and month"]
        == "not targeted: OUTSIDE 10% (see known gaps)"
    )
    assert labels["won deals per rep and month"] == "not targeted: OUTSIDE 10% (see known gaps)"
    assert labels["customers per rep in the last month"] == "within 10%"  # targeted, -6.5%
    assert labels["win rate"] == "within 10%"


def test_an_untargeted_figure_within_tolerance_is_not_sent_to_the_gaps():
    diagnostics = _diagnostics({"revenue_per_rep_month_sd": (100.0, 105.0)})
    assert calibrate.untargeted_gaps(diagnostics, []) == []
    check = SimpleNamespace(diagnostics=diagnostics, notes=[])
    assert list(calibrate.moment_table(check)["check"]) == ["not targeted: within 10%"]


def test_the_chart_headline_follows_the_numbers():
    """The headline said revenue per rep-month and seasonality 'match' with the spread at
    +48%."""
    diagnostics = _diagnostics(MAVEN_CHECK)
    title = calibrate.chart_headline(diagnostics, seasonality_gap=0.04)
    assert "revenue per rep-month matches on average (-2%) but spreads more (+48%)" in title
    assert "seasonality matches (within 0.04 of the fitted index each month)" in title
    assert "won deals differ by design" in title

    close = _diagnostics(
        {"revenue_per_rep_month": (100.0, 103.0), "revenue_per_rep_month_sd": (50.0, 47.0)}
    )
    title = calibrate.chart_headline(close, seasonality_gap=0.25)
    assert "revenue per rep-month matches in level (+3%) and spread (-6%)" in title
    assert "seasonality differs (by up to 0.25 of the fitted index in a month)" in title
