"""The comparison report's title counts its plans in words a reader expects: a batch of
one plan was titled "1 pay plans compared with Current plan"."""

from salesperf_model.present import comparison_heading


def test_one_plan_is_singular_and_several_are_counted():
    assert comparison_heading(1, "Current plan") == "One pay plan compared with Current plan"
    assert comparison_heading(3, "Current plan") == "3 pay plans compared with Current plan"
    assert comparison_heading(1200, "Base") == "1,200 pay plans compared with Base"
