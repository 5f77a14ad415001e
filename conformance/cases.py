"""The cases every backend is checked on: a model, data, and initial parameters drawn once by the reference.

`get_case(name)` returns float64 arrays marked read-only, so a backend that writes into its inputs fails
loudly instead of corrupting the next comparison.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

from conformance import cases_multiclass
from reference_numpy import Model, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.datasets import flatten_images, get_dataset, planar_dataset, synthetic_catvnoncat


@dataclass(frozen=True)
class CourseRun:
    """A course model as its assignment trains it: data, hidden layers, initializer, learning rate, length."""

    data: str  # a reference_numpy.datasets.get_dataset spec: "auto" (the cat pictures) or "planar"
    hidden: tuple  # hidden layer sizes (the input and the one output unit aside)
    activation: str | None  # the hidden layers' activation; None: no hidden layer
    init: str  # a reference_numpy.initializers method
    learning_rate: float
    num_iterations: int
    record_every: int  # the cost is recorded (and printed) every this many iterations

    def dims(self, n_x):
        """layer_dims for n_x input features: (n_x, *hidden, 1)."""
        return (n_x, *self.hidden, 1)


COURSE_RUNS = {
    "deep": CourseRun("auto", (20, 7, 5), "relu", "course-app-deep", 0.0075, 2500, 100),  # week 4 app, L_layer_model
    "two-layer": CourseRun("auto", (7,), "relu", "course-week4-2layer", 0.0075, 2500, 100),  # two_layer_model
    "shallow": CourseRun("planar", (4,), "tanh", "course-week3", 1.2, 10000, 1000),  # week 3, nn_model
    "logistic": CourseRun("auto", (), None, "course-week2", 0.005, 2000, 100),  # week 2, model()
}


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


_SHALLOW, _DEEP, _TWO_LAYER = COURSE_RUNS["shallow"], COURSE_RUNS["deep"], COURSE_RUNS["two-layer"]

# name -> (architecture: n_x -> Model, its own data: () -> (X, Y), init method, seed)
CASE_SPECS = {
    # the three course models, with the course's data and initializers
    "logistic": (Model.logistic, _synthetic_train, "xavier", 1),  # the course's zeros make Z = 0: too weak a test
    "shallow": (lambda n_x: Model.shallow(n_x, *_SHALLOW.hidden), _planar, _SHALLOW.init, None),
    "deep": (lambda n_x: Model.deep(_DEEP.dims(n_x)), _synthetic_train, _DEEP.init, None),
    # other architectures and activations
    "two-layer-relu": (lambda n_x: Model.deep(_TWO_LAYER.dims(n_x)), _synthetic_train, _TWO_LAYER.init, None),
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
CASES = tuple(CASE_SPECS)  # the binary cases, which the generic checks read
# softmax and batch norm (course 2, week 3): get_case knows them; their checks are conformance.cases_multiclass's
CASE_SPECS.update(cases_multiclass.MULTICLASS_CASE_SPECS)
# The learning rate each case trains with: the course's for its three models (week 2: 0.005, week 3: 1.2,
# week 4: 0.0075); a larger step would make the run oscillate and amplify rounding, which measures the
# instability rather than the implementation (logistic at 0.0075 overshoots to J = 2.6 by iteration 10).
COURSE_CASES = {"logistic": "logistic", "shallow": "shallow", "deep": "deep", "two-layer-relu": "two-layer"}  # -> run
LEARNING_RATES = {case: COURSE_RUNS[run].learning_rate for case, run in COURSE_CASES.items()}
DEFAULT_LEARNING_RATE = 0.1
MATRIX_MODELS = ("logistic", "shallow", "deep", "two-layer-relu", "deep-leaky", "mixed", "relu-zero")
MATRIX_MODELS += cases_multiclass.MULTICLASS_MATRIX_MODELS


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
    if name in cases_multiclass.MULTICLASS_CASE_SPECS:
        params = cases_multiclass.initial_parameters(name, model, method, seed)
    else:
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


def _train_case(name):
    run = COURSE_RUNS[COURSE_CASES[name]]
    return TrainCase(name, run.learning_rate, run.num_iterations, run.record_every)


# the application's L_layer_model, week 2's model(), week 3's nn_model on the flower
TRAIN_CASES = {name: _train_case(name) for name in ("deep", "logistic", "shallow")}
