"""Compiled loops of the month's arithmetic (``month_step``, ``quality``, ``month_close``).

In numpy each step of a month's formula is a pass over (simulations, reps) with its own
temporary, and each measure is then copied into the run's arrays. These loops do a
cell's arithmetic at once and write the measures straight into the run's arrays (views
of month ``t``). They do the very operations numpy did, in the same order and without
fast-math, so the results are bit for bit the same. ``exp``, ``log`` and powers stay in
numpy: numba's libm can differ from numpy's in the last bit.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled


@compiled(inline="always")
def _clip(x, low, high):
    """``np.clip`` of one value (NaN stays NaN)."""
    if x < low:
        x = low
    if x > high:
        x = high
    return x


@compiled
def rate_ratings(views, fresh, *, person, rated_person, skill, noise, loadings, weights, outs):
    """A month's 360 ratings (``noise``: its (sims, raters, reps)): where the seat changed
    hands its rater views become the fresh ones (``fresh`` = impression (sims, raters + 1,
    reps), bond (sims, raters, reps)); each rater's rating is written into ``outs[k]``. ``loadings`` rows per rater:
    impression loading h, lasting noise loading, skill loading v, monthly noise loading,
    norm, leniency; ``weights``: sqrt(rho), sqrt(1 - rho), noise scale, spread."""
    impression, bond = fresh
    S, K, R = views.shape
    common, own, scale, spread = weights
    for k in range(K):
        out = outs[k]
        h, lasting, v, monthly = loadings[0, k], loadings[1, k], loadings[2, k], loadings[3, k]
        norm, leniency = loadings[4, k], loadings[5, k]
        for s in range(S):
            for r in range(R):
                if person[s, r] != rated_person[s, r]:
                    seen = common * impression[s, 0, r] + own * impression[s, k + 1, r]
                    views[s, k, r] = h * seen + lasting * bond[s, k, r]
                z = v * skill[s, r] + scale * (views[s, k, r] + monthly * noise[s, k, r])
                z = z / norm if norm > 0 else 0.0
                out[s, r] = _clip(leniency + spread * z, 0.0, 100.0)
    rated_person[:] = person


@compiled
def net_promoter(promoters, detractors, responses, *, out):
    """NPS: 100 x (promoters - detractors) / responses, into ``out``."""
    for s in range(out.shape[0]):
        for r in range(out.shape[1]):
            out[s, r] = 100.0 * (promoters[s, r] - detractors[s, r]) / responses[s, r]


@compiled
def test_scores(tenure, skill, noise, *, weights, means, outs):
    """A month's capability tests (``noise``: its (sims, tests, reps)) into ``outs`` (one
    per test) and the training hours (new hires', established reps'). ``weights``: ramp
    months (at least 1e-9), spread, rho, sqrt(1 - rho ** 2), new-hire penalty, new-hire
    hours, hours."""
    ramp_months, spread, rho, rest, penalty, new_hours, hours = weights
    S, R = skill.shape
    learning = np.empty(skill.shape)
    training = np.empty(skill.shape)
    for s in range(S):
        for r in range(R):
            learning[s, r] = 1.0 - min(1.0, tenure[s, r] / ramp_months)
            training[s, r] = new_hours if learning[s, r] > 0 else hours
    for k in range(len(outs)):
        out = outs[k]
        for s in range(S):
            for r in range(R):
                score = (
                    means[k]
                    + spread * (rho * skill[s, r] + rest * noise[s, k, r])
                    - penalty * learning[s, r]
                )
                out[s, r] = _clip(score, 0.0, 100.0)
    return training


@compiled
def money(booked, booked_big, lucks, *, weights, gross_profit, new_product):
    """Gross profit and new-product revenue into their months. ``weights``: gross margin,
    big-account margin cut, new-product share; the lucks are exp(noise) of each. A month's
    margin is at most 100% (a high margin's luck could carry it above)."""
    margin, cut, share = weights
    margin_luck, new_luck = lucks
    for s in range(booked.shape[0]):
        for r in range(booked.shape[1]):
            gross_profit[s, r] = (
                booked[s, r] * min(margin * margin_luck[s, r], 1.0) - booked_big[s, r] * cut
            )
            new_product[s, r] = booked[s, r] * _clip(share * new_luck[s, r], 0.0, 1.0)


@compiled
def credit_shortfall(odds, *, weights, accuracy):
    """Credit assessment accuracy (into ``accuracy``) from exp(-log-odds), and the beta
    parameters of the shortfall. ``weights``: shortfall mean, mean accuracy, concentration."""
    mean, mean_accuracy, concentration = weights
    a = np.empty(odds.shape)
    b = np.empty(odds.shape)
    for s in range(odds.shape[0]):
        for r in range(odds.shape[1]):
            accurate = 1.0 / (1.0 + odds[s, r])
            accuracy[s, r] = accurate
            shortfall = _clip(mean * (1 - accurate) / (1 - mean_accuracy), 1e-4, 0.9)
            a[s, r] = shortfall * concentration
            b[s, r] = (1 - shortfall) * concentration
    return a, b


@compiled
def collect(due, shortfall, outs):
    """Cash of the month: ``outs`` = receivable, collected new, existing, big; returns the
    collected new + existing. ``due``: (new, existing, big) falling due."""
    new, existing, big = due
    receivable, collected_new, collected_existing, collected_big = outs
    collected = np.empty(shortfall.shape)
    for s in range(shortfall.shape[0]):
        for r in range(shortfall.shape[1]):
            share = 1.0 - shortfall[s, r]
            receivable[s, r] = new[s, r] + existing[s, r]
            collected_new[s, r] = new[s, r] * share
            collected_existing[s, r] = existing[s, r] * share
            collected_big[s, r] = big[s, r] * share
            collected[s, r] = new[s, r] * share + existing[s, r] * share
    return collected


@compiled
def deal_cells(own, sigma, z):
    """Per new deal (cells' deals in order): its flat (simulation, seat) cell and the log
    spread of its size, ``sigma * z`` with its seat's sigma."""
    seats = sigma.size
    cell = np.empty(z.size, np.int64)
    spread = np.empty(z.size)
    at = 0
    for c in range(own.size):
        for _ in range(own[c]):
            cell[at] = c
            spread[at] = sigma[c % seats] * z[at]
            at += 1
    return cell, spread


@compiled
def book_deals(own, moved, growth, *, u_big, seat, terms, came):
    """Book the month's deals per cell: sizes (median x scale x growth, big accounts
    ``multiplier`` times larger), the first ``pushed`` of a cell pushed out, those from
    ``own - pulled`` on pulled in at ``discount``; then the deals pushed in from last month
    (``came``: cell, list value, big). ``seat``: median size (seats,), p_big and size
    scale (cells,); ``terms``: multiplier, discount. Sums in deal order, as ``bincount``.
    Returns (booked, booked big, listed, signed) per cell and per deal (size, big,
    pushed out, pulled in)."""
    pulled, pushed = moved
    median, p_big, scale = seat
    multiplier, discount = terms
    came_cell, came_size, came_big = came
    seats = median.size
    sizes = np.empty(growth.size)
    big = np.empty(growth.size, np.bool_)
    out = np.empty(growth.size, np.bool_)
    early = np.empty(growth.size, np.bool_)
    booked = np.zeros(own.size)
    booked_big = np.zeros(own.size)
    listed = np.zeros(own.size)
    signed = own - pushed
    at = 0
    for c in range(own.size):
        for rank in range(own[c]):
            is_big = u_big[at] < p_big[c]
            size = median[c % seats] * scale[c] * growth[at] * (multiplier if is_big else 1.0)
            sizes[at], big[at] = size, is_big
            out[at] = rank < pushed[c]
            early[at] = rank >= own[c] - pulled[c]
            if not out[at]:
                value = size * (1.0 - (discount if early[at] else 0.0))
                booked[c] += value
                booked_big[c] += value * (1.0 if is_big else 0.0)
                listed[c] += size
            at += 1
    for j in range(came_cell.size):
        c = came_cell[j]
        value = came_size[j] * (1.0 - 0.0)
        booked[c] += value
        booked_big[c] += value * (1.0 if came_big[j] else 0.0)
        listed[c] += came_size[j]
        signed[c] += 1
    return (booked, booked_big, listed, signed), (sizes, big, out, early)


@compiled
def pipeline_flows(stocks, flows, entries, *, won, role, cycle, outs):
    """Close the month's pipeline: add the open leads and the leads leaving each stage per
    role to ``cycle`` (stock, flow: (roles, 2 stages)), move the stocks on in place and
    write the leads entering each stage and the deals lost into ``outs``."""
    prospecting, negotiation = stocks
    leave_prospecting, leave_negotiation = flows
    new_leads, advanced = entries
    cycle_stock, cycle_flow = cycle
    out_prospecting, out_negotiation, out_lost = outs
    roles = cycle_stock.shape[0]
    stock = np.zeros((roles, 2), np.int64)
    flow = np.zeros((roles, 2), np.int64)
    for s in range(won.shape[0]):
        for r in range(won.shape[1]):
            k = role[r]
            stock[k, 0] += prospecting[s, r]
            stock[k, 1] += negotiation[s, r]
            flow[k, 0] += leave_prospecting[s, r]
            flow[k, 1] += leave_negotiation[s, r]
            prospecting[s, r] = prospecting[s, r] - leave_prospecting[s, r] + new_leads[s, r]
            negotiation[s, r] = negotiation[s, r] - leave_negotiation[s, r] + advanced[s, r]
            out_prospecting[s, r] = new_leads[s, r]
            out_negotiation[s, r] = advanced[s, r]
            out_lost[s, r] = leave_negotiation[s, r] - won[s, r]
    for k in range(roles):
        for stage in range(2):
            cycle_stock[k, stage] += np.float64(stock[k, stage])
            cycle_flow[k, stage] += np.float64(flow[k, stage])


@compiled
def channels_and_book(book, flows, booked, *, channel, outs):
    """The channel measures of the month into ``outs`` (total, active, new, revenue: a
    channel manager's partners are its customers, 0 elsewhere), then the book moves on in
    place. ``flows``: repeat, lost, kept, won customers."""
    repeat, lost, kept, won = flows
    total, active, new, revenue = outs
    for s in range(book.shape[0]):
        for r in range(book.shape[1]):
            if channel[r]:
                total[s, r] = book[s, r]
                active[s, r] = repeat[s, r]
                new[s, r] = won[s, r]
                revenue[s, r] = booked[s, r]
            else:
                total[s, r] = 0
                active[s, r] = 0
                new[s, r] = 0
                revenue[s, r] = 0.0
            book[s, r] = book[s, r] - lost[s, r] + kept[s, r]


@compiled
def existing_close(counts, orders, upsell, *, outs):
    """The book's measures of the month into ``outs`` (customers, repeat customers, lost,
    revenue booked, upsell); returns the revenue booked (orders + upsell). ``counts``:
    customers, repeat customers, lost."""
    book, repeat, lost = counts
    out_book, out_repeat, out_lost, out_booked, out_upsell = outs
    booked = np.empty(orders.shape)
    for s in range(orders.shape[0]):
        for r in range(orders.shape[1]):
            booked[s, r] = orders[s, r] + upsell[s, r]
            out_book[s, r] = book[s, r]
            out_repeat[s, r] = repeat[s, r]
            out_lost[s, r] = lost[s, r]
            out_booked[s, r] = booked[s, r]
            out_upsell[s, r] = upsell[s, r]
    return booked


@compiled
def quality_exponents(skill, noise, *, weights):
    """The arguments of the month's quality exponentials, (6, sims, reps): minus the
    log-odds of a promoter and of a detractor, the response time's log deviation, and the
    skill's effect on complaints and incidents, contract risk and new segments.
    ``weights``: promoter and detractor log-odds, NPS skill effect, response time's skill
    effect and noise sigma."""
    promoter, detractor, nps_effect, time_effect, time_sigma = weights
    out = np.empty((6, skill.shape[0], skill.shape[1]))
    for s in range(skill.shape[0]):
        for r in range(skill.shape[1]):
            x = skill[s, r]
            out[0, s, r] = -(promoter + nps_effect * x)
            out[1, s, r] = -(detractor - nps_effect * x)
            out[2, s, r] = time_effect * x + time_sigma * noise[s, r]
            out[3, s, r] = -0.3 * x
            out[4, s, r] = -0.4 * x
            out[5, s, r] = 0.3 * x
    return out


@compiled
def quality_rates(grown, book, segment_rate, *, weights, response_time):
    """From the exponentials of :func:`quality_exponents`: the response time (into
    ``response_time``) and the chances and rates of the month's quality draws (promoter,
    detractor among the rest, complaints, compliance incidents, contract risk, new
    segments). ``weights``: response time median, complaints per customer, compliance
    incident rate, contract risk share."""
    median, per_customer, incident_rate, risk_share = weights
    S, R = book.shape
    rates = np.empty((6, S, R))
    for s in range(S):
        for r in range(R):
            p = 1.0 / (1.0 + grown[0, s, r])
            d = min(1.0 / (1.0 + grown[1, s, r]), 1 - p)
            rates[0, s, r] = p
            rates[1, s, r] = d / (1 - p)
            response_time[s, r] = median * grown[2, s, r]
            rates[2, s, r] = per_customer * book[s, r] * grown[3, s, r]
            rates[3, s, r] = incident_rate * grown[3, s, r]
            rates[4, s, r] = _clip(risk_share * grown[4, s, r], 0.0, 1.0)
            rates[5, s, r] = segment_rate[r] * grown[5, s, r]
    return rates


@compiled
def voluntary_exits(performance, mean, u, *, pay, flags, multipliers, award, hazard):
    """Who leaves by the voluntary exit hazard: ``u < min(hazard, 1)`` per cell, the hazard
    being ``hazard`` x performance / its simulation's ``mean`` x ``pay`` (pay against the
    market, to its power) x the multipliers of a C grade and of a forced move down
    (``flags``: warned, moved down) x ``award`` (non-cash rewards), multiplied in numpy's
    order, a 1 where a flag is off."""
    warned, moved_down = flags
    c_grade, moved = multipliers
    S, R = performance.shape
    leaving = np.empty((S, R), np.bool_)
    for s in range(S):
        for r in range(R):
            h = hazard * (performance[s, r] / mean[s]) * pay[s, r]
            h = h * (c_grade if warned[s, r] else 1.0)
            h = h * (moved if moved_down[s, r] else 1.0)
            h = h * award[s, r]
            if h > 1.0:
                h = 1.0
            leaving[s, r] = u[s, r] < h
    return leaving
