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
from salesperf_model.tables.roster import (
    ROSTER_ATTRIBUTES,
    Roster,
    effective_start,
    in_seat,
    read_roster_csv,
    seats_from_roster,
)
from salesperf_model.tables.text import CsvText, read_csv_text

__all__ = [
    "LISTED_PROBLEMS",
    "MAX_MAGNITUDE",
    "ROSTER_ATTRIBUTES",
    "SPAN",
    "CellProblem",
    "CheckedTable",
    "CsvText",
    "NumberRule",
    "Period",
    "PeriodKind",
    "Roster",
    "TableError",
    "TableProblems",
    "TableSpec",
    "check_table",
    "describe_kind",
    "effective_start",
    "every_period",
    "fiscal_year_first_month",
    "in_seat",
    "months_of",
    "parse_period",
    "period_key",
    "read_csv_text",
    "read_roster_csv",
    "seats_from_roster",
]
