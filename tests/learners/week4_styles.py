"""Week 4 in another style: @, np.multiply, dA * (Z > 0), einsum, np.mean(keepdims) for db, a 0-d cost,
tuple caches built inline, in-place parameter updates. Written for dl-rosetta's tests (no course code)."""

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    p = {}
    for l in range(1, len(layer_dims)):
        p[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        p[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return p


def linear_forward(A, W, b):
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z = np.einsum("ij,jk->ik", W, A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(Z, 0)
    return A, ((A_prev, W, b), Z)


def L_model_forward(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "relu" if l < L else "sigmoid"
        )
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    return np.array(-np.mean(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL))))


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = dZ @ A_prev.T / A_prev.shape[1]
    db = np.mean(dZ, axis=1, keepdims=True)
    return W.T @ dZ, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = dA * (Z > 0)
    else:
        s = 1 / (1 + np.exp(-Z))
        dZ = np.multiply(dA, s * (1 - s))
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu"
        )
        grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    for l in range(1, len(parameters) // 2 + 1):
        parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return parameters
