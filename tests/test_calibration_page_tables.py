"""The calibration report reads as tables and sentences: the fit chart carries no text
panel in typewriter type (the fitted values are an HTML table under Detail tables, which
the chart points to), and the page has no preformatted text dump."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from bs4 import BeautifulSoup

from salesperf_model.actuals import outcomes_from_deals, read_actuals
from salesperf_model.calibrate import calibrate, plot_fit, simulate_calibrated
from salesperf_model.present.charts import calibration_fit_chart, describe

ROOT = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = ROOT / "mappings" / "maven_crm.yaml"
MAVEN_DATA = ROOT / "tests" / "data" / "maven_crm"
PANELS = [
    "Deal size (log scale)",
    "Engage to close",
    "Revenue per rep-month",
    "Won deals per rep-month\n(simulation: new-customer deals only)",
    "Seasonality (revenue index)",
]


@pytest.fixture(scope="module")
def fitted():
    actuals = read_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")
    calibration = calibrate(actuals, outcomes_from_deals(actuals))
    return calibration, simulate_calibrated(calibration, simulations=2, seed=5)


def _typewriter_texts(figure) -> list[str]:
    return [
        t.get_text()
        for t in figure.findobj(matplotlib.text.Text)
        if t.get_text().strip() and "monospace" in t.get_fontfamily()
    ]


def test_the_report_fit_chart_has_five_panels_and_no_text_panel(fitted):
    calibration, simulated = fitted
    figure = calibration_fit_chart(calibration, simulated, "CNY", title="Actual and simulated")
    assert [a.get_title(loc="left") or a.get_title() for a in figure.axes] == PANELS
    assert _typewriter_texts(figure) == []
    assert all(axes.axison for axes in figure.axes)
    widths = [axes.get_position().width for axes in figure.axes]
    assert widths[4] > 1.8 * widths[3]  # seasonality takes the freed room: 12 months apart
    assert "Fitted values" not in describe(figure) and "Panel 5:" in describe(figure)
    plt.close(figure)


def test_the_deal_size_panel_reads_in_money_not_in_logarithms(fitted):
    calibration, simulated = fitted
    figure = calibration_fit_chart(calibration, simulated, "CNY", title="t")
    axes = figure.axes[0]
    figure.canvas.draw()
    ticks = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
    assert axes.get_xlabel() == "money per won deal (CNY, log scale)"
    assert ticks == ["1k", "10k", "100k"], ticks  # won deals: 38 to 30,288 USD x 6.75 CNY
    plt.close(figure)


def test_the_command_line_figure_keeps_its_list_of_fitted_values(fitted):
    """`salesperf calibrate --figure` writes one picture with everything on it."""
    calibration, _simulated = fitted
    figure = plot_fit(calibration)
    assert len(figure.axes) == 6 and "win_rate: 0.632" in _typewriter_texts(figure)[0]
    plt.close(figure)


@pytest.mark.slow
def test_the_calibration_page_shows_tables_and_sentences_not_a_text_dump(tmp_path):
    """The notebook as `salesperf report --actuals` runs it (5 simulations), exported."""
    import papermill

    from salesperf_model.report.html_export import notebook_to_html

    executed = tmp_path / "calibration.ipynb"
    papermill.execute_notebook(
        ROOT / "notebooks" / "calibration_report.ipynb",
        executed,
        parameters={
            "mapping_path": str(MAVEN_MAPPING),
            "calibrated_path": str(ROOT / "calibration" / "maven_crm.yaml"),
            "baseline_path": str(ROOT / "scenarios" / "baseline.yaml"),
            "data_dir": str(MAVEN_DATA),
            "simulations": 5,
            "seed": 5,
            "output_dir": str(tmp_path / "tables"),
        },
        kernel_name="python3",
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
    )
    import nbformat

    soup = BeautifulSoup(notebook_to_html(nbformat.read(executed, as_version=4)), "html.parser")
    assert soup.find_all("pre") == [], [p.get_text()[:80] for p in soup.find_all("pre")]
    [chart] = soup.find_all("img")
    assert "Fitted values" not in chart["alt"] and "Panel 5: Seasonality" in chart["alt"]
    pointer = chart.find_next("li").get_text(" ", strip=True)
    assert pointer.startswith("The fitted values behind these panels are in the table")
    heading = soup.find("h3", string="Fitted values that set the calibrated scenario")
    rows = {
        tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in heading.find_next("table").find("tbody").find_all("tr")
    }
    assert rows["win rate"][1:3] == ["0.632", "0.62 to 0.643"]
    assert rows["median deal size"][1] == "4,708"
