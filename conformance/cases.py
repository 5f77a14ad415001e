"""The cases every backend is checked on: a model, data, and initial parameters drawn once by the reference.

`get_case(name)` returns float64 arrays marked read-only, so a backend that writes into its inputs fails
loudly instead of corrupting the next comparison.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

from reference_numpy import Model, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.datasets import flatten_images, planar_dataset, synthetic_catvnoncat


@dataclass(frozen=True)
class Case:
    name: str
    model: Model
    params: dict  # initial parameters, float64
    X: np.ndarray  # (n_x, m) float64
    Y: np.ndarray  # (1, m) float64


def _random_data(n_x, m, seed):
    rs = np.random.RandomState(seed)
    X = rs.randn(n_x, m)
    Y = (rs.rand(1, m) > 0.5).astype(np.float64)
    return X, Y


def _synthetic_train():
    train_x, train_y, _, _, _ = synthetic_catvnoncat()
    return flatten_images(train_x), train_y.astype(np.float64)


def _planar():
    X, Y = planar_dataset()
    return X, Y.astype(np.float64)


# name -> (model, data, init method, seed); data is a callable returning (X, Y)
CASE_SPECS = {
    # the three course models, with the course's data and initializers
    "logistic": (Model.logistic(12288), _synthetic_train, "xavier", 1),  # the course's zeros make Z = 0: too weak
    "shallow": (Model.shallow(2, 4), _planar, "course-week3", None),
    "deep": (Model.deep((12288, 20, 7, 5, 1)), _synthetic_train, "course-app-deep", None),
    # other architectures and activations
    "deep-leaky": (Model.deep((8, 6, 5, 1), hidden="leaky_relu"), lambda: _random_data(8, 40, 11), "he", 3),
    "mixed": (
        Model((5, 4, 4, 3, 1), ("sigmoid", "identity", "tanh", "sigmoid"), name="mixed"),
        lambda: _random_data(5, 30, 12),
        "xavier",
        4,
    ),
    "two-layer-relu": (Model.deep((12288, 7, 1)), _synthetic_train, "course-week4-2layer", None),
    # edge shapes
    "single-example": (Model.deep((4, 3, 1)), lambda: _random_data(4, 1, 13), "he", 5),
    "single-feature": (Model.shallow(1, 3), lambda: _random_data(1, 16, 14), "xavier", 6),
}
CASES = tuple(CASE_SPECS)


@cache
def get_case(name):
    model, data, method, seed = CASE_SPECS[name]
    X, Y = data()
    params = initialize_parameters(model, method, seed=seed)
    for array in (X, Y, *params.values()):
        array.setflags(write=False)
    return Case(name, model, params, X, Y)


@cache
def reference_results(name):
    """The float64 reference's forward, cost, gradients and predictions for a case, computed once."""
    case = get_case(name)
    ref = NumpyBackend()
    return {
        "forward": ref.forward(case.params, case.X, case.model),
        "cost": ref.cost(case.params, case.X, case.Y, case.model),
        "gradients": ref.gradients(case.params, case.X, case.Y, case.model),
        "predict": ref.predict(case.params, case.X, case.model),
    }


@dataclass(frozen=True)
class TrainCase:
    """A training run as the course does it: a case's model and data, a learning rate and a length."""

    case: str
    learning_rate: float
    num_iterations: int
    record_every: int


TRAIN_CASES = {
    "deep": TrainCase("deep", 0.0075, 2500, 100),  # the application's L_layer_model
    "logistic": TrainCase("logistic", 0.005, 2000, 100),  # week 2's model()
    "shallow": TrainCase("shallow", 1.2, 10000, 1000),  # week 3's nn_model on the flower
}
