"""The reference's own validation: label casting, the training schedule, model specs, initializers, layer sizes.

The same errors through every backend are conformance/checks.py's (tests/backends/test_checks.py): bad_input-*,
bad_schedule, construction_errors.
"""

import numpy as np
import pytest

from reference_numpy import DLRosettaError, Model, initialize_parameters, train
from reference_numpy.adapter import NumpyBackend
from reference_numpy.validation import check_Y

MODEL = Model.deep((3, 4, 1))


def _good():
    rs = np.random.RandomState(0)
    return initialize_parameters(MODEL, "he"), rs.randn(3, 5), np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])


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
        NumpyBackend().forward(p, X, other)
