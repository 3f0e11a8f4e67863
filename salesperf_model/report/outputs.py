"""Files a report writes beside itself for the batch and for readers: JSON, CSV tables, the headline."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.report.files import write_text_atomic, write_texts_atomic

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


def _jsonable(value: object) -> object:
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, dict | list | tuple | str):
        return item()
    return str(value)


def save_json(output_dir: str | os.PathLike, name: str, data: object) -> Path:
    """Write ``data`` as ``<output_dir>/<name>.json`` atomically (numpy numbers allowed)."""
    path = Path(output_dir) / f"{name}.json"
    write_text_atomic(path, json.dumps(data, indent=2, default=_jsonable, ensure_ascii=False))
    return path


def save_table(output_dir: str | os.PathLike, name: str, table: pd.DataFrame) -> Path:
    """Write a DataFrame as ``<output_dir>/<name>.csv`` atomically (the index only when
    it is named)."""
    path = Path(output_dir) / f"{name}.csv"
    write_text_atomic(path, table.to_csv(index=table.index.name is not None))
    return path


def save_headline(
    output_dir: str | os.PathLike,
    *,
    title: str,
    summary: str,
    figures: Mapping[str, object],
    reused: Sequence[str] = (),
    left_out: Sequence[str] = (),
) -> Path:
    """The headline the batch shows in ``index.html``: a title, one sentence, a few figures.

    Figures are label -> already formatted text (or a number). ``reused``: what the run
    took from the cache (``Run.settings.reused``), for the batch's summary; ``left_out``:
    the scenario files a comparison left out (``Run.skipped``), for the batch's index."""
    headline = {"title": title, "summary": summary, "figures": dict(figures)}
    return save_json(
        output_dir, "headline", {**headline, "reused": list(reused), "left_out": list(left_out)}
    )


def save_tables(
    output_dir: str | os.PathLike,
    tables: Mapping[str, pd.DataFrame],
    plans: Sequence[str] | None = None,
) -> list[Path]:
    """Write comparison tables as CSV, one file per table (optionally only the rows of
    ``plans``): what ``salesperf compare`` writes and the reports keep beside them. The
    tables are one set: all are written, or (an error, an interruption) none replaced."""
    texts = {}
    for name, table in tables.items():
        if plans is not None and "plan" in table.columns:
            table = table[table["plan"].isin(plans)]
        table = table.reset_index(drop=True)
        texts[Path(output_dir) / f"{name}.csv"] = table.to_csv(index=table.index.name is not None)
    write_texts_atomic(texts)
    return list(texts)


def save_run_tables(
    run: Run, output_dir: str | os.PathLike, plans: Sequence[str] | None = None
) -> list[Path]:
    """Write the run's tables as CSV beside the report (optionally only rows of ``plans``)."""
    return save_tables(output_dir, run.tables, plans)


def save_keep_whole(run: Run, output_dir: str | os.PathLike, plans: Sequence[str]) -> Path:
    """Write every plan's per-rep keep-whole table as ``keep_whole.csv`` beside the report
    (one row per plan and rep)."""
    from salesperf_model.present.keep_whole import keep_whole_table

    tables = [keep_whole_table(run, plan).assign(plan=plan) for plan in plans]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    if not table.empty:
        table = table[["plan", *[c for c in table.columns if c != "plan"]]]
    return save_table(output_dir, "keep_whole", table)


def save_committee(run: Run, output_dir: str | os.PathLike, plan: str) -> dict[str, pd.DataFrame]:
    """Write the appraisal committee's tables of ``plan`` (first simulation, or the
    actual results) as ``committee_<table>.csv`` beside the report; return the tables."""
    from salesperf_model.present.committee import committee_tables

    tables = committee_tables(run.results[plan], run.outcomes_of(plan), run.scenarios[plan])
    for name, table in tables.items():
        save_table(output_dir, f"committee_{name}", table)
    return tables
