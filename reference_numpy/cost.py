"""The cost: (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])).

The course's formula gives log(0) when the sigmoid saturates (A[L] rounds to exactly 0 or 1: z > 36.7 in
float64, z > 16.6 in float32). Two guards keep J finite without changing it anywhere else:

- A[L] is clipped to [tiny, 1 - ulp], the smallest and largest representable numbers strictly inside (0, 1).
  Every A[L] strictly inside (0, 1) already lies in that range, so the clip changes only the saturated values
  0 and 1: wherever the course's formula is finite, J here is the course's J to the last bit.
- A term whose label weight is exactly 0 contributes 0 (the 0 log 0 = 0 convention), so y = 1, a = 1 gives 0,
  not 0 * (-inf) = NaN.
A saturated wrong prediction therefore costs -log(ulp(1)/2) = 36.7 in float64 (16.6 in float32) instead of inf.
"""

import numpy as np


def clip_probabilities(AL):
    """AL with exact 0 and 1 moved to the nearest representable numbers inside (0, 1); nothing else moves."""
    one = np.ones((), dtype=AL.dtype)
    return np.clip(AL, np.nextafter(0 * one, one), np.nextafter(one, 0 * one))


def compute_cost(AL, Y):
    """AL : (1, m) probabilities, Y : (1, m) labels in {0, 1} (same float dtype) -> J, a 0-d array of that dtype."""
    m = Y.shape[1]
    A = clip_probabilities(AL)
    y_log_a = np.where(Y == 0, 0, Y * np.log(A))
    not_y_log_not_a = np.where(Y == 1, 0, (1 - Y) * np.log(1 - A))
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L]))
    J = -np.sum(y_log_a + not_y_log_not_a) / m
    return J.astype(AL.dtype)
