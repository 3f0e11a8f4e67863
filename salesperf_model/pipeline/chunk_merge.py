"""Chunks of a comparison merged as they come back: each plan's horizon results and outcomes written into arrays for the whole run, so no chunk is kept until the end."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from salesperf_model.pipeline.plans import Plans

if TYPE_CHECKING:
    from salesperf_model.measure.horizon import HorizonOutcomes
    from salesperf_model.pipeline.stream import ChunkSummary, ChunkTask


class ChunkMerger:
    """A run's chunks merged as each comes back, in any order: each plan's horizon
    results and outcomes written into arrays for all the run's simulations
    (``measure.horizon.ResultStack`` and ``OutcomesStack``), the metric draws kept by
    chunk. :meth:`finish` gives the tables of the unchunked run bit for bit; a chunk is
    not kept once written."""

    def __init__(
        self,
        plans: Plans,
        firsts: Mapping[int, int],
        simulations: int,
        *,
        variants: bool = True,
    ) -> None:
        self.plans = plans
        self.variants = variants
        self.first_of = dict(firsts)  # chunk index -> its first simulation
        self.simulations = simulations
        self.draws: dict[str, dict[int, pd.DataFrame]] = {name: {} for name in plans.scenarios}
        self.results: dict = {}
        self.at_target: dict = {}
        self.outcomes: dict = {}

    @classmethod
    def of_tasks(
        cls, plans: Plans, tasks: Sequence[ChunkTask], *, variants: bool = True
    ) -> ChunkMerger:
        """The merger of a run split into ``tasks``."""
        firsts = {task.index: task.first for task in tasks}
        return cls(plans, firsts, sum(task.count for task in tasks), variants=variants)

    def add(self, summary: ChunkSummary) -> None:
        """Write one chunk's summary into the run's arrays."""
        from salesperf_model.measure.horizon import OutcomesStack, ResultStack

        at = self.first_of[summary.index]
        for stacks, parts, kind in (
            (self.results, summary.results, ResultStack),
            (self.at_target, summary.at_target, ResultStack),
            (self.outcomes, summary.outcomes, OutcomesStack),
        ):
            for name, part in parts.items():
                if part is None:
                    continue
                if name not in stacks:
                    stacks[name] = kind(part, self.simulations)
                stacks[name].put(part, at)
                if at == 0:  # names, labels and rep table as the first chunk has them
                    stacks[name].first = part
        for name, draws in summary.draws.items():
            self.draws[name][summary.index] = draws

    def finish(self) -> tuple[dict, dict, HorizonOutcomes | dict[str, HorizonOutcomes]]:
        """(plan name -> PlanEvaluation on horizon results, plan name -> its own tables,
        the horizon outcomes: one set, or plan name -> its own under behaviour)."""
        from salesperf_model.measure import PlanEvaluation, plan_tables

        by_plan = {name: stack.outcomes() for name, stack in self.outcomes.items()}
        shared = by_plan[self.plans.baseline]
        evaluations, own_tables = {}, {}
        for name in self.plans.scenarios:
            chunks = self.draws.pop(name)
            draws = pd.concat([chunks[i] for i in sorted(chunks)], ignore_index=True)
            draws.index.name = "simulation"
            at_target = None
            if self.variants:
                at_target = self.at_target.pop(name).result()
            result = self.results.pop(name).result()
            evaluation = PlanEvaluation(name, result, draws, at_target, None)
            own_tables[name] = plan_tables(evaluation, by_plan.get(name, shared))
            evaluations[name] = dataclasses.replace(evaluation, at_target=None)
        responding = self.plans.scenarios[self.plans.baseline].behaviour.enabled
        return evaluations, own_tables, (by_plan if responding else shared)
