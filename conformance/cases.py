"""The cases every backend is checked on: a model, data, and initial parameters drawn once by the reference.

`get_case(name)` returns float64 arrays marked read-only, so a backend that writes into its inputs fails
loudly instead of corrupting the next comparison.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

from reference_numpy import Model, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.datasets import flatten_images, get_dataset, planar_dataset, synthetic_catvnoncat


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


def _zero_columns(n_x, m, seed):
    X, Y = _random_data(n_x, m, seed)
    X[:, ::3] = 0.0  # every third example is all zeros (a black picture)
    return X, Y


@cache
def _synthetic_train():
    train_x, train_y, _, _, _ = synthetic_catvnoncat()
    return flatten_images(train_x), train_y.astype(np.float64)


def _planar():
    X, Y = planar_dataset()
    return X, Y.astype(np.float64)


# name -> (architecture: n_x -> Model, its own data: () -> (X, Y), init method, seed)
CASE_SPECS = {
    # the three course models, with the course's data and initializers
    "logistic": (Model.logistic, _synthetic_train, "xavier", 1),  # the course's zeros make Z = 0: too weak a test
    "shallow": (lambda n_x: Model.shallow(n_x, 4), _planar, "course-week3", None),
    "deep": (lambda n_x: Model.deep((n_x, 20, 7, 5, 1)), _synthetic_train, "course-app-deep", None),
    # other architectures and activations
    "two-layer-relu": (lambda n_x: Model.deep((n_x, 7, 1)), _synthetic_train, "course-week4-2layer", None),
    "deep-leaky": (
        lambda n_x: Model.deep((n_x, 6, 5, 1), hidden="leaky_relu"),
        lambda: _random_data(8, 40, 11),
        "he",
        3,
    ),
    "mixed": (
        lambda n_x: Model((n_x, 4, 4, 3, 1), ("sigmoid", "identity", "tanh", "sigmoid"), name="mixed"),
        lambda: _random_data(5, 30, 12),
        "xavier",
        4,
    ),
    # exact zeros in Z: all-zero examples with zero biases give Z[1] = 0 and, through relu, Z[2] = 0 (relu'(0))
    "relu-zero": (lambda n_x: Model.deep((n_x, 5, 4, 1)), lambda: _zero_columns(6, 12, 15), "he", 7),
    # edge shapes (only meaningful with their own data)
    "single-example": (lambda n_x: Model.deep((n_x, 3, 1)), lambda: _random_data(4, 1, 13), "he", 5),
    "single-feature": (lambda n_x: Model.shallow(n_x, 3), lambda: _random_data(1, 16, 14), "xavier", 6),
}
CASES = tuple(CASE_SPECS)
# The learning rate each case trains with: the course's for its three models (week 2: 0.005, week 3: 1.2,
# week 4: 0.0075); a larger step would make the run oscillate and amplify rounding, which measures the
# instability rather than the implementation (logistic at 0.0075 overshoots to J = 2.6 by iteration 10).
LEARNING_RATES = {"logistic": 0.005, "shallow": 1.2, "deep": 0.0075, "two-layer-relu": 0.0075}
DEFAULT_LEARNING_RATE = 0.1
MATRIX_MODELS = ("logistic", "shallow", "deep", "two-layer-relu", "deep-leaky", "mixed", "relu-zero")


@cache
def get_case(name, data=None):
    """The case `name` on its own data, or on a dataset (a name for reference_numpy.datasets.get_dataset)."""
    architecture, own_data, method, seed = CASE_SPECS[name]
    if data is None:
        X, Y = own_data()
    else:
        dataset = get_dataset(data)
        X, Y = dataset.X_train, dataset.Y_train
    model = architecture(X.shape[0])
    params = initialize_parameters(model, method, seed=seed)
    for array in (X, Y, *params.values()):
        array.setflags(write=False)
    return Case(name, model, params, X, Y)


@cache
def reference_results(name, data=None):
    """The float64 reference's forward, cost, gradients and predictions for a case, computed once."""
    case = get_case(name, data)
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
