"""A learner's "Deep Neural Network - Application" (2021 form: models return (parameters, costs)), with the
course's helpers from dnn_app_utils_v3 and a training run at the end. Written for dl-rosetta's tests."""

import matplotlib.pyplot as plt
import numpy as np
from dnn_app_utils_v3 import *  # noqa: F403

train_x_orig, train_y, test_x_orig, test_y, classes = load_data()  # noqa: F405
layers_dims = [12288, 20, 7, 5, 1]


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    costs = []
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)  # noqa: F405
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")  # noqa: F405
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")  # noqa: F405
        cost = compute_cost(A2, Y)  # noqa: F405
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")  # noqa: F405
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")  # noqa: F405
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)  # noqa: F405
        if print_cost and i % 100 == 0 or i == num_iterations - 1:
            print(f"Cost after iteration {i}: {np.squeeze(cost)}")
        if i % 100 == 0 or i == num_iterations:
            costs.append(cost)
    return parameters, costs


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    costs = []
    parameters = initialize_parameters_deep(layers_dims)  # noqa: F405
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)  # noqa: F405
        cost = compute_cost(AL, Y)  # noqa: F405
        grads = L_model_backward(AL, Y, caches)  # noqa: F405
        parameters = update_parameters(parameters, grads, learning_rate)  # noqa: F405
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs


parameters, costs = L_layer_model(train_x_orig, train_y, layers_dims, num_iterations=2500, print_cost=True)
plt.plot(np.squeeze(costs))
