"""Plans' display titles for one report: what every chart, table and sentence calls a
plan. Words only (no matplotlib), so the text commands need not load the chart library."""

from __future__ import annotations

from salesperf_model.formatting import title_words

#: Plan name -> display title (set once per report by set_plan_titles).
PLAN_TITLES: dict[str, str] = {}


def set_plan_titles(titles: dict[str, str]) -> None:
    """Label plans in every chart of this report with their display titles (the
    scenarios' ``title``); a plan without one is labelled with its name in words."""
    PLAN_TITLES.clear()
    PLAN_TITLES.update(titles)


def plan_title(name: str) -> str:
    """A plan's display title: the one set for this report, else its name in words."""
    return PLAN_TITLES.get(name) or title_words(name)


def comparison_heading(plans: int, baseline: str) -> str:
    """The comparison report's title: "One pay plan compared with Current plan", "3 pay
    plans compared with ..." (a batch of one plan read "1 pay plans")."""
    counted = "One pay plan" if plans == 1 else f"{plans:,} pay plans"
    return f"{counted} compared with {baseline}"
