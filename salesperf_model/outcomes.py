"""The outcome schema: what reps achieved, per simulation, rep (seat) and month.

Simulated populations and imported actuals fill the same structure, so that scoring,
grading, pay and measurement cannot tell them apart. Actuals are one simulation with no
hidden truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.seat_labels import kept_labels
from salesperf_model.tables import (
    MAX_MAGNITUDE,
    NumberRule,
    TableProblems,
    TableSpec,
    check_table,
    period_key,
    read_csv_text,
    read_roster_csv,
    seats_from_roster,
)
from salesperf_model.tables.outcome_rules import OUTCOME_PARTS as OUTCOME_PARTS
from salesperf_model.tables.outcome_rules import SIGNABLE_MEASURES, parts_checked, signed_problem
from salesperf_model.tables.outcome_rules import signed_measure as signed_measure
from salesperf_model.tables.roster import in_seat, roster_tenure

#: The roles the toolkit knows. Scenario files refer to roles by these keys.
ROLES: dict[str, str] = {
    "new_business": "new-business rep (hunter): wins new customers",
    "account_manager": "account manager (farmer): grows and keeps existing customers",
    "key_account_manager": "key-account manager: few big accounts, long decision cycles",
    "channel_manager": "channel manager: manages partner channels",
    "regional_manager": "regional manager: answers for a region's totals",
    "equity_sales": "equity sales: long-cycle, high-risk deals scored by stage",
}

#: Rep-table columns every outcome set carries (one row per seat).
REP_COLUMNS: dict[str, str] = {
    "rep_id": "seat identifier, stable over periods (string)",
    "role": f"one of {', '.join(ROLES)}",
    "region": "region name",
    "region_tier": "market tier of the region's city: 1, 2 or 3",
    "team": "team name (a team reports to one regional manager)",
    "group": "group attribute for pay-equity analysis, e.g. 'female' / 'male' ('' if unknown)",
}

#: Measures per (simulation, rep, period). Monthly periods. Money in the plan's currency.
MEASURES: dict[str, str] = {
    "quota": "revenue quota for the period (money)",
    "visits": "effective customer visits (>= 30 minutes of real conversation) (count)",
    "leads_prospecting": "leads that entered the prospecting stage in the period (count)",
    "leads_negotiation": "leads that entered intent negotiation in the period (count)",
    "deals_won": "deals signed in the period (count)",
    "deals_lost": "deals lost in the period (count)",
    "deals_pulled": "deals signed in the period that were due next period, pulled in early at a discount (count)",
    "deals_pushed": "deals won in the period whose signing the rep pushed into the next period (count)",
    "new_customers": "customers that signed or ordered for the first time (count)",
    "existing_customers": "customers in the rep's book at the start of the period (count)",
    "repeat_customers": "existing customers who bought again in the period (count)",
    "customers_lost": "existing customers lost (stopped buying) in the period (count)",
    "new_segments": "new market segments entered in the period (count)",
    "revenue_booked_new": "revenue booked from new customers (money)",
    "revenue_list_new": "list value of the new-customer deals signed in the period, before timing discounts (money)",
    "revenue_discount": "new-customer revenue given up in discounts on pulled deals: list value - booked (money)",
    "revenue_booked_existing": "revenue booked from existing customers (money)",
    "revenue_booked_big": "part of booked revenue (new + existing) from big accounts (money)",
    "revenue_upsell": "part of existing-customer revenue from upsell and cross-sell (money)",
    "revenue_collected_new": "cash collected on new-customer revenue (money)",
    "revenue_collected_existing": "cash collected on existing-customer revenue (money)",
    "revenue_collected_big": "part of collected cash from big accounts (money)",
    "receivable": "amount falling due for collection in the period (money)",
    "revenue_cancelled": "booked revenue cancelled or returned, in the period the cancellation lands (money; never collected)",
    "revenue_cancelled_booked": "the period's booked revenue that is later cancelled or returned, in the period it was booked (money)",
    "cancellation_lag": "months from booking to cancellation of the period's later-cancelled revenue (months; 0 when none)",
    "gross_profit": "gross profit on booked revenue (money)",
    "nps": "net promoter score of the rep's customers (-100..100)",
    "response_time_hours": "mean response time to customer requests (hours)",
    "complaints": "customer complaints (count)",
    "compliance_incidents": "process breaches and false promises (count)",
    "product_knowledge_score": "written product test (0..100 points)",
    "negotiation_score": "negotiation assessment (0..100 points)",
    "training_hours": "training hours completed (hours)",
    "rating_manager": "360 rating by the manager (0..100 points)",
    "rating_peer": "360 rating by peers and other departments (0..100 points)",
    "rating_customer": "360 rating by customers (0..100 points)",
    "rating_self": "self rating (0..100 points)",
    "channels_total": "partner channels managed (count)",
    "channels_active": "partner channels that ordered in the period (count)",
    "channels_new": "new effective partner channels signed in the period (count)",
    "channel_revenue": "revenue booked through partner channels (money)",
    "new_product_revenue": "revenue from products launched this year (money)",
    "credit_assessment_accuracy": "share of customer credit assessments later proven right (0..1)",
    "contract_risk_incidents": "contracts signed with terms later flagged as risky (count)",
    "region_market_size": "market size of the rep's region in the period (money)",
    "tenure_months": "months in the seat by the end of the period (months)",
    "person_id": "who holds the seat (integer; changes when a rep exits and is replaced; -1 while nobody holds it)",
    "leave": "share of the period the rep was on leave of absence (0..1)",
    "quota_carved_out": "share of the period's quota in territory carved out of the rep's patch, from a relief table (0..1)",
}

#: Hidden truth the simulation knows and actuals do not, per (simulation, rep, period).
TRUTH: dict[str, str] = {
    "skill": "latent selling skill of the person in the seat (standard-normal units)",
    "territory_potential": "territory potential, a multiplier around 1 (luck of the draw)",
    "big_account_share": "share of the book's potential in big accounts (0..1)",
    "market_shock": "market-wide x regional demand shock on the seat's leads that month, a multiplier around 1",
    "deal_luck": "the rep's own month-to-month luck in leads that month, a multiplier around 1",
    "quota_error": "the seat's quota over the quota rule's share of the seat's true expected revenue (1: set exactly)",
    "revenue_lost_vacancy": "expected revenue the seat did not keep while nobody held it: an average rep's new business plus the share of existing-customer revenue colleagues did not cover (money; 0 in held months)",
}


@dataclass(frozen=True)
class Outcomes:
    """Rep table plus measures shaped (simulations, reps, periods).

    Parameters
    ----------
    reps
        One row per seat, columns :data:`REP_COLUMNS` (extra columns are kept).
    periods
        Period labels: months ``2026-01`` (simulated), or quarters ``2026-Q1`` or half years.
    measures
        Arrays keyed by :data:`MEASURES` names, each shaped (simulations, reps, periods).
    truth
        Arrays keyed by :data:`TRUTH` names, or ``None`` for real data.
    source
        ``"simulation"`` or ``"actuals"``.
    """

    reps: pd.DataFrame
    periods: list[str]
    measures: dict[str, np.ndarray]
    truth: dict[str, np.ndarray] | None = None
    source: str = "simulation"
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [c for c in REP_COLUMNS if c not in self.reps.columns]
        if missing:
            raise ValueError(f"rep table lacks columns {missing}; expected {list(REP_COLUMNS)}")
        labels = kept_labels(self.reps, "role")  # distinct roles, coded once per rep table
        roles = self.reps["role"].unique() if labels is None else labels.names
        unknown_roles = sorted(set(roles) - set(ROLES))
        if unknown_roles:
            raise ValueError(
                f"rep table has unknown roles {unknown_roles}; expected one of {list(ROLES)}"
            )
        shape = self.shape
        for name, values in {**self.measures, **(self.truth or {})}.items():
            if values.shape != shape:
                raise ValueError(f"measure {name!r} has shape {values.shape}, expected {shape}")
        unknown = sorted(set(self.measures) - set(MEASURES))
        if unknown:
            raise ValueError(f"unknown measures {unknown}; known: {sorted(MEASURES)}")

    @property
    def shape(self) -> tuple[int, int, int]:
        """(simulations, reps, periods)."""
        first = next(iter(self.measures.values()))
        return tuple(first.shape)  # type: ignore[return-value]

    @property
    def n_simulations(self) -> int:
        return self.shape[0]

    @property
    def n_reps(self) -> int:
        return self.shape[1]

    @property
    def n_periods(self) -> int:
        return self.shape[2]

    def get(self, name: str) -> np.ndarray:
        """A measure, or a derived total, as a (simulations, reps, periods) float array.

        Derived names: ``revenue_booked`` (new + existing) and ``revenue_collected``.
        Measures absent from this outcome set (an import that lacks them) read as zeros."""
        if name == "revenue_booked":
            return self.get("revenue_booked_new") + self.get("revenue_booked_existing")
        if name == "revenue_collected":
            return self.get("revenue_collected_new") + self.get("revenue_collected_existing")
        if name in self.measures:
            return self.measures[name]
        if name not in MEASURES:
            raise KeyError(f"unknown measure {name!r}; known: {sorted(MEASURES)}")
        return np.zeros(self.shape)

    def select_simulations(self, index: slice | np.ndarray) -> Outcomes:
        """A view on some simulations (for chunked work)."""
        return Outcomes(
            reps=self.reps,
            periods=self.periods,
            measures={k: v[index] for k, v in self.measures.items()},
            truth=None if self.truth is None else {k: v[index] for k, v in self.truth.items()},
            source=self.source,
            meta=self.meta,
        )

    def to_long(self) -> pd.DataFrame:
        """Tidy table: one row per simulation, rep and period, measures as columns."""
        sims = self.n_simulations
        index = pd.MultiIndex.from_product(
            [range(sims), self.reps["rep_id"].astype(str), self.periods],
            names=["simulation", "rep_id", "period"],
        )
        columns = {name: values.reshape(-1) for name, values in self.measures.items()}
        if "in_seat" in self.meta:  # share of each period the seat was held (a roster's)
            columns["in_seat"] = np.broadcast_to(self.meta["in_seat"], self.shape).reshape(-1)
        if self.truth is not None:
            columns.update({f"truth_{n}": v.reshape(-1) for n, v in self.truth.items()})
        table = pd.DataFrame(columns, index=index).reset_index()
        return table.merge(self.reps, on="rep_id", how="left")

    @classmethod
    def from_long(
        cls, table: pd.DataFrame, source: str = "actuals", where: str = "table"
    ) -> Outcomes:
        """Build outcomes from a tidy table (one row per rep and period, optional
        ``simulation`` column). Unknown columns are refused, not ignored."""
        table = table.copy()
        if "simulation" not in table.columns:
            table["simulation"] = 0
        table["rep_id"] = table["rep_id"].astype(str)
        table["period"] = table["period"].astype(str)
        truth_cols = [c for c in table.columns if c.startswith("truth_")]
        known = {"simulation", "rep_id", "period", *REP_COLUMNS, *MEASURES, *truth_cols}
        unknown = [c for c in table.columns if c not in known]
        if unknown:
            raise ValueError(
                f"{where}: unknown columns {unknown}; expected rep columns {list(REP_COLUMNS)} "
                f"and measures from salesperf_model.outcomes.MEASURES"
            )
        missing = [c for c in ("rep_id", "period", "role", "quota") if c not in table.columns]
        if missing:
            raise ValueError(f"{where}: missing required columns {missing}")
        for column, default in (("region", ""), ("region_tier", 1), ("team", ""), ("group", "")):
            if column not in table.columns:
                table[column] = default
        table["group"] = table["group"].astype(object).where(table["group"].notna(), "").astype(str)
        reps = table.drop_duplicates("rep_id")[list(REP_COLUMNS)].reset_index(drop=True)
        periods = sorted(table["period"].unique(), key=_period_order)
        sims = sorted(table["simulation"].unique())
        rep_pos = {r: i for i, r in enumerate(reps["rep_id"])}
        period_pos = {p: i for i, p in enumerate(periods)}
        sim_pos = {s: i for i, s in enumerate(sims)}
        i = table["simulation"].map(sim_pos).to_numpy()
        j = table["rep_id"].map(rep_pos).to_numpy()
        k = table["period"].map(period_pos).to_numpy()
        shape = (len(sims), len(reps), len(periods))
        duplicated = pd.DataFrame({"i": i, "j": j, "k": k}).duplicated()
        if duplicated.any():
            rows = list(table.index[duplicated.to_numpy()][:5])
            raise ValueError(
                f"{where}: duplicate (simulation, rep_id, period) rows, e.g. rows {rows}"
            )

        def fill(column: str) -> np.ndarray:
            values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
            bad = np.isnan(values)
            if bad.any():
                row = int(table.index[bad][0])
                raise ValueError(
                    f"{where}: column {column!r} row {row}: value {table[column].iloc[int(np.argmax(bad))]!r} "
                    "is not a number"
                )
            out = np.zeros(shape)
            out[i, j, k] = values
            return out

        measures = {c: fill(c) for c in MEASURES if c in table.columns}
        truth = {c.removeprefix("truth_"): fill(c) for c in truth_cols} or None
        return cls(reps=reps, periods=periods, measures=measures, truth=truth, source=source)


#: Measures that may be negative without being declared signed: a loss-making deal's
#: gross profit. Other money is non-negative unless the reader is told (only
#: :data:`SIGNABLE_MEASURES` may be); counts and scores always are.
SIGNED_MEASURES = frozenset({"gross_profit"})
_RANGE = re.compile(r"\((-?\d+)\.\.(\d+)")


def _period_order(label: str) -> tuple:
    """Months and quarters in time order (``2026-2`` before ``2026-10``), other labels after."""
    key = period_key(label)
    return (0, key) if key is not None else (1, label)


def measure_rule(name: str, signed: bool = False) -> NumberRule:
    """The bounds a measure's cells must keep: the range its description states (``0..100``
    points, ``-100..100``), else non-negative, or any sign when ``signed``; whole numbers
    for a count (its description ends in "(count)"): 2.5 deals would be scored as such."""
    description = MEASURES[name]
    match = _RANGE.search(description)
    if match:
        return NumberRule(low=float(match[1]), high=float(match[2]))
    low = -MAX_MAGNITUDE if signed else 0.0
    if description.endswith("(count)"):
        what = description.removesuffix("(count)").strip()
        why = f"{name} is a count ({what}); write a whole number"
        return NumberRule(low=low, integer=True, whole_because=why)
    return NumberRule(low=low, signable=name in SIGNABLE_MEASURES)


def outcome_table_spec(signed: frozenset[str] | set[str] = frozenset()) -> TableSpec:
    """What an outcome CSV's columns mean for :func:`salesperf_model.tables.check_table`:
    bounds, and the parts no larger than their whole unless refunds are netted in."""
    unknown = sorted(set(signed) - set(MEASURES))
    if unknown:
        raise ValueError(f"signed: unknown measures {unknown}; known: {sorted(MEASURES)}")
    for problem in filter(None, map(signed_problem, sorted(signed))):
        raise ValueError(f"signed: {problem}")
    parts = parts_checked(set(signed) - SIGNED_MEASURES)
    signed = set(signed) | SIGNED_MEASURES
    numbers = {name: measure_rule(name, name in signed) for name in MEASURES}
    numbers["simulation"] = NumberRule(high=1e7, integer=True)
    numbers["in_seat"] = NumberRule(high=1.0)  # share of the period the seat was held
    numbers["person_id"] = NumberRule(low=-1.0)  # -1: an empty seat (simulate.vacancy)
    # what ``simulate --out`` writes beside the measures: read as the truth it is
    truth = {f"truth_{name}" for name in TRUTH}
    numbers.update({name: NumberRule(low=-MAX_MAGNITUDE) for name in truth})
    return TableSpec(
        required=("rep_id", "period", "role", "quota"),
        known=frozenset(
            {"simulation", "rep_id", "period", "in_seat", *REP_COLUMNS, *MEASURES, *truth}
        ),
        id_columns=("rep_id",),
        group_columns=("simulation",),
        attribute_columns=("role", "region", "region_tier", "team", "group"),
        numbers=numbers,
        choices={"role": ROLES, "region_tier": ("1", "2", "3")},
        period_column="period",
        parts=parts,
    )


def read_outcomes_csv(
    path: str | Path,
    *,
    signed: frozenset[str] | set[str] = frozenset(),
    notes: list | None = None,
    roster: str | Path | None = None,
) -> Outcomes:
    """Read a tidy outcome CSV (one row per rep and month) such as
    ``tests/data/example_outcomes.csv``, refusing what would pay wrongly.

    Every bad cell is reported at once (:class:`salesperf_model.tables.TableError`, a
    ``ValueError``) with its 1-based CSV line: numbers must be finite, non-negative (except
    the measures in ``signed``, e.g. refunds, and :data:`SIGNED_MEASURES`) and within the
    range a measure's description states; a part may not exceed its whole
    (:data:`OUTCOME_PARTS`, not checked on a signed column); every rep needs every month; a rep's role, region,
    tier, team and group may not change within the table unless a ``roster`` CSV says from
    when (:mod:`salesperf_model.tables.roster`: the rep is paid as one seat per roster row),
    and its hire and exit dates limit base salary and allowances to the months held
    (:mod:`salesperf_model.tables.tenure`);
    periods are months ``YYYY-MM`` (``2026-1`` is read as 2026-01), quarters or half years
    (``2026Q1``, ``Q1 2026``, ``2026-H1``), one kind per table, stated in ``notes`` and sorted
    as time. Spaces around ids are removed; what the reader changed is appended to ``notes``
    (one sentence each)."""
    path = Path(path)
    problems = TableProblems(str(path))
    spec = outcome_table_spec(signed)
    read_roster = read_roster_csv(roster, choices=spec.choices) if roster is not None else None
    if read_roster is not None:
        spec = replace(spec, changes_explained=frozenset(read_roster.changing_reps()))
    checked = check_table(read_csv_text(path), spec, problems)
    table = checked.frame
    extra: list[str] = []
    if read_roster is not None:
        table, extra = seats_from_roster(
            table, checked.lines, read_roster, where=str(path), choices=spec.choices
        )
    table["region_tier"] = table["region_tier"].astype(int) if "region_tier" in table else 1
    if notes is not None:
        notes.extend([*checked.notes, *extra])
    share = table.pop("in_seat") if "in_seat" in table else None
    outcomes = Outcomes.from_long(table, source="actuals", where=str(path))
    if share is not None or (read_roster is not None and read_roster.changing_reps()):
        held = in_seat(table, list(outcomes.reps["rep_id"]), outcomes.periods, share=share)
        outcomes.meta["in_seat"] = held
    if read_roster is not None:
        held = roster_tenure(
            read_roster,
            [str(r) for r in outcomes.reps["rep_id"]],
            list(outcomes.periods),
            booked=outcomes.get("revenue_booked"),
            held=outcomes.meta.get("in_seat"),
            notes=notes,
            tenure_months=outcomes.measures.get("tenure_months"),
        )
        outcomes.meta.update({} if held is None else {"in_seat": held})
    return outcomes
