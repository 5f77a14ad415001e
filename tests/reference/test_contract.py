"""The backend contract (reference_numpy.contract): the reference's train is the course's loop, bit for bit,
and every field beyond full-batch gradient descent is refused by name."""

import numpy as np
import pytest

from reference_numpy import DLRosettaError, Model, initialize_parameters, train
from reference_numpy.backward import L_model_backward
from reference_numpy.contract import (
    Optimizer,
    Regularization,
    TrainConfig,
    TrainResult,
    Variant,
    as_train_config,
)
from reference_numpy.cost import compute_cost
from reference_numpy.forward import L_model_forward
from reference_numpy.update import update_parameters, update_parameters_in_place
from reference_numpy.validation import check_Y

MODEL = Model((4, 5, 3, 1), ("relu", "leaky_relu", "sigmoid"))


def _inputs(dtype):
    rs = np.random.RandomState(0)
    X = rs.randn(4, 9).astype(dtype)
    Y = (rs.rand(1, 9) > 0.5).astype(dtype)
    return initialize_parameters(MODEL, "he", seed=1, dtype=dtype), X, Y


def _plain_loop(parameters, X, Y, learning_rate, num_iterations, record_every, update):
    costs = []
    for i in range(num_iterations):
        AL, cache = L_model_forward(X, parameters, MODEL)
        if i % record_every == 0:
            costs.append(compute_cost(AL, Y, cache[f"Z{MODEL.L}"]))
        grads = L_model_backward(Y, cache, parameters, MODEL, need_dA0=False)
        parameters = update(parameters, grads, learning_rate)
    return parameters, np.array(costs, dtype=X.dtype)


@pytest.mark.parametrize("update", [update_parameters, update_parameters_in_place])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_reference_train_is_the_plain_loop_bitwise(dtype, update):
    p, X, Y = _inputs(dtype)
    copy = {k: v.copy() for k, v in p.items()}
    expected, expected_costs = _plain_loop(copy, X, Y, 0.05, 30, 7, update)
    result = train(p, X, Y, MODEL, TrainConfig(0.05, 30, 7))
    assert isinstance(result, TrainResult) and result.state == {}
    assert np.array_equal(result.costs, expected_costs) and result.costs.dtype == dtype
    for key in p:
        assert np.array_equal(result.parameters[key], expected[key]), key
    assert np.array_equal(p["W1"], initialize_parameters(MODEL, "he", seed=1, dtype=dtype)["W1"])  # untouched


def test_update_parameters_returns_new_arrays_and_in_place_reuses_them():
    p, X, Y = _inputs("float64")
    AL, cache = L_model_forward(X, p, MODEL)
    grads = L_model_backward(Y, cache, p, MODEL)
    before = {k: v.copy() for k, v in p.items()}
    new = update_parameters(p, grads, 0.1)
    assert all(np.array_equal(p[k], before[k]) for k in p) and all(new[k] is not p[k] for k in p)
    same = update_parameters_in_place(p, {k: v.copy() for k, v in grads.items()}, 0.1)
    assert same is p and all(np.array_equal(p[k], new[k]) for k in p)


def test_dropout_with_mini_batches_is_refused_by_name():
    p, X, Y = _inputs("float64")
    m = X.shape[1]
    masks = tuple({"D1": np.ones((MODEL.layer_dims[1], m))} for _ in range(3))
    config = TrainConfig(0.1, 3, 1, batch_size=4, permutations=tuple(np.arange(m) for _ in range(3)),
                         regularization=Regularization(keep_prob=0.8, dropout_layers=(1,)), masks=masks)  # fmt: skip
    with pytest.raises(DLRosettaError, match="train: L2 and dropout are supported with full-batch gradient descent"):
        train(p, X, Y, MODEL, config)


def test_a_bare_number_as_regularization_is_refused_with_the_form_to_write():
    p, X, Y = _inputs("float64")
    with pytest.raises(DLRosettaError, match=r"train: regularization must be a Regularization\(lambd=, .*got 0\.1 "
                       r"\(L2 of 0\.7: Regularization\(lambd=0\.7\)\)"):  # fmt: skip
        train(p, X, Y, MODEL, TrainConfig(0.1, 3, regularization=0.1))


def test_optimizer_by_name_and_the_legacy_forms():
    assert TrainConfig(0.1, 3, optimizer="gd").optimizer == Optimizer()
    legacy = as_train_config(0.1, 3, 1, where="here")
    assert (legacy.learning_rate, legacy.num_iterations, legacy.record_every) == (0.1, 3, 1)
    by_keyword = as_train_config(learning_rate=0.1, num_iterations=3, where="here")
    assert by_keyword.record_every == 100
    with pytest.raises(DLRosettaError, match="here: pass either a TrainConfig"):
        as_train_config(TrainConfig(0.1, 3), 5, where="here")
    with pytest.raises(DLRosettaError, match="here: learning_rate given twice"):
        as_train_config(0.1, 3, learning_rate=0.2, where="here")
    with pytest.raises(DLRosettaError, match="here: expected a TrainConfig or learning_rate and num_iterations"):
        as_train_config(0.1, where="here")
    with pytest.raises(DLRosettaError, match="here: learning_rate must be a finite number > 0"):
        as_train_config(TrainConfig(-1.0, 3), where="here")


def test_variant_is_a_record_of_five_functions():
    v = Variant("x", len, len, len, len, len)
    assert [f for f in ("forward", "cost", "gradients", "train", "predict") if getattr(v, f) is not len] == []
    with pytest.raises(AttributeError):
        v.name = "y"  # frozen


def test_one_hot_labels_are_checked_column_by_column():
    Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert check_Y(Y, 3, "here", np.float64, n_y=3).dtype == np.float64
    with pytest.raises(DLRosettaError, match=r"here: Y must have shape \(C, m\) = \(3, 2\)"):
        check_Y(Y, 2, "here", np.float64, n_y=3)
    with pytest.raises(DLRosettaError, match="one-hot: each column of Y must hold one 1"):
        check_Y(np.array([[1, 1, 0], [0, 1, 0], [0, 0, 1]]), 3, "here", np.float64, n_y=3)
    with pytest.raises(DLRosettaError, match="labels Y must be 0 or 1"):
        check_Y(np.array([[0.5, 0, 0], [0.5, 1, 0], [0, 0, 1]]), 3, "here", np.float64, n_y=3)
