"""Stand-in for the course's opt_utils_v1a (dlrosetta check, course 2 week 2): its helpers, from
reference_numpy.course.c2w2_optimization, bit for bit the course's arithmetic (the 3-layer network, a cost summed
without 1/m, dz3 = 1./m (a3 - Y)); the moons without scikit-learn; the plots no-ops (a check has no screen)."""

import numpy as np

from reference_numpy.arithmetic import course_sigmoid
from reference_numpy.course.c2w2_optimization import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    load_dataset,
    predict,
)
from reference_numpy.course.c2w2_test_inputs import params_and_grads

__all__ = ["sigmoid", "relu", "load_params_and_grads", "initialize_parameters", "compute_cost",
           "forward_propagation", "backward_propagation", "predict", "predict_dec", "plot_decision_boundary",
           "load_dataset"]  # fmt: skip


def sigmoid(x):
    return course_sigmoid(x)


def relu(x):
    return np.maximum(0, x)


def load_params_and_grads(seed=1):
    """W1, b1, W2, b2, dW1, db1, dW2, db2 drawn after seed `seed` (W2 (3, 3)), as the course's helper."""
    parameters, grads = params_and_grads(3, seed)
    return (*parameters.values(), *grads.values())


def predict_dec(parameters, X):
    """a3 > 0.5, for the decision-boundary plot."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5


def plot_decision_boundary(model, X, y):
    return None
