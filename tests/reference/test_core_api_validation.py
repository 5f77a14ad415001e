"""The core's public functions check what they are given, once, at entry, and say what they expected.

Each case is what a new user tried (issue 12): a rank-1 X, wrong rows, mismatched shapes, labels 2, a probability
1.5, NaN, a missing gradient, m = 0, float16. Each must raise DLRosettaError naming the argument and what was expected,
never a raw NumPy error, a silent number or a silent upcast. The loops stay free of checks.
"""

import numpy as np
import pytest

import reference_numpy.validation as validation
from reference_numpy import (
    DLRosettaError,
    L_model_backward,
    L_model_forward,
    Model,
    compute_cost,
    cost_backward,
    gradients,
    initialize_parameters,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    predict,
    train,
    update_parameters,
)

MODEL = Model.deep((3, 4, 1))
P = initialize_parameters(MODEL)
RS = np.random.RandomState(0)
X = RS.randn(3, 5)
Y = np.array([[1.0, 0, 1, 0, 1]])
HALF = np.full((1, 3), 0.5)

CASES = {
    "predict, rank-1 X": (lambda: predict(P, X[0], MODEL), ["X", "2-D", "(5,)"]),
    "L_model_forward, wrong rows": (lambda: L_model_forward(RS.randn(2, 5), P, MODEL), ["X", "3 rows", "(2, 5)"]),
    "linear_forward, mismatched": (lambda: linear_forward(X, np.ones((4, 2)), np.zeros((4, 1))), ["A_prev", "2 rows"]),
    "linear_forward, b": (lambda: linear_forward(X, np.ones((4, 3)), np.zeros((3, 1))), ["b", "4 rows"]),
    "linear_forward, dtypes": (
        lambda: linear_forward(X.astype(np.float32), np.ones((4, 3)), np.zeros((4, 1))),
        ["float32", "float64"],
    ),
    "linear_activation_forward, activation": (
        lambda: linear_activation_forward(X, np.ones((4, 3)), np.zeros((4, 1)), "softmax"),
        ["activation", "softmax"],
    ),
    "compute_cost, rank-1": (lambda: compute_cost(np.ones(3) * 0.5, np.ones(3)), ["AL", "2-D", "(3,)"]),
    "compute_cost, Y = 2": (lambda: compute_cost(HALF, np.full((1, 3), 2.0)), ["Y", "0 or 1", "2.0"]),
    "compute_cost, AL = 1.5": (lambda: compute_cost(np.full((1, 3), 1.5), np.ones((1, 3))), ["AL", "[0, 1]", "1.5"]),
    "compute_cost, NaN AL": (lambda: compute_cost(np.full((1, 3), np.nan), np.ones((1, 3))), ["AL", "NaN"]),
    "compute_cost, m mismatch": (lambda: compute_cost(HALF, np.ones((1, 2))), ["Y", "(1, 3)", "(1, 2)"]),
    "cost_backward, AL = 0": (lambda: cost_backward(np.zeros((1, 3)), np.ones((1, 3))), ["AL", "strictly"]),
    "linear_backward, mismatched": (
        lambda: linear_backward(np.ones((4, 5)), X, np.ones((4, 2))),
        ["A_prev", "2 rows"],
    ),
    "linear_backward, m mismatch": (
        lambda: linear_backward(np.ones((4, 4)), X, np.ones((4, 3))),
        ["columns", "dZ"],
    ),
    "L_model_backward, no cache": (lambda: L_model_backward(Y, {}, P, MODEL), ["cache", "A0"]),
    "update_parameters, no grads": (lambda: update_parameters(P, {}, 0.1), ["grads", "dW1"]),
    "update_parameters, wrong shape": (
        lambda: update_parameters(P, {k: np.ones((2, 2)) for k in ("dW1", "db1", "dW2", "db2")}, 0.1),
        ["dW1", "rows"],
    ),
    "update_parameters, rate": (
        lambda: update_parameters(P, {f"d{k}": np.zeros_like(v) for k, v in P.items()}, -1),
        ["learning_rate", "-1"],
    ),
    "gradients, labels 2": (lambda: gradients(P, X, Y * 2, MODEL), ["Y", "0 or 1", "2.0"]),
    "gradients, NaN X": (lambda: gradients(P, X * np.nan, Y, MODEL), ["X", "NaN"]),
    "gradients, rank-1 Y": (lambda: gradients(P, X, Y[0], MODEL), ["Y", "(1, 5)", "(5,)"]),
    "gradients, m = 0": (lambda: gradients(P, X[:, :0], Y[:, :0], MODEL), ["X", "no examples", "m >= 1"]),
    "gradients, float16 X": (lambda: gradients(P, X.astype(np.float16), Y, MODEL), ["X", "float64", "float16"]),
    "predict, integer X": (lambda: predict(P, X.astype(np.int64), MODEL), ["X", "float64", "int64"]),
    "predict, not a model": (lambda: predict(P, X, (3, 4, 1)), ["model", "Model"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gets_a_named_DLRosettaError(case):
    call, words = CASES[case]
    with pytest.raises(DLRosettaError) as raised:
        call()
    for word in words:
        assert word in str(raised.value), f"{case}: {word!r} not in {raised.value}"


def test_good_input_passes_and_matches_the_unchecked_functions():
    from reference_numpy import forward, training

    AL, cache = L_model_forward(X, P, MODEL)
    np.testing.assert_array_equal(AL, forward.L_model_forward(X, P, MODEL)[0])
    grads = L_model_backward(Y, cache, P, MODEL)
    assert sorted(grads) == sorted(training.gradients(P, X, Y, MODEL))
    assert np.isfinite(compute_cost(AL, Y, cache["Z2"]))
    assert 0 <= compute_cost(np.array([[1.0, 0.0]]), np.array([[1, 0]])) < 1e-15  # saturated and right: allowed
    update_parameters(P, grads, 0.1)
    np.testing.assert_array_equal(predict(P, X, MODEL), training.predict(P, X, MODEL))


def test_checks_run_once_per_call_not_per_iteration(monkeypatch):
    calls = []
    original = validation.check_matrix
    monkeypatch.setattr(validation, "check_matrix", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    counts = []
    for n in (1, 50):
        calls.clear()
        train(P, X, Y, MODEL, 0.1, n)
        counts.append(len(calls))
    assert counts[0] == counts[1] > 0
