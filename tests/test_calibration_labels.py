"""The calibration page names every fitted quantity and every checked figure in words: it
showed "repeatability icc", "between rep log sd", "revenue per rep month sd", "deal size
sigma" and the unit "log units". The calibration JSON and the CSV tables keep the names."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from salesperf_model import calibrate
from salesperf_model.calibrate.diagnostics import summary_moments
from salesperf_model.calibrate.labels import (
    QUANTITY_LABELS,
    quantity_label,
    unit_label,
    unmapped_sentence,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "salesperf_model" / "calibrate"
#: What a reader should not meet: a code name, a statistician's abbreviation or symbol.
RAW = re.compile(r"_|\bsd\b|\bicc\b|\bsigma\b|\bcv\b|\blog units\b", re.IGNORECASE)


def _fitted_quantities() -> set[str]:
    """Every quantity a fit step writes: the first argument of each ``table.add("...")``."""
    names = set()
    for module in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value)
    return names


def _moments() -> set[str]:
    """The figures the calibration check compares, actual against simulated."""
    draws = np.random.default_rng(1).uniform(1.0, 9.0, size=(1, 4, 6))  # sims, reps, months
    return set(summary_moments(SimpleNamespace(get=lambda _name: draws)))


def test_every_fitted_quantity_and_checked_figure_has_a_plain_label():
    quantities = _fitted_quantities() | _moments()
    assert {"rep_month_sigma", "deal_size_sigma", "revenue_per_rep_month_sd"} <= quantities
    assert not quantities - set(QUANTITY_LABELS), sorted(quantities - set(QUANTITY_LABELS))
    assert not [label for label in QUANTITY_LABELS.values() if RAW.search(label)]
    # the page lists labels with commas between them: a label has none of its own
    assert not [label for label in QUANTITY_LABELS.values() if "," in label]
    committed = json.loads((ROOT / "calibration" / "maven_crm.json").read_text(encoding="utf-8"))
    assert {fit["quantity"] for fit in committed["fits"]} <= set(QUANTITY_LABELS)


def test_the_names_the_page_showed_read_in_words():
    assert quantity_label("repeatability_icc") == "lasting share of differences between reps"
    assert quantity_label("between_rep_log_sd") == "spread of reps' usual revenue"
    assert quantity_label("revenue_per_rep_month_sd") == "spread of revenue per rep and month"
    assert quantity_label("deal_size_sigma") == "spread of deal sizes"
    assert quantity_label("win_rate") == "win rate"  # the page's tests look rows up by it
    assert quantity_label("a_new_quantity") == "a new quantity"  # unknown: still no underscores
    assert unit_label("log units") == "log scale"
    assert unit_label("money", "CNY") == "money (CNY)" and unit_label("money") == "money"
    assert unit_label("share per month") == "share per month"


def test_the_line_of_quantities_with_no_setting_reads_in_words():
    assert unmapped_sentence(["repeatability_icc", "between_rep_log_sd", "order_size_cv"]) == (
        "Fitted but with no setting in the simulation (shown for information): lasting share "
        "of differences between reps, spread of reps' usual revenue, variation of repeat "
        "order sizes."
    )
    assert unmapped_sentence([]) == ""


def test_the_page_tables_use_the_labels_and_the_json_keeps_the_names():
    fits = pd.DataFrame(
        {
            "quantity": ["deal_size_sigma", "deal_size_median", "repeatability_icc"],
            "value": [0.71, 4708.0, 0.4],
            "ci_low": [float("nan")] * 3,
            "ci_high": [float("nan")] * 3,
            "unit": ["log units", "money", "share"],
            "n": [100, 100, 300],
            "estimator": ["log-normal MLE"] * 3,
            "how": ["how widely", "the median", "the share"],
            "population_field": ["roles.a.deal_size_sigma", "roles.a.deal_size_median", None],
        }
    )
    table = calibrate.fitted_values_table(SimpleNamespace(fitted=fits), currency="CNY")
    assert list(table["quantity"]) == ["spread of deal sizes", "median deal size"]
    assert list(table["unit"]) == ["log scale", "money (CNY)"]
    assert list(fits["quantity"]) == ["deal_size_sigma", "deal_size_median", "repeatability_icc"]
    diagnostics = pd.DataFrame(
        {
            "moment": ["revenue_per_rep_month_sd", "repeatability_icc", "win_rate"],
            "actual": [100.0, 0.4, 0.6],
            "simulated": [90.0, 0.3, 0.5],
            "relative_difference": [-0.1, -0.25, -1 / 6],
        }
    )
    check = SimpleNamespace(diagnostics=diagnostics)
    assert list(calibrate.moment_table(check)["figure"]) == [
        "spread of revenue per rep and month",
        "lasting share of differences between reps",
        "win rate",
    ]


@pytest.mark.parametrize("worst", ["revenue_big_share", "attainment_mean"])
def test_the_summary_names_the_largest_gap_in_words(worst):
    check = calibrate.CalibrationCheck(
        source="crm",
        calibration=SimpleNamespace(fits=pd.DataFrame({"population_field": ["a"]})),
        scenario=None,
        actual=None,
        simulated=SimpleNamespace(shape=(20, 30, 10)),
        diagnostics=pd.DataFrame(
            {
                "moment": ["win_rate", worst],
                "actual": [0.5, 0.4],
                "simulated": [0.5, 0.3],
                "relative_difference": [0.0, -0.25],
            }
        ),
        cost=pd.DataFrame(
            {
                "component": ["total"],
                "replay_per_seat_month": [1000.0],
                "simulated_per_seat_month": [1000.0],
                "relative_difference": [0.0],
                "note": [""],
            }
        ),
        notes=[],
        unmapped=[],
        simulations=20,
        seed=3,
    )
    sentence = calibrate.calibration_summary(check, "EUR").moments_sentence
    assert f"the largest gap is {quantity_label(worst)} (-25.0%)" in sentence
    assert not RAW.search(sentence), sentence


def test_a_one_sided_interval_is_shown_and_the_shipped_fit_has_the_cycle_in_months():
    """No rep left the export: attrition 0 with an upper bound of 0.148, which the page
    left blank because it needed both ends."""
    nan = float("nan")
    fits = pd.DataFrame(
        {
            "quantity": ["annual_attrition", "negotiation_months", "win_rate"],
            "value": [0.0, 1.51, 0.63],
            "ci_low": [nan, 1.48, nan],
            "ci_high": [0.1475551781645574, 1.55, nan],
            "unit": ["share", "months", "share"],
            "n": [30, 6037, 6711],
            "estimator": ["x"] * 3,
            "how": ["y"] * 3,
            "population_field": ["workforce.annual_attrition", "roles.a.negotiation_months", "w"],
        }
    )
    table = calibrate.fitted_values_table(SimpleNamespace(fitted=fits))
    assert list(table["95% interval"]) == ["up to 0.148", "1.48 to 1.55", ""]
    shipped = json.loads((ROOT / "calibration" / "maven_crm.json").read_text())
    by_name = {fit["quantity"]: fit for fit in shipped["fits"]}
    days, months = by_name["negotiation_days"], by_name["negotiation_months"]
    assert months["ci_low"] == pytest.approx(max(1.0, days["ci_low"] / (365.25 / 12)))
    assert months["ci_high"] == pytest.approx(max(1.0, days["ci_high"] / (365.25 / 12)))
