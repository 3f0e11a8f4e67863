"""Reading a CSV file as text cells: the encoding and delimiter sniffed (or refused, named),
every data row with its 1-based line number in the file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.tables.problems import TableError, TableProblems

#: Delimiters the reader recognises, in order of preference when a header allows several.
DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
#: Files larger than this are refused before they are read (bytes).
MAX_TABLE_BYTES = 512 * 1024 * 1024


@dataclass
class CsvText:
    """The cells of a CSV file as text (blank cells are ""), one row per data line.

    ``lines[i]`` is the 1-based line of the file where data row ``i`` starts (the header is
    line 1 when the file has no blank lines before it), for messages a reader can follow
    in any editor."""

    frame: pd.DataFrame
    lines: np.ndarray
    delimiter: str
    encoding: str
    notes: list[str] = field(default_factory=list)


#: Files that are no text at all, by their first bytes: what they are and what to do.
_NOT_TEXT = (
    (
        b"PAR1",
        "is a Parquet file; tables are read as CSV: write it with simulate --out FILE.csv, "
        "or convert it (pandas: read_parquet(...).to_csv(..., index=False))",
    ),
    (
        b"PK\x03\x04",
        "is an Excel workbook (.xlsx) or another zip file; save the sheet as CSV UTF-8",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "is an Excel 97-2003 workbook (.xls); save the sheet as CSV UTF-8",
    ),
)


def _decode(data: bytes, where: str) -> tuple[str, str]:
    """The file's text and the encoding it was read with; a file in another encoding is
    refused with the encodings it may be in, a Parquet file or a workbook as what it is."""
    for start, problem in _NOT_TEXT:
        if data.startswith(start):
            raise _whole(where, problem)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _whole(where, "starts like UTF-16 but cannot be read as UTF-16") from None
    if b"\x00" in data[:4096] and data[:4096].count(b"\x00") > len(data[:4096]) // 4:
        raise _whole(where, "looks like UTF-16 without a byte-order mark; save it as CSV UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # positions count from after a byte-order mark, which the decoder drops first
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:start].count(b"\n") + 1
        byte = data[start]
        raise _whole(
            where,
            f"is not UTF-8 text: byte 0x{byte:02x} on line {line} cannot be read; it is "
            "probably Windows-1252, Latin-1 or GBK: save it as CSV UTF-8",
        ) from None
    encoding = "UTF-8 with byte-order mark" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _whole(where, f"contains a NUL byte on line {line}; expected a text CSV file")
    return text, encoding


def _whole(where: str, problem: str) -> TableError:
    """An error about the file as a whole (no cell to point at)."""
    return TableError(where, [], whole=problem)


def _sniff_delimiter(text: str, where: str) -> str:
    """The delimiter that splits the header into the most columns and every one of the
    first lines into as many; refused when none does, or two do equally well."""
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    header = sample[0]
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in DELIMITERS}
    best = max(counts.values())
    if best < 2:
        raise _whole(
            where,
            f"line 1 {header[:80]!r} has a single column; expected a header of column names "
            "separated by commas (',')",
        )
    candidates = [d for d in DELIMITERS if counts[d] == best]
    if len(candidates) > 1:
        consistent = [
            d
            for d in candidates
            if all(len(row) == best for row in csv.reader(sample, delimiter=d))
        ]
        candidates = consistent or candidates
    if len(candidates) > 1:
        names = " and ".join(_DELIMITER_NAMES[d] for d in candidates)
        raise _whole(where, f"cannot tell the delimiter: the header splits alike on {names}")
    return candidates[0]


def read_csv_text(path: str | Path, *, where: str | None = None) -> CsvText:
    """Every cell of a CSV file as text, with each data row's 1-based line number.

    Refused (:class:`TableError`, naming the file): an empty or binary file, an encoding
    other than UTF-8/UTF-16, a header of one column, duplicate or blank column names,
    rows with more or fewer fields than the header, a header with no data rows."""
    path = Path(path)
    where = where or str(path)
    if not path.is_file():
        raise _whole(where, "does not exist or is not a regular file")
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise _whole(where, f"is {size:,} bytes; tables larger than {MAX_TABLE_BYTES:,} refused")
    text, encoding = _decode(path.read_bytes(), where)
    if not text.strip():
        raise _whole(where, "is empty; expected a header line and one row per line below it")
    delimiter = _sniff_delimiter(text, where)
    problems = TableProblems(where)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(start, "", f"cannot be read as CSV ({error})")
            break
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if header is None:
            header = [name.strip() for name in row]
            _check_header(header, start, problems)
            problems.raise_if_any()
            continue
        if len(row) != len(header):
            problems.add(start, "", f"has {len(row)} fields, the header has {len(header)}")
            continue
        rows.append(row)
        lines.append(start)
    problems.raise_if_any()
    assert header is not None
    if not rows:
        raise _whole(where, "has a header but no data rows")
    notes = []
    if delimiter != ",":
        notes.append(f"{where}: read with {_DELIMITER_NAMES[delimiter]}s between fields")
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return CsvText(frame, np.asarray(lines, dtype=int), delimiter, encoding, notes)


def _check_header(header: list[str], line: int, problems: TableProblems) -> None:
    """Column names must be present and distinct."""
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            problems.add(line, "", f"column {number} of the header has no name")
        elif name in seen:
            problems.add(line, name, "column name repeated in the header")
        seen.add(name)
