"""Long-term and non-cash elements (``pay.long_term``) paid as components, per rep and month.

Rules (stated once):

- ``deferred_bonus`` (component ``deferred_<name>``, the cost recognised each month):
  each month an eligible rep earns ``share_of_closed`` x the month's ``measure``; a plan
  year's earnings are granted at the year's end (December) and vest in tranches
  ``vesting`` = [years after the grant, share]. When the holder of a seat leaves (the
  seat's ``person_id`` changes after the month), the earnings of that holder not yet
  vested are forfeited: the month's component is reduced by them (the company does not
  pay what never vests). Without ``person_id`` nobody leaves. ``deferred_schedule`` gives
  the earned, forfeited and vesting amounts by calendar year (``yearly_schedule``, from
  a :class:`DeferredRecord`, per simulation).
- ``development_fund`` (``fund_<name>``): ``per: once`` pays ``amount`` in the month the
  holder completes max(``after_tenure_months``, 1) months in the seat (``tenure_months``);
  ``per: year`` pays amount / 12 in every month with at least ``after_tenure_months``.
  Without ``tenure_months`` every holder counts as new (0 months before the data).
- ``non_cash`` (``non_cash_<name>``): ``value`` to each eligible rep graded one of
  ``grades`` in a review, counted in the review's last month; ``exit_effect`` is the
  plan's answer to the simulation (``award_exit_multiplier``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesperf_model.engine.periods import PeriodGroups, month_numbers
from salesperf_model.engine.seats import eligible
from salesperf_model.formatting import money, share
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES
from salesperf_model.schema.long_term import (
    COMPONENT_PREFIX,
    DeferredBonus,
    DevelopmentFund,
    LongTermElement,
    NonCashReward,
)


def component_name(element: LongTermElement) -> str:
    """The payout component of an element, e.g. ``deferred_equity``."""
    return COMPONENT_PREFIX[element.type] + element.name


def _absolute_months(periods: list[str]) -> np.ndarray:
    years, months = month_numbers(periods)
    return years * 12 + months - 1


def vested_share(element: DeferredBonus, periods: list[str]) -> np.ndarray:
    """(earning month, month) share of a month's earnings vested by the end of a month."""
    absolute = _absolute_months(periods)
    grant = (absolute // 12) * 12 + 11  # December of the earning year
    vested = np.zeros((len(periods), len(periods)))
    for years, portion in element.vesting:
        vested += portion * (grant[:, None] + 12 * years <= absolute[None, :])
    return vested


def _leaves(outcomes: Outcomes) -> tuple[np.ndarray | None, np.ndarray]:
    """(person_id or None, bool (sims, reps, months): the holder leaves after the month)."""
    if "person_id" not in outcomes.measures:
        return None, np.zeros(outcomes.shape, bool)
    person = outcomes.get("person_id")
    leaves = np.zeros(outcomes.shape, bool)
    leaves[..., :-1] = person[..., 1:] != person[..., :-1]
    return person, leaves


def deferred_parts(
    element: DeferredBonus, outcomes: Outcomes
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(earned, forfeited in the month of the exit, forfeited by the month it was earned),
    each (sims, reps, months) and >= 0."""
    paid = eligible(element.roles, outcomes)[None, :, None]
    earned = element.share_of_closed * outcomes.get(element.measure) * paid
    forfeited = np.zeros(outcomes.shape)
    by_earning = np.zeros(outcomes.shape)
    person, leaves = _leaves(outcomes)
    if person is None:
        return earned, forfeited, by_earning
    unvested = 1.0 - vested_share(element, list(outcomes.periods))
    for t in np.flatnonzero(leaves.any(axis=(0, 1))):  # months with a leaver (few)
        same = person[..., : t + 1] == person[..., t : t + 1]
        lost = earned[..., : t + 1] * same * unvested[: t + 1, t] * leaves[..., t : t + 1]
        by_earning[..., : t + 1] += lost
        forfeited[..., t] = lost.sum(axis=-1)
    return earned, forfeited, by_earning


@dataclass(frozen=True)
class DeferredRecord:
    """A deferred element's flows summed over the reps, each (sims, months): ``earned``,
    ``forfeited`` (in the month of the exit) and ``kept`` (earned in the month and not
    forfeited within the data); ``vesting`` its tranches. Enough for the schedule by
    calendar year, and chunks of simulations stack along the first axis."""

    vesting: tuple[tuple[int, float], ...]
    earned: np.ndarray
    forfeited: np.ndarray
    kept: np.ndarray


def deferred_record(element: DeferredBonus, outcomes: Outcomes) -> DeferredRecord:
    """The element's :class:`DeferredRecord` on ``outcomes``."""
    earned, forfeited, by_earning = deferred_parts(element, outcomes)
    return _record(element, earned, forfeited, by_earning)


def _record(
    element: DeferredBonus, earned: np.ndarray, forfeited: np.ndarray, by_earning: np.ndarray
) -> DeferredRecord:
    return DeferredRecord(
        vesting=tuple((int(y), float(s)) for y, s in element.vesting),
        earned=earned.sum(axis=1),
        forfeited=forfeited.sum(axis=1),
        kept=(earned - by_earning).sum(axis=1),
    )


def yearly_schedule(record: DeferredRecord, periods: list[str]) -> dict[str, np.ndarray]:
    """By calendar year (``years``, from the first year of the data to the last tranche),
    each (sims, years): ``earned``, ``forfeited`` (in the year of the exit) and
    ``vesting`` (the data's earnings not forfeited within the data, by the year they vest:
    a cost still due if their holders stay)."""
    years, _ = month_numbers(list(periods))
    last = int(years.max()) + max(y for y, _ in record.vesting)
    calendar = np.arange(int(years.min()), last + 1)
    sims = record.earned.shape[0]
    out = {name: np.zeros((sims, len(calendar))) for name in ("earned", "forfeited", "vesting")}
    for i, year in enumerate(calendar):
        in_year = years == year
        out["earned"][:, i] = record.earned[:, in_year].sum(axis=1)
        out["forfeited"][:, i] = record.forfeited[:, in_year].sum(axis=1)
        for vest_years, portion in record.vesting:  # a December grant vests years later
            out["vesting"][:, i] += portion * record.kept[:, years + vest_years == year].sum(axis=1)
    return {"years": calendar, **out}


def deferred_schedule(element: DeferredBonus, outcomes: Outcomes) -> dict[str, np.ndarray]:
    """:func:`yearly_schedule` of the element on ``outcomes``, each flow the mean over
    simulations of the whole sales force's amount, by calendar year."""
    schedule = yearly_schedule(deferred_record(element, outcomes), list(outcomes.periods))
    return {k: v if k == "years" else v.mean(axis=0) for k, v in schedule.items()}


def deferred_on_target(
    elements: list[LongTermElement], closed: np.ndarray, outcomes: Outcomes
) -> np.ndarray:
    """(reps,) what the deferred bonuses grant a month on a closed amount of ``closed``
    (reps,) a month (on-target: the quota), before any forfeit; 0 for other elements."""
    granted = np.zeros(len(closed))
    for element in elements:
        if isinstance(element, DeferredBonus):
            granted += element.share_of_closed * closed * eligible(element.roles, outcomes)
    return granted


def _fund(element: DevelopmentFund, outcomes: Outcomes) -> np.ndarray:
    paid = eligible(element.roles, outcomes)[None, :, None]
    if "tenure_months" in outcomes.measures:
        tenure = outcomes.get("tenure_months")
    else:
        tenure = np.broadcast_to(np.arange(1, outcomes.shape[2] + 1, dtype=float), outcomes.shape)
    if element.per == "once":
        amount = np.where(tenure == max(element.after_tenure_months, 1), element.amount, 0.0)
    else:
        amount = np.where(tenure >= element.after_tenure_months, element.amount / 12, 0.0)
    return amount * paid


def awarded(element: NonCashReward, grades: np.ndarray, outcomes: Outcomes) -> np.ndarray:
    """Bool (sims, reps, reviews): who earns the reward in each review."""
    codes = [GRADES.index(g) for g in element.grades]
    return np.isin(grades, codes) & eligible(element.roles, outcomes)[None, :, None]


def long_term_payouts(
    elements: list[LongTermElement],
    outcomes: Outcomes,
    *,
    grades: np.ndarray,
    reviews: PeriodGroups,
    deferred: dict[str, DeferredRecord] | None = None,
) -> dict[str, np.ndarray]:
    """Each element's component, (sims, reps, months), see the module's rules;
    ``deferred``, when given, receives each deferred element's :class:`DeferredRecord`
    by component name."""
    components: dict[str, np.ndarray] = {}
    for element in elements:
        if isinstance(element, DeferredBonus):
            earned, forfeited, by_earning = deferred_parts(element, outcomes)
            components[component_name(element)] = earned - forfeited
            if deferred is not None:
                deferred[component_name(element)] = _record(element, earned, forfeited, by_earning)
        elif isinstance(element, DevelopmentFund):
            components[component_name(element)] = _fund(element, outcomes)
        else:
            value = awarded(element, grades, outcomes) * element.value
            components[component_name(element)] = reviews.place(value)
    return components


def award_exit_multiplier(
    elements: list[LongTermElement], grades: np.ndarray, outcomes: Outcomes
) -> np.ndarray | None:
    """(sims, reps) product of the ``exit_effect`` of every non-cash reward earned in the
    review of ``grades`` (sims, reps); None when no reward changes leaving."""
    rewards = [e for e in elements if isinstance(e, NonCashReward) and e.exit_effect != 1.0]
    if not rewards:
        return None
    multiplier = np.ones(grades.shape)
    for element in rewards:
        got = awarded(element, grades[..., None], outcomes)[..., 0]
        multiplier = multiplier * np.where(got, element.exit_effect, 1.0)
    return multiplier


def long_term_words(element: LongTermElement, currency: str) -> str:
    """One sentence saying what a long-term or non-cash element gives, for leadership."""
    who = "every rep" if element.roles is None else ", ".join(element.roles)
    if isinstance(element, DeferredBonus):
        vesting = ", ".join(f"{share(s)} after {y} years" for y, s in element.vesting)
        form = "Restricted stock" if element.form == "equity" else "A deferred cash bonus"
        closed = "cash collected" if element.measure == "revenue_collected" else "revenue booked"
        return (
            f"{form} worth {share(element.share_of_closed)} of each year's {closed} for "
            f"{who}, vesting {vesting}; unvested grants are forfeited on leaving."
        )
    if isinstance(element, DevelopmentFund):
        when = f"after {element.after_tenure_months} months in the seat"
        if element.per == "once":
            return (
                f"A development fund of {money(element.amount, currency)} once {when}, for {who}."
            )
        return f"A development fund of {money(element.amount, currency)} a year {when}, for {who}."
    grades = "/".join(element.grades)
    effect = (
        ""
        if element.exit_effect == 1.0
        else f"; recipients' chance of leaving x {element.exit_effect:g} until the next review"
    )
    return (
        f"{element.name.replace('_', ' ').capitalize()} (non-cash) for grade {grades} at each "
        f"review, valued at {money(element.value, currency)}{effect}."
    )
