"""Week 3, "Planar data classification with one hidden layer": the course's functions over the core.

The network is the core's Model.shallow(n_x, n_h): Z1 = W1 X + b1, A1 = tanh(Z1), Z2 = W2 A1 + b2, A2 = sigmoid(Z2),
with W1 : (n_h, n_x), b1 : (n_h, 1), W2 : (1, n_h), b2 : (1, 1), X : (n_x, m), Y : (1, m). The course's cache is the
dict {"Z1", "A1", "Z2", "A2"}; its gradients are {"dW1", "db1", "dW2", "db2"}.

Version: v6c, the notebook most fixtures come from (COURSE_FIXTURES.md section 3.5). The versions differ only in
seeding (section 3.4): in v6c initialize_parameters reseeds with 2, so nn_model starts from the seed-2 weights; in 2021
nn_model's seed 3 is the one in effect. initialize_parameters(..., seeding="2021") and nn_model(..., seeding="2021")
give the 2021 numbers. The 2021 public tests changed within the year: the May-2021 nn_model_test (X = randn(2, 3))
matches seeding="v6c", the later revisions (X = randn(2, 4)) seeding="2021". compute_cost accepts v6c's third
argument (parameters) and ignores it, as v6c does.

Arithmetic: the "course-week3" preset (reference_numpy.arithmetic), bit for bit the course's: sigmoid 1/(1+e^-z),
dZ2 = A2 - Y, dW = 1/m * dZ A^T, db = 1/m * sum(dZ), and dZ1 = W2^T dZ2 * (1 - A1^2) with A1 read from the cache
(the course's tests pass a cache whose A1 is not tanh(Z1)). So nn_model on the flower ends at the course's 90.75 %.

Labels may be bool (the tests' randn(1, m) > 0) or uint8 (the planar set): they are cast to float64 before any
arithmetic. nn_model checks its inputs and raises DLRosettaError; the step functions do not, like the course's.
"""

import numpy as np

from reference_numpy.arithmetic import PRESETS
from reference_numpy.backward import L_model_backward
from reference_numpy.contract import check_schedule
from reference_numpy.cost import compute_cost as core_compute_cost
from reference_numpy.course._shared import as_float_labels, course_initialize
from reference_numpy.datasets import planar_dataset
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.model import Model
from reference_numpy.training import predict as core_predict
from reference_numpy.update import update_parameters as core_update_parameters
from reference_numpy.validation import check_X, check_Y

SEEDINGS = {"v6c": "course-week3", "2021": "course-week3-2021"}  # -> the core's course mode (seed 2, seed 3)
ARITHMETIC = PRESETS["course-week3"]


def load_planar_dataset():
    """The flower: X : (2, 400) float64, Y : (1, 400) uint8 (the core's planar_dataset, the course's stream)."""
    return planar_dataset()


def _model(parameters):
    n_h, n_x = parameters["W1"].shape
    return Model.shallow(n_x, n_h)


def layer_sizes(X, Y):
    """(n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0]); the course hard-codes n_h = 4."""
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y, seeding="v6c"):
    """W1 = 0.01 randn(n_h, n_x), then W2 = 0.01 randn(n_y, n_h), biases zeros; seed 2 (v6c) or 3 (2021 nn_model)."""
    if seeding not in SEEDINGS:
        raise DLRosettaError(f"week3: seeding must be one of {sorted(SEEDINGS)}; got {seeding!r}")
    return course_initialize((n_x, n_h, n_y), SEEDINGS[seeding])


def forward_propagation(X, parameters):
    """(A2 : (1, m), cache {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (1, m), "A2": (1, m)})."""
    A2, cache = L_model_forward(X, parameters, _model(parameters), ARITHMETIC)
    return A2, {key: cache[key] for key in ("Z1", "A1", "Z2", "A2")}


def compute_cost(A2, Y, parameters=None):
    """The cross-entropy of A2 : (1, m) (or (m,)) against Y : (1, m), as a Python float (the course's
    float(np.squeeze(cost))). `parameters` is v6c's unused argument."""
    return float(np.squeeze(core_compute_cost(A2, as_float_labels(Y), arithmetic=ARITHMETIC)))


def backward_propagation(parameters, cache, X, Y):
    """{"dW1": (n_h, n_x), "db1": (n_h, 1), "dW2": (1, n_h), "db2": (1, 1)} from the cache of forward_propagation.

    dZ2 = A2 - Y and dZ1 = W2^T dZ2 * (1 - A1^2) with A1 read from the cache, as the course does; Z1 is not read.
    """
    core_cache = {"A0": X, **cache}
    grads = L_model_backward(
        as_float_labels(Y), core_cache, parameters, _model(parameters), need_dA0=False, arithmetic=ARITHMETIC
    )
    return {key: grads[key] for key in ("dW1", "db1", "dW2", "db2")}


def update_parameters(parameters, grads, learning_rate=1.2):
    """W = W - learning_rate dW, b = b - learning_rate db; a new dict (the course's default rate is 1.2)."""
    return core_update_parameters(parameters, grads, learning_rate)


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, seeding="v6c"):
    """Trains the shallow network with learning rate 1.2; returns the parameters.

    Prints "Cost after iteration %i: %f" every 1000 iterations with print_cost (the cost before that update).
    """
    where = "week3.nn_model"
    X = check_X(X, Model.shallow(np.shape(X)[0], n_h), where)
    if isinstance(Y, np.ndarray) and Y.shape == (X.shape[1],):
        Y = Y.reshape(1, -1)  # the course's rank-1 labels, as a row (never broadcast)
    Y = check_Y(Y, X.shape[1], where, X.dtype)
    check_schedule(1.2, num_iterations, 1000, where)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y, seeding)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")  # the course's "%i: %f"
    return parameters


def predict(parameters, X):
    """predictions : (1, m) bool, A2 > 0.5 (the course's dtype)."""
    return core_predict(parameters, X, _model(parameters), ARITHMETIC).astype(bool)
