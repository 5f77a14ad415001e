"""Plain transcriptions of the course-2 week-1 training code, for bitwise comparison with reference_numpy.course.

Written here from the course's procedure (COURSE2_FIXTURES.md sections 0.4-3 and the helpers' formulas): the same
NumPy operations in the same order as init_utils, reg_utils and the notebooks' graded solutions, with the course's
np.random.seed(s) replaced by RandomState(s), the same stream. Nothing here is shared with the library.
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def forward(X, p, keep_prob=1.0):
    """(a3, cache) of init_utils / reg_utils; with keep_prob < 1 the dropout forward with its seed-1 masks."""
    rs = np.random.RandomState(1) if keep_prob < 1 else None
    z1 = np.dot(p["W1"], X) + p["b1"]
    a1 = relu(z1)
    d1 = None
    if rs is not None:
        d1 = rs.rand(a1.shape[0], a1.shape[1])
        d1 = (d1 < keep_prob).astype(int)
        a1 = a1 * d1
        a1 = a1 / keep_prob
    z2 = np.dot(p["W2"], a1) + p["b2"]
    a2 = relu(z2)
    d2 = None
    if rs is not None:
        d2 = rs.rand(a2.shape[0], a2.shape[1])
        d2 = (d2 < keep_prob).astype(int)
        a2 = a2 * d2
        a2 = a2 / keep_prob
    z3 = np.dot(p["W3"], a2) + p["b3"]
    a3 = sigmoid(z3)
    return a3, (z1, d1, a1, z2, d2, a2, z3, a3)


def nansum_cost(a3, Y):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1.0 / m * np.nansum(logprobs)


def init_backward(X, Y, p, cache):
    """init_utils.backward_propagation: the 1/m in dz3, none in dW and db."""
    m = X.shape[1]
    z1, _, a1, z2, _, a2, z3, a3 = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(p["W3"].T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(p["W2"].T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def reg_backward(X, Y, p, cache, lambd=0.0, keep_prob=1.0):
    """reg_utils.backward_propagation, and the graded L2 and dropout versions."""
    m = X.shape[1]
    z1, d1, a1, z2, d2, a2, z3, a3 = cache
    dZ3 = a3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, a2.T)
    if lambd:
        dW3 = dW3 + (lambd / m) * p["W3"]
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(p["W3"].T, dZ3)
    if keep_prob < 1:
        dA2 = dA2 * d2
        dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(a2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, a1.T)
    if lambd:
        dW2 = dW2 + (lambd / m) * p["W2"]
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(p["W2"].T, dZ2)
    if keep_prob < 1:
        dA1 = dA1 * d1
        dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(a1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    if lambd:
        dW1 = dW1 + (lambd / m) * p["W1"]
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def update(p, grads, learning_rate):
    for k in range(len(p) // 2):
        p["W" + str(k + 1)] = p["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        p["b" + str(k + 1)] = p["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return p


def init_parameters(layers_dims, initialization):
    rs = np.random.RandomState(3)
    p = {}
    for l in range(1, len(layers_dims)):
        if initialization == "zeros":
            p["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        elif initialization == "random":
            p["W" + str(l)] = rs.randn(layers_dims[l], layers_dims[l - 1]) * 10
        else:
            p["W" + str(l)] = rs.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2.0 / layers_dims[l - 1])
        p["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return p


def initialization_model(X, Y, learning_rate, num_iterations, initialization):
    """(parameters, costs at every iteration) of the Initialization notebook's model."""
    p = init_parameters([X.shape[0], 10, 5, 1], initialization)
    costs = []
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for _ in range(num_iterations):
            a3, cache = forward(X, p)
            costs.append(nansum_cost(a3, Y))
            p = update(p, init_backward(X, Y, p, cache), learning_rate)
    return p, costs


def regularization_model(X, Y, learning_rate, num_iterations, lambd=0, keep_prob=1):
    """(parameters, costs at every iteration) of the Regularization notebook's model."""
    layers_dims = [X.shape[0], 20, 3, 1]
    rs = np.random.RandomState(3)
    p = {}
    for l in range(1, len(layers_dims)):
        p["W" + str(l)] = rs.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1])
        p["b" + str(l)] = np.zeros((layers_dims[l], 1))
    m = Y.shape[1]
    costs = []
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for _ in range(num_iterations):
            a3, cache = forward(X, p, keep_prob)
            cost = nansum_cost(a3, Y)
            if lambd:
                l2 = np.sum(np.square(p["W1"])) + np.sum(np.square(p["W2"])) + np.sum(np.square(p["W3"]))
                cost = cost + (1 / m) * (lambd / 2) * l2
            costs.append(cost)
            p = update(p, reg_backward(X, Y, p, cache, lambd, keep_prob), learning_rate)
    return p, costs
