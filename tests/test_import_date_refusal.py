"""The refusal of numeric day/month dates in a deal export: it names every column, the CSV
lines, what the values show, and when a column mixes ISO and slash dates (a date_format
would then make the ISO dates unreadable). Built like the tester's data_datefmt export:
rows 10-19 (CSV lines 12-21) of the Maven pipeline written DD/MM/YYYY in both date columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from salesperf_model.cli import main

REPO = Path(__file__).resolve().parents[1]
MAVEN_DATA = REPO / "tests" / "data" / "maven_crm"


def test_slash_dates_among_iso_dates_are_refused_with_lines_and_both_columns(tmp_path, capsys):
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ["accounts.csv", "products.csv", "sales_teams.csv"]:
        (folder / name).write_bytes((MAVEN_DATA / name).read_bytes())
    pipeline = pd.read_csv(MAVEN_DATA / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    for column in ["engage_date", "close_date"]:
        iso = pipeline.loc[10:19, column]
        pipeline.loc[10:19, column] = [f"{v[8:10]}/{v[5:7]}/{v[:4]}" if v else v for v in iso]
    pipeline.to_csv(folder / "sales_pipeline.csv", index=False)
    slashed = pipeline.loc[10:19, "close_date"]
    assert (slashed != "").sum() == 10
    [example] = [v for v in slashed if int(v[:2]) > 12][:1]
    assert example == "18/03/2017"

    code = main(
        [
            "import",
            str(REPO / "mappings" / "maven_crm.yaml"),
            "--data-dir",
            str(folder),
            "--out",
            str(tmp_path / "out.csv"),
        ]
    )
    said = capsys.readouterr().out
    assert code == 1, said  # a data refusal, as every other one (2: a usage error)
    assert "column 'close_date': 10 dates like '18/03/2017' put the day first" in said
    assert "CSV lines 12, 13, 14, 15, 16 and 5 more" in said
    [close] = [line for line in said.splitlines() if "column 'close_date'" in line]
    assert "could be day-first or month-first" not in close  # '18/03/2017' cannot be
    # engage_date's ten are all ambiguous (day and month both 12 or less): said so
    [engage] = [line for line in said.splitlines() if "column 'engage_date'" in line]
    assert "could be day-first or month-first: no value shows which" in engage
    # 8,800 rows, 10 slash dates, the other non-blank ones ISO
    iso_close = int((pipeline["close_date"] != "").sum()) - 10
    assert f"mixes formats: {iso_close:,} other dates are ISO (YYYY-MM-DD)" in said
    assert "write these 10 dates as YYYY-MM-DD" in said
    assert not (tmp_path / "out.csv").exists()
