"""Generate the metrics reference (docs/metrics.md) from the metric registry.

The reference is never written by hand: every metric's row (label, unit, direction,
truth, definition) and method comes from its declaration in the registry, and the list of
modules from their docstrings, so it cannot drift from what the code computes.
`salesperf metrics --out docs/metrics.md` regenerates it; a test fails when the committed
file is out of date. The prose about conventions and tables is kept here.
"""

from __future__ import annotations

import importlib
import pkgutil

from salesperf_model import measure
from salesperf_model.measure.metric import Metric
from salesperf_model.measure.registry import METRICS, TRUTH_NOTE

METRICS_DOC_COMMAND = "salesperf metrics --out docs/metrics.md"

_CONVENTIONS = """\
- **Inputs.** One `Outcomes` (arrays shaped simulations x reps x months, see
  `salesperf_model/outcomes.py`) and one `PlanResult` per plan (docs/architecture.md), every
  plan paid on the *same* outcomes (common random numbers).
- **Per-rep totals.** A rep is a seat (`rep_id`). Pay per rep = the sum of a payout
  component over all months of the horizon. **Fixed pay** = `base_salary` + `allowances`;
  **variable pay** = every other component (commission and each `bonus_<name>`); **total
  pay** = fixed + variable.
- **Draws and Monte Carlo statistics.** Every scalar metric is computed once per
  simulation (a *draw*); tables report `mean`, `p5`, `p50`, `p95` = the mean and the 5th,
  50th and 95th percentiles across simulations (numpy's linear interpolation). Draws that
  are undefined in a simulation (NaN, e.g. no C grades at all) are left out. On real data
  (one simulation) all four statistics equal the single value.
- **Units.** `money` is the plan's currency over the whole simulated horizon and the whole
  population unless the column says *per rep*. `%` is a percentage (0-100). `ratio` is a
  plain fraction (cost of sales 0.08 = 8% of revenue). `% of male` is the EU/UK pay-gap
  convention. `probability` is 0..1. `rank correlation` is -1..1.
- **Truth.** Metrics marked **needs truth** use the simulation's hidden `truth` arrays
  (`skill`, `territory_potential`, `big_account_share`). On real data (`truth is None`) they
  are NaN and the `note` column / the `notes` table says: "{truth_note}". Everything else works on one set of real outcomes.
- **Direction.** `higher_is_better` is True, False, or empty where neither is better
  (e.g. variable share; the tables below say higher, lower or neither); `compare` uses it
  for the `better` column and the frontier.
- **Labels.** Each metric's label says in a few plain words what it shows, for
  leadership; the definition says exactly how it is computed.
"""

_COST_NOTES = """\
Pay at target and marginal cost need two extra engine runs per plan
(`evaluate.evaluate_plans` makes them); the budget rows appear only when a budget is given
(scenario `budget.total_pay`, `budget.cost_of_sales`; the CLI takes each plan's own
scenario budget, which an alternative inherits from the baseline through `extends:`).
`revenue_at_quota` scales each side by quota / actual so the mix (new vs existing, big
accounts, upsell, profit) is kept; a month with nothing booked (collected) is filled with
quota as new-customer revenue for new-business reps and existing-customer revenue for
others; `receivable` is scaled with cash so the collection rate is unchanged. The scaled
sales-money measures are: revenue_booked_new/_existing/_big, revenue_upsell, gross_profit,
channel_revenue, new_product_revenue, revenue_cancelled/_booked (with the booked side),
revenue_collected_new/_existing/_big, receivable.
"""

_EQUITY = """\
### Pay equity (EU Directive 2023/970 Art. 9; UK Equality Act 2010 (Gender Pay Gap Information) Regulations 2017)

The rep table's `group` column carries the group (default reference `male`, comparison
`female`; both are parameters). Pay is each seat's total (or variable) pay over the
horizon; seats are full-time, so it stands for the hourly rate the UK rules use.

| Art. 9(1) | figure here |
|---|---|
| (a) gender pay gap | `gender_pay_gap_mean` |
| (b) gap in complementary or variable components | `variable_pay_gap_mean` (among receivers, as UK reg. 8) |
| (c) median gender pay gap | `gender_pay_gap_median` |
| (d) median gap in variable components | `variable_pay_gap_median` |
| (e) proportion receiving variable components | `variable_pay_receipt_<group>` in `pay_equity` |
| (f) proportion in each quartile pay band | `pay_quartiles` table |
| (g) gaps by categories of workers, basic and variable pay apart | `pay_equity` rows per role, with `fixed_pay_gap_mean` (base salary + allowances) beside the total and variable gaps |

- Gaps are (reference - comparison) / reference x 100, the "% of the male figure".
  `flag_5pct` is set when the Monte Carlo mean of a gap is 5% or more in either direction
  and its 5-95% range (rounded to 0.1) does not include 0: the Directive's threshold
  (Art. 10) for a joint pay assessment when not justified by objective, gender-neutral
  criteria, reached by more than Monte Carlo noise at the group's headcount.
- **Quartile pay bands** (UK reg. 13): labelled reps are ranked by total pay and split
  into four equal-headcount bands from the bottom (lower, lower_middle, upper_middle,
  upper). Regulation 13 asks only for bands "so far as possible" equal; when the headcount
  is not divisible by four we place the leftover reps as UK employers' published
  methodologies do (after the Acas / Government Equalities Office guidance): 1 -> lower;
  2 -> lower and upper middle; 3 -> lower, lower middle and upper middle
  (`pay_equity.quartile_band_sizes`). When reps
  with the same pay straddle a band boundary (reg. 13(2)), every band's part of that tied
  block gets the block's group mix, so counts can be fractional (e.g. four tied reps,
  three men and a woman, two on each side of a boundary: 1.5 men and 0.5 women on each
  side).
- **Grade parity**: S-rate and C-rate per group = share of the group's rep-reviews graded
  S (C). Four-fifths rule: the lowest group's rate of the favourable outcome (S, or not C)
  divided by the highest must be at least 0.8.

### The brief's fairness worries (`fairness_comparisons.fairness_comparison_table`)

- **Big- vs small-account holders**: reps whose big-account share is above the median
  (per simulation) vs the rest. The share is the true `big_account_share` when the
  outcomes have truth, else revenue_booked_big / revenue_booked over the horizon.
- **Tier-1 vs tier-3 regions**: `region_tier` 1 vs 3.
- **New-business reps vs account managers**: role `new_business` vs `account_manager`.

`pay_gap_pct` is the raw difference: roles and skill are not held equal (the `skill` column
shows whether the sides differ in true skill). `skill_adjusted_pay_gap_pct` (needs truth)
is the gap at equal skill and role: per simulation, among the reps on either side, total
pay is regressed by least squares on true skill and an indicator of the first side, all
centred within role (role fixed effects); the indicator's coefficient, in % of the second
side's mean pay, is pay that follows the book, the city or the role's side, not the rep.
For new-business reps vs account managers the sides *are* roles, so there only skill is
held equal (no role fixed effects).
"""

_COMPARISON = """\
## Comparison (`compare.py`, `winners_losers.py`, `frontier.py`, `headline.py`)

- `compare(results, baseline, outcomes)` and `compare_draws(draws_by_plan, baseline)`:
  per plan and metric, the difference is computed simulation by simulation (paired, since
  every plan is paid on the same outcomes). `difference_se` = standard deviation of the
  per-simulation differences / sqrt(number of simulations): the Monte Carlo standard
  error of the mean difference (NaN with one simulation). `difference_low`,
  `difference_high` = difference -+ t standard errors (Student's t with simulations - 1
  degrees of freedom: 2.09 at 20 simulations, 1.97 at 200), its 95% interval (the difference
  itself on one set of real results). `better` is set only when that interval excludes
  zero: a difference within the Monte Carlo error is neither better nor worse. Under
  behaviour each plan is simulated with the same seed, so simulations pair by index.
- `winners_losers(result, baseline, outcomes, by)`: each rep's change in total pay,
  alternative - baseline, in % of baseline pay, banded: `lose > 5%` (< -5), `lose 0.1-5%`
  ([-5, -0.1)), `about the same` ([-0.1, 0.1]), `gain 0.1-5%` ((0.1, 5]), `gain > 5%`
  (> 5). Groups are the **baseline's** attainment decile (equal-headcount deciles 1-10 of
  horizon attainment = sum(attainment x quota) / sum(quota), per simulation), or a rep
  column (role, region, group).
- `frontier(summary, draws=...)`: a plan is on the cost-vs-fairness frontier when no
  other plan has lower-or-equal mean total pay **and** equal-or-better mean fairness with
  one of them better beyond the Monte Carlo error (paired 95% interval excluding zero).
  Without draws the means alone decide (one of the two strictly). In a comparison's
  `frontier` table total pay counts what a holdback still owes at the end of the
  horizon (`measure/owed.py`): a deferral is not a saving.
  Fairness defaults to `merit_alignment_pay` (higher better), or on real data to the
  absolute `gender_pay_gap_mean` (smaller better). When neither has a value (one rep;
  real data without groups) no plan is on the frontier and `notes` says why.
- `headline(result, outcomes, baseline)`: Monte Carlo means of `total_pay`,
  `change_vs_baseline` (money, paired), `change_vs_baseline_pct`, `revenue_collected`,
  `revenue_change_vs_baseline` (money, paired: what reps bring in under the plan, which
  differs from the baseline's when each plan is simulated under its own behaviour),
  `revenue_change_vs_baseline_pct`, `cost_of_sales_collected`, `over_budget_total_pay`, `over_budget_cost_of_sales`,
  `variable_pay_share`,
  `merit_alignment_pay`, `luck_share`, `false_c_rate`, `gender_pay_gap_mean`,
  `gini_variable_pay`.

## Column dictionary (every table `comparison_tables` returns; the CLI writes `<table>.csv`)

Tables that hold one row set per plan start with a `plan` column.

| table | columns (units) |
|---|---|
| `headline` | `plan`, then the headline figures above (units as in the metric tables; `change_vs_baseline` and `revenue_change_vs_baseline` money, `change_vs_baseline_pct` and `revenue_change_vs_baseline_pct` %) |
| `comparison` | `plan, metric, unit, needs_truth, higher_is_better, baseline, alternative` (Monte Carlo means, metric's unit), `difference` (alternative - baseline, mean of paired differences), `difference_pct` (% of the baseline mean), `difference_se` (Monte Carlo standard error of the difference), `difference_low, difference_high` (95% interval of the difference), `difference_p5, difference_p95` (percentiles of the paired differences: their spread, not an interval), `better` (True/False, empty within the interval), `note` |
| `summary` | `plan, metric, unit, needs_truth, higher_is_better, mean, mean_se` (Monte Carlo standard error of the mean), `p5, p50, p95` (spread over simulations), `note` |
| `frontier` | `plan, cost_metric, cost` (mean), `fairness_metric, fairness` (mean), `on_frontier` (bool), `dominated_by` (comma-separated plans) |
| `notes` | `metric, note`: metrics skipped on real data and why |
| `cost_by_component` | `plan, component` (each payout component, then fixed, variable, total), `mean, p5, p50, p95` (money, all reps), `share_of_total_pct` (%) |
| `cost_by_year` | `plan, year` (calendar year of the horizon), `component` (each payout component, then total), `months` (months of the year in the data), `mean, p5, p50, p95` (money, all reps; a deferred bonus counts what was earned less what was forfeited that year) |
| `deferred_vesting` | `plan, component` (each deferred element, `deferred_<name>`), `year` (calendar year, from the horizon's first to the year the last tranche vests), `after_horizon` (bool), `flow` (`earned`; `forfeited` on exits, in the year of the exit; `vesting`: earnings not forfeited within the horizon, in the year they vest - a cost still due if their holders stay), `mean, p5, p50, p95` (money, all reps); no rows without deferred elements |
| `cost_by_role`, `cost_by_region`, `cost_by_rep` | `plan, role` (or `region`, or `rep_id`; per rep only the `total` and `variable` components), `component, reps` (seats), `mean, p5, p50, p95` (money, group total), `mean_per_rep` (money per seat) |
| `pay_at_target` | `plan, role` (`all` = everyone), `reps, expected_pay_mean, pay_at_target_mean` (money, mean over simulations), `expected_over_target` (ratio) |
| `pay_equity` | `plan, category` (`all` or a role), `measure` (gender_pay_gap_mean, gender_pay_gap_median, variable_pay_gap_mean, variable_pay_gap_median, fixed_pay_gap_mean: % of male; variable_pay_receipt_<group>: % of the group), `unit, reference_reps, comparison_reps, mean, p5, p50, p95, flag_5pct` |
| `pay_quartiles` | `plan, quartile` (lower, lower_middle, upper_middle, upper), `group, band_reps` (headcount of the band), `mean, p5, p50, p95` (% of the band) |
| `grade_parity` | `plan, group` (each group, then `lowest/highest`), `measure` (s_rate, c_rate in % of the group's rep-reviews; s_rate_ratio, not_c_rate_ratio), `reps, mean, p5, p50, p95` (of the per-simulation figure), `pooled` (ratio rows: lowest / highest group rate pooled over simulations, not the biased mean of per-simulation worst ratios), `four_fifths_fail` (pooled ratio below 0.8), `no_bias_p` (p-value of equal rates: paired per-simulation differences, or a two-proportion z-test on one set of results; Bonferroni over group pairs), `adverse_impact` (below 0.8 and p < 0.05) |
| `fairness_comparisons` | `plan, comparison` (big_small_account, tier1_tier3, new_business_account_manager), `side` (first, second), `label, reps` (seats per simulation), `total_pay, variable_pay` (money per rep), `attainment_pct` (%), `s_rate, c_rate` (%), `skill` (sd units; NaN on real data), `pay_gap_pct` (first vs second, % of second), `skill_adjusted_pay_gap_pct` (%, needs truth) |
| `winners_losers_by_attainment_decile`, `_by_role`, `_by_region`, `_by_group` | `plan, <grouping>` (last row `all`), `reps` (seats per simulation), `lose > 5%, lose 0.1-5%, about the same, gain 0.1-5%, gain > 5%` (% of the group's reps), `mean_change` (money per rep), `mean_change_pct` (mean of reps' % changes), `total_change` (money, mean over simulations), `share_of_total_change_pct` (%), `pay_change_pct` (the group's pay change in % of its baseline pay: same sign as `mean_change`, which `mean_change_pct` need not have) |
"""

_FAMILIES = {
    "cost": "## Cost metrics (`cost_metrics.COST_METRICS`; draws from `registry.plan_draws`)",
    "fairness": (
        "## Fairness metrics (`fairness_metrics.FAIRNESS_METRICS`; draws from "
        "`registry.plan_draws`)"
    ),
}


def _direction(metric: Metric) -> str:
    return {True: "higher", False: "lower", None: "neither"}[metric.higher_is_better]


def _metric_table(family: str) -> list[str]:
    lines = [
        "| metric | label | unit | better | needs truth | definition |",
        "|---|---|---|---|---|---|",
    ]
    for m in METRICS.values():
        if m.family == family:
            truth = "yes" if m.needs_truth else "no"
            lines.append(
                f"| `{m.name}` | {m.label} | {m.unit} | {_direction(m)} | {truth} | "
                f"{m.definition} |"
            )
    return lines


def _modules() -> list[str]:
    """One line per module of the measure package: its file and its docstring's summary."""
    lines = []
    for info in sorted(pkgutil.iter_modules(measure.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"salesperf_model.measure.{info.name}")
        summary = " ".join((module.__doc__ or "").split("\n\n")[0].split()).replace("``", "`")
        lines.append(f"- `{info.name}.py`: {summary}")
    return lines


def render_metrics_markdown() -> str:
    """The whole of docs/metrics.md."""
    lines = [
        "# Metrics: cost and fairness of a plan, and how plans are compared",
        "",
        f"<!-- Generated from the metric registry by `{METRICS_DOC_COMMAND}`. "
        "Do not edit by hand. -->",
        "",
        "Package `salesperf_model.measure`, one job per module:",
        "",
        *_modules(),
        "",
        "Command: `salesperf compare SCENARIOS... --baseline FILE [--sims N --seed N --out DIR]`.",
        "",
        "## Conventions",
        "",
        _CONVENTIONS.format(truth_note=TRUTH_NOTE).rstrip("\n"),
        "",
        _FAMILIES["cost"],
        "",
        *_metric_table("cost"),
        "",
        _COST_NOTES.rstrip("\n"),
        "",
        _FAMILIES["fairness"],
        "",
        *_metric_table("fairness"),
        "",
        "### Methods",
        "",
        *(f"- {m.method}" for m in METRICS.values() if m.method),
        "",
        _EQUITY.rstrip("\n"),
        "",
        _COMPARISON.rstrip("\n"),
    ]
    return "\n".join(lines) + "\n"
