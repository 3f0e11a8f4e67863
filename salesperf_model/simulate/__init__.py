"""Simulating a sales force month by month from one seeded source of randomness.

The simulation knows what real data never shows (each person's latent skill, the luck of
their territory, the noise in their ratings) and writes it to ``Outcomes.truth`` beside the
measures, so that later stages can say how much of a plan's pay rewards skill and how much
rewards luck. Regional managers are player-coaches with their own small book; regional
totals come from grouping reps by region.
"""

from salesperf_model.simulate.periods import period_labels
from salesperf_model.simulate.response import PlanResponse
from salesperf_model.simulate.revenue import expected_monthly_revenue
from salesperf_model.simulate.run import simulate
from salesperf_model.simulate.sanity import rating_agreement, rating_reliability, sanity_report
from salesperf_model.simulate.seats import build_rep_table
from salesperf_model.simulate.streams import Draws, stream_key

__all__ = [
    "Draws",
    "PlanResponse",
    "build_rep_table",
    "expected_monthly_revenue",
    "period_labels",
    "rating_agreement",
    "rating_reliability",
    "sanity_report",
    "simulate",
    "stream_key",
]
