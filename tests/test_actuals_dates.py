"""CRM dates written day-first or month-first: refused unless the mapping states the format,
then read exactly as the ISO export; spaces around rep names removed and reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.actuals import load_actuals, load_mapping
from salesperf_model.tables import TableError
from salesperf_model.tables.dates import check_date_format, parse_dates

MAPPING = Path(__file__).parents[1] / "mappings" / "maven_crm.yaml"
DATA = Path(__file__).parent / "data" / "maven_crm"


def _export_with_dates(tmp_path: Path, date_format: str) -> Path:
    folder = tmp_path / "export"
    shutil.copytree(DATA, folder)
    pipeline = pd.read_csv(folder / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    for column in ("engage_date", "close_date"):
        dates = pd.to_datetime(pipeline[column].replace("", None))
        pipeline[column] = dates.dt.strftime(date_format).fillna("")
    pipeline.to_csv(folder / "sales_pipeline.csv", index=False)
    return folder


def test_day_first_dates_are_refused_naming_the_order_and_the_key_to_set(tmp_path):
    folder = _export_with_dates(tmp_path, "%d/%m/%Y")
    with pytest.raises(TableError) as caught:
        load_actuals(MAPPING, data_dir=folder)
    message = str(caught.value)
    assert message.startswith("sales_pipeline.csv: column 'close_date': 6711 dates like ")
    assert "put the day first" in message
    assert "date_format: '%d/%m/%Y' (day first) or '%m/%d/%Y' (month first)" in message


def test_with_the_format_stated_the_import_equals_the_iso_export(tmp_path):
    folder = _export_with_dates(tmp_path, "%d/%m/%Y")
    mapping = load_mapping(MAPPING).model_copy(update={"date_format": "%d/%m/%Y"})
    stated, _ = load_actuals(mapping, data_dir=folder)
    iso, _ = load_actuals(MAPPING, data_dir=DATA)
    assert stated.periods == iso.periods and len(iso.periods) == 10
    for name, values in iso.measures.items():
        np.testing.assert_array_equal(stated.measures[name], values, err_msg=name)


def test_a_column_no_value_of_which_disambiguates_is_refused():
    raw = pd.Series(["03/04/2026", "01/02/2026", ""])
    with pytest.raises(TableError, match="could be day-first or month-first: no value shows which"):
        parse_dates(raw, where="x.csv", column="close_date")
    with pytest.raises(TableError, match=r"'04/25/2026' the month"):
        parse_dates(pd.Series(["25/04/2026", "04/25/2026"]), where="x.csv", column="d")
    read = parse_dates(raw, where="x.csv", column="d", date_format="%d/%m/%Y")
    assert list(read.dt.month[:2]) == [4, 2]


def test_a_date_format_without_the_day_is_refused_by_the_mapping():
    assert check_date_format("%d.%m.%Y") == "%d.%m.%Y"
    with pytest.raises(ValueError, match="lacks the day, month or year"):
        check_date_format("%m/%Y")


def test_spaces_around_a_rep_name_are_removed_and_reported(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(DATA, folder)
    path = folder / "sales_pipeline.csv"
    path.write_text(path.read_text().replace(",Moses Frase,", ",Moses Frase ,", 1))
    spaced, report = load_actuals(MAPPING, data_dir=folder)
    iso, _ = load_actuals(MAPPING, data_dir=DATA)
    assert spaced.n_reps == iso.n_reps
    np.testing.assert_array_equal(spaced.get("revenue_booked"), iso.get("revenue_booked"))
    problems = report.problems
    row = problems[problems["problem"] == "spaces around the rep name"]
    assert len(row) == 1 and row["severity"].iloc[0] == "fixed"


def test_a_value_without_its_year_or_a_word_for_now_is_not_a_date():
    """pandas read 'March' as 1 March of year 1 (a 24,276-month import window), 'now' and
    'today' as the clock (an import that changed with the day it ran) and '2017' as
    1 January 2017, none of it reported; each is now a date that cannot be read, which
    the import reports with its line, as it does '2017-13-01'."""
    raw = pd.Series(["2024-01-10", "March", "now", "today", "2017", "10 March 2024", "", None])
    parsed = parse_dates(raw, where="deals.csv", column="closed")
    assert parsed.iloc[0] == pd.Timestamp("2024-01-10")
    assert parsed.iloc[5] == pd.Timestamp("2024-03-10")
    assert parsed.iloc[1:5].isna().all() and parsed.iloc[6:].isna().all()


def test_zoned_dates_beside_plain_ones_are_read_not_a_pandas_error():
    """Cash, roster and refund dates with a zone beside dates without one stopped the
    import with pandas' 'Mixed timezones detected', naming no file; they are read as
    opportunity dates are: mixed zones in UTC, one zone throughout at its wall clock."""
    mixed = pd.Series(["2024-02-01T10:00:00Z", "2024-03-20T23:00:00+02:00", "2024-03-21"])
    parsed = parse_dates(mixed, where="cash.csv", column="paid_on")
    assert parsed.dt.tz is None
    assert list(parsed.dt.date.astype(str)) == ["2024-02-01", "2024-03-20", "2024-03-21"]
    one_zone = pd.Series(["2024-03-20T23:00:00+08:00", "2024-03-21T01:00:00+08:00"])
    parsed = parse_dates(one_zone, where="roster.csv", column="hired")
    assert parsed.dt.tz is None and list(parsed.dt.day) == [20, 21]
