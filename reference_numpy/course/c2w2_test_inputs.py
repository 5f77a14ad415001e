"""The inputs course 2's optimization tests call its functions with (COURSE2_FIXTURES.md 4.3-4.4), drawn as the
course's test cases draw them (np.random.seed(1), then randn in the test case's order), from RandomState(1).

conformance.learner checks a learner's functions on them; tests/reference/course2 checks the reference's module
against the course's published values on them.
"""

import numpy as np

from reference_numpy.course.c2w2_data import moons_dataset

# Adam's hyper-parameters per revision of the test: (t, learning_rate, beta1, beta2, epsilon)
ADAM_REVISIONS = {
    "v1b": (2, 0.01, 0.9, 0.999, 1e-8),
    "R2": (2, 0.02, 0.8, 0.888, 1e-2),
    "R3": (2, 0.02, 0.8, 0.888, 1e-2),
}
# the shape of W2 in each revision's test case: the 2020 testCases and R2 draw (3, 3), the latest revision (3, 2)
W2_COLUMNS = {"2020": 3, "v1b": 3, "R2": 3, "latest": 2, "R3": 2}


def params_and_grads(w2_columns=3, seed=1):
    """(parameters, grads): W1 (2, 3), b1 (2, 1), W2 (3, c), b2 (3, 1), then dW1, db1, dW2, db2 of the same shapes,
    drawn in that order (update_parameters_with_gd_test_case and the momentum and Adam cases)."""
    rs = np.random.RandomState(seed)
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, w2_columns), "b2": (3, 1)}
    parameters = {key: rs.randn(*shape) for key, shape in shapes.items()}
    grads = {"d" + key: rs.randn(*shape) for key, shape in shapes.items()}
    return parameters, grads


def zeros_like(parameters):
    return {"d" + key: np.zeros(value.shape) for key, value in parameters.items()}


def gd_case(revision="latest"):
    """update_parameters_with_gd's arguments: (parameters, grads, 0.01)."""
    parameters, grads = params_and_grads(W2_COLUMNS[revision])
    return parameters, grads, 0.01


def momentum_case(revision="latest"):
    """update_parameters_with_momentum's arguments: (parameters, grads, v = zeros, beta 0.9, learning_rate 0.01)."""
    parameters, grads = params_and_grads(W2_COLUMNS[revision])
    return parameters, grads, zeros_like(parameters), 0.9, 0.01


def adam_case(revision="R3"):
    """update_parameters_with_adam's arguments (parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    for a revision of the test: "v1b" (2020), "R2" (2021) or "R3" (the latest), v = s = zeros."""
    parameters, grads = params_and_grads(W2_COLUMNS[revision])
    return (parameters, grads, zeros_like(parameters), zeros_like(parameters), *ADAM_REVISIONS[revision])


def initialize_velocity_case():
    """The latest initialize_velocity test's parameters: W1 (3, 2), b1 (3, 1), W2 (3, 3), b2 (3, 1)."""
    rs = np.random.RandomState(1)
    return {key: rs.randn(*shape) for key, shape in {"W1": (3, 2), "b1": (3, 1), "W2": (3, 3), "b2": (3, 1)}.items()}


def mini_batch_sanity_case():
    """(X : (12288, 148), Y : (1, 148) bool, 64): random_mini_batches_test_case."""
    rs = np.random.RandomState(1)
    X = rs.randn(12288, 148)
    return X, rs.randn(1, 148) < 0.5, 64


def mini_batch_public_case():
    """(X : (5, 7), Y : (1, 7) bool, 2): the latest public random_mini_batches_test."""
    rs = np.random.RandomState(1)
    X = rs.randn(5, 7)
    return X, rs.randn(1, 7) < 0.5, 2


def mini_batch_integer_case():
    """(X : (12288, 148) int64, arange(nx m) reshaped (m, nx) and transposed, Y : (1, 148) bool, 64)."""
    rs = np.random.RandomState(1)
    nx, m = 12288, 148
    X = np.arange(nx * m).reshape((m, nx)).T
    return X, rs.randn(1, m) < 0.5, 64


def moons_subset(m, seed):
    """(X : (2, m), Y : (1, m) int64): m of the course's moons, chosen by RandomState(seed), for short model cases."""
    X, Y = moons_dataset()
    columns = np.random.RandomState(seed).permutation(X.shape[1])[:m]
    return X[:, columns], Y[:, columns]
