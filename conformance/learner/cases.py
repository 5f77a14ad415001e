"""What a learner's course functions are checked on: the course's names per week, how their outputs are named,
the tolerance kind of each, and the inputs (the course's fixtures, COURSE_FIXTURES.md, and random cases)."""

import numpy as np

from conformance.learner import cases_c2w2
from reference_numpy.course import (
    c2w1_gradient_checking,
    c2w1_initialization,
    c2w1_regularization,
    c2w3_softmax,
    week2,
    week3,
    week4,
    week4_app,
)
from reference_numpy.course import c2w1_test_inputs as c2_inputs
from reference_numpy.course.test_inputs import (
    W2_W,
    W2_X,
    W2_Y,
    generator,
    probabilities,
    w2_model_test,
    w2_predict,
    w2_random,
    w3_backward,
    w3_compute_cost,
    w3_forward,
    w3_layer_sizes,
    w3_nn_model,
    w3_update,
    w4_activation_backward,
    w4_app,
    w4_compute_cost,
    w4_L_backward_fixture,
    w4_L_backward_zeros,
    w4_L_forward,
    w4_linear,
    w4_linear_backward,
    w4_update,
)

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


# ---- inputs: the course's fixtures (COURSE_FIXTURES.md, reference_numpy.course.test_inputs) and random cases ---

# week -> function -> [(case label, () -> args)]: the course's fixture inputs and random cases
CASES = {
    "week2": {
        "sigmoid": [
            ("fixture [0, 2]", lambda: (np.array([0, 2]),)),
            ("random", lambda: (generator(0).randn(3, 4) * 5,)),
        ],
        "initialize_with_zeros": [("fixture dim 2", lambda: (2,)), ("dim 7", lambda: (7,))],
        "propagate": [("fixture v6a", lambda: (W2_W, 2.0, W2_X, W2_Y)), ("random", lambda: w2_random(1))],
        "optimize": [
            ("fixture v6a", lambda: (W2_W, 2.0, W2_X, W2_Y, 100, 0.009)),
            ("random", lambda: (*w2_random(2), 201, 0.05)),
        ],
        "predict": [("fixture v6a", w2_predict), ("random", lambda: w2_random(3)[:3])],
        "model": [("fixture 2021 model_test", w2_model_test)],
    },
    "week3": {
        "layer_sizes": [("fixture", w3_layer_sizes)],
        "initialize_parameters": [("fixture (2, 4, 1)", lambda: (2, 4, 1)), ("(3, 5, 1)", lambda: (3, 5, 1))],
        "forward_propagation": [("fixture", w3_forward), ("random", lambda: w3_forward(5, 7))],
        "compute_cost": [
            ("fixture", w3_compute_cost),
            ("random", lambda: probabilities(6)),
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
            ("fixture", w4_compute_cost),
            ("random", lambda: probabilities(14)),
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


CASES["week4_app"] = {
    "two_layer_model": [("(5, 4, 1), 100 iterations", lambda: w4_app((5, 4, 1)))],
    "L_layer_model": [("(6, 5, 3, 1), 100 iterations", lambda: w4_app((6, 5, 3, 1), seed=22))],
}

# course 2, week 3 (reference_numpy.course.c2w3_softmax: the notes name no functions, these are its own)
REFERENCE["c2w3"] = c2w3_softmax
FUNCTIONS["c2w3"] = ("softmax", "batchnorm_forward", "batchnorm_backward", "compute_total_loss")
OUTPUT_NAMES |= {"batchnorm_forward": ("Z_tilde", "cache"), "batchnorm_backward": ("dZ", "dgamma", "dbeta")}
KINDS |= {"compute_total_loss": "cost", "batchnorm_backward": "backward"}


def _bn_inputs(seed, n=4, m=6):
    rs = generator(seed)
    return rs.randn(n, m) * 2 + 1, rs.randn(n, 1), rs.randn(n, 1)


def _bn_backward(seed):
    Z, gamma, beta = _bn_inputs(seed)
    _, cache = c2w3_softmax.batchnorm_forward(Z, gamma, beta)
    return generator(seed + 1).randn(*Z.shape), cache


def _logits(seed, C=5, m=7):
    rs = generator(seed)
    Z = rs.randn(C, m) * 3
    return Z, np.eye(C)[:, rs.randint(0, C, m)]


CASES["c2w3"] = {
    "softmax": [("random (5, 7)", lambda: (generator(31).randn(5, 7) * 3,)), ("large logits", lambda: (
        generator(32).randn(3, 4) * 300,))],
    "batchnorm_forward": [("random (4, 6)", lambda: _bn_inputs(33)), ("epsilon 1e-3", lambda: (*_bn_inputs(34), 1e-3))],
    "batchnorm_backward": [("random (4, 6)", lambda: _bn_backward(35))],
    "compute_total_loss": [("random (5, 7)", lambda: _logits(36))],
}  # fmt: skip

# functions whose course test seeds the global RNG before calling them (the 2021 week-3 initialize_parameters
# does not seed itself: its test cell calls np.random.seed(2) first)
GLOBAL_SEEDS = {("week3", "initialize_parameters"): 2}
# how many times the per-call time limit a function gets: the training loops do hundreds of steps
WORK = {"optimize": 3, "model": 3, "nn_model": 6, "two_layer_model": 3, "L_layer_model": 3}


# ---- course 2, week 1 (COURSE2_FIXTURES.md sections 1-3) --------------------------------------------------------

REFERENCE.update(
    c2w1_initialization=c2w1_initialization,
    c2w1_regularization=c2w1_regularization,
    c2w1_gradient_checking=c2w1_gradient_checking,
)
FUNCTIONS["c2w1_initialization"] = (
    "initialize_parameters_zeros",
    "initialize_parameters_random",
    "initialize_parameters_he",
    "model",
)
FUNCTIONS["c2w1_regularization"] = (
    "compute_cost_with_regularization",
    "backward_propagation_with_regularization",
    "forward_propagation_with_dropout",
    "backward_propagation_with_dropout",
    "model",
)
FUNCTIONS["c2w1_gradient_checking"] = (
    "forward_propagation",
    "backward_propagation",
    "gradient_check",
    "forward_propagation_n",
    "backward_propagation_n",
    "gradient_check_n",
)
OUTPUT_NAMES.update(forward_propagation_with_dropout=("A3", "cache"), forward_propagation_n=("cost", "cache"))
KINDS.update(
    compute_cost_with_regularization="cost",
    backward_propagation_with_regularization="backward",
    backward_propagation_with_dropout="backward",
    backward_propagation_n="backward",
)
# the course's cache tuples, named (conformance.learner.checking names their parts by these)
CACHE_NAMES = {
    "forward_propagation_with_dropout": tuple("Z1 D1 A1 W1 b1 Z2 D2 A2 W2 b2 Z3 A3 W3 b3".split()),
    "forward_propagation_n": tuple("Z1 A1 W1 b1 Z2 A2 W2 b2 Z3 A3 W3 b3".split()),
}


def _gc_n(with_bugs):
    """(parameters, gradients, X, Y) of the course's test, the gradients correct or with the planted bugs."""
    X, Y, parameters = c2_inputs.gradient_check_n_test_case()
    _, cache = c2w1_gradient_checking.forward_propagation_n(X, Y, parameters)
    gradients = (
        c2w1_gradient_checking.backward_propagation_n_with_bugs
        if with_bugs
        else c2w1_gradient_checking.backward_propagation_n
    )(X, Y, cache)
    return parameters, gradients, X, Y


def _gc_n_cache():
    X, Y, parameters = c2_inputs.gradient_check_n_test_case()
    return X, Y, c2w1_gradient_checking.forward_propagation_n(X, Y, parameters)[1]


def _reg_random(seed, function):
    """Random inputs of the regularization functions' kinds (seeded)."""
    X, Y, parameters, cache = c2_inputs.regularization_random(seed)
    if function == "compute_cost_with_regularization":
        return c2w1_regularization.forward_propagation(X, parameters)[0], Y, parameters, 0.3
    if function == "backward_propagation_with_regularization":
        return X, Y, cache, 0.4
    if function == "forward_propagation_with_dropout":
        return X, parameters, 0.8
    return X, Y, c2w1_regularization.forward_propagation_with_dropout(X, parameters, 0.75)[1], 0.75


def _reg_model(lambd, keep_prob):
    return (*c2_inputs.football_like_problem(), 0.3, 300, False, lambd, keep_prob)


def _init_model(initialization):
    return (*c2_inputs.circles_problem(), 0.01, 200, False, initialization)


def _layers(dims):
    return lambda: (list(dims),)


CASES["c2w1_initialization"] = {
    "initialize_parameters_zeros": [
        ("fixture [3, 2, 1]", _layers((3, 2, 1))),
        ("[2, 10, 5, 1]", _layers((2, 10, 5, 1))),
    ],
    "initialize_parameters_random": [
        ("fixture [3, 2, 1]", _layers((3, 2, 1))),
        ("[2, 10, 5, 1]", _layers((2, 10, 5, 1))),
    ],
    "initialize_parameters_he": [
        ("fixture [2, 4, 1]", _layers((2, 4, 1))),
        ("2021 fixture [3, 1, 2]", _layers((3, 1, 2))),
        ("[2, 10, 5, 1]", _layers((2, 10, 5, 1))),
    ],
    "model": [
        (f"circles, {init}, 200 iterations", lambda init=init: _init_model(init)) for init in ("he", "zeros", "random")
    ],
}
_REG = (
    "compute_cost_with_regularization",
    "backward_propagation_with_regularization",
    "forward_propagation_with_dropout",
    "backward_propagation_with_dropout",
)
_REG_FIXTURES = {
    "compute_cost_with_regularization": lambda: (*c2_inputs.compute_cost_with_regularization_test_case(), 0.1),
    "backward_propagation_with_regularization": lambda: (
        *c2_inputs.backward_propagation_with_regularization_test_case(),
        0.7,
    ),
    "forward_propagation_with_dropout": lambda: (*c2_inputs.forward_propagation_with_dropout_test_case(), 0.7),
    "backward_propagation_with_dropout": lambda: (*c2_inputs.backward_propagation_with_dropout_test_case(), 0.8),
}
CASES["c2w1_regularization"] = {
    **{
        f: [("fixture", _REG_FIXTURES[f]), ("random", lambda f=f, s=s: _reg_random(31 + s, f))]
        for s, f in enumerate(_REG)
    },
    "model": [
        ("generated data, no regularization, 300 iterations", lambda: _reg_model(0, 1)),
        ("generated data, lambd 0.7, 300 iterations", lambda: _reg_model(0.7, 1)),
        ("generated data, keep_prob 0.86, 300 iterations", lambda: _reg_model(0, 0.86)),
    ],
}
CASES["c2w1_gradient_checking"] = {
    "forward_propagation": [("fixture (2, 4)", lambda: (2, 4)), ("(-1.5, 3.25)", lambda: (-1.5, 3.25))],
    "backward_propagation": [("fixture (3, 4)", lambda: (3, 4)), ("(-1.5, 3.25)", lambda: (-1.5, 3.25))],
    "gradient_check": [("fixture (2, 4)", lambda: (2, 4)), ("2021 fixture (3, 4)", lambda: (3, 4))],
    "forward_propagation_n": [("fixture", c2_inputs.gradient_check_n_test_case)],
    "backward_propagation_n": [("fixture", _gc_n_cache)],
    "gradient_check_n": [
        ("fixture, the correct gradients", lambda: _gc_n(False)),
        ("fixture, the planted bugs' gradients", lambda: _gc_n(True)),
    ],
}
WORK.update(gradient_check_n=3)
# course 2, week 2 (Optimization Methods): its tables live in cases_c2w2
REFERENCE[cases_c2w2.WEEK] = cases_c2w2.REFERENCE
FUNCTIONS[cases_c2w2.WEEK] = cases_c2w2.FUNCTIONS
OUTPUT_NAMES.update(cases_c2w2.OUTPUT_NAMES)
CASES[cases_c2w2.WEEK] = cases_c2w2.CASES
WORK.update(cases_c2w2.WORK)
# functions whose course version rebinds the entries of its input dicts: no in-place note for them
REBINDS_INPUTS = ("update_parameters", *cases_c2w2.REBINDS_INPUTS)
