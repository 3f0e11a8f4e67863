"""Derive per-role KPI targets from the simulated sales force, so point bands alone grade
each role near the plan's grade shares (issue 10: baseline targets every role can miss).

Re-run after a change to the population or the scorecards:

    .venv/bin/python tools/derive_kpi_targets.py scenarios/baseline.yaml [--sims 40]

The sales force is simulated twice with the same seed, as reps respond to the scenario's
own plan (its ``behaviour`` section: what the reports simulate) and as they do not
(``behaviour: none``, what ``salesperf simulate`` shows by default); both are pooled, so
the bands hold either way (responding reps spread further: more S).

For each role and each KPI it weights under the ``ratio`` rule, the script measures the
role's mean actual/target ratio under the scenario's current targets at the default
population (``simulation.reps`` seats, quarterly reviews). A role's targets are then set
so that its average rep reaches the same share ``s`` of every target; ``s`` (per role)
and the scoring floor (per role) are searched on a grid, with the scenario's caps, so
that the role's grade mix from the point bands is as close as it gets to
``grading.shares`` (distance: the shares outside their [min, max] ranges, then to the
targets). Each role's best grid point is then refined: every ratio KPI's target on its
own, with the role's result floor (0-0.9) and cap (1.2-1.5), so that the role's points
cross the band edges (C/B, B/A, A/S) at the cumulative shares of the aim below
(Nelder-Mead on the squared gaps between those quantiles of the points and the edges,
then on those gaps plus the squared gaps of the mix to the aim, in percentage points:
floors and caps pile points on a few values, which quantiles alone do not see).

Every target is bounded, in the grid and in the refinement alike: it is reached by 7-50%
of the role's rep-quarters (``REACH``), and no KPI scores more than 53% of them at its
floor or at its cap (``AT_LIMIT``, counted as the plan check "KPIs that tell few reps
apart" counts them). Unbounded, the search flattened lumpy KPIs to narrow the points and
put targets out of reach (new business's new-customer revenue at 31,400x quota scored
every rep at the floor). Behaviour and capability targets also stay within 2/3-1.5x the
scenario's own target (``DEFAULT_SPAN``) where the reach bounds allow. Ties on count KPIs
are handled: a bound sits between two distinct ratios, never on one. The bounds bind for
many targets, and a target on a bound moves with the seed: REACH's lower end and
AT_LIMIT carry about 2 points of margin, so that on another seed every target is still
reached by about 4% or more and no KPI has more than about 55% at its floor or cap.

What the bounds cost (scenario baseline, 12 simulations, measured on the next seed): point
bands grade account, key-account and channel managers S 15-20% A 30-36% B 37-44% C 7-12%,
a few points outside the ranges (mostly S); new business S 40-41% A 28-29% B 30-32% C 0% and
regional managers A 58% fit nowhere near (new-business results are lumpy and move
together: about half the quarters sit at the floor, and whoever reaches one target reaches
the others; region totals vary little). Tried and rejected: 5% / 50% (bounds without a
margin: held-out seeds fall outside them), 7-45% / 45% (worse mixes), AT_LIMIT 0.65 (mixes
within a few points except new business, but 67% at the floor on upsell revenue), result
floors up to 0.95 or spans 0.5-2x (no better; learning targets at 2x).

It prints the ``scoring.kpis`` YAML to paste, the grade mix per role and, per KPI, the
share of rep-quarters reaching its target and at its floor and cap (flagging targets
outside ``DEFAULT_SPAN`` and bounds that contradict each other).

The aim is the mix inside the brief's ranges that keeps the most room below every
maximum: the maxima add to 105%, so each grade aims 1.25 points below its maximum
(S 13.75%, A 38.75%, B 38.75%, C 8.75%), which leaves Monte Carlo noise the most room.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from salesperf_model.engine import EnginePlanResponse, run_plan
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
#: The refinement moves a role's result floor within this range (caps within RESULT_CAPS).
RESULT_FLOOR_RANGE = (0.0, 0.9)

#: Every target is reached by this share of the role's rep-quarters (at least, at most): a
#: target no one reaches, or every rep reaches, scores reps alike. The lower bound sits 2
#: points above 5% so that other seeds (which move it by about 1-2 points) stay above 5%.
REACH = (0.07, 0.5)
#: At most this share of a role's rep-quarters scores a KPI at its floor, or at its cap,
#: else the KPI tells few reps apart (the plan check warns at 80%). 53% keeps other seeds
#: within 55%; every point more buys a little mix (S) and costs informativeness.
AT_LIMIT = 0.53
#: Behaviour and capability targets stay within these multiples of the scenario's own
#: target (its ``value``, else the catalog's default) where the reach bounds allow, so the
#: search does not push, say, learning hours to silly values; targets outside are flagged.
DEFAULT_SPAN = (2 / 3, 1.5)


#: A bound sits this far (relatively) past the ratio it excludes or short of the one it
#: keeps, and never past the next distinct ratio: ties on count KPIs (many rep-quarters
#: at 0, 1, 2 deals) stay on their side once the target is rounded to 3 digits.
MARGIN = 0.01


def _above(values: np.ndarray, i: int) -> float:
    """A ratio just above ``values[i - 1]`` and below ``values[i]`` (sorted, distinct)."""
    high = values[i] if i < len(values) else np.inf
    low = values[i - 1]
    if low <= 0:
        return float(high) / 2.0
    return float(min(low * (1 + MARGIN), np.sqrt(low * high), 2.0 * low))


def _below(values: np.ndarray, i: int) -> float:
    """A ratio just below ``values[i]`` and above ``values[i - 1]`` (sorted, distinct)."""
    high = values[i]
    low = values[i - 1] if i > 0 else 0.0
    if np.isinf(high):
        return np.inf
    return float(max(high * (1 - MARGIN), np.sqrt(low * high), high / 2.0))


@dataclass(frozen=True)
class Bounds:
    """The levels one KPI's target may sit at for one role (a level ``L`` scores ratio
    ``r`` as ``r / L``), from the role's pooled ratios: ``reach`` the levels ``REACH`` of the
    rep-quarters reach; under a floor ``f`` at most ``AT_LIMIT`` sit at it while
    ``L <= below_floor / f``, under a cap ``c`` while ``L >= above_cap / c``; ``span`` the
    levels that keep the target within ``DEFAULT_SPAN`` of the scenario's own."""

    reach: tuple[float, float]
    below_floor: float
    above_cap: float
    span: tuple[float, float]

    @classmethod
    def of(cls, r: np.ndarray, span: tuple[float, float]) -> Bounds:
        r = np.sort(r[~np.isnan(r)].ravel())
        values, counts = np.unique(r, return_counts=True)
        at_most = np.cumsum(counts) / r.size  # share with ratio <= values[i]
        at_least = 1.0 - at_most + counts / r.size  # share with ratio >= values[i]
        first_rare = (
            int(np.argmax(at_least <= REACH[1])) if at_least[-1] <= REACH[1] else len(values)
        )
        last_common = int(np.nonzero(at_least >= REACH[0])[0][-1])
        reach = (_above(values, first_rare), _below(values, last_common))
        above = int(np.argmax(at_least <= AT_LIMIT)) if at_least[-1] <= AT_LIMIT else len(values)
        below = int(np.argmax(at_most > AT_LIMIT))
        return cls(reach, _below(values, below), _above(values, above), span)

    def edges(self, floor: float, cap: float) -> tuple[float, float, str]:
        """(lowest, highest level, what gave way) under this floor and cap. Where the
        floor bound and the reach bounds contradict, the level sits at the lowest the reach
        allows (fewest at the floor); where the reach bounds do (one tie holds more than
        ``REACH[1] - REACH[0]`` of the rep-quarters), at the highest level at least
        ``REACH[0]`` reach; the span gives way to all of them."""
        low = max(self.reach[0], self.above_cap / cap)
        high = min(self.reach[1], self.below_floor / floor if floor > 0 else np.inf)
        note = ""
        if self.reach[0] > self.reach[1]:
            low = high = self.reach[1]
            note = f"no level is reached by {REACH[0]:.0%}-{REACH[1]:.0%}"
        elif low > high:
            high = low
            note = f"more than {AT_LIMIT:.0%} at the floor at any reachable target"
        if max(low, self.span[0]) <= min(high, self.span[1]):
            return max(low, self.span[0]), min(high, self.span[1]), note
        return low, high, (note + "; " if note else "") + "span gives way to reach"


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


def pooled(parts: list[tuple[dict, np.ndarray]]) -> tuple[dict, np.ndarray]:
    """Several runs' :func:`raw_ratios` as one, simulations stacked."""
    ratios = {
        name: (weight, np.concatenate([p[0][name][1] for p in parts]), rule)
        for name, (weight, _, rule) in parts[0][0].items()
    }
    return ratios, np.concatenate([p[1] for p in parts])


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


def aim(scenario: Scenario) -> np.ndarray:
    """The mix within the share ranges with equal room below every maximum."""
    shares = scenario.grading.shares
    highs = np.array([shares[g].max for g in GRADES])
    lows = np.array([shares[g].min for g in GRADES])
    return np.clip(highs - (highs.sum() - 1.0) / len(GRADES), lows, highs)


def distance(mix: np.ndarray, scenario: Scenario) -> float:
    """How far a grade mix is outside the plan's share ranges, then from the aim."""
    shares = scenario.grading.shares
    outside = sum(max(0.0, shares[g].min - m, m - shares[g].max) for g, m in zip(GRADES, mix))
    return outside + 0.1 * float(np.abs(mix - aim(scenario)).sum())


def limits_of(name: str, rule: KpiRule, floor: dict, cap: dict) -> tuple[float, float]:
    """(floor, cap) of one KPI from these floors and caps (``""``: every other KPI)."""
    return floor.get(name, floor[""]), rule.cap if rule.cap is not None else cap.get(name, cap[""])


def role_points(ratios: dict, fixed: np.ndarray, *, levels: dict, floor: dict, cap: dict):
    """The role's points when each ratio KPI's target sits at ``levels[kpi]`` (its ratio
    under the current targets), with these floors and caps (``""``: every other KPI)."""
    points = fixed.copy()
    for name, (weight, r, rule) in ratios.items():
        kpi_floor, kpi_cap = limits_of(name, rule, floor, cap)
        scaled = np.where(np.isinf(r), kpi_cap, r / levels[name])
        points += weight * np.clip(scaled, kpi_floor, kpi_cap)
    return points


def bounded(ratios: dict, bounds: dict, levels: dict, *, floor: dict, cap: dict) -> dict:
    """``levels`` clipped into each KPI's :class:`Bounds` under these floors and caps."""
    out = {}
    for name, level in levels.items():
        low, high, _ = bounds[name].edges(*limits_of(name, ratios[name][2], floor, cap))
        out[name] = float(np.clip(level, low, high))
    return out


def fit_role(
    scenario: Scenario, ratios: dict, fixed: np.ndarray, bounds: dict, *, floor: float, cap: float
):
    """Best (distance, result quantile, other quantile, result floor, result cap, mix, KPI
    levels) for one role at this floor and cap. The role's result KPIs and its behaviour
    and capability KPIs get a quantile each; its result KPIs get a floor and cap of the
    role's own (their quarters are the lumpiest). Levels are clipped into ``bounds``."""
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
                    levels = bounded(ratios, bounds, levels, floor=floors, cap=caps)
                    points = role_points(ratios, fixed, levels=levels, floor=floors, cap=caps)
                    mix = mix_of(points, scenario)
                    d = distance(mix, scenario)
                    if best is None or d < best[0] - 1e-9:
                        fit = (float(q_result), float(QUANTILES[j]), own_floor, own_cap)
                        best = (d, *fit, mix, levels)
    return best


def refine_role(
    scenario: Scenario, ratios: dict, fixed: np.ndarray, bounds: dict, fit: tuple, *, floor, cap
):
    """``fit`` (from :func:`fit_role`) with every ratio KPI's level, the result floor and
    the result cap moved so that the points cross the band edges at the aim's cumulative
    shares; the better of the two by :func:`distance`. Levels stay within ``bounds``."""
    names = list(ratios)
    result = [k for k in names if KPI_CATALOG[k].family == "result"]
    bands = {b.grade: b for b in scenario.grading.bands}
    edges = np.array([bands[g].min_points for g in ("B", "A", "S")])
    crossing = np.cumsum(aim(scenario)[::-1])[:3]  # below B, below A, below S

    def unpack(x: np.ndarray):
        levels = {k: float(np.exp(v)) for k, v in zip(names, x)}
        own_floor = float(np.clip(x[-2], *RESULT_FLOOR_RANGE))
        own_cap = float(np.clip(x[-1], min(RESULT_CAPS), max(RESULT_CAPS)))
        floors = {"": floor, **{k: own_floor for k in result}}
        caps = {"": cap, **{k: own_cap for k in result}}
        levels = bounded(ratios, bounds, levels, floor=floors, cap=caps)
        return levels, own_floor, own_cap, floors, caps

    def points_of(x: np.ndarray) -> np.ndarray:
        levels, _, _, floors, caps = unpack(x)
        return role_points(ratios, fixed, levels=levels, floor=floors, cap=caps)

    def gaps(x: np.ndarray) -> float:
        return float(((np.quantile(points_of(x), crossing) - edges) ** 2).sum())

    def gaps_and_mix(x: np.ndarray) -> float:
        mix = mix_of(points_of(x), scenario)
        return gaps(x) + float(((100 * (mix - aim(scenario))) ** 2).sum())

    def medians(k: str) -> float:
        r = ratios[k][1]
        return float(np.log(np.median(r[np.isfinite(r) & (r > 0)])))

    _, _, _, own_floor, own_cap, _, levels = fit
    starts = [  # the grid's best, and every target at the role's median with a middling floor
        np.array([*(np.log(levels[k]) for k in names), own_floor, own_cap]),
        np.array([*(medians(k) for k in names), 0.5, 1.5]),
    ]
    candidates = [fit]
    for x in starts:
        for loss in (gaps, gaps_and_mix):
            x = minimize(
                loss, x, method="Nelder-Mead", options={"maxiter": 4000, "adaptive": True}
            ).x
        levels, own_floor, own_cap, _, _ = unpack(x)
        mix = mix_of(points_of(x), scenario)
        candidates.append(
            (distance(mix, scenario), fit[1], fit[2], own_floor, own_cap, mix, levels)
        )
    return min(candidates, key=lambda f: f[0])


def targets_of(name: str, role: str, rule: KpiRule) -> tuple[float, float]:
    """(the role's current target, the scenario's own target: its ``value``, else the
    catalog's default) of one KPI."""
    base = rule.target.value if rule.target is not None else KPI_CATALOG[name].default_target
    current = rule.target.by_role.get(role, base) if rule.target is not None else base
    return current, base


def span_of(name: str, role: str, rule: KpiRule) -> tuple[float, float]:
    """The levels that keep a behaviour or capability target within ``DEFAULT_SPAN`` of the
    scenario's own (any level for result KPIs)."""
    kpi = KPI_CATALOG[name]
    if kpi.family == "result":
        return 0.0, np.inf
    current, base = targets_of(name, role, rule)
    low, high = (DEFAULT_SPAN[0] * base / current, DEFAULT_SPAN[1] * base / current)
    return (low, high) if kpi.direction == "higher" else (1.0 / high, 1.0 / low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--sims", type=int, default=40)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    runs = [simulate(scenario.population, scenario.simulation, simulations=args.sims)]
    if scenario.behaviour.enabled:
        response = EnginePlanResponse(scenario, market=scenario, behaviour=scenario.behaviour)
        runs.append(
            simulate(
                scenario.population,
                scenario.simulation,
                simulations=args.sims,
                plan_response=response,
                behaviour=scenario.behaviour,
            )
        )
    roles = list(dict.fromkeys(runs[0].reps["role"].astype(str)))
    data = {role: pooled([raw_ratios(scenario, run, role) for run in runs]) for role in roles}
    bounds = {
        role: {
            name: Bounds.of(r, span_of(name, role, rule))
            for name, (_, r, rule) in data[role][0].items()
        }
        for role in roles
    }
    fits = {}
    for floor in FLOORS:
        for cap in CAPS:
            fit = {
                role: fit_role(scenario, *data[role], bounds[role], floor=floor, cap=cap)
                for role in roles
            }
            total = sum(f[0] for f in fit.values())
            print(f"# floor {floor:.1f} cap {cap:.1f}: distance {total:.3f}")
            fits[(floor, cap)] = (total, fit)
    (floor, cap), (total, fit) = min(fits.items(), key=lambda item: item[1][0])
    fit = {
        role: refine_role(scenario, *data[role], bounds[role], fit[role], floor=floor, cap=cap)
        for role in roles
    }
    total = sum(f[0] for f in fit.values())
    print(f"# chosen: scoring.floor {floor}, scoring.cap {cap} (distance {total:.3f})")
    targets: dict[str, dict[str, float]] = {}
    limits: dict[str, dict[str, dict[str, float]]] = {}
    for role in roles:
        d, q_result, q_other, own_floor, own_cap, mix, levels = fit[role]
        text = "  ".join(f"{g} {m:.1%}" for g, m in zip(GRADES, mix))
        print(
            f"# {role}: targets at the role's {q_result:.0%} quantile on result KPIs (floor "
            f"{own_floor:.2f}, cap {own_cap:.2f}), {q_other:.0%} on the others, then each "
            f"KPI refined: {text} "
            f"(distance {d:.3f})"
        )
        result = [k for k in data[role][0] if KPI_CATALOG[k].family == "result"]
        floors = {"": floor, **{k: own_floor for k in result}}
        caps = {"": cap, **{k: own_cap for k in result}}
        for name, (_, r, rule) in data[role][0].items():
            kpi = KPI_CATALOG[name]
            current, base = targets_of(name, role, rule)
            factor = levels[name] if kpi.direction == "higher" else 1.0 / levels[name]
            targets.setdefault(name, {})[role] = current * factor
            if kpi.family == "result":
                limits.setdefault(name, {}).setdefault("floor_by_role", {})[role] = own_floor
                limits[name].setdefault("cap_by_role", {})[role] = own_cap
            kpi_floor, kpi_cap = limits_of(name, rule, floors, caps)
            scaled = r / levels[name]
            flags = [bounds[role][name].edges(kpi_floor, kpi_cap)[2]]
            if not DEFAULT_SPAN[0] <= current * factor / base <= DEFAULT_SPAN[1]:
                flags.append(f"{current * factor / base:.2f}x the scenario's {base:g}")
            print(
                f"#   {name}: reached {np.mean(scaled >= 1):.0%}, at floor "
                f"{np.mean(scaled <= kpi_floor) if kpi_floor > 0 else 0:.0%}, at cap "
                f"{np.mean(scaled >= kpi_cap):.0%}" + "".join(f"; {flag}" for flag in flags if flag)
            )
    print(f"scoring:\n  cap: {cap}\n  floor: {floor}\n  kpis:")
    for name, by_role in targets.items():
        rule = scenario.scoring.kpis.get(name, KpiRule())
        kind = rule.target.kind if rule.target else KPI_CATALOG[name].target_kind
        value = rule.target.value if rule.target else KPI_CATALOG[name].default_target
        print(f"    {name}:")
        if rule.cap is not None:
            print(f"      cap: {rule.cap}")
        for key, by in limits.get(name, {}).items():
            print(f"      {key}: {{{', '.join(f'{r}: {v:.3g}' for r, v in by.items())}}}")
        roles_text = ", ".join(f"{r}: {v:.3g}" for r, v in by_role.items())
        print(f"      target: {{kind: {kind}, value: {value:g}, by_role: {{{roles_text}}}}}")


if __name__ == "__main__":
    main()
