"""The calibration report is read by leadership: its known gaps named `prospecting_months`,
`simulation.reps` and `brentq`, its fitted-values table said how each value was estimated
in formulas ("negotiation_days / 30.44") and which setting it fills as a dotted key. Notes
and the "how" column are now plain sentences; each setting is named in words, and the
scenario key an analyst types stays in a small column at the end, marked for analysts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from salesperf_model.actuals import outcomes_from_deals, read_actuals
from salesperf_model.calibrate import (
    ANALYST_KEY_COLUMN,
    calibrate,
    fitted_values_table,
    refine_territory_sigma,
)
from salesperf_model.present.key_labels import key_label

ROOT = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = ROOT / "mappings" / "maven_crm.yaml"
MAVEN_DATA = ROOT / "tests" / "data" / "maven_crm"
#: A snake_case identifier, a dotted key, a Python list, or a solver's name.
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z_]+\.[a-z_]+\b|\[\d|brentq")
#: A formula: an operator, a function, an estimator's abbreviation.
FORMULA = re.compile(r"[/^=*]|sqrt|\bln\(|\bMLE\b|\bICC\b|\bsd\b|\bcv\b|_")


@pytest.fixture(scope="module")
def fitted():
    actuals = read_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")
    return calibrate(actuals, outcomes_from_deals(actuals))


def test_every_fitted_value_says_how_it_was_estimated_in_a_sentence(fitted):
    how = dict(zip(fitted.fits["quantity"], fitted.fits["how"], strict=True))
    assert all(text and not FORMULA.search(text) for text in how.values()), {
        q: t for q, t in how.items() if not t or FORMULA.search(t)
    }
    assert how["win_rate"] == "the share of closed deals that were won"
    assert how["deal_size_median"] == (
        "the median size of won deals with new customers and small accounts, from a curve "
        "fitted to their sizes, adjusted for the price level of the reps' regions"
    )
    assert how["negotiation_months"] == (
        "the average time from engaging a customer to closing the deal, in months, at least "
        "one (the simulation moves deals on once a month)"
    )
    # the estimator stays for analysts (the JSON beside the calibrated scenario)
    estimator = dict(zip(fitted.fits["quantity"], fitted.fits["estimator"], strict=True))
    assert estimator["negotiation_months"].startswith("negotiation_days / 30.44")


def test_the_known_gaps_are_plain_words(fitted):
    assert not [note for note in fitted.notes if CODE.search(note)], fitted.notes
    assert fitted.notes[0] == (
        "How long prospecting takes and how many prospects reach negotiation cannot be told "
        "from the export (it records no prospecting dates and no prospects that dropped "
        "out): the baseline's values are kept."
    )
    assert fitted.notes[1] == (
        "1,078 deals still open at the export's end had been open longer than any deal "
        "took to close (138 days): they are taken as abandoned and left out of the sales "
        "cycle, which is fitted on 5,739 closed deals and 298 younger open ones."
    )
    assert fitted.notes[2].startswith("84 of the 85 new customers (99%) are counted")
    assert fitted.notes[3] == (
        "5 seats with no deals at all are left out of the fits and of the simulated sales "
        "force (30 reps); costs are compared with the replay on the same seats."
    )
    assert "won deals per rep and month are 14.1 in the actuals" in fitted.notes[4]
    assert fitted.notes[5].endswith(
        "observed from March to December (the other months are set to an average month)."
    )


def test_the_territory_refit_says_what_it_did_without_naming_the_solver(fitted):
    refined = refine_territory_sigma(fitted, simulations=2)
    [note] = [n for n in refined.notes if n not in fitted.notes]
    assert not CODE.search(note), note
    assert re.fullmatch(
        r"The spread of territory potential was refitted by simulation \(2 simulations at "
        r"each trial value\): at 0\.\d{3} the simulated reps' revenue differs from rep to rep "
        r"as much as the actual reps' does\.",
        note,
    ), note
    row = refined.fits.set_index("quantity").loc["territory_potential_sigma"]
    assert row["how"] == (
        "the spread of territory potential at which simulated reps' revenue differs from rep "
        "to rep as much as the actual reps' does, found by simulating trial values"
    )
    assert "brentq" in row["estimator"]  # the analysts' record keeps the method's name


def test_the_committed_calibration_file_was_regenerated_in_plain_words():
    saved = json.loads((ROOT / "calibration" / "maven_crm.json").read_text(encoding="utf-8"))
    assert saved["notes"] and not [n for n in saved["notes"] if CODE.search(n)], saved["notes"]
    assert all(fit["how"] and not FORMULA.search(fit["how"]) for fit in saved["fits"])


def test_the_fitted_values_table_names_settings_in_words_and_keys_last_for_analysts(fitted):
    table = fitted_values_table(SimpleNamespace(fitted=fitted.fits), label=key_label)
    assert list(table.columns) == [
        "quantity",
        "value",
        "95% interval",
        "unit",
        "from",
        "how",
        "sets",
        ANALYST_KEY_COLUMN,
    ]
    assert ANALYST_KEY_COLUMN == "Scenario key (for analysts)"
    row = table.set_index("quantity").loc["win rate"]
    assert row["sets"] == "Win rate of new business reps"
    assert row[ANALYST_KEY_COLUMN] == "population.roles.new_business.win_rate"
    assert row["how"] == "the share of closed deals that were won"
    assert not [s for s in table["sets"] if CODE.search(s)]
    # without a labeller the setting still reads as words, never as its key
    plain = fitted_values_table(SimpleNamespace(fitted=fitted.fits))
    assert plain.set_index("quantity").loc["annual attrition", "sets"] == "annual attrition"


@pytest.mark.slow
def test_the_calibration_page_reads_in_words_with_keys_small_at_the_end(tmp_path):
    """The notebook as `salesperf report --actuals` runs it (5 simulations), exported."""
    import nbformat
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
    soup = BeautifulSoup(notebook_to_html(nbformat.read(executed, as_version=4)), "html.parser")
    gaps = soup.find("h3", string="Known gaps of the fit").find_next("ul")
    items = [li.get_text(" ", strip=True) for li in gaps.find_all("li")]
    committed = json.loads((ROOT / "calibration" / "maven_crm.json").read_text(encoding="utf-8"))
    # the fit's notes, then a sentence for each untargeted figure that misses by over 10%
    fit_notes, figure_gaps = items[: len(committed["notes"])], items[len(committed["notes"]) :]
    assert len(fit_notes) == 7 and all("is not targeted by the fit" in g for g in figure_gaps)
    assert figure_gaps and all(g.startswith("The ") for g in figure_gaps), figure_gaps
    assert not [i for i in items if CODE.search(i)], items
    heading = soup.find("h3", string="Fitted values that set the calibrated scenario")
    table = heading.find_next("table")
    assert [th.get_text(strip=True) for th in table.find("thead").find_all("th")][-3:] == [
        "how",
        "sets",
        "Scenario key (for analysts)",
    ]
    rows = [tr.find_all("td") for tr in table.find("tbody").find_all("tr")]
    assert all(not FORMULA.search(cells[-3].get_text()) for cells in rows)
    assert all(cells[-1].find("small") is not None for cells in rows)
    by_quantity = {cells[0].get_text(strip=True): cells for cells in rows}
    territory = by_quantity["spread of territory potential"]
    # the value the committed scenario holds (the simulation refit), not the first guess
    [held] = [f["value"] for f in committed["fits"] if f["quantity"] == "territory_potential_sigma"]
    assert territory[1].get_text(strip=True) == f"{held:.3g}" == "0.352"
    assert territory[-2].get_text(strip=True) == key_label("population.territory.potential_sigma")
    assert territory[-1].get_text(strip=True) == "population.territory.potential_sigma"
