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
from reference_numpy.masks import check_step
from reference_numpy.regularization import add_l2_cost
from reference_numpy.validation import check_inputs

COURSE_EPSILON = 1e-7
COURSE_THRESHOLD = 2e-7
# A single tensor's difference is rounding-dominated up to ~1e-5 (few entries, small gradients, saturated outputs:
# 1.2e-5 measured for db3 of the course's [4, 5, 3, 1] model through dropout masks, eps 1e-7), while a wrong
# factor or term gives 1e-2 to 1 (the course's planted dW2 x2: 0.33, db1 x4: 0.6). Between the two, with margin.
SUSPECT_THRESHOLD = 1e-4


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

    @property
    def suspects(self):
        """The gradients whose own difference is above SUSPECT_THRESHOLD, in parameter order: where the bugs are."""
        return [key for key, difference in self.per_key.items() if difference >= SUSPECT_THRESHOLD]

    def report(self):
        """One line per gradient: its difference and a verdict, then the overall one (the course's message)."""
        verdicts = {key: "MISTAKE" if d >= SUSPECT_THRESHOLD else "ok" for key, d in self.per_key.items()}
        lines = [f"{key:>5}: {d:.3e}  {verdicts[key]}" for key, d in self.per_key.items()]
        verdict = "works perfectly fine" if self.passed else "has a mistake"
        return "\n".join([*lines, f"backward propagation {verdict}: difference = {self.difference!r}"])


def relative_difference(grad, gradapprox):
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||); 0 when both are exactly zero."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    if denominator == 0:
        return 0.0
    # (19) difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||)
    difference = np.linalg.norm(grad - gradapprox) / denominator
    return float(difference)


def central_difference(J_plus, J_minus, epsilon):
    """The course's two-sided estimate of dJ/dtheta_i from J at theta_i + epsilon and theta_i - epsilon."""
    # (18) gradapprox_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    return gradapprox


# ---- the course's vector round trip, for any layer sizes --------------------------------------------------------


def dictionary_to_vector(parameters):
    """{"W1", "b1", ..., "WL", "bL"} -> (theta : (n_parameters, 1), keys): each tensor row-major in the order W1,
    b1, W2, ..., bL (the course's gc_utils order), keys naming the tensor of each entry."""
    L = len(parameters) // 2
    names = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    missing = [name for name in names if name not in parameters]
    if missing or len(parameters) != 2 * L:
        raise DLRosettaError(f"dictionary_to_vector: expected the keys {names}; got {sorted(parameters)}")
    theta = np.concatenate([np.reshape(parameters[name], (-1, 1)) for name in names], axis=0)
    keys = [name for name in names for _ in range(np.size(parameters[name]))]
    return theta, keys


def vector_to_dictionary(theta, model):
    """theta : (n_parameters, 1) -> {"W1": (n[1], n[0]), "b1": (n[1], 1), ...} for the model (views into theta)."""
    shapes = model.parameter_shapes()
    size = sum(int(np.prod(shape)) for shape in shapes.values())
    if np.shape(theta) != (size, 1):
        raise DLRosettaError(f"vector_to_dictionary: theta has shape {np.shape(theta)}; expected ({size}, 1)")
    parameters, start = {}, 0
    for name, shape in shapes.items():
        stop = start + int(np.prod(shape))
        parameters[name] = theta[start:stop].reshape(shape)
        start = stop
    return parameters


def gradients_to_vector(gradients, model):
    """{"dW1", "db1", ...} -> (n_parameters, 1) in dictionary_to_vector's order (other keys, dZ and dA, ignored)."""
    shapes = model.parameter_shapes()
    for name, shape in shapes.items():
        if "d" + name not in gradients:
            raise DLRosettaError(f"gradients_to_vector: no {'d' + name!r}; got {sorted(gradients)}")
        if np.shape(gradients["d" + name]) != shape:
            raise DLRosettaError(
                f"gradients_to_vector: {'d' + name} has shape {np.shape(gradients['d' + name])}; expected {shape}"
            )
    return np.concatenate([np.reshape(gradients["d" + name], (-1, 1)) for name in shapes], axis=0)


def gradient_check_vector(parameters, gradients, X, Y, model, epsilon=COURSE_EPSILON, lambd=0.0, masks=None,
                          keep_prob=1.0):  # fmt: skip
    """The course's gradient_check_n for any layer sizes: theta = dictionary_to_vector(parameters), each entry
    moved by +-epsilon, J (the reference's float64 cost, with the L2 term and the fixed dropout masks where given)
    at vector_to_dictionary(theta +- epsilon e_i), and the course's difference over the whole vectors; per_key
    gives the same measure for each tensor's slice, so the report names the gradients that are wrong."""
    Y = check_inputs(parameters, X, model, "gradient_check_vector", Y=Y)
    masks = check_step(model, X.shape[1], np.float64, "gradient_check_vector", lambd, masks, keep_prob)
    theta, keys = dictionary_to_vector({k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()})
    grad = gradients_to_vector(gradients, model).astype(np.float64)
    X64, Y64 = X.astype(np.float64), Y.astype(np.float64)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        theta_plus = np.copy(theta)
        theta_plus[i, 0] += epsilon
        J_plus = _cost(vector_to_dictionary(theta_plus, model), X64, Y64, model, lambd, masks, keep_prob)
        theta_minus = np.copy(theta)
        theta_minus[i, 0] -= epsilon
        J_minus = _cost(vector_to_dictionary(theta_minus, model), X64, Y64, model, lambd, masks, keep_prob)
        gradapprox[i, 0] = central_difference(J_plus, J_minus, epsilon)
    names = np.array(keys)
    per_key = {"d" + name: relative_difference(grad[names == name], gradapprox[names == name])
               for name in model.parameter_shapes()}  # fmt: skip
    checked = {"d" + name: np.arange(np.count_nonzero(names == name)) for name in model.parameter_shapes()}
    return GradCheckResult(relative_difference(grad, gradapprox), per_key, checked)


def _cost(parameters, X, Y, model, lambd, masks, keep_prob):
    AL, cache = L_model_forward(X, parameters, model, masks=masks, keep_prob=keep_prob)
    return float(add_l2_cost(compute_cost(AL, Y, cache[f"Z{model.L}"]), parameters, lambd, Y.shape[1]))


def gradient_check(parameters, X, Y, model, grads, epsilon=COURSE_EPSILON, max_entries_per_tensor=None, seed=0,
                   lambd=0.0, masks=None, keep_prob=1.0):  # fmt: skip
    """Compare grads["dW1"], grads["db1"], ... with central differences of the reference cost.

    parameters, X, Y : as for training (any float dtype; the check runs in float64).
    grads : {"dW1": (n[1], n[0]), "db1": (n[1], 1), ...} as NumPy arrays, from any implementation.
    max_entries_per_tensor : check at most this many entries of each tensor, drawn with RandomState(seed).
    lambd, masks, keep_prob : J with the L2 term and through these fixed dropout masks (regularization).
    """
    Y = check_inputs(parameters, X, model, "gradient_check", Y=Y)
    masks = check_step(model, X.shape[1], np.float64, "gradient_check", lambd, masks, keep_prob)
    theta = {k: v.astype(np.float64) for k, v in parameters.items()}
    X64, Y64 = X.astype(np.float64), Y.astype(np.float64)
    rs = np.random.RandomState(seed)

    def J(params):
        return _cost(params, X64, Y64, model, lambd, masks, keep_prob)

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
            approx[j] = central_difference(J_plus, J_minus, epsilon)
        picked = grad.ravel()[indices]
        per_key["d" + key] = relative_difference(picked, approx)
        checked["d" + key] = indices
        all_grad.append(picked)
        all_approx.append(approx)
    difference = relative_difference(np.concatenate(all_grad), np.concatenate(all_approx))
    return GradCheckResult(difference=difference, per_key=per_key, checked=checked)
