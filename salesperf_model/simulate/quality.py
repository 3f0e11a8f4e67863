"""How reps work, month by month: customer-facing quality, tests and training, 360 ratings."""

from __future__ import annotations

import numpy as np

from salesperf_model.simulate.environment import RATERS
from salesperf_model.simulate.link import logit, sigmoid
from salesperf_model.simulate.raters import lasting_rater_noise, rater_loadings
from salesperf_model.simulate.start import Chunk, ChunkState


def customer_quality(chunk: Chunk, state: ChunkState, t: int, *, won: np.ndarray) -> None:
    """NPS, response time, complaints, compliance and contract risk, new segments."""
    cust = chunk.population.customers
    draws = chunk.draws
    skill = state.skill
    responses = chunk.environment.survey_responses[:, :, t]
    promoter_p = sigmoid(logit(cust.nps_promoter_share) + cust.nps_skill_effect * skill)
    detractor_p = sigmoid(logit(cust.nps_detractor_share) - cust.nps_skill_effect * skill)
    detractor_p = np.minimum(detractor_p, 1 - promoter_p)
    promoters = draws.binomial("nps.promoters", responses, promoter_p)
    detractors = draws.binomial(
        "nps.detractors", responses - promoters, detractor_p / (1 - promoter_p)
    )
    chunk.put("nps", t, 100.0 * (promoters - detractors) / responses)
    chunk.put(
        "response_time_hours",
        t,
        cust.response_time_median
        * np.exp(
            cust.response_time_skill_effect * skill
            + cust.response_time_sigma * chunk.environment.response_noise[:, :, t]
        ),
    )
    chunk.put(
        "complaints",
        t,
        draws.poisson(
            "complaints", cust.complaints_per_customer * state.book * np.exp(-0.3 * skill)
        ),
    )
    chunk.put(
        "compliance_incidents",
        t,
        draws.poisson(
            "compliance",
            np.broadcast_to(cust.compliance_incident_rate * np.exp(-0.3 * skill), chunk.shape),
        ),
    )
    chunk.put(
        "contract_risk_incidents",
        t,
        draws.binomial(
            "contract_risk", won, np.clip(cust.contract_risk_share * np.exp(-0.4 * skill), 0, 1)
        ),
    )
    chunk.put(
        "new_segments",
        t,
        draws.poisson(
            "new_segments",
            chunk.seats.params["new_segment_rate"]
            * np.exp(0.3 * skill)
            * np.ones((chunk.shape[0], 1)),
        ),
    )


def tests_and_training(chunk: Chunk, state: ChunkState, t: int) -> None:
    """Capability tests and training hours: brand-new hires score lower and train more."""
    cust = chunk.population.customers
    learning = 1.0 - np.minimum(
        1.0, state.tenure / max(chunk.population.workforce.ramp_months, 1e-9)
    )
    rho = cust.test_skill_correlation
    test_noise = chunk.environment.test_noise
    for k, (measure, test) in enumerate(
        (("product_knowledge_score", "product_knowledge"), ("negotiation_score", "negotiation"))
    ):
        score = (
            cust.test_mean[test]
            + cust.test_spread * (rho * state.skill + np.sqrt(1 - rho**2) * test_noise[:, k, :, t])
            - cust.new_hire_test_penalty * learning
        )
        chunk.put(measure, t, np.clip(score, 0, 100))
    hours = np.where(learning > 0, cust.new_hire_training_hours, cust.training_hours)
    chunk.put("training_hours", t, chunk.draws.poisson("training_hours", hours))


def ratings_360(chunk: Chunk, state: ChunkState, t: int) -> None:
    """360 ratings: leniency + spread x (v x skill + noise_scale x (lasting view + monthly
    noise)), rescaled to unit variance; a new person in the seat gets new lasting views."""
    ratings = chunk.population.ratings
    R = chunk.shape[1]
    # drawn every month, used where the seat changed hands: the streams stay common
    fresh_view = lasting_rater_noise(
        ratings,
        chunk.draws.normal("ratings.impression_new", (len(RATERS) + 1, R)),
        chunk.draws.normal("ratings.bond_new", (len(RATERS), R)),
    )
    changed = (state.person != state.rated_person)[:, None, :]
    state.rater_view = np.where(changed, fresh_view, state.rater_view)
    state.rated_person = state.person.copy()
    v, _, u = rater_loadings(ratings)
    scale = ratings.noise_scale
    monthly = u * np.sqrt(1 - ratings.persistent_share)
    rater_noise = chunk.environment.rater_noise
    for k, rater in enumerate(RATERS):
        norm = np.sqrt(v[k] ** 2 + scale**2 * (1 - v[k] ** 2))
        z = v[k] * state.skill + scale * (
            state.rater_view[:, k] + monthly[k] * rater_noise[:, k, :, t]
        )
        z = z / norm if norm > 0 else np.zeros(chunk.shape)  # no skill, no noise: all alike
        chunk.put(
            f"rating_{rater}", t, np.clip(ratings.leniency[rater] + ratings.spread * z, 0, 100)
        )
