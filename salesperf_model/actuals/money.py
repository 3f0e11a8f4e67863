"""The export's currency against the plan's: the same, converted at a stated rate, or refused."""

from __future__ import annotations

from dataclasses import dataclass

from salesperf_model.actuals.mapping import ActualsMapping
from salesperf_model.schema.currencies import currency_problem


class CurrencyMismatch(ValueError):
    """The plan is in another currency than the export and the mapping states no rate."""


@dataclass(frozen=True)
class Conversion:
    """How the export's amounts become the plan's: ``rate`` plan units per export unit."""

    source: str  #: the export's currency (mapping `currency`)
    target: str  #: the plan's currency, the one every report names
    rate: float

    def sentence(self) -> str:
        """The conversion in words, for the import's assumptions."""
        if self.source == self.target:
            return f"Amounts are in {self.source}, the plan's currency: no conversion."
        return (
            f"Amounts are the export's {self.source} converted to {self.target} at "
            f"{self.rate:g} {self.target} per {self.source} (mapping key rates.{self.target}); "
            f"every amount in the reports is in {self.target}."
        )


def conversion(
    mapping: ActualsMapping, plan_currency: str | None, *, mapping_file: str
) -> Conversion:
    """The rate from the export's currency to ``plan_currency`` (None: the export's own,
    no conversion). A plan in another currency without a rate in the mapping is refused,
    naming the file, the key and the two ways to fix it."""
    source = mapping.currency
    target = plan_currency or source
    problem = currency_problem(target)
    if problem:  # a typo (--currency CYN) would otherwise ask for a rate into it
        raise CurrencyMismatch(f"{mapping_file}: the plan's currency: {problem}")
    if target == source:
        return Conversion(source, target, 1.0)
    if target not in mapping.rates:
        stated = ", ".join(f"{k}: {v:g}" for k, v in mapping.rates.items()) or "none"
        raise CurrencyMismatch(
            f"{mapping_file}: currency: the export's amounts are in {source} but the plan "
            f"pays in {target}, and rates has no {target} rate (rates stated: {stated}); "
            f"add `rates: {{{target}: <{target} per 1 {source}>}}` to the mapping with its "
            f"source, or use a plan whose currency is {source}"
        )
    return Conversion(source, target, mapping.rates[target])
