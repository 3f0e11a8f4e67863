"""Plan edits the explorer's controls make: a validated copy of a scenario with new tiers, grading, grade shares or KPI weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesperf_model.schema import Scenario


def edited_scenario(
    scenario: Scenario,
    *,
    tiers: Sequence[tuple[float, float]] | None = None,
    grading_method: str | None = None,
    shares: Mapping[str, float] | None = None,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> Scenario:
    """A validated copy of ``scenario`` with new commission tiers ``[(from, rate), ...]``,
    grading method, forced-distribution target shares (ranges widened to include them) and
    KPI weights by role (rescaled to 100 per role). Raises on an invalid combination."""
    data = scenario.model_dump(by_alias=True)
    if tiers is not None:
        old = data["pay"]["commission"]["tiers"]
        begins = (
            "from_amount" if scenario.pay.commission.tiers_on == "amount" else "from_attainment"
        )
        data["pay"]["commission"]["tiers"] = [
            {
                **(old[i] if i < len(old) else {}),
                begins: float(start),
                "rate": float(rate),
            }
            for i, (start, rate) in enumerate(tiers)
        ]
    if grading_method is not None:
        data["grading"]["method"] = grading_method
    if shares is not None:
        total = sum(shares.values())
        for grade, target in shares.items():
            share = data["grading"]["shares"][grade]
            target = float(target) / total if total > 0 else 0.25
            share.update(
                target=target, min=min(share["min"], target), max=max(share["max"], target)
            )
    if weights is not None:
        for role, role_weights in weights.items():
            data["scoring"]["weights"][role] = {k: float(v) for k, v in role_weights.items()}
        data["scoring"]["normalise_weights"] = True
    return type(scenario).model_validate(data)
