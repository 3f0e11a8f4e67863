"""Quotas of an import: a rule, a quota table or an amount sets one per rep and period.

Exports rarely carry quotas, so the mapping's rule derives them unless one is given.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.actuals.periods import PeriodKind, months_per_period
from salesperf_model.actuals.reading import CleanActuals
from salesperf_model.formatting import counted
from salesperf_model.tables.check import MAX_MAGNITUDE

#: A quota override: a quota table (CSV path or DataFrame with rep_id, period, quota), a
#: quota per rep and period, or None for the mapping's rule.
QuotaSource = str | Path | float | pd.DataFrame | None


def quotas_for(
    clean: CleanActuals,
    booked: np.ndarray,
    labels: list[str],
    *,
    period: PeriodKind,
    override: QuotaSource,
    held: np.ndarray | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Quota per (rep, period) and the sentences that state how it was set: `override`
    (a number, or a quota table) else the mapping's rule applied to `booked` revenue.
    `held` (seats, periods): the share of each period a seat was held (a roster's moves,
    hires and exits; None: all): quotas by rule and amount scale with it, and a team's
    headcount counts the seats held."""
    rule = clean.mapping.quota
    shape = booked.shape
    months = months_per_period(period)
    held = np.ones(shape) if held is None else held
    if isinstance(override, int | float) and not isinstance(override, bool):
        if not 0 < override <= MAX_MAGNITUDE:  # NaN and inf too
            raise ValueError(
                f"--quotas {override!r}: expected a positive amount per rep and period up to "
                f"{MAX_MAGNITUDE:.0e}"
            )
        return np.full(shape, float(override)) * held, [
            f"Quota: {override:,.0f} per rep and {period} (given)."
        ]
    if override is not None:
        return _quota_file(clean, override, labels, period)
    rate = clean.amount_rate  # the mapping's quotas are in the export's currency
    if rule.rule == "file":
        # The mapping's quota file sits with the export (relative to data_dir).
        quota, notes = _quota_file(clean, clean.data_dir / str(rule.file), labels, period)
        return quota * rate, notes
    if rule.rule == "fixed":
        assert rule.amount is not None
        return np.full(shape, rule.amount * rate * months) * held, [
            f"Quota: fixed {rule.amount * rate:,.0f} {clean.currency} per rep and month "
            "(mapping quota.amount)."
        ]
    team_codes, teams = pd.factorize(clean.reps["team"])
    headcount = np.zeros((len(teams), shape[1]))
    np.add.at(headcount, team_codes, held)
    team_booked = np.zeros((len(teams), shape[1]))
    np.add.at(team_booked, team_codes, booked)
    per_head = np.divide(
        team_booked, headcount, out=np.zeros_like(team_booked), where=headcount > 0
    )
    growth = 1 + rule.growth
    if rule.rule == "team_mean_share":
        quota = growth * per_head.mean(axis=1, keepdims=True) * np.ones((1, shape[1]))
        return quota[team_codes] * held, [
            f"Quota: flat, (1 + {rule.growth:g}) x the team's mean per-{period} booked revenue "
            "over the whole window, split equally over all the team's reps (including reps "
            "with no deals). In-sample: it uses the outcomes it is compared with."
        ]
    lookback = max(1, int(np.ceil(rule.lookback_months / months)))
    lookback = min(lookback, shape[1])
    csum = np.concatenate([np.zeros((len(teams), 1)), np.cumsum(per_head, axis=1)], axis=1)
    t = np.arange(shape[1])
    start = np.maximum(t - lookback, 0)
    # Periods with a full prior window use it; earlier ones use the first window (in-sample).
    start = np.where(t >= lookback, start, 0)
    stop = np.where(t >= lookback, t, lookback)
    quota = growth * (csum[:, stop] - csum[:, start]) / (stop - start)
    quota = quota[team_codes] * held
    zero = (quota <= 0) & (held > 0)
    notes = [
        f"Quota: (1 + {rule.growth:g}) x the team's mean booked revenue per {period} over the "
        f"previous {counted(lookback, period)}, split equally over all the team's reps "
        f"(including reps with no deals). The first {counted(lookback, period)} "
        f"{'has' if lookback == 1 else 'have'} no prior: they use the "
        f"mean of periods {labels[0]}..{labels[lookback - 1]} (in-sample)."
    ]
    if zero.any():
        notes.append(
            f"Quota is zero for {int(zero.sum())} rep-periods (teams with no prior revenue): "
            "attainment is undefined there."
        )
    return quota, notes


def _quota_file(
    clean: CleanActuals,
    source: str | Path | pd.DataFrame,
    labels: list[str],
    period: PeriodKind,
) -> tuple[np.ndarray, list[str]]:
    """Quotas read from a table (rep_id, period, quota): one positive quota per rep and
    period of the window, or an error naming the first gap."""
    if isinstance(source, pd.DataFrame):
        table, where = source.copy(), "quotas table"
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"quota file {path} does not exist")
        table, where = pd.read_csv(path, dtype={"rep_id": str, "period": str}), str(path)
    missing = [c for c in ("rep_id", "period", "quota") if c not in table.columns]
    if missing:
        raise ValueError(f"{where}: missing columns {missing}; expected rep_id, period, quota")
    given = table["quota"]
    table["quota"] = pd.to_numeric(table["quota"], errors="coerce")
    bad = ~(table["quota"] > 0) | ~(table["quota"] <= MAX_MAGNITUDE)  # NaN, inf, 1e300 too
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{where}: line {at + 2} (the header is line 1): quota {str(given.iloc[at])!r}; expected "
            f"a positive number up to {MAX_MAGNITUDE:.0e}"
        )
    twice = table.duplicated(["rep_id", "period"], keep=False)
    if twice.any():  # they were added up: a repeated row doubled a quota
        first = table[twice].iloc[0]
        lines = np.flatnonzero(
            (table["rep_id"] == first["rep_id"]) & (table["period"] == first["period"])
        )
        raise ValueError(
            f"{where}: rep {first['rep_id']!r} period {first['period']!r} has a quota on lines "
            f"{', '.join(str(i + 2) for i in lines)}; expected one row per rep and period "
            f"({int(twice.sum())} rows repeat a rep and period)"
        )
    grid = pd.DataFrame(0.0, index=clean.reps["rep_id"], columns=labels)
    used = table["rep_id"].isin(grid.index) & table["period"].isin(labels)
    notes = [f"Quota: from {where}."]
    if not used.all():
        unused = table[~used]
        example = unused.iloc[0]
        notes.append(
            f"{where}: {len(unused)} quota rows name a rep or period the import does not "
            f"hold (e.g. rep {example['rep_id']!r} period {example['period']!r}, line "
            f"{int(np.flatnonzero(~used)[0]) + 2}): left out."
        )
    table = table[used]
    pivot = table.pivot_table(index="rep_id", columns="period", values="quota", aggfunc="sum")
    grid = pivot.reindex(index=grid.index, columns=labels)
    gaps = grid.isna().to_numpy()
    if gaps.any():
        first = np.argwhere(gaps)[0]
        raise ValueError(
            f"{where}: no quota for {int(gaps.sum())} rep-periods, e.g. rep "
            f"{grid.index[first[0]]!r} period {labels[first[1]]!r}; expected one per rep and "
            f"{period} ({labels[0]}..{labels[-1]})"
        )
    return grid.to_numpy(dtype=float), notes
