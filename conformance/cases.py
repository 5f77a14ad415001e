"""The cases every backend is checked on: a model, data, and initial parameters drawn once by the reference.

`get_case(name)` returns float64 arrays marked read-only, so a backend that writes into its inputs fails
loudly instead of corrupting the next comparison.

Every case starts with random non-zero biases (a forward pass that drops `+ b` is caught in the forward pass, not
only in training). The relu-zero case is exact: its parameters and inputs are small dyadic numbers, so every
backend computes its forward pass without rounding in float64 and float32, with exact zeros in Z[l] at every
layer (relu'(0)) and outputs A[L] = sigmoid(0) = 0.5 exactly (predictions at a tie). The cat-sized relu cases
(RELU_ZERO_CASES) have exact zeros in Z[l] at every relu layer too: one column per layer (the last pictures)
replaced by one built for it, and one bias made 0 (conformance.relu_zeros).
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

from conformance import cases_multiclass
from conformance.cases_regularization import (
    DEFAULT_REGULARIZATION_MODELS,
    REGULARIZATION_CASES,
    get_regularization_case,
)
from conformance.relu_zeros import with_relu_zeros
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


def nonzero_biases(params, seed):
    """params with every b[l] drawn from +-U(0.05, 0.25), a RandomState of its own (the weights untouched)."""
    rs = np.random.RandomState(seed)
    out = dict(params)
    for key, b in params.items():
        if key.startswith("b"):
            out[key] = rs.choice([-1.0, 1.0], size=b.shape) * rs.uniform(0.05, 0.25, size=b.shape)
    return out


_EXACT_DIMS, _EXACT_M = (6, 5, 4, 3, 1), 37


def _exact_draw(seed):
    """Dyadic parameters (W: k/4, b: +-k/8, k in 1..4) and inputs (k/2, k in -2..2) for _EXACT_DIMS."""
    rs = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(_EXACT_DIMS)):
        n, n_prev = _EXACT_DIMS[l], _EXACT_DIMS[l - 1]
        params[f"W{l}"] = rs.randint(-4, 5, size=(n, n_prev)) / 4.0
        params[f"b{l}"] = rs.choice([-1.0, 1.0], size=(n, 1)) * rs.randint(1, 5, size=(n, 1)) / 8.0
    X = rs.randint(-2, 3, size=(_EXACT_DIMS[0], _EXACT_M)) / 2.0
    Y = (rs.rand(1, _EXACT_M) > 0.5).astype(np.float64)
    return params, X, Y


def _has_every_branch(params, X):
    """Exact zeros in Z[l] at every layer, positive ones too, and at least one A[L] = 0.5."""
    A = X
    for l in range(1, len(_EXACT_DIMS)):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        if not ((Z == 0).any() and (Z > 0).any()):
            return False
        A = np.maximum(Z, 0)
    return True


@cache
def exact_relu_case():
    """(params, X, Y) of the relu-zero case: the first seed from 0 whose draw reaches every branch (found at once;
    the search makes the property a fact of the case, not of one seed)."""
    for seed in range(1000):
        params, X, Y = _exact_draw(seed)
        if _has_every_branch(params, X):
            return params, X, Y
    raise AssertionError("no dyadic relu case with zeros at every layer in 1000 seeds")


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
    # exact arithmetic (see the docstring): zeros in Z[l] at every layer, A[L] = 0.5 ties; m = 37, odd
    "relu-zero": (
        lambda n_x: Model.deep((n_x, *_EXACT_DIMS[1:])),
        lambda: exact_relu_case()[1:],
        lambda model, seed: exact_relu_case()[0],
        None,
    ),
    # edge shapes (only meaningful with their own data): one example of one feature (every axis of X and Y of
    # length 1: a squeeze or a broadcast on either axis shows; sigmoid hidden layer), and one feature (tanh)
    "single-example": (
        lambda n_x: Model((n_x, 3, 1), ("sigmoid", "sigmoid"), name="single-example"),
        lambda: _random_data(1, 1, 13),
        "xavier",
        5,
    ),
    "single-feature": (lambda n_x: Model.shallow(n_x, 3), lambda: _random_data(1, 17, 14), "xavier", 6),
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
# on their own data, one column per relu layer replaced and one bias made 0 there: exact zeros in every Z[l]
RELU_ZERO_CASES = ("deep", "two-layer-relu")
# Not in the default run, which must stay under a minute on 2 cores as course 2 joins it: two-layer-relu (the
# week-4 application's other network; deep runs the same data, relu layers and exact relu zeros), deep-leaky (a
# leaky relu is in no course assignment) and single-feature (single-example has n_x = 1 too)
MATRIX_MODELS = ("logistic", "shallow", "deep", "mixed", "relu-zero", "single-example")
MATRIX_MODELS += DEFAULT_REGULARIZATION_MODELS  # course 2, week 1 (conformance.cases_regularization)
MATRIX_MODELS += cases_multiclass.MULTICLASS_MATRIX_MODELS  # course 2, week 3 (conformance.cases_multiclass)


@cache
def get_case(name, data=None):
    """The case `name` on its own data, or on a dataset (a name for reference_numpy.datasets.get_dataset)."""
    if name in REGULARIZATION_CASES:
        return get_regularization_case(name)
    architecture, own_data, method, seed = CASE_SPECS[name]
    if data is None:
        X, Y = own_data()
    else:
        dataset = get_dataset(data)
        X, Y = dataset.X_train, dataset.Y_train
    model = architecture(X.shape[0])
    if name in cases_multiclass.MULTICLASS_CASE_SPECS:
        params = cases_multiclass.initial_parameters(name, model, method, seed)
    elif callable(method):  # a case that draws its own parameters (biases included)
        params = {k: np.array(v, dtype=np.float64) for k, v in method(model, seed).items()}
    else:
        params = nonzero_biases(initialize_parameters(model, method, seed=seed), 1000 + (seed or 0))
    if name in RELU_ZERO_CASES and data is None:
        params, X = with_relu_zeros(model, params, X, Y)
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


def float32_forward(case, data=None):
    """The NumPy reference's forward pass of a case in float32 (the same order of operations), as float64 arrays;
    computed once for the named cases."""
    if case.name in CASE_SPECS:
        return _float32_forward(case.name, data)
    out = NumpyBackend(dtype="float32").forward(case.params, case.X, case.model)
    return {key: value.astype(np.float64) for key, value in out.items()}


@cache
def _float32_forward(name, data):
    case = get_case(name, data)
    out = NumpyBackend(dtype="float32").forward(case.params, case.X, case.model)
    return {key: value.astype(np.float64) for key, value in out.items()}


@cache
def reference_bounds(name, data, mode):
    """The error model's per-element bounds of a case's forward pass, cost and gradients for a backend computing in
    precision mode `mode` ("float64" or "float32"); computed once."""
    from conformance.error_model import bounds
    from conformance.tolerances import UNIT_ROUNDOFF

    case, ref = get_case(name, data), reference_results(name, data)
    return bounds(case.model, case.params, case.X, case.Y, ref["forward"], ref["gradients"], UNIT_ROUNDOFF[mode])


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
