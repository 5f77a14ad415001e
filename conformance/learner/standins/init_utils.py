"""Stand-in for the course's init_utils (dlrosetta check, course 2 week 1 Initialization): the helpers from
reference_numpy.course.c2w1_initialization (load_dataset generates the circles without scikit-learn); the plotting
is a no-op and load_cat_dataset reads the course's cat files (a check has no screen)."""

from reference_numpy.course.c2w1_initialization import (  # noqa: F401
    backward_propagation,
    compute_loss,
    forward_propagation,
    load_dataset,
    predict,
    relu,
    sigmoid,
    update_parameters,
)
from reference_numpy.course.week4_app import load_data as load_cat_dataset  # noqa: F401


def predict_dec(parameters, X):
    """a3 > 0.5 for the decision-boundary plot."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5


def plot_decision_boundary(model, X, y):
    return None
