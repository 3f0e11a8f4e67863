"""The model against published field findings (salesperf_model.validation): each finding a
paired experiment under common random numbers, its effect beyond 3 Monte Carlo standard
errors in the published direction and of roughly the published size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salesperf_model import report, validation
from salesperf_model.loading import load_scenario
from salesperf_model.validation import Check, Size

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


@pytest.fixture(scope="module")
def chung(baseline):
    return validation.run_finding("chung_steenburgh_sudhir", baseline)


def test_a_check_passes_only_clear_of_noise_in_the_published_direction_and_size():
    assert Check("x", -0.10, 0.03, -1, (-0.5, -0.02)).passed  # 0.10 > 3 x 0.03
    assert not Check("x", -0.10, 0.034, -1, (-0.5, -0.02)).clear  # 0.10 < 3 x 0.034
    assert not Check("x", 0.10, 0.01, -1, (-0.5, -0.02)).passed  # wrong direction
    wrong_size = Check("x", -0.60, 0.01, -1, (-0.5, -0.02))
    assert wrong_size.clear and not wrong_size.sized and not wrong_size.passed


def test_the_registry_lists_every_finding_in_report_order():
    assert list(validation.FINDINGS) == [
        "oyer",
        "larkin",
        "chung_steenburgh_sudhir",
        "misra_nair",
        "scullen_bergey_aiman_smith",
        "performance_turnover",
    ]
    with pytest.raises(KeyError, match="unknown finding 'oyr'"):
        validation.run_finding("oyr", None)


def test_without_overachievement_rates_top_performers_sell_less(chung):
    """Chung et al. 2014: overachievement commissions keep the best selling after quota."""
    top = chung.checks[0]
    assert top.ours < -3 * top.standard_error
    assert -0.5 <= top.ours <= -0.02 and top.passed
    # the top third loses more than the bottom third (chart: top, bottom)
    top_change, bottom_change = chung.chart.values[0]
    assert top_change < bottom_change < 0


def test_a_quarterly_bonus_lifts_the_bottom_third_more_than_the_top(chung):
    """Chung et al. 2014: quarterly bonuses pace the weak performers. Today's plan plus
    6,000 a quarter for meeting the quarter's quota, the reps each seat starts with while
    they stay (200 reps x 40 simulations): the bottom third's sales rise by about half a
    percent more than the top third's (+0.56% +- 0.14% SE; +2.7% against +2.2%). The
    bottom third sits nearer the quarterly quota (median attainment 0.83 against 1.43),
    so the lump sum's chance of being reached moves more of its effort."""
    lift = chung.checks[1]
    assert lift.ours > 3 * lift.standard_error and lift.passed
    top_lift, bottom_lift = chung.chart.values[1]
    assert bottom_lift > top_lift > 0


def test_removing_cap_and_ratchet_raises_revenue_about_as_in_the_field(baseline):
    """Misra & Nair 2011: +9% in the field; ours within half to double of it."""
    result = validation.run_finding("misra_nair", baseline)
    gain = result.headline
    assert gain.ours > 3 * gain.standard_error
    assert 0.045 <= gain.ours <= 0.18
    assert result.reproduced


def test_good_performers_leave_less_about_as_the_meta_analysis_found(baseline):
    result = validation.run_finding("performance_turnover", baseline)
    r = result.headline
    assert r.ours < -3 * r.standard_error
    assert abs(r.ours - -0.28) <= 0.1
    assert result.reproduced


@pytest.fixture(scope="module")
def scullen(baseline):
    return validation.run_finding("scullen_bergey_aiman_smith", baseline)


@pytest.mark.slow
def test_firing_the_bottom_share_yearly_raises_skill_fast_then_levels_off(scullen):
    """Scullen et al. 2005: most of the gain early; less with more voluntary turnover."""
    gained, plateau, _more_fired, _reliable, turnover = scullen.checks
    assert gained.passed and gained.ours > 3 * gained.standard_error
    assert plateau.passed  # the first year's step beats the last year's by > 3 SE
    assert turnover.passed  # 10% a year keeps more of the gain than 40%
    ten = scullen.chart.values[1]
    assert ten[0] == 0.0 and ten[1] > 0 and ten[-1] - ten[-2] < ten[1] - ten[0]


@pytest.mark.slow
def test_more_fired_and_more_reliable_ratings_gain_more(scullen):
    """Ranked on the 360-degree rating, as Scullen et al. rank on rated performance: firing
    10% beats 5%, and halving the rating noise gains more skill, each by > 3 SE."""
    _gained, _plateau, more_fired, reliable, _turnover = scullen.checks
    assert more_fired.passed and more_fired.ours > 3 * more_fired.standard_error
    assert reliable.passed and reliable.ours > 3 * reliable.standard_error


def test_a_multi_year_finding_refuses_a_run_shorter_than_three_years(baseline):
    with pytest.raises(ValueError, match="at least 36 months; got 12"):
        validation.run_finding("scullen_bergey_aiman_smith", baseline, Size(periods=12))


@pytest.mark.slow
def test_the_validation_notebook_runs_in_the_batch_and_reports_every_finding(tmp_path):
    batch = report.run_batch(
        [],
        BASELINE,
        tmp_path / "reports",
        comparison_notebook=False,
        validation_parameters={
            "baseline_path": str(BASELINE),
            "reps": 60,
            "simulations": 4,
            "seed": 5,
        },
        jobs=1,
        progress=False,
    )
    assert batch.ok, batch.summary()
    folder = batch.out_dir / "validation"
    headline = json.loads((folder / "headline.json").read_text())
    assert set(headline["figures"].values()) <= {"PASS", "CLOSE", "FAIL"}
    assert len(headline["figures"]) == len(validation.FINDINGS)
    page = (folder / "report.html").read_text()
    assert page.count('<img alt="') >= len(validation.FINDINGS)
    assert "run_finding" not in page  # code hidden
    assert "validation/report.html" in (batch.out_dir / "index.html").read_text()
    assert "model vs published findings" in (batch.out_dir / "index.html").read_text()


def test_a_finding_is_read_back_from_the_cache_for_the_same_inputs_only(baseline, tmp_path):
    """The validation report run again with nothing changed reads its findings back."""
    size = Size(reps=60, simulations=3, periods=12)
    first = validation.run_finding("performance_turnover", baseline, size, cache_dir=tmp_path)
    stored = list((tmp_path / "validation").glob("*.pickle"))
    assert len(stored) == 1
    again = validation.run_finding("performance_turnover", baseline, size, cache_dir=tmp_path)
    assert again == first
    bigger = validation.run_finding(
        "performance_turnover", baseline, Size(reps=61, simulations=3), cache_dir=tmp_path
    )
    assert bigger.size.reps == 61 and len(list((tmp_path / "validation").glob("*.pickle"))) == 2
    stored[0].write_bytes(b"damaged")  # an unreadable entry is computed again
    assert (
        validation.run_finding("performance_turnover", baseline, size, cache_dir=tmp_path) == first
    )


def test_validation_chart_ticks_never_read_minus_zero():
    from salesperf_model.present.charts.validation import _axis_format

    share = _axis_format("share")
    assert [share(v, 0) for v in (-0.01, -0.004, -1e-18, 0.0, 0.005, 0.02)] == [
        "-1%", "-0.4%", "0%", "0%", "0.5%", "2%"
    ]  # fmt: skip
    assert _axis_format("SD")(-0.001, 0) == "0.00"
