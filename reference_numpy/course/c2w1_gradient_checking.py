"""Course 2, week 1, "Gradient Checking": the course's functions (and gc_utils' helpers) over the core.

COURSE2_FIXTURES.md section 3. The 1-D case J(theta) = theta x; the N-D case the "fraud detection" network
LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with (1./m) * sum(...) as its cost (a plain sum).
- gradient_check / gradient_check_n: central differences with epsilon 1e-7 in the course's order of operations
  (theta +- epsilon, then J, then (J+ - J-) / (2 epsilon)), and the course's
  difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||) (reference_numpy.gradcheck.relative_difference);
  print_msg prints the 2021 messages (2e-7 threshold, in ANSI colours) as the course does.
- backward_propagation_n is the correct backward; backward_propagation_n_with_bugs the notebook's supplied version
  with its two planted bugs (dW2 times 2, db1 with 4/m): gradient_check_n gives 0.2850931567761623 on it.
- dictionary_to_vector / vector_to_dictionary / gradients_to_vector: gc_utils' round trip, W1, b1, W2, b2, W3, b3
  each flattened row-major into a column; vector_to_dictionary takes the layer sizes (the course's [4, 5, 3, 1]
  by default, which gc_utils hard-codes).
Arithmetic: the "course2-gradient-checking" preset.
"""

import numpy as np

from reference_numpy.arithmetic import PRESETS, course_sigmoid
from reference_numpy.course import _course2
from reference_numpy.errors import DLRosettaError
from reference_numpy.gradcheck import COURSE_THRESHOLD, relative_difference

ARITHMETIC = PRESETS["course2-gradient-checking"]
COURSE_DIMS = (4, 5, 3, 1)  # the fraud-detection network gc_utils' vector_to_dictionary is written for


def _message(difference):
    """The 2021 notebook's line: yellow above the 2e-7 threshold, green at or below it."""
    if difference > COURSE_THRESHOLD:
        text = "\033[93m" + "There is a mistake in the backward propagation! difference = "
    else:
        text = "\033[92m" + "Your backward propagation works perfectly fine! difference = "
    return text + str(difference) + "\033[0m"


# ---- 1-D --------------------------------------------------------------------------------------------------------


def forward_propagation(x, theta):
    """J(theta) = theta * x."""
    return theta * x


def backward_propagation(x, theta):
    """dJ/dtheta = x."""
    return x


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """The course's difference between backward_propagation and the central difference of forward_propagation."""
    if not epsilon > 0:
        raise DLRosettaError(f"gradient_check: epsilon must be > 0; got {epsilon!r}")
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = relative_difference(grad, gradapprox)
    if print_msg:
        print(_message(difference))
    return difference


# ---- gc_utils ---------------------------------------------------------------------------------------------------


def sigmoid(x):
    return course_sigmoid(np.asarray(x))


def relu(x):
    return np.maximum(0, x)


def _layers(d):
    return sorted({int(k[1:]) for k in d if k[:1] in "Wb" and k[1:].isdigit()})


def dictionary_to_vector(parameters):
    """(theta : (n, 1), keys): W1, b1, W2, ... each reshaped to a column and stacked; keys names each row's key."""
    columns, keys = [], []
    for l in _layers(parameters):
        for key in (f"W{l}", f"b{l}"):
            column = np.reshape(parameters[key], (-1, 1))
            columns.append(column)
            keys += [key] * column.shape[0]
    return np.concatenate(columns, axis=0), keys


def gradients_to_vector(gradients):
    """dW1, db1, dW2, ... each reshaped to a column and stacked: (n, 1), in dictionary_to_vector's order."""
    layers = sorted({int(k[2:]) for k in gradients if k[:2] in ("dW", "db") and k[2:].isdigit()})
    return np.concatenate([np.reshape(gradients[f"{k}{l}"], (-1, 1)) for l in layers for k in ("dW", "db")], axis=0)


def vector_to_dictionary(theta, layer_dims=COURSE_DIMS):
    """The parameters dict back from theta : (n, 1), for layer sizes layer_dims (gc_utils': [4, 5, 3, 1])."""
    dims = tuple(layer_dims)
    sizes = [(dims[l], dims[l - 1]) for l in range(1, len(dims))]
    total = sum(n * (n_prev + 1) for n, n_prev in sizes)
    if np.shape(theta)[0] != total:
        raise DLRosettaError(
            f"vector_to_dictionary: theta has {np.shape(theta)[0]} entries; layer_dims {list(dims)} need {total}"
        )
    parameters, start = {}, 0
    for l, (n, n_prev) in enumerate(sizes, start=1):
        parameters[f"W{l}"] = theta[start : start + n * n_prev].reshape((n, n_prev))
        start += n * n_prev
        parameters[f"b{l}"] = theta[start : start + n].reshape((n, 1))
        start += n
    return parameters


# ---- N-D --------------------------------------------------------------------------------------------------------


def forward_propagation_n(X, Y, parameters):
    """(cost, cache (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)); cost = 1./m * sum(...), a NumPy float64.
    Y may be the course's (m,) labels (they broadcast against A3 : (1, m))."""
    A3, cache = _course2.forward(X, parameters, ARITHMETIC)
    return _course2.cost(A3, Y, ARITHMETIC), cache


def backward_propagation_n(X, Y, cache):
    """The correct gradients {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}."""
    Y = np.asarray(Y)
    return _course2.backward(X, Y.reshape(1, -1) if Y.ndim == 1 else Y, cache, ARITHMETIC)


def backward_propagation_n_with_bugs(X, Y, cache):
    """The notebook's supplied backward_propagation_n, bugs included: dW2 = 1./m * dZ2 A1^T * 2 and
    db1 = 4./m * sum(dZ1); every other gradient is the correct one."""
    grads = backward_propagation_n(X, Y, cache)
    m = X.shape[1]
    grads["dW2"] = 1.0 / m * np.dot(grads["dZ2"], _course2.unpack(cache)["A1"].T) * 2
    grads["db1"] = 4.0 / m * np.sum(grads["dZ1"], axis=1, keepdims=True)
    return grads


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """The course's difference between `gradients` (backward_propagation_n's) and the central differences of
    forward_propagation_n's cost, one parameter entry at a time: a float."""
    if not epsilon > 0:
        raise DLRosettaError(f"gradient_check_n: epsilon must be > 0; got {epsilon!r}")
    _course2.check_network(X, parameters, "gradient_check_n")
    layer_dims = [X.shape[0]] + [parameters[f"W{l}"].shape[0] for l in _layers(parameters)]
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    if grad.shape != parameters_values.shape:
        raise DLRosettaError(
            f"gradient_check_n: gradients hold {grad.shape[0]} entries; the parameters {parameters_values.shape[0]}"
        )
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layer_dims))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layer_dims))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    difference = relative_difference(grad, gradapprox)
    if print_msg:
        print(_message(difference))
    return difference
