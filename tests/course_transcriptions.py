"""Plain transcriptions of the course's training code, for bitwise comparison with reference_numpy.course.

Written here from the course's procedure (COURSE_FIXTURES.md, the notebooks' formulas): the same NumPy operations in
the same order as the assignments' code (week 2 and week 3 as the graded solutions write them, week 4's application
as dnn_app_utils_v3 does), with the course's np.random.seed(s) replaced by RandomState(s), the same stream.
Nothing here is shared with the library: these functions are what it is checked against.
"""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---- week 2: logistic regression -----------------------------------------------------------------------------


def week2_model(X_train, Y_train, X_test, num_iterations, learning_rate):
    """(w, b, costs, Y_prediction_train, Y_prediction_test) from zeros, as model() computes them."""
    w, b = np.zeros((X_train.shape[0], 1)), 0.0
    m = X_train.shape[1]
    costs = []
    for i in range(num_iterations):
        A = sigmoid(np.dot(w.T, X_train) + b)
        cost = -1 / m * np.sum(Y_train * np.log(A) + (1 - Y_train) * np.log(1 - A))
        dw = 1 / m * np.dot(X_train, (A - Y_train).T)
        db = 1 / m * np.sum(A - Y_train)
        cost = np.squeeze(np.array(cost))
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)

    def predict(X):
        A = sigmoid(np.dot(w.T, X) + b)
        return (A > 0.5).astype(np.float64)

    return w, b, costs, predict(X_train), predict(X_test)


# ---- week 3: the planar network ------------------------------------------------------------------------------


def week3_nn_model(X, Y, n_h, num_iterations, seed):
    """The parameters after nn_model's loop, initialized from np.random.seed(seed) (v6c: 2, 2021: 3)."""
    rs = np.random.RandomState(seed)
    n_x, n_y = X.shape[0], Y.shape[0]
    W1 = rs.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rs.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    m = X.shape[1]
    for _ in range(num_iterations):
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = sigmoid(Z2)
        dZ2 = A2 - Y
        dW2 = 1 / m * np.dot(dZ2, A1.T)
        db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        dW1 = 1 / m * np.dot(dZ1, X.T)
        db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
        W1 = W1 - 1.2 * dW1
        b1 = b1 - 1.2 * db1
        W2 = W2 - 1.2 * dW2
        b2 = b2 - 1.2 * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def week3_backward(parameters, cache, X, Y):
    """backward_propagation's lines: tanh' from the cache's A1."""
    m = X.shape[1]
    A1, A2, W2 = cache["A1"], cache["A2"], parameters["W2"]
    dZ2 = A2 - Y
    dW2 = 1 / m * np.dot(dZ2, A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


# ---- week 4 application: dnn_app_utils_v3 -------------------------------------------------------------------


def _linear_backward(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = 1.0 / m * np.dot(dZ, A_prev.T)
    db = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)
    return np.dot(W.T, dZ), dW, db


def _relu_backward(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def _sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


def app_initialize(layers_dims, deep):
    """two_layer_model's initialize_parameters (0.01 randn) or L_layer_model's initialize_parameters_deep (/ sqrt)."""
    rs = np.random.RandomState(1)
    parameters = {}
    for l in range(1, len(layers_dims)):
        W = rs.randn(layers_dims[l], layers_dims[l - 1])
        parameters[f"W{l}"] = W / np.sqrt(layers_dims[l - 1]) if deep else W * 0.01
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def app_model(X, Y, layers_dims, learning_rate, num_iterations, deep):
    """(parameters, costs at i % 100 == 0) of L_layer_model (deep) or two_layer_model, as the 2021 notebook."""
    parameters = app_initialize(layers_dims, deep)
    L = len(layers_dims) - 1
    m = X.shape[1]
    costs = []
    for i in range(num_iterations):
        A, caches = X, []
        for l in range(1, L + 1):
            W, b = parameters[f"W{l}"], parameters[f"b{l}"]
            Z = W.dot(A) + b
            caches.append((A, W, Z))
            A = np.maximum(0, Z) if l < L else 1 / (1 + np.exp(-Z))
        AL = A
        cost = np.squeeze((1.0 / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T)))
        Yr = Y.reshape(AL.shape)
        dA = -(np.divide(Yr, AL) - np.divide(1 - Yr, 1 - AL))
        grads = {}
        for l in range(L, 0, -1):
            A_prev, W, Z = caches[l - 1]
            dZ = _sigmoid_backward(dA, Z) if l == L else _relu_backward(dA, Z)
            dA, grads[f"dW{l}"], grads[f"db{l}"] = _linear_backward(dZ, A_prev, W)
        for l in range(1, L + 1):
            parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
