"""Course 2, week 1, "Initialization": the course's functions (and init_utils' helpers) over the core.

X : (2, m) float64, Y : (1, m) int64 (the circles); the network [2, 10, 5, 1], LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID. COURSE2_FIXTURES.md sections 0.4 and 1.
- load_dataset: the course's two make_circles sets (seeds 1 and 2), generated here without scikit-learn.
- initialize_parameters_zeros / _random (randn x 10) / _he (randn * sqrt(2 / n[l-1])): seed 3 once, W1 first,
  biases zeros and undrawn (the core's initializers, through an explicit RandomState).
- model: full-batch gradient descent; prints "Cost after iteration {}: {}" (the full repr) every 1000 iterations
  with print_cost, the cost taken before that iteration's update; returns the parameters. The course also plots.
- predict: prints "Accuracy: " + str(mean) and returns p : (1, m) int64.
Arithmetic: COURSE2_INITIALIZATION (reference_numpy.arithmetic), init_utils' own: sigmoid 1/(1+e^-z),
J = 1./m * nansum(...), dz3 = 1./m * (a3 - Y) with dW = dz a^T, db = sum(dz), the relu mask on the activation.
The random x10 start saturates the sigmoid: its first cost is inf, as the course's (warnings silenced).
"""

import numpy as np

from reference_numpy.arithmetic import COURSE2_INITIALIZATION as ARITHMETIC
from reference_numpy.arithmetic import course_sigmoid
from reference_numpy.contract import check_schedule
from reference_numpy.course import _course2
from reference_numpy.errors import DLRosettaError
from reference_numpy.initializers import he, scaled_normal, zeros

INITIALIZATIONS = ("zeros", "random", "he")
SEED = 3  # every initializer of the assignment seeds 3 once
# the core's schemes: zeros, randn * 10 (the course's "random"), He randn * sqrt(2 / n[l-1])
SCHEMES = {"zeros": zeros, "random": lambda rs, n, n_prev: scaled_normal(rs, n, n_prev, scale=10), "he": he}


def load_dataset():
    """(train_X : (2, 300), train_Y : (1, 300), test_X : (2, 100), test_Y : (1, 100)): float64 points, int64
    labels, make_circles(n, noise=.05) after np.random.seed(1) (train) and seed(2) (test), as the course."""
    train_X, train_Y = _course2.make_circles(np.random.RandomState(1), 300, 0.05)
    test_X, test_Y = _course2.make_circles(np.random.RandomState(2), 100, 0.05)
    return train_X.T, train_Y.reshape((1, -1)), test_X.T, test_Y.reshape((1, -1))


def _initialize(layers_dims, scheme, where):
    dims = list(layers_dims)
    if len(dims) < 2 or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in dims):
        raise DLRosettaError(f"{where}: layers_dims must be at least two positive integers; got {layers_dims!r}")
    rs = np.random.RandomState(SEED)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = SCHEMES[scheme](rs, dims[l], dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def initialize_parameters_zeros(layers_dims):
    """W[l] = zeros((n[l], n[l-1])), b[l] = zeros((n[l], 1)); no draws."""
    return _initialize(layers_dims, "zeros", "initialize_parameters_zeros")


def initialize_parameters_random(layers_dims):
    """W[l] = randn(n[l], n[l-1]) * 10 after seed 3, b[l] zeros."""
    return _initialize(layers_dims, "random", "initialize_parameters_random")


def initialize_parameters_he(layers_dims):
    """W[l] = randn(n[l], n[l-1]) * sqrt(2 / n[l-1]) after seed 3, b[l] zeros."""
    return _initialize(layers_dims, "he", "initialize_parameters_he")


# ---- init_utils' helpers ----------------------------------------------------------------------------------------


def sigmoid(x):
    return course_sigmoid(np.asarray(x))


def relu(x):
    return np.maximum(0, x)


def forward_propagation(X, parameters):
    """(a3 : (1, m), cache (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3))."""
    return _course2.forward(X, parameters, ARITHMETIC)


def backward_propagation(X, Y, cache):
    """init_utils' gradients {"dz3", "dW3", "db3", "da2", "dz2", "dW2", "db2", "da1", "dz1", "dW1", "db1"}."""
    return _course2.backward(X, Y, cache, ARITHMETIC, lower_case=True)


def compute_loss(a3, Y):
    """1./m * nansum(-log(a3) Y - log(1 - a3) (1 - Y)), a NumPy float64 (inf where a wrong prediction saturated)."""
    return _course2.cost(a3, Y, ARITHMETIC)


def update_parameters(parameters, grads, learning_rate):
    return _course2.update_parameters(parameters, grads, learning_rate)


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """The course's training loop on [X.shape[0], 10, 5, 1]; returns the parameters."""
    where = "c2w1_initialization.model"
    if initialization not in INITIALIZATIONS:
        raise DLRosettaError(f"{where}: initialization must be one of {INITIALIZATIONS}; got {initialization!r}")
    layers_dims = [np.shape(X)[0] if np.ndim(X) == 2 else 0, 10, 5, 1]
    parameters = {"zeros": initialize_parameters_zeros, "random": initialize_parameters_random,
                  "he": initialize_parameters_he}[initialization](layers_dims)  # fmt: skip
    _course2.check_network(X, parameters, where)
    _course2.check_labels(Y, X.shape[1], where)
    check_schedule(learning_rate, num_iterations, 1000, where)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # the random x10 start saturates
        for i in range(num_iterations):
            a3, cache = forward_propagation(X, parameters)
            cost = compute_loss(a3, Y)
            grads = backward_propagation(X, Y, cache)
            parameters = update_parameters(parameters, grads, learning_rate)
            if print_cost and i % 1000 == 0:
                print(f"Cost after iteration {i}: {cost}")
    return parameters


def predict(X, y, parameters):
    """p : (1, m) int64 of 0/1 (a3 > 0.5); prints "Accuracy: ..." as the course."""
    _course2.check_network(X, parameters, "c2w1_initialization.predict")
    with np.errstate(over="ignore"):
        return _course2.predict(X, y, parameters, ARITHMETIC)
