"""reference_numpy.course.c2w2_optimization takes what the course takes (int X, bool Y, a batch larger than m) and
answers input the course would fail on deep inside NumPy, or silently mistrain on, with a DLRosettaError that names
what was expected and where."""

import contextlib
import io

import numpy as np
import pytest

from reference_numpy.course import c2w2_optimization as opt
from reference_numpy.course.c2w2_test_inputs import adam_case, momentum_case, moons_subset
from reference_numpy.errors import DLRosettaError


def _model(X, Y, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return opt.model(X, Y, *args, **kwargs)


def test_model_takes_integer_X_bool_Y_and_a_batch_larger_than_m():
    X, Y = moons_subset(40, 1)
    reference = _model(X, Y, [2, 5, 2, 1], "adam", mini_batch_size=64, num_epochs=3)
    as_bool = _model(X, Y.astype(bool), [2, 5, 2, 1], "adam", mini_batch_size=64, num_epochs=3)
    assert all(np.array_equal(reference[k], as_bool[k]) for k in reference)
    rounded = np.round(X * 10).astype(np.int64)
    as_int = _model(rounded, Y, [2, 5, 2, 1], "gd", mini_batch_size=1000, num_epochs=2)
    as_float = _model(rounded.astype(float), Y, [2, 5, 2, 1], "gd", mini_batch_size=1000, num_epochs=2)
    assert all(np.array_equal(as_int[k], as_float[k]) for k in as_int)


BAD_MODEL = {
    "unknown optimizer": ({"optimizer": "rmsprop"}, "optimizer must be one of"),
    "layers_dims not fitting X": ({"layers_dims": [3, 5, 2, 1]}, "n_x = X.shape[0] = 2"),
    "more than one output unit": ({"layers_dims": [2, 5, 2]}, "end with 1"),
    "a mini-batch of 0": ({"mini_batch_size": 0}, "mini_batch_size must be an integer >= 1"),
    "a float mini-batch size": ({"mini_batch_size": 64.0}, "mini_batch_size must be an integer"),
    "negative epochs": ({"num_epochs": -1}, "num_epochs must be an integer >= 0"),
    "a decay that is not a function": ({"decay": "update_lr"}, "decay must be None or a function"),
    "a NaN learning rate": ({"learning_rate": float("nan")}, "learning_rate must be a finite number"),
    "labels other than 0/1": ({"Y": "twos"}, "labels Y must be 0 or 1"),
    "rank-1 labels": ({"Y": "rank1"}, "Y must have shape (1, m)"),
    "NaN in X": ({"X": "nan"}, "X contains NaN"),
    "X of strings": ({"X": "str"}, "X must hold numbers"),
}


@pytest.mark.parametrize("case", sorted(BAD_MODEL))
def test_model_rejects_bad_input_with_a_clear_error(case):
    change, words = BAD_MODEL[case]
    X, Y = moons_subset(20, 2)
    kwargs = {"X": X, "Y": Y, "layers_dims": [2, 5, 2, 1], "optimizer": "gd", "num_epochs": 1}
    special = {"twos": Y * 2, "rank1": Y[0], "nan": np.where(np.arange(20) == 3, np.nan, X), "str": X.astype(str)}
    kwargs.update({k: special.get(v, v) if isinstance(v, str) and k in ("X", "Y") else v for k, v in change.items()})
    with pytest.raises(DLRosettaError, match="c2w2.model") as info:
        _model(**kwargs)
    assert words in str(info.value)


def test_random_mini_batches_rejects_what_the_course_would_choke_on():
    X = np.zeros((3, 10))
    Y = np.zeros((1, 10), dtype=bool)
    for args, words in (
        ((X, Y[0]), "Y must be 2-D"),
        ((X, np.zeros((1, 9))), "Y must have shape (1, m) = (1, 10)"),
        ((X[0], Y), "X must be 2-D"),
        ((X, Y, 0), "mini_batch_size must be an integer >= 1"),
        ((X, Y, 4, -1), "seed must be an integer in [0, 2**32)"),
        (([[1, 2]], [[0, 1]]), "X must be a NumPy array"),
    ):
        with pytest.raises(DLRosettaError, match="c2w2.random_mini_batches") as info:
            opt.random_mini_batches(*args)
        assert words in str(info.value)
    assert opt.random_mini_batches(np.zeros((3, 0)), np.zeros((1, 0))) == []  # no examples, no batches (the course's)


def test_the_update_functions_name_a_missing_key_or_a_wrong_shape():
    parameters, grads, v, beta, learning_rate = momentum_case()
    del grads["db2"]
    with pytest.raises(DLRosettaError, match=r"grads must have the keys .* missing \['db2'\]"):
        opt.update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
    parameters, grads, v, s, t, *hyper = adam_case()
    s["dW1"] = np.zeros((3, 2))
    with pytest.raises(DLRosettaError, match=r"s\['dW1'\] must be an array of shape \(2, 3\), as W1; got \(3, 2\)"):
        opt.update_parameters_with_adam(parameters, grads, v, s, t, *hyper)
    parameters, grads, v, s, t, *hyper = adam_case()
    with pytest.raises(DLRosettaError, match=r"t \(Adam's update count, from 1\) must be an integer >= 1; got 0"):
        opt.update_parameters_with_adam(parameters, grads, v, s, 0, *hyper)
    with pytest.raises(DLRosettaError, match="parameters must have the keys"):
        opt.initialize_adam({"W1": np.zeros((2, 2)), "W2": np.zeros((1, 2))})
    with pytest.raises(DLRosettaError, match="unexpected"):
        opt.update_parameters_with_adam(parameters, grads, {**v, "dW3": np.zeros(1)}, s, t, *hyper)


def test_the_decay_functions_want_numbers_and_a_positive_interval():
    with pytest.raises(DLRosettaError, match="time_interval must be > 0"):
        opt.schedule_lr_decay(0.1, 10, 1, 0)
    with pytest.raises(DLRosettaError, match="decay_rate must be a finite number"):
        opt.update_lr(0.1, 10, None)
    assert opt.update_lr(np.float64(0.1), np.int64(4), 1) == 0.1 / 5  # NumPy numbers, as a loop may pass them
