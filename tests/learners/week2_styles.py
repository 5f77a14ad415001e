"""Week 2 in another style: @, np.mean, a Python-float cost, b = 0 as an int, vectorised predictions as floats."""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def initialize_with_zeros(dim):
    return np.zeros([dim, 1]), 0


def propagate(w, b, X, Y):
    A = sigmoid(w.T @ X + b)
    cost = float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    dw = X @ (A - Y).T / X.shape[1]
    db = np.mean(A - Y)
    return dict(dw=dw, db=db), cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return dict(w=w, b=b), grads, costs


def predict(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(float)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    return {"costs": costs, "Y_prediction_test": predict(w, b, X_test), "Y_prediction_train": predict(w, b, X_train),
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}  # fmt: skip
