"""The pay-curve sentence names the attainment bins it quotes: on sparse data it called the
pay of the one rep at 170-180% of quota "150-160%", whichever bin was nearest."""

from __future__ import annotations

import pandas as pd

from salesperf_model.present.sales_views import curve_bin_words, pay_curve_sentence


def _curves(bins: dict[str, dict[float, float]]) -> pd.DataFrame:
    """``present.sales_views.pay_curve_table``: plan -> {bin middle: mean pay}."""
    return pd.DataFrame(
        [
            {"plan": plan, "attainment": middle, "reps": 1, "pay_mean": pay}
            for plan, pays in bins.items()
            for middle, pay in pays.items()
        ]
    )


def test_a_bin_is_named_by_its_edges_and_the_last_takes_everything_above():
    assert curve_bin_words(1.05) == "100-110%"
    assert curve_bin_words(0.05) == "0-10%"
    assert curve_bin_words(1.75) == "170-180%"
    assert curve_bin_words(1.95) == "190% and above"


def test_full_bins_keep_100_110_and_150_160():
    curves = _curves(
        {
            "baseline": {0.95: 180e3, 1.05: 200e3, 1.55: 260e3},
            "steep": {0.95: 170e3, 1.05: 190e3, 1.55: 285e3},
        }
    )
    assert pay_curve_sentence(curves, "baseline", "CNY") == (
        "Under Baseline, reps at 100-110% of quota earn 200,000 CNY a year on average, at "
        "150-160% 260,000 CNY (x1.30); Steep: x1.50"
    )


def test_sparse_data_names_the_bin_actually_quoted():
    """No rep at 150-160%: the one rep at 170-180% is quoted as 170-180%, and every plan is
    compared on the same two bins."""
    curves = _curves(
        {
            "baseline": {0.45: 90e3, 1.05: 180_000.0, 1.75: 222_362.0},
            "steep": {0.45: 85e3, 1.05: 170e3, 1.75: 255e3},
            "flat": {0.45: 95e3, 1.05: 175e3},  # nobody at 170-180%: not compared
        }
    )
    assert pay_curve_sentence(curves, "baseline", "CNY") == (
        "Under Baseline, reps at 100-110% of quota earn 180,000 CNY a year on average, at "
        "170-180% 222,362 CNY (x1.24); Steep: x1.50"
    )


def test_no_rep_at_quota_names_the_nearest_bin_it_quotes():
    curves = _curves({"baseline": {0.35: 60e3, 0.85: 150e3, 1.95: 300e3}})
    assert pay_curve_sentence(curves, "baseline", "CNY") == (
        "Under Baseline, reps at 80-90% of quota earn 150,000 CNY a year on average, at "
        "190% and above 300,000 CNY (x2.00)"
    )


def test_with_no_rep_above_the_lower_bin_the_sentence_says_so():
    curves = _curves({"baseline": {0.35: 60e3, 0.65: 110e3}, "steep": {0.65: 100e3}})
    assert pay_curve_sentence(curves, "baseline", "CNY") == (
        "Under Baseline, reps at 60-70% of quota earn 110,000 CNY a year on average; no rep "
        "reaches a higher attainment to compare with"
    )


def test_nothing_paid_at_the_lower_bin_gives_no_ratio():
    curves = _curves({"baseline": {1.05: 0.0, 1.55: 50e3}, "steep": {1.05: 10e3, 1.55: 60e3}})
    assert pay_curve_sentence(curves, "baseline", "CNY") == (
        "Under Baseline, reps at 100-110% of quota earn 0 CNY a year on average, at "
        "150-160% 50,000 CNY"
    )
