"""The fairness metrics, declared once each: meaning, unit, direction and per-simulation
draws. Metrics that need the simulation's hidden truth are NaN on real data."""

from __future__ import annotations

from salesperf_model.measure import grade_accuracy, inequality, merit
from salesperf_model.measure.fairness_comparisons import side_gap_metric
from salesperf_model.measure.grade_parity import ratio_metric
from salesperf_model.measure.metric import Metric
from salesperf_model.measure.pay_equity import gap_metric

_LUCK_METHOD = (
    "**Luck share (LMG / Shapley decomposition of R²).** Per simulation, total pay is "
    "regressed on three per-rep regressors, each averaged over the horizon: true `skill`, "
    "`territory_potential` and `big_account_share`. Pay and regressors are first centred "
    "within role (role fixed effects, Frisch-Waugh), because pay levels that policy sets per "
    "role are neither merit nor luck. The R² of all 2³ subsets of regressors is computed by "
    "least squares, and each regressor's share phi is its average R² gain over all orders of "
    "entry (Lindeman, Merenda & Gold 1980; the Shapley value of R²). The parts add up to the "
    "full R² whatever the correlation between regressors, which a plain comparison of "
    "coefficients does not. `luck_share` is reported as a share of the explained variance; "
    "`luck_variance_share` and `skill_variance_share` as shares of all within-role variance "
    "(the rest is noise: deal luck, rater noise, period shocks). In each simulation "
    "`luck_share` = 100 x `luck_variance_share` / (`luck_variance_share` + "
    "`skill_variance_share`), so it is the larger of the two luck figures whenever part of "
    "pay is unexplained; their means over simulations follow this only roughly."
)
_IDEAL_GRADES_METHOD = (
    "**Skill-ideal grades.** In each simulation and review, reps are sorted by their mean "
    "true skill over the review's months and handed out the *same numbers* of S, A, B and C "
    'as the plan handed out in that review (company-wide). This is "the grade true skill '
    "would get under the same rule\" for any rule: it keeps the plan's grade distribution and "
    "asks only whether the right reps got each grade."
)
_ABOVE_MEDIAN_METHOD = (
    "**Above-median skill** is judged per simulation and review, across all reps."
)
_SAME_PERSON_METHOD = (
    "**Same person**: from the `person_id` measure at the last month of each review when the "
    "outcomes have it; otherwise the seat is assumed to keep its holder."
)

FAIRNESS_METRICS: tuple[Metric, ...] = (
    Metric(
        "merit_alignment_pay",
        label="Pay follows true skill",
        description="Spearman correlation of total pay with true skill, ranked within role",
        explanation=(
            "Whether better reps earn more: 1 if pay ranks reps exactly by their true skill "
            "within each role, 0 if pay is unrelated to skill; a rank correlation, not a "
            "share of pay differences (0.44 does not mean 44%: the luck and skill percentages "
            "answer another question, where pay differences come from)."
        ),
        unit="rank correlation",
        higher_is_better=True,
        needs_truth=True,
        definition="Spearman correlation between each rep's total pay and mean true skill over the horizon, both ranked **within role** (mid-rank percentiles), pooled over roles",
        compute=lambda m: merit.merit_alignment(m, m.totals["total"]),
        family="fairness",
    ),
    Metric(
        "merit_alignment_variable_pay",
        label="Variable pay follows true skill",
        description="Spearman correlation of variable pay with true skill, ranked within role",
        explanation=(
            "Whether better reps earn more commission and bonus: 1 if it ranks reps exactly by skill, 0 if unrelated."
        ),
        unit="rank correlation",
        higher_is_better=True,
        needs_truth=True,
        definition="the same with variable pay",
        compute=lambda m: merit.merit_alignment(m, m.totals["variable"]),
        family="fairness",
    ),
    Metric(
        "merit_alignment_grade",
        label="Grades follow true skill",
        description="Spearman correlation of mean grade with true skill, ranked within role",
        explanation=(
            "Whether better reps get better grades: 1 if grades rank reps exactly by skill, 0 if unrelated."
        ),
        unit="rank correlation",
        higher_is_better=True,
        needs_truth=True,
        definition="the same with the rep's mean grade (S best)",
        compute=lambda m: merit.merit_alignment(m, merit.mean_grade_points(m)),
        family="fairness",
    ),
    Metric(
        "luck_share",
        label="Luck's share of pay differences",
        description="share of the explained within-role pay variance (skill, territory and big "
        "accounts) due to territory and big accounts",
        explanation=(
            "Luck against skill, counting only the pay differences that skill, territory and "
            "big accounts explain: the part due to the territory and big accounts a rep was "
            "handed, luck ÷ (luck + skill); the rest (deal-by-deal luck, market swings, rater "
            "noise) is left out, so it is the larger figure, while 'Pay differences due to "
            "luck' divides the same luck by all pay differences (for example 17.9% due to "
            "luck and 22.4% due to skill give 17.9 ÷ (17.9 + 22.4) = 44.4%, worked out per "
            "simulation, so the averages shown follow this only roughly)."
        ),
        unit="%",
        higher_is_better=False,
        needs_truth=True,
        definition="share of the *explained* within-role variance of total pay due to territory potential and big-account share: (phi_territory + phi_big) / (phi_skill + phi_territory + phi_big) x 100",
        compute=merit.luck_share,
        family="fairness",
        method=_LUCK_METHOD,
    ),
    Metric(
        "luck_variance_share",
        label="Pay differences due to luck",
        description="share of all within-role pay variance due to territory and big accounts",
        explanation=(
            "Of all pay differences between reps of a role, explained or not, the part that "
            "comes from the territory and big accounts a rep was handed (not deal-by-deal "
            "luck, market swings or rater noise, which stay in the unexplained rest): it "
            "divides by all pay differences, so it is the smaller figure, while 'Luck's share "
            "of pay differences' divides the same luck by the explained part only (luck plus "
            "skill); close to, but not the same as, territory plus big accounts in the split "
            "of why pay differs, which fits six drivers at once."
        ),
        unit="%",
        higher_is_better=False,
        needs_truth=True,
        definition="phi_territory + phi_big, in % of total within-role pay variance",
        compute=merit.luck_variance_share,
        family="fairness",
    ),
    Metric(
        "skill_variance_share",
        label="Pay differences due to skill",
        description="share of all within-role pay variance due to true skill",
        explanation=(
            "Of all pay differences between reps of a role, the part that comes from their "
            "true skill; this, 'Pay differences due to luck' and the part neither explains "
            "add up to 100%."
        ),
        unit="%",
        higher_is_better=True,
        needs_truth=True,
        definition="phi_skill, in % of total within-role pay variance",
        compute=merit.skill_variance_share,
        family="fairness",
    ),
    Metric(
        "grade_accuracy",
        label="Grades that match true skill",
        description="rep-reviews whose grade equals the grade true skill would get",
        explanation="How often a rep's grade is the one their true skill deserves.",
        unit="%",
        higher_is_better=True,
        needs_truth=True,
        definition="share of rep-reviews whose grade equals the *skill-ideal grade* (below)",
        compute=grade_accuracy.grade_accuracy,
        family="fairness",
        method=_IDEAL_GRADES_METHOD,
    ),
    Metric(
        "false_c_rate",
        label="C grades given to good reps",
        description="C grades given to reps of above-median true skill, % of all C grades",
        explanation=(
            "Of all C grades, the share given to reps who are in fact better than the median."
        ),
        unit="%",
        higher_is_better=False,
        needs_truth=True,
        definition="C grades given to reps whose true skill in that review is above the median, in % of all C grades (random grading: about 50; perfect: 0)",
        compute=grade_accuracy.false_c_rate,
        family="fairness",
        method=_ABOVE_MEDIAN_METHOD,
    ),
    Metric(
        "c_twice",
        label="Reps graded C twice in a row",
        description="C in two consecutive reviews per 100 seats (the plan's flag for leaving)",
        explanation=(
            "How often a rep gets a C for the second review running: cases per 100 reps over "
            "the period (a rep graded C three reviews running counts twice, so it can exceed "
            "100); where the plan flags reps after two C grades running, a flagged rep leaves "
            "at that review only with a chance set for the sales force, not surely, and only "
            "in runs where reps respond to the plan."
        ),
        unit="per 100 reps",
        higher_is_better=None,
        needs_truth=False,
        definition="cases of C in two consecutive reviews for the same person per 100 seats, over the horizon; the domain brief's trigger for reassignment or dismissal, where in the model a flagged rep leaves at that review with population.workforce.plan_exit_probability, not surely",
        compute=grade_accuracy.c_twice,
        family="fairness",
        method=_SAME_PERSON_METHOD,
    ),
    Metric(
        "wrongful_exits",
        label="Good reps graded C twice",
        description="C-twice cases on reps of above-median true skill per 100 seats",
        explanation=(
            "How often a good rep (above the median in true skill) gets a C for the second "
            "review running: flags for leaving the plan gets wrong (a flagged rep leaves only "
            "with a chance, not surely), as cases per 100 reps over the period."
        ),
        unit="per 100 reps",
        higher_is_better=False,
        needs_truth=True,
        definition="C-twice cases where the rep's true skill in the second review is above the median, per 100 seats",
        compute=grade_accuracy.wrongful_exits,
        family="fairness",
    ),
    Metric(
        "horizontal_equity_cv",
        label="Pay spread among equally skilled reps",
        description="coefficient of variation of total pay among reps of like skill and role",
        explanation=(
            "How much pay differs between reps of the same role and skill: 0 if they are paid alike."
        ),
        unit="ratio",
        higher_is_better=False,
        needs_truth=True,
        definition="coefficient of variation (population sd / mean) of total pay within cells of the same role and true-skill quintile (quintiles of the within-role skill percentile), averaged with headcount weights over cells of >= 2 reps; 0 = like skill, like pay",
        compute=lambda m: inequality.horizontal_equity(
            m.totals["total"], merit.skill_rank(m), m.roles
        ),
        family="fairness",
    ),
    Metric(
        "grade_change_rate",
        label="Grade changes while skill holds steady",
        description="grade changes between consecutive reviews while skill is unchanged",
        explanation=(
            "How often a rep's grade changes between reviews although their skill did not."
        ),
        unit="%",
        higher_is_better=False,
        needs_truth=True,
        definition="among consecutive review pairs where the same person holds the seat and mean true skill moved by at most 0.1 sd, the share where the grade changed",
        compute=grade_accuracy.grade_change_rate,
        family="fairness",
    ),
    Metric(
        "gini_total_pay",
        label="Inequality of total pay",
        description="Gini coefficient of total pay",
        explanation=(
            "How unevenly total pay is spread: 0 if everyone earns the same, 1 if one rep earns everything."
        ),
        unit="ratio",
        higher_is_better=False,
        needs_truth=False,
        definition="Gini coefficient of reps' total pay: 2 sum(i x_(i)) / (n sum x) - (n+1)/n",
        compute=lambda m: inequality.gini(m.totals["total"]),
        family="fairness",
    ),
    Metric(
        "gini_variable_pay",
        label="Inequality of variable pay",
        description="Gini coefficient of variable pay",
        explanation=(
            "How unevenly commission and bonuses are spread: 0 if everyone gets the same, 1 if one rep gets everything."
        ),
        unit="ratio",
        higher_is_better=False,
        needs_truth=False,
        definition="the same for variable pay",
        compute=lambda m: inequality.gini(m.totals["variable"]),
        family="fairness",
    ),
    Metric(
        "top10_share_variable_pay",
        label="Variable pay going to the top 10%",
        description="share of variable pay going to the top 10% of reps",
        explanation="How much of all commission and bonus goes to the best-paid tenth of reps.",
        unit="%",
        higher_is_better=False,
        needs_truth=False,
        definition="share of variable pay going to the ceil(10% x n) best-paid reps",
        compute=lambda m: inequality.top_share(m.totals["variable"], 0.10),
        family="fairness",
    ),
    Metric(
        "gender_pay_gap_mean",
        label="Gender pay gap (mean)",
        description="(male - female) mean total pay / male mean x 100",
        explanation=(
            "How much less women earn than men on average, as a share of men's pay; the EU directive flags 5% or more."
        ),
        unit="% of male",
        higher_is_better=False,
        needs_truth=False,
        definition="(male mean total pay - female mean) / male mean x 100; positive = women paid less",
        compute=lambda m: gap_metric(m, "total", "mean"),
        family="fairness",
    ),
    Metric(
        "gender_pay_gap_median",
        label="Gender pay gap (median)",
        description="(male - female) median total pay / male median x 100",
        explanation=(
            "How much less the middle woman earns than the middle man, as a share of his pay."
        ),
        unit="% of male",
        higher_is_better=False,
        needs_truth=False,
        definition="the same with medians",
        compute=lambda m: gap_metric(m, "total", "median"),
        family="fairness",
    ),
    Metric(
        "variable_pay_gap_mean",
        label="Gender gap in variable pay (mean)",
        description="mean variable-pay gap among reps who received variable pay",
        explanation=(
            "How much less commission and bonus women receive than men on average, among reps who receive any."
        ),
        unit="% of male",
        higher_is_better=False,
        needs_truth=False,
        definition="mean variable-pay gap among reps who received variable pay (> 0), as the UK bonus gap",
        compute=lambda m: gap_metric(m, "variable", "mean"),
        family="fairness",
    ),
    Metric(
        "variable_pay_gap_median",
        label="Gender gap in variable pay (median)",
        description="median variable-pay gap among reps who received variable pay",
        explanation=(
            "The same gap for the middle woman and man among reps who receive any commission or bonus."
        ),
        unit="% of male",
        higher_is_better=False,
        needs_truth=False,
        definition="the same with medians",
        compute=lambda m: gap_metric(m, "variable", "median"),
        family="fairness",
    ),
    Metric(
        "s_rate_ratio",
        label="Parity of S grades across groups",
        description="lowest / highest S-rate across groups (four-fifths rule: >= 0.8)",
        explanation=(
            "The least-favoured group's chance of an S grade divided by the most-favoured group's: below 0.8 fails the four-fifths rule."
        ),
        unit="ratio",
        higher_is_better=True,
        needs_truth=False,
        definition="lowest / highest S-rate across the labelled groups (four-fifths rule: adverse impact below 0.8)",
        compute=lambda m: ratio_metric(m, "s_rate_ratio"),
        family="fairness",
    ),
    Metric(
        "not_c_rate_ratio",
        label="Parity of avoiding C across groups",
        description="lowest / highest not-C rate across groups (four-fifths rule: >= 0.8)",
        explanation=(
            "The least-favoured group's chance of avoiding a C divided by the most-favoured group's: below 0.8 fails the four-fifths rule."
        ),
        unit="ratio",
        higher_is_better=True,
        needs_truth=False,
        definition="lowest / highest rate of *not* being graded C across groups (below 0.8 fails)",
        compute=lambda m: ratio_metric(m, "not_c_rate_ratio"),
        family="fairness",
    ),
    Metric(
        "big_small_account_pay_gap",
        label="Pay gap: big vs small accounts",
        description="(big - small account holders) mean total pay / small x 100",
        explanation="How much more reps holding big accounts earn than reps holding small ones.",
        unit="%",
        higher_is_better=None,
        needs_truth=False,
        definition="(mean total pay of big-account holders - small-account holders) / small x 100",
        compute=lambda m: side_gap_metric(m, "big_small_account"),
        family="fairness",
    ),
    Metric(
        "tier1_tier3_pay_gap",
        label="Pay gap: tier-1 vs tier-3 regions",
        description="(tier-1 - tier-3 region reps) mean total pay / tier-3 x 100",
        explanation="How much more reps in tier-1 cities earn than reps in tier-3 cities.",
        unit="%",
        higher_is_better=None,
        needs_truth=False,
        definition="(tier-1 region reps - tier-3 region reps) mean total pay / tier-3 x 100",
        compute=lambda m: side_gap_metric(m, "tier1_tier3"),
        family="fairness",
    ),
    Metric(
        "new_business_account_manager_pay_gap",
        label="Pay gap: new business vs account managers",
        description="(new-business reps - account managers) mean total pay / account managers x 100",
        explanation="How much more new-business reps earn than account managers.",
        unit="%",
        higher_is_better=None,
        needs_truth=False,
        definition="(new-business reps - account managers) mean total pay / account managers x 100",
        compute=lambda m: side_gap_metric(m, "new_business_account_manager"),
        family="fairness",
    ),
)
