"""The inputs the course's tests call its functions with (COURSE_FIXTURES.md), written once, and random cases of the
same shapes: every seeded input is drawn as the course draws it (`rs = np.random.RandomState(seed)`, then
`rs.randn(...)` in the order the course's test cell does), never from the global RNG.

conformance.learner checks a learner's functions on them; tests/reference/test_course_fixtures.py checks the
reference's course modules against the course's published values on them.
"""

import numpy as np

from reference_numpy.course import week3


def generator(seed):
    """The course's generator: np.random.RandomState(seed), never the global RNG."""
    return np.random.RandomState(seed)


def _deep_params(rs, dims):
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rs.randn(dims[l], dims[l - 1])
        p[f"b{l}"] = rs.randn(dims[l], 1)
    return p


def w3_params():
    """The week-3 fixtures' hard-coded seed-2 weights (8 decimals), zero biases."""
    return {
        "W1": np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747],
                        [0.00502881, -0.01245288]]),
        "b1": np.zeros((4, 1)),
        "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
        "b2": np.zeros((1, 1)),
    }  # fmt: skip


def _layer_cache(rs, n, n_prev, m, zeros_in_Z=False):
    """((A_prev, W, b), Z) with random entries; zeros_in_Z puts exact zeros in every other column of Z."""
    A, W, b = rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1)
    Z = rs.randn(n, m)
    if zeros_in_Z:
        Z[:, ::2] = 0.0  # relu'(0) is visible only where Z is exactly 0
    return (A, W, b), Z


# Week 2 (COURSE_FIXTURES.md section 2) -------------------------------------------------------------------
W2_W, W2_X, W2_Y = np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])


def w2_predict():
    """v6a's predict test: (w, b, X)."""
    return np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])


def w2_random(seed, n=4, m=9):
    rs = generator(seed)
    return rs.randn(n, 1) * 0.1, 0.3, rs.randn(n, m), (rs.rand(1, m) > 0.5).astype(float)


def w2_model_test():
    rs = generator(0)
    X, x_test = rs.randn(4, 7), rs.randn(4, 3)
    return X, np.array([[1, 0, 0, 1, 0, 0, 1]]), x_test, np.array([[0, 1, 0]]), 50, 0.01


# Week 3 (section 3) --------------------------------------------------------------------------------------
def w3_layer_sizes():
    rs = generator(1)
    return rs.randn(5, 3), rs.randn(2, 3)


def w3_forward(seed=1, m=3):
    """seed 1: X = randn(2, 3), then b1 = randn(4, 1); b2 = -1.3; the seed-2 weights."""
    rs = generator(seed)
    X = rs.randn(2, m)
    p = w3_params()
    p["b1"], p["b2"] = rs.randn(4, 1), np.array([[-1.3]])
    return X, p


def w3_compute_cost():
    """(A2, Y): the fixture's A2, and Y = randn(1, 3) > 0 at seed 1."""
    return np.array([[0.5002307, 0.49985831, 0.50023963]]), generator(1).randn(1, 3) > 0


def w3_backward():
    rs = generator(1)
    X, Y = rs.randn(2, 3), rs.randn(1, 3) > 0
    p = w3_params()
    _, cache = week3.forward_propagation(X, p)
    return p, cache, X, Y


def w3_update():
    rs = generator(4)
    p = {"W1": rs.randn(4, 2) * 0.01, "b1": rs.randn(4, 1) * 1e-5, "W2": rs.randn(1, 4) * 0.01, "b2": rs.randn(1, 1)}
    g = {
        "dW1": rs.randn(4, 2) * 1e-3,
        "db1": rs.randn(4, 1) * 1e-6,
        "dW2": rs.randn(1, 4) * 1e-3,
        "db2": rs.randn(1, 1),
    }
    return p, g


def w3_nn_model():
    rs = generator(1)
    return rs.randn(2, 3), rs.randn(1, 3) > 0, 4, 1000


# Week 4 (section 4) --------------------------------------------------------------------------------------
def w4_linear(seed, n=1, n_prev=3, m=2):
    """seed s: A = randn(n_prev, m), W = randn(n, n_prev), b = randn(n, 1)."""
    rs = generator(seed)
    return rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1)


def w4_L_forward(seed, dims, m):
    rs = generator(seed)
    return rs.randn(dims[0], m), _deep_params(rs, dims)


def w4_compute_cost():
    """(AL, Y) of the step-by-step compute_cost test."""
    return np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])


def w4_linear_backward(seed, n=3, n_prev=5, m=4):
    """seed s: dZ = randn(n, m), then the cache A = randn(n_prev, m), W = randn(n, n_prev), b = randn(n, 1)."""
    rs = generator(seed)
    return rs.randn(n, m), (rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1))


def w4_activation_backward(activation, seed=2, zeros_in_Z=False):
    """seed 2: dA = randn(1, 2), A = randn(3, 2), W = randn(1, 3), b = randn(1, 1), Z = randn(1, 2)."""
    rs = generator(seed)
    if zeros_in_Z:
        return rs.randn(3, 4), _layer_cache(rs, 3, 5, 4, zeros_in_Z=True), activation
    dA = rs.randn(1, 2)
    return dA, ((rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1)), rs.randn(1, 2)), activation


def w4_L_backward_fixture():
    rs = generator(3)
    AL, Y = rs.randn(1, 2), np.array([[1, 0]])
    c1 = ((rs.randn(4, 2), rs.randn(3, 4), rs.randn(3, 1)), rs.randn(3, 2))
    c2 = ((rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1)), rs.randn(1, 2))
    return AL, Y, [c1, c2]


def w4_L_backward_zeros(seed=18):
    """Three layers with exact zeros in the relu layers' Z, AL = sigmoid(Z3)."""
    rs = generator(seed)
    dims, m = (5, 4, 3, 1), 6
    caches = [_layer_cache(rs, dims[l], dims[l - 1], m, zeros_in_Z=l < 3) for l in range(1, 4)]
    AL = 1 / (1 + np.exp(-caches[-1][1]))
    return AL, (rs.rand(1, m) > 0.5).astype(float), caches


def w4_update():
    rs = generator(2)
    p = {"W1": rs.randn(3, 4), "b1": rs.randn(3, 1), "W2": rs.randn(1, 3), "b2": rs.randn(1, 1)}
    rs = generator(3)
    g = {"dW1": rs.randn(3, 4), "db1": rs.randn(3, 1), "dW2": rs.randn(1, 3), "db2": rs.randn(1, 1)}
    return p, g, 0.1


def probabilities(seed, m=9):
    return generator(seed).rand(1, m) * 0.98 + 0.01, (generator(seed + 1).rand(1, m) > 0.5).astype(float)


def w4_app(dims, seed=21, m=12, iterations=100):
    """The Application's models on a small problem: X = randn(n_x, m), Y from a random split; lr 0.0075."""
    rs = generator(seed)
    X = rs.randn(dims[0], m)
    return X, (rs.rand(1, m) > 0.5).astype(float), dims, 0.0075, iterations
