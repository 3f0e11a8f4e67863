"""The `population.products:` section: the product lines simulated revenue is split into."""

from __future__ import annotations

from pydantic import Field, model_validator

from salesperf_model.schema.base import Section, unit
from salesperf_model.schema.bounds import Share


def _default_mix() -> dict[str, float]:
    # Won revenue by product series in the bundled CRM export (shared/data/maven_crm,
    # sales_pipeline.csv joined to products.csv; 4,238 won deals, 10,005,534 in all):
    # GTX 7,344,767 (73.4%), MG 2,260,155 (22.6%), GTK 400,612 (4.0%).
    return {"GTX": 0.734, "MG": 0.226, "GTK": 0.040}


class ProductSection(Section):
    """Product lines and each one's share of a rep's booked revenue."""

    mix: dict[str, Share] = Field(
        default_factory=_default_mix,
        description="Share of booked revenue (and of its gross profit) per product line, the same for every seat and month; must add to 1. Default: won revenue by product series in the bundled CRM export (Maven Analytics CRM sample, shared/data/maven_crm: GTX 73.4%, MG 22.6%, GTK 4.0%). Plans name these lines in `pay.commission.product_factors`; an import with a product column brings its own mix.",
        json_schema_extra=unit("share"),
    )

    @model_validator(mode="after")
    def _check(self) -> ProductSection:
        if not self.mix:
            raise ValueError("mix: no product lines; expected at least one, e.g. {all: 1.0}")
        blank = [name for name in self.mix if not name.strip()]
        if blank:
            raise ValueError("mix: a product line has an empty name; expected a name")
        total = sum(self.mix.values())
        if abs(total - 1) > 1e-6:
            raise ValueError(
                f"mix: product shares add to {total:g}, expected 1 (shares: {self.mix})"
            )
        return self
