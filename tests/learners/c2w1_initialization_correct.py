"""A learner's course-2 week-1 Initialization assignment (2021 form), not using dl-rosetta: the graded
initializers, the notebook's model over init_utils' helpers, and its training and test cells."""

import matplotlib.pyplot as plt
import numpy as np
from init_utils import (
    backward_propagation,
    compute_loss,
    forward_propagation,
    load_dataset,
    plot_decision_boundary,
    predict,
    predict_dec,
    update_parameters,
)
from public_tests import *  # noqa: F403

plt.rcParams["figure.figsize"] = (7.0, 4.0)
train_X, train_Y, test_X, test_Y = load_dataset()


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    grads = {}
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)
    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost}")
            costs.append(cost)
    return parameters


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        he = np.sqrt(2.0 / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * he
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


parameters = initialize_parameters_he([2, 4, 1])
initialize_parameters_he_test(initialize_parameters_he)  # noqa: F405
parameters = model(train_X, train_Y, initialization="he")
predictions_train = predict(train_X, train_Y, parameters)
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
