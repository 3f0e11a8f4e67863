"""Pages a reader can use: numbers without negative zero or scientific notation, plan
titles instead of file names, a glossary from the metric registry, a table of contents,
links back to the index, wide tables marked to wrap, and alt text on every chart."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from salesperf_model import present
from salesperf_model.formatting import money, number, percent, title_words
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.measure import METRICS
from salesperf_model.present.charts import describe
from salesperf_model.report.html_export import notebook_to_html
from salesperf_model.report.page_parts import finish_page

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (-0.3, False, "0 CNY"),
        (-0.3, True, "0 CNY"),
        (0.4, True, "0 CNY"),
        (-0.6, False, "-1 CNY"),
        (-14_902.4, True, "-14,902 CNY"),
        (4_712.3, True, "+4,712 CNY"),
        (1_234_567, False, "1.23 M CNY"),
        (-999_999.7, False, "-1.00 M CNY"),
    ],
)
def test_money_never_shows_a_negative_zero(value, signed, expected):
    assert money(value, "CNY", signed=signed) == expected


@pytest.mark.parametrize(
    ("value", "digits", "signed", "expected"),
    [(-0.04, 1, False, "0.0%"), (-0.04, 1, True, "0.0%"), (-0.06, 1, True, "-0.1%"),
     (0.4, 0, True, "0%"), (3.25, 1, True, "+3.2%")],
)  # fmt: skip
def test_percent_never_shows_a_negative_zero(value, digits, signed, expected):
    assert percent(value, digits, signed=signed) == expected


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
def test_numbers_have_no_negative_zero_and_no_exponent(value, digits):
    text = number(value, digits, signed=True)
    assert "e" not in text.lower()
    if not any(c in "123456789" for c in text):
        assert not text.startswith(("-", "+"))
    assert float(text.replace(",", "")) == pytest.approx(round(value, digits), abs=10**-digits)


def test_metric_values_and_table_cells_read_as_words_not_python():
    assert present.format_value(-0.0004, "money", signed=True) == "0"
    assert present.format_value(-0.004, "%", signed=True) == "0.00"
    assert present.format_value(-0.01, "%", signed=True) == "-0.01"  # not "0.0"
    assert present.format_value(-0.06, "%", signed=True) == "-0.1"
    assert present.format_value(4712.0, "ratio") == "4,712.000"
    table = pd.DataFrame(
        {"flag": [True, False], "note": [None, "x"], "big": [4.71e3, -0.0], "n": [3, 12_000]}
    )
    cells = [td.get_text() for td in BeautifulSoup(present.table_html(table), "html.parser")("td")]
    assert cells == ["yes", "", "4,710", "3", "no", "x", "0.000", "12,000"]


def test_a_plan_title_defaults_to_its_name_in_words_and_is_not_inherited(tmp_path):
    assert title_words("steep_accelerator") == "Steep accelerator"
    baseline = load_scenario(SCENARIOS / "baseline.yaml")
    assert baseline.display_title == "Current plan"
    child = tmp_path / "my_new_plan.yaml"
    child.write_text(f"extends: {SCENARIOS / 'baseline.yaml'}\n", encoding="utf-8")
    assert load_scenario(child).display_title == "My new plan"
    child.write_text(
        f"extends: {SCENARIOS / 'baseline.yaml'}\ntitle: Bigger bonus pool\n", encoding="utf-8"
    )
    assert load_scenario(child).display_title == "Bigger bonus pool"


def test_a_title_longer_than_a_heading_is_refused(tmp_path):
    child = tmp_path / "long.yaml"
    child.write_text(f"extends: {SCENARIOS / 'baseline.yaml'}\ntitle: {'x' * 81}\n")
    with pytest.raises(ScenarioError, match="title"):
        load_scenario(child)


def test_every_metric_has_a_plain_one_sentence_explanation():
    for declared in METRICS.values():
        text = declared.explanation
        assert text[:1].isupper() and text.endswith(".") and text.count(". ") == 0, declared.name
        assert "_" not in text and " / " not in text, declared.name


def test_glossary_explains_every_metric_by_its_label_in_one_sentence():
    soup = BeautifulSoup(present.glossary_html(), "html.parser")
    terms = [dt.get_text() for dt in soup("dt")]
    meanings = [dd.get_text() for dd in soup("dd")]
    for declared in METRICS.values():
        assert declared.label in terms
        meaning = meanings[terms.index(declared.label)]
        assert meaning[0].isupper() and meaning.endswith(".")
        assert "_" not in meaning and "docs/" not in meaning
    on_actuals = [dt.get_text() for dt in BeautifulSoup(present.glossary_html(actuals=True), "html.parser")("dt")]  # fmt: skip
    assert "Pay follows true skill" not in on_actuals and "Simulation" not in on_actuals
    assert "Total pay" in on_actuals


def test_winners_and_losers_table_shows_the_group_change_with_the_sign_of_its_mean():
    table = pd.DataFrame(
        {
            "role": ["new_business", "all"],
            "reps": [2.0, 2.0],
            **{
                band: [0.0, 0.0]
                for band in (
                    "lose > 5%",
                    "lose 0.1-5%",
                    "about the same",
                    "gain 0.1-5%",
                    "gain > 5%",
                )
            },
            "mean_change": [-25.0, -0.2],
            "mean_change_pct": [20.0, 0.01],
            "total_change": [-50.0, -0.4],
            "share_of_total_change_pct": [100.0, 100.0],
            "pay_change_pct": [-4.5, -0.01],
        }
    )
    soup = BeautifulSoup(present.winners_losers_html(table), "html.parser")
    headers = [th.get_text() for th in soup("th")]
    assert "mean_change" not in headers and "change in % of the group's pay" in headers
    rows = [[td.get_text() for td in tr("td")] for tr in soup("tbody")[0]("tr")]
    assert rows[0][0] == "new business" and rows[1][0] == "all reps"
    assert rows[0][headers.index("change in % of the group's pay")] == "-4.5%"
    assert rows[1][headers.index("change in % of the group's pay")] == "0.0%"
    assert rows[1][headers.index("mean change per rep")] == "0"


PAGE = """<html><body><main>
<div class="jp-Cell"><h1>Plan A</h1><p>intro</p></div>
<div class="jp-Cell"><h2 id="Executive-summary">Executive summary<a class="anchor-link" href="#Executive-summary">¶</a></h2></div>
<div class="jp-Cell"><h3>Who loses</h3><table><tr><th>a</th><th>b</th><th>c</th><th>d</th><th>e</th><th>f</th><th>g</th></tr></table></div>
<div class="jp-Cell"><h2>Charts</h2><h3>Who loses</h3><table><tr><th>a</th></tr></table></div>
</main></body></html>"""


def test_a_page_gets_contents_back_links_and_wide_tables_marked():
    soup = BeautifulSoup(finish_page(PAGE, index_href="../index.html"), "html.parser")
    nav = soup.find("nav", class_="salesperf-toc")
    entries = [(a.get_text(), a["href"]) for a in nav("a")]
    assert entries == [
        ("Executive summary", "#Executive-summary"),
        ("Who loses", "#who-loses"),
        ("Charts", "#charts"),
        ("Who loses", "#who-loses-2"),
    ]
    # every entry points at a heading of the page
    assert all(soup.find(id=href[1:]) is not None for _, href in entries)
    # the contents sit after the title, before the first section
    order = [tag.name for tag in soup.find_all(["h1", "nav", "h2"])]
    assert order[:3] == ["h1", "nav", "h2"]
    back = [a["href"] for a in soup.select("p.salesperf-back a")]
    assert back == ["../index.html", "../index.html"]
    tables = soup("table")
    assert "salesperf-wide" in tables[0]["class"] and not tables[1].get("class")
    assert not BeautifulSoup(finish_page(PAGE), "html.parser").select("p.salesperf-back")


def test_cells_of_words_read_left_to_right_and_figures_stay_right_aligned():
    table = pd.DataFrame(
        {"metric": ["Total pay", "Cost of sales"], "unit": ["money", "% of revenue"],
         "plan": ["1.23 M CNY", "-3.6 points"], "better?": ["yes", "n/a"]}
    )  # fmt: skip
    soup = BeautifulSoup(finish_page(f"<html><body>{present.table_html(table)}</body></html>"), "html.parser")  # fmt: skip
    left = [td.get_text() for td in soup.select("td.salesperf-text")]
    assert left == ["Total pay", "money", "Cost of sales", "% of revenue"]
    # a name with no figure in it is words, even of three capitals like a currency code
    # (product lines GTX and MG read alike), and so is a unit alone ('%')
    names = pd.DataFrame({"product line": ["GTX", "MG"], "unit": ["%", "CNY"], "share": ["73.4%", "22.6%"]})  # fmt: skip
    soup = BeautifulSoup(finish_page(f"<html><body>{present.table_html(names)}</body></html>"), "html.parser")  # fmt: skip
    left = [td.get_text() for td in soup.select("td.salesperf-text")]
    assert left == ["GTX", "%", "MG", "CNY"]


def test_chart_alt_text_says_what_the_chart_shows():
    figure, axes = plt.subplots()
    axes.plot([1, 2], [3, 4], label="Current plan")
    axes.plot([1, 2], [4, 5], label="Steep accelerator")
    axes.legend()
    axes.set_title("Steep accelerator pays more above 160% of quota", loc="left")
    axes.set_xlabel("Attainment (% of quota)")
    axes.set_ylabel("Commission (CNY)")
    assert describe(figure) == (
        "Chart. Steep accelerator pays more above 160% of quota. Commission (CNY) (vertical) "
        "against Attainment (% of quota) (horizontal). Shown: Current plan, Steep accelerator."
    )
    plt.close(figure)


def test_exported_images_carry_their_alt_text_and_the_template_no_placeholder():
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": "a1",
                "metadata": {},
                "execution_count": 1,
                "source": "chart()",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"image/png": png},
                        "metadata": {"image/png": {"alt": "Chart. Cost by plan <b>"}},
                    }
                ],
            }
        ],
    }
    soup = BeautifulSoup(notebook_to_html(notebook), "html.parser")
    assert [img["alt"] for img in soup("img")] == ["Chart. Cost by plan <b>"]


def _import_report(problems: list[dict]) -> object:
    from salesperf_model.actuals import ValidationReport
    from salesperf_model.actuals.problems import PROBLEM_COLUMNS

    return ValidationReport(
        source="crm_export",
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        assumptions=["Every rep's role is 'new_business' (the export has no roles)."],
        measures_present=["revenue_booked"],
        measures_assumed=["quota"],
        counts={"opportunity_rows": 8800, "reps": 35},
    )


def test_data_quality_summary_lists_every_problem_most_serious_first_with_its_fix():
    row = dict(column="c", rows=[1], examples="")
    report = _import_report(
        [
            {
                **row,
                "table": "a.csv",
                "problem": "blank account",
                "severity": "note",
                "count": 1425,
                "fix": "kept",
            },
            {
                **row,
                "table": "a.csv",
                "problem": "possible duplicate",
                "severity": "warning",
                "count": 352,
                "fix": "kept: distinct ids",
            },
            {
                **row,
                "table": "b.csv",
                "problem": "renamed product",
                "severity": "fixed",
                "count": 1480,
                "fix": "renamed",
            },
        ]
    )
    soup = BeautifulSoup(present.data_quality_html(report), "html.parser")
    paragraphs = [p.get_text() for p in soup("p")]
    assert paragraphs[0] == "The export crm_export gave 8,800 opportunity rows, 35 reps."
    assert paragraphs[1] == (
        "Data problems found: 1 corrected (1,480 rows); 1 kept, may distort figures (352 rows); "
        "1 kept, for information (1,425 rows)."
    )
    rows = [[td.get_text() for td in tr("td")] for tr in soup("tbody")[0]("tr")]
    assert [r[1] for r in rows] == ["renamed product", "possible duplicate", "blank account"]
    assert rows[1] == ["a.csv", "possible duplicate", "352", "kept: distinct ids", "kept, may distort figures"]  # fmt: skip
    assert "no roles" in soup("ul")[0].get_text()
    clean = BeautifulSoup(present.data_quality_html(_import_report([])), "html.parser")
    assert "No data problems were found." in clean.get_text() and not clean("table")


def _replay_run() -> object:
    """The tables of a replay on actuals, as the pipeline makes them (written by a real
    `salesperf report --actuals` run): one plan, no standard errors, truth metrics NaN."""
    from types import SimpleNamespace

    nan = float("nan")
    columns = ["plan", "metric", "unit", "baseline", "alternative", "difference", "difference_se", "better"]  # fmt: skip
    comparison = pd.DataFrame(
        [
            ["steep", "total_pay", "money", 5_738_007.13, 5_251_692.04, -486_315.09, nan, True],
            ["steep", "cost_of_sales_collected", "ratio", 0.0850, 0.0778, -0.0072, nan, True],
            ["steep", "merit_alignment_pay", "rank correlation", nan, nan, nan, nan, None],
            ["steep", "gender_pay_gap_mean", "% of male", nan, nan, nan, nan, None],
        ],
        columns=columns,
    )
    headline = pd.DataFrame(
        {
            "plan": ["baseline", "steep"],
            "total_pay": [5_738_007.13, 5_251_692.04],
            "cost_of_sales_collected": [0.0850, 0.0778],
            "over_budget_total_pay": [nan, nan],
            "over_budget_cost_of_sales": [1.0, 0.0],
        }
    )
    notes = pd.DataFrame({"metric": ["merit_alignment_pay"], "note": ["needs truth"]})
    titled = SimpleNamespace(display_title="Steep accelerator")
    return SimpleNamespace(
        tables={"comparison": comparison, "headline": headline, "notes": notes},
        scenarios={"steep": titled, "baseline": SimpleNamespace(display_title="Current plan")},
        settings=SimpleNamespace(source="actuals"),
    )


def test_real_data_tables_leave_out_what_cannot_be_measured_and_say_so_once():
    run = _replay_run()
    table = present.metric_table(run, "steep")
    assert list(table["metric"]) == ["Total pay", "Pay per unit of cash collected"]
    assert "± std. error" not in table.columns  # one set of actuals: no Monte Carlo error
    cost = table.iloc[1]
    assert (cost["unit"], cost["baseline"], cost["Steep accelerator"], cost["difference"]) == (
        "% of revenue", "8.5", "7.8", "-0.7 points",
    )  # fmt: skip
    headline = present.headline_table(run)
    assert list(headline["figure"]) == [
        "Total pay",
        "Pay per unit of cash collected",
        "Over the cost-of-sales cap?",  # one set of results: over or not, no chance
    ]
    assert list(headline.columns) == ["figure", "unit", "Current plan", "Steep accelerator"]
    assert headline.iloc[2, 1:].tolist() == ["", "yes", "no"]
    assert present.unavailable_words(run) == [
        "Not measurable on real data, as they need each rep's true skill, which only a "
        "simulation knows: Pay follows true skill.",
        "Not measurable on these data (no values to compare): Gender pay gap (mean).",
    ]
    assert present.measured(run, ["total_pay"]) and not present.measured(run, ["gender_pay_gap_mean"])  # fmt: skip


def test_index_figures_have_no_negative_zero_or_python_values():
    from salesperf_model import report

    result = report.RunResult(
        slug="plan",
        label="plan",
        kind="scenario",
        status="ok",
        source="scenarios/plan.yaml",
        headline={"title": "Plan", "figures": {"change": -0.001, "flag": True, "gap": None}},
        html="plan/report.html",
    )
    text = BeautifulSoup(report.render_index([result], title="Reports"), "html.parser").get_text()
    assert "change: 0.00" in text and "flag: yes" in text and "gap: n/a" in text
    assert not re.search(r"(?<![\w.\d])[-+]0(?:\.0+)?(?![.,]?\d)", text)
    assert "True" not in text and "None" not in text


def test_chart_images_are_stored_as_palette_pngs_to_keep_pages_small():
    """A comparison page with every chart reached 1.17 MB; palette PNGs bring it to 0.67."""
    import base64
    import io
    import re

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat
    from PIL import Image

    from salesperf_model.report.html_export import notebook_to_html

    figure, axes = plt.subplots(figsize=(9, 4), dpi=100)
    for k in range(6):
        axes.plot(range(200), [((i * (k + 3)) % 37) / 37 + k for i in range(200)])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    full = buffer.getvalue()
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("chart()")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/png": base64.b64encode(full).decode("ascii")}
        )
    ]
    notebook.cells = [cell]
    html = notebook_to_html(notebook, title="t")
    size = Image.open(io.BytesIO(full)).size
    charts = [
        base64.b64decode(data)
        for data in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
        if Image.open(io.BytesIO(base64.b64decode(data))).size == size
    ]
    assert len(charts) == 1
    assert Image.open(io.BytesIO(charts[0])).mode == "P"
    assert len(charts[0]) < 0.7 * len(full)


def test_the_glossary_does_not_call_every_ratio_one_where_1_is_equal():
    """Cost of sales (0.12) and Gini (0 = all alike) are ratios, but "1 = equal" is true
    only of the parity ratios (four-fifths rule)."""
    from salesperf_model.present.glossary import metric_entry

    assert "1 = equal" not in metric_entry(METRICS["cost_of_sales_collected"])
    assert "1 = equal" not in metric_entry(METRICS["gini_total_pay"])
    assert "written as a decimal" in metric_entry(METRICS["gini_total_pay"])
    # cost of sales as the detail table shows it: a percentage of revenue; shares as %
    assert "Shown as a percentage of revenue" in metric_entry(METRICS["cost_of_sales_booked"])
    assert "Shown as a percentage;" in metric_entry(METRICS["quarter_end_share"])
    assert "1 = equal rates" in metric_entry(METRICS["s_rate_ratio"])


def test_the_real_data_glossary_defines_no_chance_of_anything():
    from salesperf_model.present.glossary import glossary_html

    assert "Chance of exceeding" in glossary_html()
    assert "Chance of exceeding" not in glossary_html(actuals=True)
