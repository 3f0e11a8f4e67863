"""How reps work, month by month: customer-facing quality, tests and training, 360 ratings."""

from __future__ import annotations

import numpy as np

from salesperf_model.schema.ratings import RatingsSection
from salesperf_model.simulate.environment import RATERS
from salesperf_model.simulate.keyed import KeyedDraws
from salesperf_model.simulate.link import logit
from salesperf_model.simulate.raters import rater_loadings
from salesperf_model.simulate.start import Chunk, ChunkState


def customer_quality(chunk: Chunk, state: ChunkState, t: int, *, won: np.ndarray) -> None:
    """NPS, response time, complaints, compliance and contract risk, new segments."""
    from salesperf_model.simulate import month_kernels  # numba: loaded on first use

    cust = chunk.population.customers
    draws = chunk.draws
    responses = chunk.environment.survey_responses[:, :, t]
    grown = np.exp(  # one pass of numpy's exp over all six (numba's may differ in a bit)
        month_kernels.quality_exponents(
            state.skill,
            chunk.environment.response_noise[:, :, t],
            weights=(
                logit(cust.nps_promoter_share),
                logit(cust.nps_detractor_share),
                float(cust.nps_skill_effect),
                float(cust.response_time_skill_effect),
                float(cust.response_time_sigma),
            ),
        )
    )
    promoter_p, detractor_rest, complaints, compliance, contract_risk, segments = (
        month_kernels.quality_rates(
            grown,
            state.book,
            chunk.seats.params["new_segment_rate"],
            weights=(
                float(cust.response_time_median),
                float(cust.complaints_per_customer),
                float(cust.compliance_incident_rate),
                float(cust.contract_risk_share),
            ),
            response_time=chunk.view("response_time_hours", t),
        )
    )
    promoters = draws.binomial("nps.promoters", responses, promoter_p)
    detractors = draws.binomial("nps.detractors", responses - promoters, detractor_rest)
    month_kernels.net_promoter(promoters, detractors, responses, out=chunk.view("nps", t))
    chunk.put("complaints", t, draws.poisson("complaints", complaints))
    chunk.put("compliance_incidents", t, draws.poisson("compliance", compliance))
    chunk.put("contract_risk_incidents", t, draws.binomial("contract_risk", won, contract_risk))
    chunk.put("new_segments", t, draws.poisson("new_segments", segments))


def tests_and_training(chunk: Chunk, state: ChunkState, t: int) -> None:
    """Capability tests and training hours: brand-new hires score lower and train more."""
    from salesperf_model.simulate import month_kernels  # numba: loaded on first use

    cust = chunk.population.customers
    rho = cust.test_skill_correlation
    tests = (("product_knowledge_score", "product_knowledge"), ("negotiation_score", "negotiation"))
    hours = month_kernels.test_scores(
        state.tenure,
        state.skill,
        chunk.environment.test_noise[t],
        weights=(
            float(max(chunk.population.workforce.ramp_months, 1e-9)),
            float(cust.test_spread),
            float(rho),
            float(np.sqrt(1 - rho**2)),
            float(cust.new_hire_test_penalty),
            float(cust.new_hire_training_hours),
            float(cust.training_hours),
        ),
        means=np.array([cust.test_mean[test] for _, test in tests], dtype=float),
        outs=tuple(chunk.view(measure, t) for measure, _ in tests),
    )
    chunk.put("training_hours", t, chunk.draws.poisson("training_hours", hours))


def ratings_360(chunk: Chunk, state: ChunkState, t: int) -> None:
    """360 ratings: leniency + spread x (v x skill + noise_scale x (lasting view + monthly
    noise)), rescaled to unit variance; a new person in the seat gets new lasting views."""
    from salesperf_model.simulate import month_kernels  # numba: loaded on first use

    ratings = chunk.population.ratings
    month_kernels.rate_ratings(
        state.rater_view,
        _fresh_views(chunk, state),
        person=state.person,
        rated_person=state.rated_person,
        skill=state.skill,
        noise=chunk.environment.rater_noise[t],
        loadings=_rater_loadings(ratings),
        weights=_rater_weights(ratings),
        outs=tuple(chunk.view(f"rating_{rater}", t) for rater in RATERS),
    )


def _fresh_views(chunk: Chunk, state: ChunkState) -> tuple[np.ndarray, np.ndarray]:
    """The month's new impressions (sims, raters + 1, reps) and bonds (sims, raters, reps),
    used where the seat changed hands. Streams are drawn whole every month, so they stay
    common; keyed draws depend on their key alone, so only those seats' are drawn (a few
    a month; the others stay 0, unread)."""
    R = chunk.shape[1]
    wanted = (("ratings.impression_new", len(RATERS) + 1), ("ratings.bond_new", len(RATERS)))
    draws = chunk.draws
    if not isinstance(draws, KeyedDraws):
        return tuple(draws.normal(name, (k, R)) for name, k in wanted)
    changed = np.flatnonzero(state.person != state.rated_person)
    fresh = []
    for name, k in wanted:
        views = np.zeros((chunk.shape[0], k, R))
        views[changed // R, :, changed % R] = draws.normal_at(name, (k, R), changed)
        fresh.append(views)
    return fresh[0], fresh[1]


def _rater_loadings(ratings: RatingsSection) -> np.ndarray:
    """Per rater (columns): impression and lasting-noise loadings of the lasting view,
    skill and monthly-noise loadings of a rating, its norm (unit variance), leniency."""
    v, h, u = rater_loadings(ratings)
    scale = ratings.noise_scale
    return np.array(
        [
            h,
            u * np.sqrt(ratings.persistent_share),
            v,
            u * np.sqrt(1 - ratings.persistent_share),
            [np.sqrt(v[k] ** 2 + scale**2 * (1 - v[k] ** 2)) for k in range(len(RATERS))],
            [ratings.leniency[rater] for rater in RATERS],
        ],
        dtype=float,
    )


def _rater_weights(ratings: RatingsSection) -> tuple[float, float, float, float]:
    """sqrt(rho) and sqrt(1 - rho) of the impressions' common part, noise scale, spread."""
    rho = min(max(ratings.impression_correlation(), 0.0), 1.0)
    return (
        float(np.sqrt(rho)),
        float(np.sqrt(1 - rho)),
        float(ratings.noise_scale),
        float(ratings.spread),
    )
