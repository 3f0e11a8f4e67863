"""Grade accuracy: whether grades go to the reps whose true skill earns them, C grades and
repeated C grades (which flag a rep for an improvement plan and, with a chance, exit),
and grade churn while skill holds steady."""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.totals import PlanResultLike
from salesperf_model.outcomes import Outcomes

#: compiled loops, loaded on first use (numba: the text commands never run them)
ideal_grades = on_first_use("salesperf_model.measure.stat_kernels", "ideal_grades")

#: Grade codes in PlanResult.grades (indices into ``salesperf_model.schema.GRADES``).
GRADE_S, GRADE_C = 0, 3

#: Mean true skill (in sd) may move this much between reviews and still count as steady.
STEADY_SKILL = 0.1


def per_review(values: np.ndarray, review_of_month: np.ndarray, n_reviews: int) -> np.ndarray:
    """Mean of a (sims, reps, periods) array over the months of each review period."""
    months = np.zeros((len(review_of_month), n_reviews))
    months[np.arange(len(review_of_month)), np.asarray(review_of_month, dtype=int)] = 1.0
    counts = months.sum(axis=0)
    with np.errstate(all="ignore"):
        return (values @ months) / counts


def _ideal_grades(assigned: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """The grades true skill would get under the same rule: in each simulation and review,
    reps sorted by skill receive the same numbers of S, A, B and C as were handed out."""
    compiled = ideal_grades(assigned, skill)  # the same grades, one pass per review
    if compiled is not None:
        return compiled
    reps = assigned.shape[1]
    counts = (assigned[..., None] == np.arange(4)).sum(axis=1)  # (sims, reviews, 4)
    bounds = np.cumsum(counts, axis=-1)  # positions where the next grade starts
    position = np.arange(reps)
    by_position = (position[None, None, :, None] >= bounds[:, :, None, :]).sum(axis=-1)
    by_position = np.minimum(by_position, 3).transpose(0, 2, 1)  # (sims, reps, reviews)
    order = np.argsort(-skill, axis=1, kind="stable")
    ideal = np.empty_like(by_position)
    np.put_along_axis(ideal, order, by_position, axis=1)
    return ideal


def _last_month_of_review(result: PlanResultLike, n_reviews: int) -> np.ndarray:
    review = np.asarray(result.review_of_month, dtype=int)
    months = np.arange(len(review))
    return np.array([months[review == r].max() for r in range(n_reviews)])


def same_person_between_reviews(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """(sims, reps, reviews - 1): the seat holds the same person at the end of review r
    and r + 1 (always true when outcomes carry no person_id; never for an empty seat,
    person -1: nobody was graded twice)."""
    n_reviews = np.asarray(result.grades).shape[2]
    shape = (outcomes.n_simulations, outcomes.n_reps, max(n_reviews - 1, 0))
    if "person_id" not in outcomes.measures:
        return np.ones(shape, dtype=bool)
    person = outcomes.measures["person_id"][:, :, _last_month_of_review(result, n_reviews)]
    return (np.diff(person, axis=2) == 0) & (person[:, :, 1:] != -1)


def c_twice_cases(m: MetricInputs) -> np.ndarray:
    """(sims, reps, reviews - 1): C in review r and r + 1 for the same person."""

    def compute() -> np.ndarray:
        is_c = np.asarray(m.result.grades) == GRADE_C
        same = same_person_between_reviews(m.result, m.outcomes)
        return is_c[:, :, 1:] & is_c[:, :, :-1] & same

    return m.shared("c_twice_cases", compute)


def skill_per_review(m: MetricInputs) -> np.ndarray:
    """Each rep's mean true skill over the months of each review, (sims, reps, reviews)."""

    def compute() -> np.ndarray:
        assert m.outcomes.truth is not None  # truth metrics only
        n_reviews = np.asarray(m.result.grades).shape[2]
        review_of_month = np.asarray(m.result.review_of_month)
        return per_review(m.outcomes.truth["skill"], review_of_month, n_reviews)

    return m.shared("skill_per_review", compute)


def _above_median(m: MetricInputs) -> np.ndarray:
    """(sims, reps, reviews): true skill above the median of all reps in that review."""

    def compute() -> np.ndarray:
        skill = skill_per_review(m)
        return skill > np.median(skill, axis=1, keepdims=True)

    return m.shared("above_median", compute)


def grade_accuracy(m: MetricInputs) -> np.ndarray:
    """Rep-reviews graded as true skill would be under the same grade counts, %."""
    grades = np.asarray(m.result.grades)
    ideal = _ideal_grades(grades, skill_per_review(m))
    return 100.0 * (grades == ideal).mean(axis=(1, 2))


def false_c_rate(m: MetricInputs) -> np.ndarray:
    """C grades given to above-median reps, % of all C grades (an empty seat's grade
    is nobody's: not counted)."""
    is_c = np.asarray(m.result.grades) == GRADE_C
    graded = getattr(m.result, "graded", None)
    if graded is not None:
        is_c = is_c & np.asarray(graded, bool)
    return 100.0 * (is_c & _above_median(m)).sum(axis=(1, 2)) / is_c.sum(axis=(1, 2))


def c_twice(m: MetricInputs) -> np.ndarray:
    """C in two consecutive reviews for the same person, cases per 100 seats."""
    return 100.0 * c_twice_cases(m).sum(axis=(1, 2)) / m.outcomes.n_reps


def wrongful_exits(m: MetricInputs) -> np.ndarray:
    """C-twice cases on reps above the median skill in the second review, per 100 seats."""
    wrongful = c_twice_cases(m) & _above_median(m)[:, :, 1:]
    return 100.0 * wrongful.sum(axis=(1, 2)) / (m.outcomes.n_reps)


def grade_change_rate(m: MetricInputs) -> np.ndarray:
    """Grade changes between consecutive reviews of the same person whose skill held
    steady (within :data:`STEADY_SKILL`), % of such review pairs."""
    grades = np.asarray(m.result.grades)
    same = same_person_between_reviews(m.result, m.outcomes)
    steady = same & (np.abs(np.diff(skill_per_review(m), axis=2)) <= STEADY_SKILL)
    changed = np.diff(grades.astype(int), axis=2) != 0
    return 100.0 * (changed & steady).sum(axis=(1, 2)) / steady.sum(axis=(1, 2))
