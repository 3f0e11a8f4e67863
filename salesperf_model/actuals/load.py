"""Import a CRM export in one call: read, refuse in strict mode, build outcomes, finish the report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from salesperf_model.actuals.amounts import check_outcome_magnitudes
from salesperf_model.actuals.mapping import ActualsMapping
from salesperf_model.actuals.periods import PeriodKind
from salesperf_model.actuals.problems import (
    ActualsValidationError,
    CashDropRefused,
    RevenueDropRefused,
    ValidationReport,
)
from salesperf_model.actuals.quotas import QuotaSource
from salesperf_model.actuals.reading import CleanActuals, read_actuals
from salesperf_model.actuals.to_outcomes import outcomes_from_deals
from salesperf_model.outcomes import Outcomes


def load_actuals(
    mapping: ActualsMapping | str | Path,
    *,
    strict: bool = False,
    period: PeriodKind | None = None,
    quotas: QuotaSource = None,
    data_dir: str | Path | None = None,
    currency: str | None = None,
    lenient: bool = False,
) -> tuple[Outcomes, ValidationReport]:
    """Import a CRM export as outcomes with one simulation and no truth.

    Parameters
    ----------
    mapping
        A mapping YAML path (``mappings/maven_crm.yaml``) or a loaded :class:`ActualsMapping`.
    strict
        Raise :class:`ActualsValidationError` on any problem other than a note, instead of
        applying the stated fixes.
    period
        ``"month"``, ``"quarter"`` or ``"half_year"``; None: the mapping's ``period`` (by
        default the data's own: months for deal rows, the revenue table's period).
    quotas
        Overrides the mapping's quota rule: a CSV path / DataFrame (rep_id, period, quota),
        or a number (quota per rep and period).
    data_dir
        Folder with the export files; overrides the mapping's ``data_dir``.
    currency
        The plan's currency: amounts are converted into it at the mapping's stated rate
        (``rates``), or the import is refused (:class:`CurrencyMismatch`). None: the
        export's own currency.
    lenient
        Import even when rows carrying won revenue are left out (the report says so);
        by default such an import is refused (:class:`RevenueDropRefused`, naming the
        rows, the revenue and the mapping key that would fix it).

    Examples
    --------
    >>> outcomes, report = load_actuals("mappings/maven_crm.yaml")  # doctest: +SKIP
    >>> print(report)  # doctest: +SKIP
    """
    clean = read_actuals(mapping, data_dir=data_dir, currency=currency)
    if strict and not clean.report.ok:
        raise ActualsValidationError(clean.report)
    reconciliation = clean.report.reconciliation
    if reconciliation is not None and reconciliation.drops_revenue and not lenient:
        raise RevenueDropRefused(clean.report)
    outcomes = outcomes_from_deals(clean, period=period, quotas=quotas)
    cash = clean.mapping.collections
    if cash is not None and not lenient:  # cash rows left out: refused as revenue rows are
        problems = clean.report.problems
        dropped = problems[(problems["table"] == cash.file) & (problems["severity"] == "error")]
        if not dropped.empty:
            raise CashDropRefused(clean.report, dropped, currency=clean.currency)
    facts = clean.mapping.opportunities or clean.mapping.revenue
    check_outcome_magnitudes(
        outcomes, source=clean.report.source, file=facts.file if facts else "the export"
    )
    return outcomes, _report_for(clean, outcomes, lenient=lenient)


def _report_for(clean: CleanActuals, outcomes: Outcomes, *, lenient: bool) -> ValidationReport:
    """The import's report completed with what building `outcomes` added: the quota
    rule's sentences, which measures are present, assumed and absent, the output periods,
    and the revenue the outcomes book (reconciled with the file's)."""
    counts = {**clean.report.counts, "periods": outcomes.n_periods, "months": len(clean.months)}
    reconciliation = clean.report.reconciliation
    if reconciliation is not None:
        booked = float(outcomes.get("revenue_booked").sum())
        rate = clean.amount_rate
        reconciliation = reconciliation.with_outcomes(booked, rate)
    return replace(
        clean.report,
        counts=counts,
        reconciliation=reconciliation,
        lenient=lenient and reconciliation is not None and reconciliation.drops_revenue,
        assumptions=list(outcomes.meta["assumptions"]),
        measures_present=list(outcomes.meta["measures_present"]),
        measures_assumed=list(outcomes.meta["measures_assumed"]),
    )
