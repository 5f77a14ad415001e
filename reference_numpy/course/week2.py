"""Week 2, "Logistic Regression with a Neural Network mindset": the course's functions over the core.

The course's w : (n_x, 1) and scalar b are the core's Model.logistic(n_x) with W1 = w.T : (1, n_x) and
b1 = [[b]] : (1, 1); X : (n_x, m), Y : (1, m). Everything is computed in float64, as the course's NumPy does
(it promotes the int arrays of its 2017 tests to float64).

Version: v6a, the notebook most fixtures come from (COURSE_FIXTURES.md section 2.2); the 2017 and 2021 tests give
the same numbers through the same functions. Where the versions differ:
- initialize_with_zeros returns b = 0.0, a Python float (the 2021 test asserts type float; v6a's int 0 equals it).
- predict returns float 0./1. in a (1, m) array, as v6a (2021 prints [[1 1 0]]: the same values).
- model prints the train/test accuracy lines always (v6a); model(..., version="2021") prints them only with
  print_cost, as 2021 does.
- optimize's defaults are 2021's (num_iterations=100, learning_rate=0.009); v6a had none, so v6a calls work.
Costs are taken in iteration i before its update, kept when i % 100 == 0, and printed as
"Cost after iteration %i: %f"; each is a 0-d array (the course's np.squeeze(np.array(cost))).

Arithmetic: the "course-week2" preset (reference_numpy.arithmetic), bit for bit the course's: sigmoid
1/(1+e^-z), J = -1/m * sum(Y log A + (1-Y) log(1-A)), dw = 1/m * X (A - Y)^T, db = 1/m * sum(A - Y).
Labels: 0/1 of any number type or bool; a rank-1 label vector of length m is reshaped to (1, m) (never broadcast).
"""

import numpy as np

from reference_numpy.arithmetic import PRESETS, course_sigmoid
from reference_numpy.backward import L_model_backward
from reference_numpy.contract import check_schedule
from reference_numpy.cost import compute_cost
from reference_numpy.datasets import load_catvnoncat
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.initializers import initialize_parameters
from reference_numpy.model import Model
from reference_numpy.training import predict as core_predict
from reference_numpy.update import update_parameters
from reference_numpy.validation import check_matrix, check_X, check_Y

VERSIONS = ("v6a", "2021")
ARITHMETIC = PRESETS["course-week2"]


def load_dataset(folder=None):
    """The course's lr_utils.load_dataset: (train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes).

    (209, 64, 64, 3) uint8, (1, 209) int64, (50, 64, 64, 3) uint8, (1, 50) int64, (2,) bytes. The files are read
    from `folder`, else $DLROSETTA_DATA, else ./datasets.
    """
    return load_catvnoncat(folder)


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^-z) for a scalar or an array of any shape (an array back, as the course's)."""
    return course_sigmoid(np.asarray(z))


def initialize_with_zeros(dim):
    """w : (dim, 1) zeros and b = 0.0, the core's "course-week2" mode."""
    parameters = initialize_parameters(Model.logistic(dim), method="course-week2")
    return parameters["W1"].T.copy(), float(parameters["b1"][0, 0])


def _logistic(w, b, X, where):
    """(model, {"W1": w.T, "b1": [[b]]}, X) in float64, after checking w : (n_x, 1) and X : (n_x, m)."""
    w = check_matrix("w", np.asarray(w, dtype=np.float64), where, cols=1)
    model = Model.logistic(w.shape[0])
    X = check_X(np.asarray(X, dtype=np.float64), model, where)
    return model, {"W1": w.T, "b1": np.full((1, 1), b, dtype=np.float64)}, X


def _labels(Y, m, where):
    """Y : (1, m) float64; a rank-1 vector of length m is reshaped to (1, m) explicitly, as a row."""
    Y = np.asarray(Y)
    if Y.ndim == 1 and Y.shape[0] == m:
        Y = Y.reshape(1, m)
    return check_Y(Y, m, where, np.float64)


def _gradients_and_cost(parameters, X, Y, model):
    """The core's forward, cost and backward for one logistic unit, in the course's arithmetic: (grads, J)."""
    AL, cache = L_model_forward(X, parameters, model, ARITHMETIC)
    cost = np.squeeze(np.array(compute_cost(AL, Y, cache["Z1"], ARITHMETIC)))
    return L_model_backward(Y, cache, parameters, model, need_dA0=False, arithmetic=ARITHMETIC), cost


def _course_grads(grads):
    return {"dw": grads["dW1"].T, "db": grads["db1"][0, 0]}


def propagate(w, b, X, Y):
    """One forward and backward pass: ({"dw": (n_x, 1), "db": a NumPy float64}, cost, a 0-d float64 array)."""
    model, parameters, X = _logistic(w, b, X, "week2.propagate")
    Y = _labels(Y, X.shape[1], "week2.propagate")
    grads, cost = _gradients_and_cost(parameters, X, Y, model)
    return _course_grads(grads), cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent: (params {"w", "b"}, grads {"dw", "db"} of the last iteration before its update, costs).

    costs : a list of 0-d float64 arrays, J at iterations 0, 100, 200, ...
    """
    model, parameters, X = _logistic(w, b, X, "week2.optimize")
    Y = _labels(Y, X.shape[1], "week2.optimize")
    check_schedule(learning_rate, num_iterations, 100, "week2.optimize")
    if num_iterations < 1:
        raise DLRosettaError("week2.optimize: num_iterations must be >= 1 (it returns the last iteration's gradients)")
    costs = []
    for i in range(num_iterations):
        grads, cost = _gradients_and_cost(parameters, X, Y, model)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")  # the course's "%i: %f"
    params = {"w": parameters["W1"].T, "b": parameters["b1"][0, 0]}
    return params, _course_grads(grads), costs


def predict(w, b, X):
    """Y_prediction : (1, m) float64 of 0./1., 1. where sigma(w^T X + b) > 0.5 (v6a's dtype)."""
    model, parameters, X = _logistic(w, b, X, "week2.predict")
    return core_predict(parameters, X, model, ARITHMETIC).astype(np.float64)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False, version="v6a"):
    """Logistic regression from zeros; returns the course's dict d.

    d = {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate", "num_iterations"}.
    Prints "train accuracy: {} %" and "test accuracy: {} %" (100 - mean|Y_hat - Y| * 100), always in v6a and
    only with print_cost in 2021.
    """
    if version not in VERSIONS:
        raise DLRosettaError(f"week2.model: version must be one of {VERSIONS}; got {version!r}")
    Y_test = _labels(Y_test, np.shape(X_test)[-1], "week2.model (test set)")
    Y_train = _labels(Y_train, np.shape(X_train)[-1], "week2.model (training set)")
    w, b = initialize_with_zeros(np.shape(X_train)[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    if version == "v6a" or print_cost:
        print(f"train accuracy: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100} %")
        print(f"test accuracy: {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
