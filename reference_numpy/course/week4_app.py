"""Week 4, "Deep Neural Network - Application": the course's functions (dnn_app_utils_v3, notebook) over the core.

X : (12288, m) from load_data's pictures flattened and divided by 255, Y : (1, m). The layers are the step-by-step
assignment's (week4.L_model_forward, week4.L_model_backward with the chain form dAL, week4.update_parameters),
with the application's own seeding (COURSE_FIXTURES.md section 5.1):
- initialize_parameters(n_x, n_h, n_y): seed 1, 0.01 randn, W1 then W2 (two_layer_model's);
- initialize_parameters_deep(layers_dims): seed 1 once, W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]) (L_layer_model's),
  not the step-by-step assignment's seed 3 and x 0.01.

Version: "2021" by default (the latest notebook, whose public tests call the models without a version),
version="v8" for the earlier one. They compute the same numbers and differ in what
they print and return:
- v8: two_layer_model prints "Cost after iteration {}: {}" (the full value) and L_layer_model prints
  "Cost after iteration %i: %f", every 100 iterations with print_cost; both return parameters.
- 2021: both print "Cost after iteration {}: {}" every 100 iterations with print_cost, and the last iteration
  even without print_cost (the course's `print_cost and i % 100 == 0 or i == num_iterations - 1`); both return
  (parameters, costs) with costs the costs at iterations 0, 100, 200, ...
Neither plots the costs (the course does, with matplotlib).

Arithmetic: the "course-week4-app" preset (reference_numpy.arithmetic), bit for bit dnn_app_utils_v3's: the
step-by-step forms (chain dAL, sigmoid_backward, relu_backward, 1./m * ...) and the cost with dot products,
np.squeeze((1./m) * (-Y.log(AL)^T - (1-Y).log(1-AL)^T)), a 0-d array: the 2021 costs list holds 0-d arrays.
Labels: the course's tests train on real-valued Y (randn(1, m)); the models compute the course's formula with them
and warn once per call that they are not 0/1 labels. A rank-1 Y of length m is reshaped to (1, m).
predict prints "Accuracy: " + str(sum((p == y) / m)), dividing before summing as the course does, so 209/209
prints 0.9999999999999998.
"""

import warnings

import numpy as np

from reference_numpy.arithmetic import PRESETS
from reference_numpy.contract import check_schedule
from reference_numpy.course import week4
from reference_numpy.course._shared import course_initialize
from reference_numpy.datasets import load_catvnoncat
from reference_numpy.errors import DLRosettaError
from reference_numpy.model import Model
from reference_numpy.training import predict as core_predict
from reference_numpy.validation import check_parameters, check_X

VERSIONS = ("v8", "2021")
ARITHMETIC = PRESETS["course-week4-app"]


def load_data(folder=None):
    """The course's load_data: (train_x_orig, train_y, test_x_orig, test_y, classes).

    (209, 64, 64, 3) uint8, (1, 209) int64, (50, 64, 64, 3) uint8, (1, 50) int64, (2,) bytes [b'non-cat', b'cat'].
    The files are read from `folder`, else $DLROSETTA_DATA, else ./datasets.
    """
    return load_catvnoncat(folder)


def initialize_parameters(n_x, n_h, n_y):
    """W1 = 0.01 randn(n_h, n_x), then W2 = 0.01 randn(n_y, n_h), biases zeros; seed 1."""
    return course_initialize((n_x, n_h, n_y), "course-week4-2layer")


def initialize_parameters_deep(layers_dims):
    """W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]) for l = 1..L in order, biases zeros; seed 1."""
    return course_initialize(layers_dims, "course-app-deep")


def _model(parameters):
    """The core's Model.deep for these parameters: relu hidden layers, sigmoid output."""
    L = len(parameters) // 2
    return Model.deep((parameters["W1"].shape[1],) + tuple(parameters[f"W{l}"].shape[0] for l in range(1, L + 1)))


def _v8_full_line(i, cost):
    """v8 two_layer_model's line: the full value."""
    return f"Cost after iteration {i}: {np.squeeze(cost)}"


def _v8_short_line(i, cost):
    """v8 L_layer_model's line: six decimals."""
    return f"Cost after iteration {i}: {float(cost):f}"  # the course's "%i: %f"


def _gradient_descent(parameters, X, Y, learning_rate, num_iterations, print_cost, version, v8_line, where):
    """The course's loop: forward, cost, backward, update; prints and returns as `version` does (see above)."""
    if version not in VERSIONS:
        raise DLRosettaError(f"{where}: version must be one of {VERSIONS}; got {version!r}")
    model = _model(parameters)
    check_parameters(parameters, model, where)
    X = check_X(X, model, where)
    Y = _labels(Y, X.shape[1], where)
    check_schedule(learning_rate, num_iterations, 100, where)
    costs = []
    for i in range(num_iterations):
        AL, caches = week4.L_model_forward(X, parameters, ARITHMETIC)
        cost = week4.compute_cost(AL, Y, ARITHMETIC)
        grads = week4.L_model_backward(AL, Y, caches, need_dA0=False, arithmetic=ARITHMETIC)
        parameters = week4.update_parameters(parameters, grads, learning_rate)
        if version == "v8":
            if print_cost and i % 100 == 0:
                print(v8_line(i, cost))
        else:
            if print_cost and i % 100 == 0 or i == num_iterations - 1:
                print(f"Cost after iteration {i}: {np.squeeze(cost)}")
            if i % 100 == 0:
                costs.append(cost)
    return parameters if version == "v8" else (parameters, costs)


def _labels(Y, m, where):
    """Y : (1, m) float64. Rank-1 of length m: reshaped to a row. Not 0/1 (the course's tests use randn): the course's
    formula all the same, with one warning."""
    if not isinstance(Y, np.ndarray):
        raise DLRosettaError(f"{where}: Y must be a NumPy array; got {type(Y).__name__}")
    if Y.ndim == 1 and Y.shape[0] == m:
        Y = Y.reshape(1, m)
    if Y.shape != (1, m):
        hint = " (a rank-1 array: reshape it with Y.reshape(1, -1))" if Y.ndim == 1 else ""
        raise DLRosettaError(f"{where}: Y must have shape (1, m) = (1, {m}) to match X; got {Y.shape}{hint}")
    if not (Y.dtype == np.bool_ or np.issubdtype(Y.dtype, np.integer) or np.issubdtype(Y.dtype, np.floating)):
        raise DLRosettaError(f"{where}: Y must hold numbers or booleans; got dtype {Y.dtype}")
    Y = Y.astype(np.float64)
    if not np.all(np.isfinite(Y)):
        raise DLRosettaError(f"{where}: Y contains NaN or Inf")
    if not np.all((Y == 0) | (Y == 1)):
        warnings.warn(
            f"{where}: Y holds values other than 0 and 1 (e.g. {Y[(Y != 0) & (Y != 1)][0]!r}): not labels; "
            "computing the course's formula with them",
            UserWarning,
            stacklevel=4,
        )
    return Y


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, version="2021"):
    """LINEAR -> RELU -> LINEAR -> SIGMOID, layers_dims = (n_x, n_h, n_y); parameters (v8) or (parameters, costs)."""
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    return _gradient_descent(
        parameters, X, Y, learning_rate, num_iterations, print_cost, version, _v8_full_line, "week4_app.two_layer_model"
    )


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, version="2021"):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID; parameters (v8) or (parameters, costs) (2021)."""
    parameters = initialize_parameters_deep(layers_dims)
    return _gradient_descent(
        parameters, X, Y, learning_rate, num_iterations, print_cost, version, _v8_short_line, "week4_app.L_layer_model"
    )


def predict(X, y, parameters):
    """p : (1, m) float64 of 0./1., 1. where AL > 0.5; prints "Accuracy: " + str(np.sum((p == y) / m))."""
    model = _model(parameters)
    X = check_X(X, model, "week4_app.predict")
    m = X.shape[1]
    p = core_predict(parameters, X, model, ARITHMETIC).astype(np.float64)
    print("Accuracy: " + str(np.sum((p == y) / m)))
    return p
