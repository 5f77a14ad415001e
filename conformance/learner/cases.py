"""What a learner's course functions are checked on: the course's names per week, how their outputs are named,
the tolerance kind of each, and the inputs (the course's fixtures, COURSE_FIXTURES.md, and random cases)."""

import numpy as np

from reference_numpy.course import week2, week3, week4, week4_app

REFERENCE = {"week2": week2, "week3": week3, "week4": week4, "week4_app": week4_app}
FUNCTIONS = {
    "week2": ("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"),
    "week3": ("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation",
              "update_parameters", "nn_model", "predict"),
    "week4": ("initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
              "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward",
              "update_parameters"),
    "week4_app": ("two_layer_model", "L_layer_model"),  # "Deep Neural Network - Application"
}  # fmt: skip
# names that only one week uses, to tell which assignment a module follows
DISTINCTIVE = {
    week: set(names) - set().union(*(FUNCTIONS[w] for w in FUNCTIONS if w != week)) for week, names in FUNCTIONS.items()
}
# names for the parts of a returned tuple
OUTPUT_NAMES = {
    "initialize_with_zeros": ("w", "b"),
    "propagate": ("grads", "cost"),
    "optimize": ("params", "grads", "costs"),
    "layer_sizes": ("n_x", "n_h", "n_y"),
    "forward_propagation": ("A2", "cache"),
    "linear_forward": ("Z", "cache"),
    "linear_activation_forward": ("A", "cache"),
    "L_model_forward": ("AL", "caches"),
    "linear_backward": ("dA_prev", "dW", "db"),
    "linear_activation_backward": ("dA_prev", "dW", "db"),
    "two_layer_model": ("parameters", "costs"),  # the 2021 form; v8 returns the parameters alone
    "L_layer_model": ("parameters", "costs"),
}
# what kind of quantity each function returns, for its tolerance (conformance/tolerances.py, float64)
KINDS = {"compute_cost": "cost", "propagate": "backward", "backward_propagation": "backward",
         "linear_backward": "backward", "linear_activation_backward": "backward", "L_model_backward": "backward",
         "optimize": "trajectory", "model": "trajectory", "nn_model": "trajectory", "two_layer_model": "trajectory",
         "L_layer_model": "trajectory"}  # fmt: skip


# ---- inputs: the course's fixtures (COURSE_FIXTURES.md) and random cases ---------------------------------


def _rs(seed):
    return np.random.RandomState(seed)


def _deep_params(rs, dims):
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rs.randn(dims[l], dims[l - 1])
        p[f"b{l}"] = rs.randn(dims[l], 1)
    return p


def _w3_params():
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
_W2_W, _W2_X, _W2_Y = np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])


def w2_random(seed, n=4, m=9):
    rs = _rs(seed)
    return rs.randn(n, 1) * 0.1, 0.3, rs.randn(n, m), (rs.rand(1, m) > 0.5).astype(float)


def w2_model_test():
    rs = _rs(0)
    X, x_test = rs.randn(4, 7), rs.randn(4, 3)
    return X, np.array([[1, 0, 0, 1, 0, 0, 1]]), x_test, np.array([[0, 1, 0]]), 50, 0.01


# Week 3 (section 3) --------------------------------------------------------------------------------------
def w3_layer_sizes():
    rs = _rs(1)
    return rs.randn(5, 3), rs.randn(2, 3)


def w3_forward(seed=1, m=3):
    """seed 1: X = randn(2, 3), then b1 = randn(4, 1); b2 = -1.3; the seed-2 weights."""
    rs = _rs(seed)
    X = rs.randn(2, m)
    p = _w3_params()
    p["b1"], p["b2"] = rs.randn(4, 1), np.array([[-1.3]])
    return X, p


def w3_backward():
    rs = _rs(1)
    X, Y = rs.randn(2, 3), rs.randn(1, 3) > 0
    p = _w3_params()
    _, cache = week3.forward_propagation(X, p)
    return p, cache, X, Y


def w3_update():
    rs = _rs(4)
    p = {"W1": rs.randn(4, 2) * 0.01, "b1": rs.randn(4, 1) * 1e-5, "W2": rs.randn(1, 4) * 0.01, "b2": rs.randn(1, 1)}
    g = {
        "dW1": rs.randn(4, 2) * 1e-3,
        "db1": rs.randn(4, 1) * 1e-6,
        "dW2": rs.randn(1, 4) * 1e-3,
        "db2": rs.randn(1, 1),
    }
    return p, g


def w3_nn_model():
    rs = _rs(1)
    return rs.randn(2, 3), rs.randn(1, 3) > 0, 4, 1000


# Week 4 (section 4) --------------------------------------------------------------------------------------
def w4_linear(seed, n=1, n_prev=3, m=2):
    """seed s: A = randn(n_prev, m), W = randn(n, n_prev), b = randn(n, 1)."""
    rs = _rs(seed)
    return rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1)


def w4_L_forward(seed, dims, m):
    rs = _rs(seed)
    return rs.randn(dims[0], m), _deep_params(rs, dims)


def w4_linear_backward(seed, n=3, n_prev=5, m=4):
    """seed s: dZ = randn(n, m), then the cache A = randn(n_prev, m), W = randn(n, n_prev), b = randn(n, 1)."""
    rs = _rs(seed)
    return rs.randn(n, m), (rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1))


def w4_activation_backward(activation, seed=2, zeros_in_Z=False):
    """seed 2: dA = randn(1, 2), A = randn(3, 2), W = randn(1, 3), b = randn(1, 1), Z = randn(1, 2)."""
    rs = _rs(seed)
    if zeros_in_Z:
        return rs.randn(3, 4), _layer_cache(rs, 3, 5, 4, zeros_in_Z=True), activation
    dA = rs.randn(1, 2)
    return dA, ((rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1)), rs.randn(1, 2)), activation


def w4_L_backward_fixture():
    rs = _rs(3)
    AL, Y = rs.randn(1, 2), np.array([[1, 0]])
    c1 = ((rs.randn(4, 2), rs.randn(3, 4), rs.randn(3, 1)), rs.randn(3, 2))
    c2 = ((rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1)), rs.randn(1, 2))
    return AL, Y, [c1, c2]


def w4_L_backward_zeros(seed=18):
    """Three layers with exact zeros in the relu layers' Z, AL = sigmoid(Z3)."""
    rs = _rs(seed)
    dims, m = (5, 4, 3, 1), 6
    caches = [_layer_cache(rs, dims[l], dims[l - 1], m, zeros_in_Z=l < 3) for l in range(1, 4)]
    AL = 1 / (1 + np.exp(-caches[-1][1]))
    return AL, (rs.rand(1, m) > 0.5).astype(float), caches


def w4_update():
    rs = _rs(2)
    p = {"W1": rs.randn(3, 4), "b1": rs.randn(3, 1), "W2": rs.randn(1, 3), "b2": rs.randn(1, 1)}
    rs = _rs(3)
    g = {"dW1": rs.randn(3, 4), "db1": rs.randn(3, 1), "dW2": rs.randn(1, 3), "db2": rs.randn(1, 1)}
    return p, g, 0.1


def _probabilities(seed, m=9):
    return _rs(seed).rand(1, m) * 0.98 + 0.01, (_rs(seed + 1).rand(1, m) > 0.5).astype(float)


# week -> function -> [(case label, () -> args)]: the course's fixture inputs and random cases
CASES = {
    "week2": {
        "sigmoid": [("fixture [0, 2]", lambda: (np.array([0, 2]),)), ("random", lambda: (_rs(0).randn(3, 4) * 5,))],
        "initialize_with_zeros": [("fixture dim 2", lambda: (2,)), ("dim 7", lambda: (7,))],
        "propagate": [("fixture v6a", lambda: (_W2_W, 2.0, _W2_X, _W2_Y)), ("random", lambda: w2_random(1))],
        "optimize": [
            ("fixture v6a", lambda: (_W2_W, 2.0, _W2_X, _W2_Y, 100, 0.009)),
            ("random", lambda: (*w2_random(2), 201, 0.05)),
        ],
        "predict": [
            (
                "fixture v6a",
                lambda: (np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
            ),
            ("random", lambda: w2_random(3)[:3]),
        ],  # fmt: skip
        "model": [("fixture 2021 model_test", w2_model_test)],
    },
    "week3": {
        "layer_sizes": [("fixture", w3_layer_sizes)],
        "initialize_parameters": [("fixture (2, 4, 1)", lambda: (2, 4, 1)), ("(3, 5, 1)", lambda: (3, 5, 1))],
        "forward_propagation": [("fixture", w3_forward), ("random", lambda: w3_forward(5, 7))],
        "compute_cost": [
            ("fixture", lambda: (np.array([[0.5002307, 0.49985831, 0.50023963]]), np.array([[True, False, False]]))),
            ("random", lambda: _probabilities(6)),
        ],
        "backward_propagation": [("fixture", w3_backward)],
        "update_parameters": [("random", w3_update)],
        "nn_model": [("fixture (1000 iterations)", w3_nn_model)],
        "predict": [("fixture", lambda: w3_forward()[::-1])],
    },
    "week4": {
        "initialize_parameters": [("fixture (3, 2, 1)", lambda: (3, 2, 1)), ("fixture (4, 3, 2)", lambda: (4, 3, 2))],
        "initialize_parameters_deep": [
            ("fixture [5, 4, 3]", lambda: ([5, 4, 3],)),
            ("[4, 3, 2]", lambda: ([4, 3, 2],)),
        ],
        "linear_forward": [("fixture", lambda: w4_linear(1)), ("random", lambda: w4_linear(11, 3, 5, 4))],
        "linear_activation_forward": [
            ("fixture sigmoid", lambda: (*w4_linear(2), "sigmoid")),
            ("fixture relu", lambda: (*w4_linear(2), "relu")),
            ("random relu", lambda: (*w4_linear(12, 3, 5, 4), "relu")),
        ],
        "L_model_forward": [
            ("fixture 2 hidden", lambda: w4_L_forward(6, (5, 4, 3, 1), 4)),
            ("random 3 hidden", lambda: w4_L_forward(13, (6, 5, 4, 3, 1), 5)),
        ],
        "compute_cost": [
            ("fixture", lambda: (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))),
            ("random", lambda: _probabilities(14)),
        ],
        "linear_backward": [
            ("fixture", lambda: w4_linear_backward(1)),
            ("random", lambda: w4_linear_backward(16, 4, 6, 7)),
        ],
        "linear_activation_backward": [
            ("fixture sigmoid", lambda: w4_activation_backward("sigmoid")),
            ("fixture relu", lambda: w4_activation_backward("relu")),
            ("relu with Z = 0", lambda: w4_activation_backward("relu", seed=17, zeros_in_Z=True)),
        ],
        "L_model_backward": [("fixture", w4_L_backward_fixture), ("random with Z = 0", w4_L_backward_zeros)],
        "update_parameters": [("fixture", w4_update)],
    },
}


def w4_app(dims, seed=21, m=12, iterations=100):
    """The Application's models on a small problem: X = randn(n_x, m), Y from a random split; lr 0.0075."""
    rs = _rs(seed)
    X = rs.randn(dims[0], m)
    return X, (rs.rand(1, m) > 0.5).astype(float), dims, 0.0075, iterations


CASES["week4_app"] = {
    "two_layer_model": [("(5, 4, 1), 100 iterations", lambda: w4_app((5, 4, 1)))],
    "L_layer_model": [("(6, 5, 3, 1), 100 iterations", lambda: w4_app((6, 5, 3, 1), seed=22))],
}

# functions whose course test seeds the global RNG before calling them (the 2021 week-3 initialize_parameters
# does not seed itself: its test cell calls np.random.seed(2) first)
GLOBAL_SEEDS = {("week3", "initialize_parameters"): 2}
# how many times the per-call time limit a function gets: the training loops do hundreds of steps
WORK = {"optimize": 3, "model": 3, "nn_model": 6, "two_layer_model": 3, "L_layer_model": 3}
