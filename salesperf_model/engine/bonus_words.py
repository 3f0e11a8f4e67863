"""Bonus rules in plain words: one sentence per bonus type, for leadership and statements."""

from __future__ import annotations

from salesperf_model.formatting import measure_words, money, share
from salesperf_model.schema import (
    OverAchievementBonus,
    ProfitShareBonus,
    TargetBonus,
    TeamPoolBonus,
    ThresholdBonus,
    TopNBonus,
)
from salesperf_model.schema.bonuses import ATTAINMENT


def when(settlement: str) -> str:
    """A settlement period in words (half_year -> half-year)."""
    return settlement.replace("_", "-")


def over_achievement_words(bonus: OverAchievementBonus, currency: str) -> str:
    return (
        f"Over-achievement bonus: {share(bonus.rate)} of revenue above "
        f"{share(bonus.above_attainment)} of quota ({when(bonus.settlement)})."
    )


def top_n_words(bonus: TopNBonus, currency: str) -> str:
    return (
        f"Top-{bonus.n} award by {measure_words(bonus.measure)}: "
        f"{money(bonus.amount, currency)} each ({when(bonus.settlement)})."
    )


def threshold_words(bonus: ThresholdBonus, currency: str) -> str:
    if bonus.measure == ATTAINMENT:
        return (
            f"Award of {money(bonus.amount, currency)} for reaching {bonus.at_least:.0%} of "
            f"quota ({when(bonus.settlement)})."
        )
    return (
        f"Award of {money(bonus.amount, currency)} for {measure_words(bonus.measure)} of at "
        f"least {bonus.at_least:g} ({when(bonus.settlement)})."
    )


def team_pool_words(bonus: TeamPoolBonus, currency: str) -> str:
    return (
        f"Team award: a {money(bonus.pool, currency)} pool for the region first on "
        f"attainment, split {bonus.split.replace('_', ' ')} ({when(bonus.settlement)})."
    )


def target_bonus_words(bonus: TargetBonus, currency: str) -> str:
    multipliers = ", ".join(f"{g} x{m:g}" for g, m in bonus.grade_multipliers.items())
    return f"Target bonus by grade: {multipliers} ({when(bonus.settlement)})."


def profit_share_words(bonus: ProfitShareBonus, currency: str) -> str:
    return (
        f"Profit sharing: {share(bonus.share_of_profit)} of gross profit, split "
        f"{bonus.split.replace('_', ' ')} ({when(bonus.settlement)})."
    )
