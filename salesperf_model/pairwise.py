"""numpy's pairwise summation, compiled: the one copy the engine's and the measures'
compiled sums call, so every sum adds the very numbers numpy's ``sum`` adds, in its order
(eight running sums up to 128 values, halves above), bit for bit."""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled

#: numpy's pairwise-summation block (``PW_BLOCKSIZE``): longer rows are halved.
BLOCK = 128


@compiled(inline="always")
def block_sum(values, start, n):
    """numpy's pairwise sum of at most :data:`BLOCK` values: eight running sums."""
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = start + 8
    stop = start + n - n % 8
    while i < stop:
        r0 += values[i]
        r1 += values[i + 1]
        r2 += values[i + 2]
        r3 += values[i + 3]
        r4 += values[i + 4]
        r5 += values[i + 5]
        r6 += values[i + 6]
        r7 += values[i + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < start + n:
        total += values[i]
        i += 1
    return total


@compiled
def pairwise_sum(values, start, n):
    """``values[start:start + n].sum()`` as numpy adds a contiguous row, without the 0
    numpy starts from (add it: ``0.0 + pairwise_sum(...)``). Longer rows are halved (at a
    multiple of 8) as numpy's recursion halves them, walked with a small stack of its
    own: a recursive compiled function crashes when loaded from numba's cache."""
    if n <= BLOCK:
        return block_sum(values, start, n)
    first = np.empty(64, np.int64)  # each pending half: its first value, its length,
    size = np.empty(64, np.int64)  # and the sum of its left half once known
    left = np.empty(64)
    waiting = np.zeros(64, np.bool_)  # True: the left half is summed, the right is next
    top = 0
    first[0], size[0] = start, n
    while True:
        if size[top] > BLOCK:  # halve: the left half first
            half = size[top] // 2
            half -= half % 8
            first[top + 1], size[top + 1] = first[top], half
            waiting[top] = False
            top += 1
            continue
        total = block_sum(values, first[top], size[top])
        while True:  # hand the sum to the halves waiting for it
            top -= 1
            if top < 0:
                return total
            if waiting[top]:
                total = left[top] + total
                continue
            left[top] = total
            waiting[top] = True
            half = size[top] // 2
            half -= half % 8
            first[top + 1], size[top + 1] = first[top] + half, size[top] - half
            top += 1
            break
