"""Mini-batches as the course draws and slices them; the permutations are drawn here, once, for every backend.

The course's model() sets seed = 10 and, before epoch i, seed = seed + 1, then random_mini_batches reseeds NumPy's
legacy stream with it and draws permutation(m): epoch i shuffles with seed 11 + i. The columns X[:, permutation]
are cut into consecutive slices of batch_size, the last one smaller (m = 300, size 64: 64, 64, 64, 64, 44).
Every backend receives the permutations (TrainConfig.permutations) and slices them the same way.
"""

import numpy as np

COURSE_SEED = 10  # model()'s seed before the first epoch; epoch i draws with COURSE_SEED + 1 + i


def course_permutations(m, num_epochs, seed=COURSE_SEED):
    """(num_epochs,) tuple of (m,) int64 permutations: epoch i's from RandomState(seed + 1 + i).permutation(m)."""
    return tuple(np.random.RandomState(seed + 1 + i).permutation(m).astype(np.int64) for i in range(num_epochs))


def batch_bounds(m, batch_size):
    """[(start, stop), ...] of the consecutive slices: floor(m / batch_size) full ones, then the remainder if any."""
    size = m if batch_size is None else min(int(batch_size), m)
    return [(start, min(start + size, m)) for start in range(0, m, size)]


def minibatches(X, Y, permutation, batch_size):
    """[(X_b : (n_x, m_b), Y_b : (C, m_b))] of one epoch: the shuffled columns, sliced. A full batch without a
    permutation is (X, Y) itself, no copy (full-batch training keeps its arrays)."""
    if permutation is None:
        return [(X, Y)] if batch_size is None or batch_size >= X.shape[1] else [
            (X[:, a:b], Y[:, a:b]) for a, b in batch_bounds(X.shape[1], batch_size)
        ]  # fmt: skip
    X, Y = X[:, permutation], Y[:, permutation]
    return [(X[:, a:b], Y[:, a:b]) for a, b in batch_bounds(X.shape[1], batch_size)]


def epoch_cost(batch_costs, batch_sizes, m, summed=False):
    """The epoch's cost as the course averages it: sum_b m_b J_b / m (the course sums the loss over each
    mini-batch, then divides by m); a single batch's J as it is (full-batch training records J itself).
    summed: each J_b is already its batch's sum of losses (the course-2 optimization preset's "total" cost, the
    course's cost_total): sum_b J_b / m, one batch or many, as the course's loop computes it."""
    if summed:
        total = batch_costs[0]
        for J in batch_costs[1:]:
            total = total + J
        return total / m
    if len(batch_costs) == 1:
        return batch_costs[0]
    total = batch_costs[0] * batch_sizes[0]
    for J, m_b in zip(batch_costs[1:], batch_sizes[1:], strict=True):
        total = total + J * m_b
    return total / m
