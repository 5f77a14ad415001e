"""Week 4, "Deep Neural Network - Application": the course's functions (dnn_app_utils_v3, notebook) over the core.

X : (12288, m) from load_data's pictures flattened and divided by 255, Y : (1, m). The layers are the step-by-step
assignment's (week4.L_model_forward, week4.L_model_backward with the chain form dAL, week4.update_parameters),
with the application's own seeding (COURSE_FIXTURES.md section 5.1):
- initialize_parameters(n_x, n_h, n_y): seed 1, 0.01 randn, W1 then W2 (two_layer_model's);
- initialize_parameters_deep(layers_dims): seed 1 once, W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]) (L_layer_model's),
  not the step-by-step assignment's seed 3 and x 0.01.

Version: v8 by default, version="2021" for the 2021 notebook. They compute the same numbers and differ in what
they print and return:
- v8: two_layer_model prints "Cost after iteration {}: {}" (the full value) and L_layer_model prints
  "Cost after iteration %i: %f", every 100 iterations with print_cost; both return parameters.
- 2021: both print "Cost after iteration {}: {}" every 100 iterations with print_cost, and the last iteration
  even without print_cost (the course's `print_cost and i % 100 == 0 or i == num_iterations - 1`); both return
  (parameters, costs) with costs the costs at iterations 0, 100, 200, ...
Neither plots the costs (the course does, with matplotlib). The cost is the core's sum form; the course's helper
takes dot products, which changes the last one or two printed digits and nothing else.
predict prints "Accuracy: " + str(sum((p == y) / m)), dividing before summing as the course does, so 209/209
prints 0.9999999999999998.
"""

import numpy as np

from reference_numpy.course import week4
from reference_numpy.course._shared import course_initialize
from reference_numpy.datasets import load_catvnoncat
from reference_numpy.errors import DLRosettaError
from reference_numpy.model import Model
from reference_numpy.training import check_schedule
from reference_numpy.training import predict as core_predict
from reference_numpy.validation import check_inputs, check_X

VERSIONS = ("v8", "2021")


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
    Y = check_inputs(parameters, X, _model(parameters), where, Y=Y)
    check_schedule(learning_rate, num_iterations, 100, where)
    costs = []
    for i in range(num_iterations):
        AL, caches = week4.L_model_forward(X, parameters)
        cost = week4.compute_cost(AL, Y)
        grads = week4.L_model_backward(AL, Y, caches, need_dA0=False)
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


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, version="v8"):
    """LINEAR -> RELU -> LINEAR -> SIGMOID, layers_dims = (n_x, n_h, n_y); parameters (v8) or (parameters, costs)."""
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    return _gradient_descent(
        parameters, X, Y, learning_rate, num_iterations, print_cost, version, _v8_full_line, "week4_app.two_layer_model"
    )


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, version="v8"):
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
    p = core_predict(parameters, X, model).astype(np.float64)
    print("Accuracy: " + str(np.sum((p == y) / m)))
    return p
