"""One reader for every table the toolkit reads (outcome tables, CRM exports): encoding and
delimiter sniffed, every bad cell reported with its 1-based CSV line."""

from salesperf_model.tables.check import (
    MAX_MAGNITUDE,
    CheckedTable,
    NumberRule,
    TableSpec,
    check_table,
    period_key,
)
from salesperf_model.tables.periods import (
    SPAN,
    Period,
    PeriodKind,
    describe_kind,
    every_period,
    fiscal_year_first_month,
    months_of,
    parse_period,
)
from salesperf_model.tables.problems import LISTED_PROBLEMS, CellProblem, TableError, TableProblems
from salesperf_model.tables.text import CsvText, read_csv_text

__all__ = [
    "LISTED_PROBLEMS",
    "MAX_MAGNITUDE",
    "SPAN",
    "CellProblem",
    "CheckedTable",
    "CsvText",
    "NumberRule",
    "Period",
    "PeriodKind",
    "TableError",
    "TableProblems",
    "TableSpec",
    "check_table",
    "describe_kind",
    "every_period",
    "fiscal_year_first_month",
    "months_of",
    "parse_period",
    "period_key",
    "read_csv_text",
]
