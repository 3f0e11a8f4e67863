"""The bonuses as explorer controls, keyed by each bonus's name, and adding or removing a bonus."""

from __future__ import annotations

import typing
from dataclasses import replace

from salesperf_model.explore.levers import GROUPS, Lever, model_levers, number_lever
from salesperf_model.schema import Scenario
from salesperf_model.schema.bonuses import Bonus

#: The bonus types an analyst can add, in the schema's order.
BONUS_TYPES: tuple[str, ...] = tuple(
    typing.get_args(member.model_fields["type"].annotation)[0]
    for member in typing.get_args(typing.get_args(Bonus)[0])
)


def bonus_levers(scenario: Scenario) -> list[Lever]:
    """Every number and choice of every bonus; keys name the bonus
    (``pay.bonuses.<name>.amount``, as ``--set`` does), so removing one bonus leaves the
    others' controls where they were."""
    currency = scenario.currency
    levers: list[Lever] = []
    for i, bonus in enumerate(scenario.pay.bonuses):
        path = ("pay", "bonuses", i)
        key = f"pay.bonuses.{bonus.name}"
        words = f"{bonus.name.replace('_', ' ')}: "
        made = model_levers(
            bonus,
            path,
            GROUPS[3],
            prefix=words,
            currency=currency,
            key_path=("pay", "bonuses", bonus.name),
        )
        if getattr(bonus, "measure", None) == "nps":  # the score's own scale, -100 to 100
            made = [
                replace(lever, low=-100.0, high=100.0) if lever.key == f"{key}.at_least" else lever
                for lever in made
            ]
        levers += made
        amounts = getattr(bonus, "target_amount", None)
        if amounts is not None:
            levers.append(
                number_lever(
                    f"{key}.target_amount.default",
                    GROUPS[3],
                    f"{words}target amount",
                    path=(*path, "target_amount", "default"),
                    unit="money per month",
                    stored=amounts.default,
                    currency=currency,
                )
            )
            for role, amount in amounts.by_role.items():
                levers.append(
                    number_lever(
                        f"{key}.target_amount.by_role.{role}",
                        GROUPS[3],
                        f"{words}target amount, {role.replace('_', ' ')}",
                        path=(*path, "target_amount", "by_role", role),
                        unit="money per month",
                        stored=amount,
                        currency=currency,
                    )
                )
        for grade, factor in (getattr(bonus, "grade_multipliers", None) or {}).items():
            levers.append(
                number_lever(
                    f"{key}.grade_multipliers.{grade}",
                    GROUPS[3],
                    f"{words}multiplier for grade {grade}",
                    path=(*path, "grade_multipliers", grade),
                    unit="factor",
                    stored=factor,
                    currency=currency,
                )
            )
    return levers


def with_bonus_added(scenario: Scenario, bonus_type: str, name: str) -> Scenario:
    """``scenario`` with a new bonus of ``bonus_type`` at its documented defaults; refuses
    an unknown type, a name that is not an identifier or one already taken."""
    if bonus_type not in BONUS_TYPES:
        raise ValueError(f"bonus type {bonus_type!r}: expected one of {', '.join(BONUS_TYPES)}")
    taken = [bonus.name for bonus in scenario.pay.bonuses]
    if name in taken:
        raise ValueError(f"a bonus named {name!r} exists already; choose another name")
    data = scenario.model_dump(by_alias=True)
    data["pay"]["bonuses"].append({"type": bonus_type, "name": name})
    try:
        return Scenario.model_validate(data)
    except ValueError as error:
        raise ValueError(
            f"bonus name {name!r}: expected lower-case letters, digits and _ (e.g. spring_spif)"
        ) from error


def with_bonus_removed(scenario: Scenario, name: str) -> Scenario:
    """``scenario`` without the bonus named ``name``."""
    data = scenario.model_dump(by_alias=True)
    kept = [bonus for bonus in data["pay"]["bonuses"] if bonus["name"] != name]
    if len(kept) == len(data["pay"]["bonuses"]):
        raise ValueError(f"no bonus named {name!r} in {scenario.name}")
    data["pay"]["bonuses"] = kept
    return Scenario.model_validate(data)
