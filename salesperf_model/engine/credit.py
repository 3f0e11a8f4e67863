"""Credit on arrays (``pay.credit``): split and double credit, overlay credit, manager override.

Rules (stated once):

- **Split credit.** A share ``population.team_sold_share`` of each co-selling seat's
  revenue is team-sold with its teammate: the next co-selling seat of the same team in
  the rep table (the last one's teammate is the first; a seat alone in its team sells
  alone and keeps all its credit). Of a team-sold sale the seller is credited
  ``splits[0]`` and the teammate ``splits[1]``. Credit replaces the revenue measures
  (booked, collected, big-account parts, gross profit) the commission and the bonuses
  read: commission (attainment = credited revenue / the rep's own quota) and the bonuses
  that read commission-base revenue (``BonusInputs.revenue``): ``over_achievement``,
  ``threshold`` on attainment, ``team_pool``'s region ranking and ``by_revenue`` split,
  ``profit_share``'s ``by_revenue`` split. Every other measure a bonus reads (a top-n
  count, NPS, the profit pool and its ``by_profit`` split) and KPI scores and grades
  read what each seat made, uncredited. Shares adding to 1 move credit and never create it: summed
  over seats, credited revenue equals revenue.
- **Double credit** (shares adding to more than 1): the commission is paid in two lines,
  ``commission`` (what the same split would pay had its shares been scaled to add to 1)
  and ``double_credit`` (the rest: the commission paid on credit above 100% of revenue,
  at the tiers that credit reaches). The two add to the commission actually paid.
- **Overlay** (``pay.credit.overlay``): each overlay seat of a team (or region) is
  credited ``share`` x the covered seats' commission-base revenue, split equally between
  the unit's overlay seats, and paid ``rate`` on it as the component ``overlay``. The
  covered seats keep all their credit, so overlay credit is credit above 100% of revenue.
- **Manager override** (``pay.credit.override``): each manager seat of a team is paid
  ``manager_override``: ``rate`` x the team's commission-base revenue (the other seats of
  the team, uncredited: each sale counted once), or ``target_amount`` a month held x the
  team's attainment (its revenue / its quota over the settlement; 0 below ``threshold``,
  at most ``cap_attainment``). Two managers of one team share it equally.
- Overlay and override are settled on their own ``settlement`` and paid in the period's
  last month; all three are additions to pay (never reductions). The effort response
  (engine/outlook.py) reads the plan without these rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.engine.commission import base_revenue, pay_commission
from salesperf_model.engine.edges import at_least
from salesperf_model.engine.grading import unit_codes
from salesperf_model.engine.periods import fiscal_start, period_groups, seat_months, unit_sum
from salesperf_model.engine.records import PayRecord
from salesperf_model.engine.seats import eligible, ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.schema.credit import SHARE_TOLERANCE, Credit, ManagerOverride, Overlay

#: The money measures credit moves: every revenue measure commission and bonuses read.
CREDITED_MEASURES = (
    "revenue_booked_new",
    "revenue_booked_existing",
    "revenue_booked_big",
    "revenue_collected_new",
    "revenue_collected_existing",
    "revenue_collected_big",
    "gross_profit",
)


def teammates(reps: pd.DataFrame, coselling: np.ndarray) -> np.ndarray:
    """Each seat's teammate (a seat index), or -1: the next co-selling seat of the same
    team in table order, the first after the last; -1 for seats that do not co-sell or
    are alone in their team. Every seat is the teammate of at most one seat."""
    teams = reps["team"].astype(str).to_numpy()
    partner = np.full(len(teams), -1, dtype=np.int64)
    seats = np.flatnonzero(coselling)
    if not seats.size:
        return partner
    seats = seats[np.argsort(teams[seats], kind="stable")]  # by team, table order within
    team = teams[seats]
    first = np.r_[True, team[1:] != team[:-1]]
    last = np.r_[team[1:] != team[:-1], True]
    group = np.cumsum(first) - 1
    following = np.where(last, seats[first][group], np.r_[seats[1:], -1])
    alone = np.bincount(group)[group] < 2
    partner[seats] = np.where(alone, -1, following)
    return partner


def split_credit(
    values: np.ndarray, partner: np.ndarray, team_sold: float, *, splits: tuple[float, float]
) -> np.ndarray:
    """Credited values (sims, reps, t): a seat with a teammate keeps its own sales and
    ``splits[0]`` of its team-sold share, and receives ``splits[1]`` of its seller's
    team-sold share; a seat without one keeps everything."""
    seller, mate = splits
    has = partner >= 0
    keep = np.where(has, 1.0 - team_sold + team_sold * seller, 1.0)
    # each seat's seller (at most one): one compiled pass reads it (an indexed += over
    # 100,000 reps took 20 ms a measure)
    seller_of = np.full(len(partner), -1)
    seller_of[partner[has]] = np.flatnonzero(has)
    from salesperf_model.engine.pay_kernels import split_credit_cells  # numba loads slowly

    return split_credit_cells(values, keep, seller_of, mate_share=team_sold * mate)


def _coselling(scenario: Scenario, outcomes: Outcomes) -> np.ndarray:
    credit = scenario.pay.credit
    roles = credit.roles if credit.roles is not None else scenario.pay.commission.roles
    return eligible(roles, outcomes)


def credited_outcomes(
    scenario: Scenario, outcomes: Outcomes, splits: tuple[float, float] | None = None
) -> Outcomes:
    """The outcomes with every revenue measure credited under the plan's splits (or
    ``splits``); the outcomes themselves when no sale is split."""
    splits = scenario.pay.credit.splits if splits is None else splits
    if splits == (1.0, 0.0):
        return outcomes
    partner = teammates(outcomes.reps, _coselling(scenario, outcomes))
    share = scenario.population.team_sold_share
    measures = dict(outcomes.measures)
    for name in CREDITED_MEASURES:
        if name in measures:
            measures[name] = split_credit(measures[name], partner, share, splits=splits)
    return Outcomes(
        reps=outcomes.reps,
        periods=outcomes.periods,
        measures=measures,
        truth=outcomes.truth,
        source=outcomes.source,
        meta=outcomes.meta,
    )


def credit_commission(
    scenario: Scenario,
    outcomes: Outcomes,
    records: dict[str, PayRecord] | None,
    *,
    credit: np.ndarray | float,
) -> tuple[dict[str, np.ndarray], np.ndarray, Outcomes]:
    """(commission components, attainment, credited outcomes): ``commission``, and with
    shares adding to more than 1 ``double_credit`` (see the module's rules). ``credit``
    is the product credit (products.product_credit)."""
    plan = scenario.pay
    record = records.get("commission") if records is not None else None
    credited = credited_outcomes(scenario, outcomes)
    splits = plan.credit.splits
    total = sum(splits)
    if total <= 1 + SHARE_TOLERANCE:
        paid, attainment = pay_commission(credited, plan.commission, record, credit=credit)
        return {"commission": paid}, attainment, credited
    scaled = (splits[0] / total, splits[1] / total)
    within, _ = pay_commission(
        credited_outcomes(scenario, outcomes, scaled), plan.commission, record, credit=credit
    )
    paid, attainment = pay_commission(credited, plan.commission, credit=credit)
    extra = paid - within
    if records is not None:
        settle = _settle(outcomes, plan.commission.settlement)
        words = split_words(plan.credit, plan.commission.roles)
        kept = records["double_credit"] = PayRecord(words, settle)
        kept.add("commission on the credit as declared", settle.sum(paid))
        kept.add(
            f"commission had the shares added to 100% ({scaled[0]:.0%} / {scaled[1]:.0%})",
            settle.sum(within),
        )
        kept.add("=paid on credit above 100%", settle.sum(extra))
    return {"commission": within, "double_credit": extra}, attainment, credited


def split_words(credit: Credit, commission_roles: list[str] | None = None) -> str:
    """The split rule in one sentence (empty when no sale is split)."""
    if not credit.splits_sale:
        return ""
    seller, mate = credit.splits
    roles = credit.roles if credit.roles is not None else commission_roles
    who = ", ".join(r.replace("_", " ") for r in roles) if roles else "every role"
    words = (
        f"Split credit: a team-sold sale is credited {seller:.0%} to its seller and "
        f"{mate:.0%} to a teammate (the next co-seller of the team; co-sellers: {who})"
    )
    if sum(credit.splits) > 1 + SHARE_TOLERANCE:
        return (
            f"{words}: double credit, {sum(credit.splits):.0%} of the sale; the line "
            "double_credit is the commission paid on the credit above 100%."
        )
    return f"{words}."


def overlay_words(overlay: Overlay) -> str:
    """The overlay rule in one sentence."""
    return (
        f"Overlay: each {overlay.role.replace('_', ' ')} is credited {overlay.share:.0%} "
        f"of the revenue of the seats of its {overlay.covers} it covers (shared with the "
        f"{overlay.covers}'s other overlay seats), without reducing their credit, and paid "
        f"{overlay.rate:.2%} on that credit ({overlay.settlement.replace('_', '-')})."
    )


def override_words(override: ManagerOverride, how: str | None = None) -> str:
    """The manager override in one sentence."""
    if how is None:
        how = (
            f"{override.rate:.2%} of the team's revenue"
            if override.paid_on == "revenue"
            else f"{override.target_amount:,.2f} a month x the team's attainment"
        )
    who = override.role.replace("_", " ")
    return f"Manager override: each {who} is paid {how} ({override.settlement.replace('_', '-')})."


def credit_words(credit: Credit, commission_roles: list[str] | None = None) -> list[str]:
    """The plan's credit rules in plain sentences (none when every rule is off)."""
    words = [split_words(credit, commission_roles)] if credit.splits_sale else []
    if credit.overlay is not None:
        words.append(overlay_words(credit.overlay))
    if credit.override is not None:
        words.append(override_words(credit.override))
    return words


def _settle(outcomes: Outcomes, settlement: str):
    return period_groups(outcomes.periods, settlement, start=fiscal_start(outcomes.meta))


def _units(outcomes: Outcomes, scope: str) -> tuple[np.ndarray, int]:
    codes = unit_codes(outcomes, scope)
    return codes, int(codes.max()) + 1 if codes.size else 0


def overlay_pay(
    overlay: Overlay, outcomes: Outcomes, revenue: np.ndarray, *, records: dict | None = None
) -> np.ndarray:
    """The ``overlay`` component per month (see the module's rules)."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    is_overlay = roles == overlay.role
    if overlay.covered_roles is None:
        covered = ~is_overlay & (roles != "regional_manager")
    else:
        covered = ~is_overlay & np.isin(roles, overlay.covered_roles)
    codes, n_units = _units(outcomes, overlay.covers)
    unit_revenue = unit_sum(revenue * covered[None, :, None], codes, n_units)
    seats = np.bincount(codes, weights=is_overlay.astype(float), minlength=n_units)[codes]
    each = np.where(is_overlay, 1.0 / np.maximum(seats, 1.0), 0.0)[None, :, None]
    settle = _settle(outcomes, overlay.settlement)
    covered_p = settle.sum(unit_revenue * each)
    credited_p = overlay.share * covered_p
    paid_p = overlay.rate * credited_p
    if records is not None:
        words = overlay_words(overlay)
        kept = records["overlay"] = PayRecord(words, settle)
        kept.add("covered revenue (this seat's part)", covered_p)
        kept.add("=overlay credit", credited_p)
        kept.add("=paid", paid_p)
    return settle.place(paid_p)


def override_pay(
    override: ManagerOverride,
    outcomes: Outcomes,
    revenue: np.ndarray,
    *,
    records: dict | None = None,
) -> np.ndarray:
    """The ``manager_override`` component per month (see the module's rules)."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    managers = roles == override.role
    members = (~managers).astype(float)[None, :, None]
    codes, n_units = _units(outcomes, "team")
    seats = np.bincount(codes, weights=managers.astype(float), minlength=n_units)[codes]
    each = np.where(managers, 1.0 / np.maximum(seats, 1.0), 0.0)[None, :, None]
    settle = _settle(outcomes, override.settlement)
    team_revenue = settle.sum(unit_sum(revenue * members, codes, n_units))
    team_quota = settle.sum(unit_sum(outcomes.get("quota") * members, codes, n_units))
    if override.paid_on == "revenue":
        paid_p = override.rate * team_revenue * each
        values = {"team revenue": (team_revenue, "money")}
        how = f"{override.rate:.2%} of the team's revenue"
    else:
        attainment = ratio(team_revenue, team_quota)
        counted = np.where(at_least(attainment, override.threshold), attainment, 0.0)
        if override.cap_attainment is not None:
            counted = np.minimum(counted, override.cap_attainment)
        months = seat_months(outcomes.periods, outcomes.meta) * each
        target = settle.sum(np.broadcast_to(months, revenue.shape)) * override.target_amount
        paid_p = target * counted
        values = {
            "team revenue": (team_revenue, "money"),
            "team quota": (team_quota, "money"),
            "team attainment": (attainment, "ratio"),
            "target override for the months held": (target, "money"),
        }
        limits = []
        if override.threshold:
            limits.append(f"nothing below {override.threshold:.0%}")
        if override.cap_attainment is not None:
            limits.append(f"at most {override.cap_attainment:.0%}")
        how = f"{override.target_amount:,.2f} a month x the team's attainment" + (
            f" ({', '.join(limits)})" if limits else ""
        )
    if records is not None:
        words = override_words(override, how)
        kept = records["manager_override"] = PayRecord(words, settle)
        for name, (value, unit) in values.items():
            kept.add(name, np.where(managers[None, :, None], value, 0.0), unit)
        kept.add("=paid", paid_p)
    return settle.place(paid_p)


def credit_payouts(
    scenario: Scenario, outcomes: Outcomes, records: dict[str, PayRecord] | None = None
) -> dict[str, np.ndarray]:
    """The ``overlay`` and ``manager_override`` components the plan has (none when off)."""
    credit: Credit = scenario.pay.credit
    if credit.overlay is None and credit.override is None:
        return {}
    revenue = base_revenue(outcomes, scenario.pay.commission)
    components = {}
    if credit.overlay is not None:
        components["overlay"] = overlay_pay(credit.overlay, outcomes, revenue, records=records)
    if credit.override is not None:
        components["manager_override"] = override_pay(
            credit.override, outcomes, revenue, records=records
        )
    return components


def credit_warnings(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """Credit rules that credit no one on these outcomes: a split with no team-sold
    revenue or no seat with a teammate, an overlay or override role with no seat, and
    units whose covered revenue has no overlay seat to credit."""
    credit, messages = scenario.pay.credit, []
    if credit.splits_sale:
        if scenario.population.team_sold_share == 0:
            messages.append(
                "pay.credit.splits: population.team_sold_share is 0, so no sale is "
                "team-sold and the split changes nothing"
            )
        elif (teammates(outcomes.reps, _coselling(scenario, outcomes)) < 0).all():
            messages.append(
                "pay.credit.splits: no co-selling seat has a teammate in its team, so "
                "every sale stays with its seller"
            )
    roles = outcomes.reps["role"].astype(str).to_numpy()
    for key, rule in (("overlay", credit.overlay), ("override", credit.override)):
        if rule is not None and not (roles == rule.role).any():
            messages.append(
                f"pay.credit.{key}.role: no {rule.role} seat in the data, so the {key} pays nothing"
            )
    overlay = credit.overlay
    if overlay is not None and (roles == overlay.role).any():
        codes, n_units = _units(outcomes, overlay.covers)
        has_overlay = np.bincount(codes, weights=roles == overlay.role, minlength=n_units) > 0
        without = int((~has_overlay).sum())
        if without:
            messages.append(
                f"pay.credit.overlay: {without} of {n_units} {overlay.covers}s have no "
                f"{overlay.role} seat: their revenue earns no overlay credit"
            )
    return messages
