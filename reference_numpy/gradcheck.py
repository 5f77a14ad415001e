"""Gradient checking by central differences, the course's way.

For each parameter entry theta_i: gradapprox_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps), with the
course's eps = 1e-7, and the measure difference = ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2)
(the course flags a mistake above 2e-7). J is always the reference's cost in float64, whatever produced `grads`,
so any backend's gradients can be checked. Large models can be checked on a sample of entries per tensor.

The measure has a floor of its own: J is computed with rounding error of about u |J| (more where log(1 - a)
cancels because a is near 1), and dividing by 2 eps magnifies it. With eps = 1e-7 and outputs |z[L]| near 10
that floor reaches ~1e-6; a larger epsilon (1e-5) trades it for truncation error O(eps^2).
"""

from dataclasses import dataclass, field

import numpy as np

from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.validation import check_inputs

COURSE_EPSILON = 1e-7
COURSE_THRESHOLD = 2e-7


@dataclass
class GradCheckResult:
    """difference: the course's measure over every checked entry; per_key: the same measure per tensor."""

    difference: float
    per_key: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)  # key -> flat indices that were checked
    threshold: float = COURSE_THRESHOLD

    @property
    def passed(self):
        return self.difference < self.threshold

    @property
    def worst_key(self):
        return max(self.per_key, key=self.per_key.get)


def relative_difference(grad, gradapprox):
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||); 0 when both are exactly zero."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return 0.0 if denominator == 0 else float(np.linalg.norm(grad - gradapprox) / denominator)


def gradient_check(parameters, X, Y, model, grads, epsilon=COURSE_EPSILON, max_entries_per_tensor=None, seed=0):
    """Compare grads["dW1"], grads["db1"], ... with central differences of the reference cost.

    parameters, X, Y : as for training (any float dtype; the check runs in float64).
    grads : {"dW1": (n[1], n[0]), "db1": (n[1], 1), ...} as NumPy arrays, from any implementation.
    max_entries_per_tensor : check at most this many entries of each tensor, drawn with RandomState(seed).
    """
    Y = check_inputs(parameters, X, model, "gradient_check", Y=Y)
    theta = {k: v.astype(np.float64) for k, v in parameters.items()}
    X64, Y64 = X.astype(np.float64), Y.astype(np.float64)
    rs = np.random.RandomState(seed)

    def J(params):
        AL, cache = L_model_forward(X64, params, model)
        return float(compute_cost(AL, Y64, cache[f"Z{model.L}"]))

    all_grad, all_approx, per_key, checked = [], [], {}, {}
    for key, value in theta.items():
        if "d" + key not in grads:
            raise DLRosettaError(f"gradient_check: grads is missing key {'d' + key!r}; got keys {sorted(grads)}")
        grad = np.asarray(grads["d" + key], dtype=np.float64)
        if grad.shape != value.shape:
            raise DLRosettaError(f"gradient_check: {'d' + key} has shape {grad.shape}; expected {value.shape}")
        indices = np.arange(value.size)
        if max_entries_per_tensor is not None and value.size > max_entries_per_tensor:
            indices = np.sort(rs.choice(value.size, size=max_entries_per_tensor, replace=False))
        approx = np.empty(indices.size)
        for j, flat in enumerate(indices):
            index = np.unravel_index(flat, value.shape)
            original = value[index]
            value[index] = original + epsilon
            J_plus = J(theta)
            value[index] = original - epsilon
            J_minus = J(theta)
            value[index] = original
            approx[j] = (J_plus - J_minus) / (2 * epsilon)
        picked = grad.ravel()[indices]
        per_key["d" + key] = relative_difference(picked, approx)
        checked["d" + key] = indices
        all_grad.append(picked)
        all_approx.append(approx)
    difference = relative_difference(np.concatenate(all_grad), np.concatenate(all_approx))
    return GradCheckResult(difference=difference, per_key=per_key, checked=checked)
