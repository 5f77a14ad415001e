"""Bad input gets one clear error (DLRosettaError) naming what was expected and where, through every backend."""

import numpy as np
import pytest

from conformance.registry import get_backend, list_backends
from reference_numpy import DLRosettaError, Model, initialize_parameters, train
from reference_numpy.validation import check_Y

MODEL = Model.deep((3, 4, 1))


def _good():
    rs = np.random.RandomState(0)
    return initialize_parameters(MODEL, "he"), rs.randn(3, 5), np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])


def _bad_cases():
    """name -> (mutate(params, X, Y) -> (params, X, Y), words the message must contain)."""

    def with_param(key, value):
        def mutate(p, X, Y):
            return {**p, key: value}, X, Y

        return mutate

    return {
        "rank-1 X": (lambda p, X, Y: (p, X[:, 0], Y), ["X", "2-D", "(3,)"]),
        "rank-1 Y": (lambda p, X, Y: (p, X, Y.ravel()), ["Y", "(1, 5)", "rank-1"]),
        "X rows != n_x": (lambda p, X, Y: (p, X[:2], Y), ["X", "3 rows", "(2, 5)"]),
        "Y columns != m": (lambda p, X, Y: (p, X, Y[:, :4]), ["Y", "(1, 5)", "(1, 4)"]),
        "label 2": (lambda p, X, Y: (p, X, Y + np.array([[0, 0, 1, 0, 0]])), ["labels", "0 or 1"]),
        "label -1": (lambda p, X, Y: (p, X, np.array([[0, 1, -1, 0, 1]])), ["labels", "0 or 1"]),
        "NaN in X": (lambda p, X, Y: (p, np.where(np.eye(3, 5) > 0, np.nan, X), Y), ["X", "NaN or Inf", "(0, 0)"]),
        "Inf in X": (lambda p, X, Y: (p, np.where(np.eye(3, 5) > 0, np.inf, X), Y), ["X", "NaN or Inf"]),
        "NaN in W2": (with_param("W2", np.full((1, 4), np.nan)), ["W2", "NaN or Inf"]),
        "W1 wrong shape": (with_param("W1", np.zeros((4, 2))), ["W1", "(4, 3)", "(4, 2)"]),
        "b1 squeezed": (with_param("b1", np.zeros(4)), ["b1", "2-D", "(4,)"]),
        "missing b2": (lambda p, X, Y: ({k: v for k, v in p.items() if k != "b2"}, X, Y), ["missing", "b2"]),
        "extra W3": (with_param("W3", np.zeros((1, 1))), ["unexpected", "W3"]),
        "integer X": (lambda p, X, Y: (p, (X * 10).astype(np.int64), Y), ["X", "float32 or float64", "int64"]),
        "mixed param dtypes": (with_param("W1", np.zeros((4, 3), dtype=np.float32)), ["mix", "float32"]),
        "list X": (lambda p, X, Y: (p, X.tolist(), Y), ["X", "NumPy array", "list"]),
    }


BAD = _bad_cases()
CALLS = ("forward", "cost", "gradients", "train", "predict")


def _call(backend, call, p, X, Y):
    if call == "forward":
        return backend.forward(p, X, MODEL)
    if call == "predict":
        return backend.predict(p, X, MODEL)
    if call == "train":
        return backend.train(p, X, Y, MODEL, 0.1, 2, 1)
    return getattr(backend, call)(p, X, Y, MODEL)


@pytest.mark.parametrize("backend_name", list_backends())
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_raises_a_clear_error_through_every_backend(backend_name, case):
    mutate, words = BAD[case]
    p, X, Y = mutate(*_good())
    backend = get_backend(backend_name)
    # calls that take no labels cannot see a label problem
    calls = [c for c in CALLS if c not in ("forward", "predict") or not case.startswith(("rank-1 Y", "Y ", "label"))]
    for call in calls:
        with pytest.raises(DLRosettaError) as info:
            _call(backend, call, p, X, Y)
        message = str(info.value)
        assert all(w in message for w in words), f"{call}: {message!r} should mention {words}"
        assert f"{backend_name.split('-')[0]}" in message or call in message, f"{call}: {message!r} names no place"


@pytest.mark.parametrize("backend_name", list_backends())
def test_integer_and_boolean_labels_are_cast_on_purpose(backend_name):
    p, X, Y = _good()
    backend = get_backend(backend_name)
    J = backend.cost(p, X, Y, MODEL)
    assert backend.cost(p, X, Y.astype(np.uint8), MODEL) == J
    assert backend.cost(p, X, Y.astype(bool), MODEL) == J
    assert backend.cost(p, X, Y.astype(np.int64), MODEL) == J


def test_check_Y_cast_avoids_the_uint8_wraparound():
    Y = np.array([[0, 1, 1]], dtype=np.uint8)
    assert (1 - Y).tolist() == [[1, 0, 0]]  # fine for 0/1, but -Y wraps:
    assert (-Y).tolist() == [[0, 255, 255]]
    assert (-check_Y(Y, 3, "test", np.float64)).tolist() == [[0.0, -1.0, -1.0]]


@pytest.mark.parametrize(
    "kwargs,words",
    [
        ({"learning_rate": 0.0}, ["learning_rate", "> 0"]),
        ({"learning_rate": float("nan")}, ["learning_rate", "finite"]),
        ({"num_iterations": -1}, ["num_iterations", ">= 0"]),
        ({"num_iterations": 2.5}, ["num_iterations", "integer"]),
        ({"record_every": 0}, ["record_every", ">= 1"]),
    ],
)
def test_bad_training_schedule(kwargs, words):
    p, X, Y = _good()
    args = {"learning_rate": 0.1, "num_iterations": 3, "record_every": 1, **kwargs}
    with pytest.raises(DLRosettaError) as info:
        train(p, X, Y, MODEL, **args)
    assert all(w in str(info.value) for w in words)


@pytest.mark.parametrize(
    "make,words",
    [
        (lambda: Model((3, 4, 1), ("relu", "swish")), ["unknown activation", "swish", "relu"]),
        (lambda: Model((3, 4, 1), ("relu",)), ["2 layers need 2 activations"]),
        (lambda: Model((3, 4, 2), ("relu", "sigmoid")), ["n[L] = 1"]),
        (lambda: Model((3, 4, 1), ("relu", "tanh")), ["output activation", "sigmoid"]),
        (lambda: Model((3, 0, 1), ("relu", "sigmoid")), ["positive integers"]),
        (lambda: Model((3,), ()), ["at least"]),
        (lambda: initialize_parameters(MODEL, "glorot"), ["unknown method", "glorot", "he"]),
        (lambda: initialize_parameters(MODEL, "course-app-deep", seed=5), ["seed 1", "seed=5"]),
        (lambda: initialize_parameters(MODEL, "he", seed=np.random.RandomState(1)), ["integer", "RandomState"]),
        (lambda: initialize_parameters(MODEL, "he", seed=-1), ["seed", "2**32", "-1"]),
        (lambda: initialize_parameters(MODEL, "he", dtype="float16"), ["float32", "float64", "float16"]),
    ],
)
def test_bad_model_specs_and_initializers(make, words):
    with pytest.raises(DLRosettaError) as info:
        make()
    assert all(w in str(info.value) for w in words), str(info.value)


def test_layer_dims_that_do_not_match_the_parameters():
    p, X, Y = _good()
    other = Model.deep((3, 5, 1))
    with pytest.raises(DLRosettaError, match=r"W1 must have shape \(5, 3\) for layer_dims \(3, 5, 1\)"):
        get_backend("numpy").forward(p, X, other)


@pytest.mark.parametrize("backend_name", list_backends())
def test_unknown_device_dtype_and_profile(backend_name):
    for kwargs, word in [
        ({"device": "tpu9"}, "tpu9"),
        ({"dtype": "float16"}, "float16"),
        ({"profile": "fast"}, "fast"),
    ]:
        with pytest.raises(DLRosettaError, match=word):
            get_backend(backend_name, **kwargs)
