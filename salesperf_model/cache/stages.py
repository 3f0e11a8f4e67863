"""The pipeline's stage results kept between runs: outcomes by the inputs that made them, a
plan's pay, metrics and own tables by its outcomes and the plan; what was reused, in words.

A report of one edited plan then recomputes only what the edit touched: the baseline's
simulation and the baseline's pay come from the cache. Results are bit-identical with and
without it (the codec stores arrays exactly; keys cover every input and the code).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TypeVar

import pandas as pd

from salesperf_model.cache.keys import code_version, digest, outcomes_digest
from salesperf_model.cache.store import DEFAULT_MAX_BYTES, EntryStore
from salesperf_model.measure import PlanEvaluation
from salesperf_model.outcomes import Outcomes

T = TypeVar("T")
#: What one plan's stage leaves for the comparison: its evaluation (result and metric
#: draws) and the tables that depend on that plan alone (``measure.plan_tables``).
PlanStage = tuple[PlanEvaluation, dict[str, pd.DataFrame]]


def _is_plan_stage(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], PlanEvaluation)
        and isinstance(value[1], dict)
        and all(isinstance(table, pd.DataFrame) for table in value[1].values())
    )


class StageCache:
    """Stage results under ``folder`` (e.g. ``<report folder>/.cache``), safe to share
    between parallel processes; at most ``max_bytes`` on disk, least recently used
    entries removed first. ``code`` defaults to :func:`code_version`."""

    def __init__(
        self,
        folder: str | os.PathLike,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        code: str | None = None,
    ) -> None:
        self.store = EntryStore(folder, max_bytes=max_bytes)
        self.code = code if code is not None else code_version()
        #: What this run took from the cache, one phrase each ("..., computed <when>").
        self.reused: list[str] = []
        self._outcome_keys: dict[int, tuple[Outcomes, str]] = {}

    @property
    def problems(self) -> list[str]:
        """Entries found damaged (ignored and recomputed) or results not stored, and why."""
        return self.store.problems

    def key(self, stage: str, inputs: Mapping[str, object]) -> str:
        """The key of a stage result: every input that produced it, and the code."""
        return digest({"stage": stage, "code": self.code, "inputs": dict(inputs)})

    def _get_or_compute(
        self,
        stage: str,
        inputs: Mapping[str, object],
        compute: Callable[[], T],
        *,
        describe: str,
        expected: Callable[[object], bool],
    ) -> tuple[T, str]:
        key = self.key(stage, inputs)
        entry = self.store.read(key)
        if entry is not None and expected(entry.value):
            self.reused.append(f"{describe}, computed {entry.created}")
            return entry.value, key  # type: ignore[return-value]
        value = compute()
        self.store.write(key, stage=stage, description=describe, value=value)
        return value, key

    def outcomes(
        self, inputs: Mapping[str, object], compute: Callable[[], Outcomes], *, describe: str
    ) -> Outcomes:
        """The outcomes ``inputs`` produce: from the cache, or ``compute()`` then stored.
        ``inputs`` must name everything ``compute`` depends on (scenario sections, sizes,
        seed, a plan's behaviour); the code version is added here."""
        outcomes, key = self._get_or_compute(
            "outcomes",
            inputs,
            compute,
            describe=describe,
            expected=lambda value: isinstance(value, Outcomes),
        )
        self._outcome_keys[id(outcomes)] = (outcomes, key)
        return outcomes

    def outcomes_key(self, outcomes: Outcomes) -> str:
        """The key of outcomes this cache produced, or else a hash of their content."""
        known = self._outcome_keys.get(id(outcomes))
        if known is not None and known[0] is outcomes:
            return known[1]
        key = self.key("outcomes", {"content": outcomes_digest(outcomes)})
        self._outcome_keys[id(outcomes)] = (outcomes, key)
        return key

    def plan_stage(
        self,
        outcomes: Outcomes,
        inputs: Mapping[str, object],
        compute: Callable[[], PlanStage],
        *,
        describe: str,
    ) -> PlanStage:
        """A plan's evaluation and own tables on ``outcomes``: from the cache, or computed
        and stored. ``inputs``: the plan and whatever else the evaluation reads (budget,
        variants); the outcomes' key is added here."""
        value, _key = self._get_or_compute(
            "plan",
            {"outcomes": self.outcomes_key(outcomes), **inputs},
            compute,
            describe=describe,
            expected=_is_plan_stage,
        )
        return value
