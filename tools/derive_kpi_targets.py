"""Derive per-role KPI targets from the simulated sales force, so point bands alone grade
each role near the plan's grade shares (issue 10: baseline targets every role can miss).

Re-run after a change to the population or the scorecards:

    .venv/bin/python tools/derive_kpi_targets.py scenarios/baseline.yaml [--sims 40]

For each role and each KPI it weights under the ``ratio`` rule, the script measures the
role's mean actual/target ratio under the scenario's current targets at the default
population (``simulation.reps`` seats, quarterly reviews). A role's targets are then set
so that its average rep reaches the same share ``s`` of every target; ``s`` (per role)
and the scoring floor (per role) are searched on a grid, with the scenario's caps, so
that the role's grade mix from the point bands is as close as it gets to
``grading.shares`` (distance: the shares outside their [min, max] ranges, then to the
targets). It prints the ``scoring.kpis`` YAML to paste and the grade mix per role.
"""

from __future__ import annotations

import argparse

import numpy as np

from salesperf_model.engine import run_plan
from salesperf_model.engine.periods import period_groups
from salesperf_model.engine.scoring import kpi_actual, kpi_target
from salesperf_model.loading import load_scenario
from salesperf_model.schema import GRADES, KPI_CATALOG, KpiRule, Scenario
from salesperf_model.simulate import simulate

QUANTILES = np.round(np.arange(0.50, 0.991, 0.01), 2)
FLOORS = (0.3, 0.5)
CAPS = (1.2, 1.5)
RESULT_FLOORS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8)
RESULT_CAPS = (1.2, 1.5)


def raw_ratios(scenario: Scenario, outcomes, role: str) -> tuple[dict, np.ndarray]:
    """The role's unclipped actual/target per ratio-rule KPI, and its other points."""
    reviews = period_groups(outcomes.periods, scenario.review_cycle)
    mask = outcomes.reps["role"].astype(str).to_numpy() == role
    result = run_plan(outcomes, scenario)
    ratios, fixed = {}, np.zeros(result.points[:, mask].shape)
    for name, weight in scenario.scoring.role_weights(role).items():
        kpi, rule = KPI_CATALOG[name], scenario.scoring.kpis.get(name, KpiRule())
        if rule.rule != "ratio" or kpi.aggregation == "growth":
            fixed += result.kpi_points[name][:, mask]
            continue
        actual = kpi_actual(kpi, outcomes, reviews, scenario=scenario)[:, mask]
        target = np.broadcast_to(
            kpi_target(kpi, rule.target, outcomes, reviews=reviews),
            (*outcomes.shape[:2], len(reviews.labels)),
        )[:, mask]
        with np.errstate(divide="ignore", invalid="ignore"):
            if kpi.direction == "lower":
                r = np.where(actual > 0, target / np.where(actual > 0, actual, 1), np.inf)
            else:
                r = np.where(target > 0, actual / np.where(target > 0, target, 1), 0.0)
        ratios[name] = (weight, r, rule)
    return ratios, fixed


def mix_of(points: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Share of S, A, B, C from the point bands."""
    bands = {b.grade: b for b in scenario.grading.bands}
    edges = [bands["S"].min_points, bands["A"].min_points, bands["B"].min_points]
    return np.array(
        [
            np.mean(points >= edges[0]),
            np.mean((points >= edges[1]) & (points < edges[0])),
            np.mean((points >= edges[2]) & (points < edges[1])),
            np.mean(points < edges[2]),
        ]
    )


def distance(mix: np.ndarray, scenario: Scenario) -> float:
    """How far a grade mix is outside the plan's share ranges, then from the targets."""
    shares = scenario.grading.shares
    outside = sum(max(0.0, shares[g].min - m, m - shares[g].max) for g, m in zip(GRADES, mix))
    return outside + 0.1 * sum(abs(m - shares[g].target) for g, m in zip(GRADES, mix))


def role_points(ratios: dict, fixed: np.ndarray, *, levels: dict, floor: dict, cap: dict):
    """The role's points when each ratio KPI's target sits at ``levels[kpi]`` (its ratio
    under the current targets), with these floors and caps (``""``: every other KPI)."""
    points = fixed.copy()
    for name, (weight, r, rule) in ratios.items():
        kpi_cap = rule.cap if rule.cap is not None else cap.get(name, cap[""])
        scaled = np.where(np.isinf(r), kpi_cap, r / levels[name])
        points += weight * np.clip(scaled, floor.get(name, floor[""]), kpi_cap)
    return points


def fit_role(scenario: Scenario, ratios: dict, fixed: np.ndarray, *, floor: float, cap: float):
    """Best (distance, result quantile, other quantile, result floor, result cap, mix, KPI
    levels) for one role at this floor and cap. The role's result KPIs and its behaviour
    and capability KPIs get a quantile each; its result KPIs get a floor and cap of the
    role's own (their quarters are the lumpiest)."""
    result = [k for k in ratios if KPI_CATALOG[k].family == "result"]
    quantile = {k: np.quantile(r, QUANTILES) for k, (_, r, _) in ratios.items()}
    best = None
    for own_floor in RESULT_FLOORS:
        for own_cap in RESULT_CAPS:
            floors = {"": floor, **{k: own_floor for k in result}}
            caps = {"": cap, **{k: own_cap for k in result}}
            for i, q_result in enumerate(QUANTILES):
                for j in range(0, len(QUANTILES), 5):
                    levels = {k: quantile[k][i if k in result else j] for k in ratios}
                    points = role_points(ratios, fixed, levels=levels, floor=floors, cap=caps)
                    mix = mix_of(points, scenario)
                    d = distance(mix, scenario)
                    if best is None or d < best[0] - 1e-9:
                        fit = (float(q_result), float(QUANTILES[j]), own_floor, own_cap)
                        best = (d, *fit, mix, levels)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--sims", type=int, default=40)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    outcomes = simulate(scenario.population, scenario.simulation, simulations=args.sims)
    roles = list(dict.fromkeys(outcomes.reps["role"].astype(str)))
    data = {role: raw_ratios(scenario, outcomes, role) for role in roles}
    fits = {}
    for floor in FLOORS:
        for cap in CAPS:
            fit = {role: fit_role(scenario, *data[role], floor=floor, cap=cap) for role in roles}
            total = sum(f[0] for f in fit.values())
            print(f"# floor {floor:.1f} cap {cap:.1f}: distance {total:.3f}")
            fits[(floor, cap)] = (total, fit)
    (floor, cap), (total, fit) = min(fits.items(), key=lambda item: item[1][0])
    print(f"# chosen: scoring.floor {floor}, scoring.cap {cap} (distance {total:.3f})")
    targets: dict[str, dict[str, float]] = {}
    limits: dict[str, dict[str, dict[str, float]]] = {}
    for role in roles:
        d, q_result, q_other, own_floor, own_cap, mix, levels = fit[role]
        text = "  ".join(f"{g} {m:.1%}" for g, m in zip(GRADES, mix))
        print(
            f"# {role}: targets at the role's {q_result:.0%} quantile on result KPIs (floor "
            f"{own_floor:.1f}, cap {own_cap:.1f}), {q_other:.0%} on the others: {text} "
            f"(distance {d:.3f})"
        )
        for name, (_, _, rule) in data[role][0].items():
            kpi = KPI_CATALOG[name]
            current = kpi.default_target
            if rule.target is not None:
                current = rule.target.by_role.get(role, rule.target.value)
            factor = levels[name] if kpi.direction == "higher" else 1.0 / levels[name]
            targets.setdefault(name, {})[role] = current * factor
            if kpi.family == "result":
                limits.setdefault(name, {}).setdefault("floor_by_role", {})[role] = own_floor
                limits[name].setdefault("cap_by_role", {})[role] = own_cap
    print(f"scoring:\n  cap: {cap}\n  floor: {floor}\n  kpis:")
    for name, by_role in targets.items():
        rule = scenario.scoring.kpis.get(name, KpiRule())
        kind = rule.target.kind if rule.target else KPI_CATALOG[name].target_kind
        value = rule.target.value if rule.target else KPI_CATALOG[name].default_target
        print(f"    {name}:")
        if rule.cap is not None:
            print(f"      cap: {rule.cap}")
        for key, by in limits.get(name, {}).items():
            print(f"      {key}: {{{', '.join(f'{r}: {v:g}' for r, v in by.items())}}}")
        roles_text = ", ".join(f"{r}: {v:.3g}" for r, v in by_role.items())
        print(f"      target: {{kind: {kind}, value: {value:g}, by_role: {{{roles_text}}}}}")


if __name__ == "__main__":
    main()
