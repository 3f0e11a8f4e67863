"""A repeated opportunity id: an exact copy and a copy that disagrees with the row kept
are reported apart; the disagreeing one names the line kept, the line dropped and the
columns that differ with both values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from salesperf_model.actuals import read_actuals

ROOT = Path(__file__).parents[1]


def test_an_exact_copy_and_a_conflicting_copy_are_told_apart(tmp_path):
    # lines 8802 and 8803 repeat the ids of lines 2 and 3; 8802 is an exact copy (a won
    # 1,054 USD deal), 8803 says close_value 99999 where line 3, kept, says 4514. Both were
    # one line 'opportunity id repeated: 2 rows, carrying 101,053.00 USD'.
    folder = tmp_path / "maven"
    shutil.copytree(ROOT / "tests" / "data" / "maven_crm", folder)
    pipeline = pd.read_csv(folder / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    conflict = pipeline.iloc[[1]].assign(close_value="99999")
    pipeline = pd.concat([pipeline, pipeline.iloc[[0]], conflict], ignore_index=True)
    pipeline.to_csv(folder / "sales_pipeline.csv", index=False)
    problems = read_actuals(ROOT / "mappings" / "maven_crm.yaml", data_dir=folder).report.problems
    repeated = problems[problems["problem"].str.startswith("opportunity id repeated")]
    assert repeated[["problem", "count", "revenue"]].values.tolist() == [
        ["opportunity id repeated, an exact copy of the row kept", 1, 1054.0],
        [
            "opportunity id repeated with other values than the row kept (line 8803, "
            "dropped, differs from line 3, kept, on close_value ('99999' vs '4514'))",
            1,
            99999.0,
        ],
    ]
    assert repeated["rows"].tolist() == [[8800], [8801]]
