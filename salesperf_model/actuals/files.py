"""Finding and reading the export's files (CSV or Parquet) named by a mapping; CSV through
the one table reader (encoding and delimiter sniffed or refused)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.actuals.mapping import ActualsMapping
from salesperf_model.actuals.shapes import TableSource
from salesperf_model.tables import read_csv_text


def display_path(folder: Path) -> str:
    """The data folder as a reader should see it: relative to the working directory when
    it can be (no machine-specific absolute paths in committed scenario files)."""
    try:
        return os.path.relpath(folder)
    except ValueError:  # another drive on Windows
        return str(folder)


def resolve_data_dir(
    mapping: ActualsMapping, mapping_path: str | Path | None, data_dir: str | Path | None = None
) -> Path:
    """The folder the export files are read from: the explicit `data_dir` argument, else the
    mapping's `data_dir` (relative to the mapping file), else the mapping file's folder."""
    if data_dir is not None:
        return Path(data_dir)
    base = Path(mapping_path).resolve().parent if mapping_path is not None else Path.cwd()
    if mapping.data_dir is None:
        return base
    folder = Path(mapping.data_dir)
    return folder if folder.is_absolute() else (base / folder).resolve()


def read_table(folder: Path, source: TableSource, what: str, *, needed: list[str]) -> pd.DataFrame:
    """One export file (CSV read as text, or Parquet) with the columns the mapping names;
    errors say which mapping key points at the missing file or column."""
    path = Path(source.file)
    path = path if path.is_absolute() else folder / path
    if not path.exists():
        raise FileNotFoundError(
            f"{what}.file: {path} does not exist (data_dir {folder}); pass data_dir= or "
            "--data-dir to point at the export folder"
        )
    if path.suffix.lower() == ".parquet":
        table = pd.read_parquet(path)
    elif path.suffix.lower() == ".csv":
        read = read_csv_text(path)
        table = read.frame.where(read.frame != "", np.nan)
        # rows numbered by the line they start on less 2 (the problem report's "CSV line
        # = row + 2"), so blank lines and line breaks inside quoted cells keep it true
        table.index = pd.Index(np.asarray(read.lines, dtype=int) - 2)
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise ValueError(
                f"{path}: columns {missing} named in the mapping ({what}.columns) are not in "
                f"the file; it has {list(table.columns)}"
            )
        return table
    else:
        raise ValueError(
            f"{what}.file: {path} has suffix {path.suffix!r}; expected .csv or .parquet"
        )
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"{path}: columns {missing} named in the mapping ({what}.columns) are not in the "
            f"file; it has {list(table.columns)}"
        )
    return table.reset_index(drop=True)


def blank(series: pd.Series) -> pd.Series:
    """Cells the export left empty (missing or only spaces)."""
    return series.isna() | (series.astype(str).str.strip() == "")


def repeated_header(table: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Rows repeating the header: every one of `columns` holds its own name (a second
    export pasted below the first)."""
    repeats = pd.Series(bool(columns), index=table.index)
    for name in columns:
        cells = table[name].astype("string").str.strip().str.casefold()
        repeats &= cells.eq(name.strip().casefold()).fillna(False).astype(bool)
    return repeats
