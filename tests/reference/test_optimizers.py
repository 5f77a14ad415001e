"""The reference's optimizers, schedules, mini-batches and training loop (course 2, week 2).

Published values from COURSE2_FIXTURES.md section 4 (the course's unit tests); the loop against a plain
transcription of the course's model() written here; bad input refused with DLRosettaError.
"""

import re

import numpy as np
import pytest

from reference_numpy import DLRosettaError, Model, TrainConfig, initialize_parameters, train
from reference_numpy.backward import L_model_backward
from reference_numpy.contract import Optimizer, Schedule, check_state
from reference_numpy.cost import compute_cost
from reference_numpy.forward import L_model_forward
from reference_numpy.minibatches import batch_bounds, course_permutations, epoch_cost, minibatches
from reference_numpy.optimizers import epoch_learning_rate, initialize_state, learning_rate_at, update


def w2_case(w2_cols=3):
    """The course's test case: seed 1, then W1, b1, W2, b2, dW1, db1, dW2, db2 in that order."""
    rs = np.random.RandomState(1)
    W1, b1, W2, b2 = rs.randn(2, 3), rs.randn(2, 1), rs.randn(3, w2_cols), rs.randn(3, 1)
    dW1, db1, dW2, db2 = rs.randn(2, 3), rs.randn(2, 1), rs.randn(3, w2_cols), rs.randn(3, 1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def close(actual, expected):
    np.testing.assert_allclose(actual, np.array(expected), rtol=1e-7, atol=1e-8)


def test_gd_and_momentum_give_the_published_values():
    params, grads = w2_case()
    new, state = update(params, grads, {}, 1, 0.01, Optimizer("gd"))
    close(new["b2"], [[-0.88020257], [0.02561572], [0.57539477]])
    assert state == {}
    momentum = Optimizer("momentum", beta=0.9)
    new, state = update(params, grads, initialize_state(params, momentum), 1, 0.01, momentum)
    close(new["W1"], [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]])
    close(new["b2"], [[-0.87809283], [0.04055394], [0.58207317]])
    close(state["v"]["db2"], [[0.02344157], [0.16598022], [0.07420442]])


def test_adam_gives_the_published_values_with_epsilon_outside_the_root():
    params, grads = w2_case()
    adam = Optimizer("adam", beta1=0.8, beta2=0.888, epsilon=1e-2)  # revision R2: t = 2, rate 0.02
    new, state = update(params, grads, initialize_state(params, adam), 2, 0.02, adam)
    close(new["W1"], [[1.63942428, -0.6268425, -0.54320974], [-1.08782943, 0.85036983, -2.2865723]])
    close(new["b2"], [[-0.89228024], [0.02707193], [0.56782561]])
    close(state["v"]["dW1"][0], [-0.22012384, 0.22894474, 0.18031814])
    close(state["s"]["dW1"][0], [0.13567261, 0.14676395, 0.09104097])
    np.testing.assert_array_equal(state["v_corrected"]["dW1"], state["v"]["dW1"] / (1 - 0.8**2))
    params, grads = w2_case(w2_cols=2)  # revision R3
    new, state = update(params, grads, initialize_state(params, adam), 2, 0.02, adam)
    close(new["W1"][0], [1.63937725, -0.62327448, -0.54308727])  # epsilon inside gives 1.63942888, -0.61624001
    close(state["s"]["db2"][0], [0.0176303])


def test_the_update_leaves_its_inputs_untouched_and_keeps_float32():
    params, grads = w2_case()
    params = {k: v.astype(np.float32) for k, v in params.items()}
    grads = {k: v.astype(np.float32) for k, v in grads.items()}
    before = {k: v.copy() for k, v in params.items()}
    for name in ("momentum", "rmsprop", "adam"):
        state = initialize_state(params, Optimizer(name))
        new, state = update(params, grads, state, 3, 0.01, Optimizer(name))
        assert all(v.dtype == np.float32 for v in new.values())
        assert all(v.dtype == np.float32 for part in state.values() for v in part.values())
    assert all(np.array_equal(params[k], before[k]) for k in params)


def test_the_decay_functions_give_the_published_values():
    inverse = Schedule("inverse", decay_rate=1)
    assert learning_rate_at(0.5, 2, inverse) == 0.16666666666666666
    assert learning_rate_at(0.5, 10, Schedule("scheduled", 0.3, 100)) == 0.5
    assert learning_rate_at(0.5, 100, Schedule("scheduled", 0.3, 100)) == 0.3846153846153846
    assert learning_rate_at(0.3, 1000, Schedule("scheduled", 0.25, 100)) == 0.08571428571428572
    assert learning_rate_at(0.5, 100, Schedule("scheduled", 1, 100)) == 0.25
    # the course decays after each epoch: epochs 0 and 1 run at alpha0, epoch 2 at the decay of epoch 1
    assert [epoch_learning_rate(0.1, e, inverse) for e in range(3)] == [0.1, 0.1, 0.1 / 2]


def test_mini_batches_are_the_courses():
    assert [b - a for a, b in batch_bounds(300, 64)] == [64, 64, 64, 64, 44]
    assert batch_bounds(7, 64) == [(0, 7)]  # a batch larger than m: one batch
    # random_mini_batches(X, Y, 64, seed=0) on m = 148 permutes with seed 0: the course's draw
    (permutation,) = course_permutations(148, 1, seed=-1)
    assert list(permutation[:8]) == [24, 7, 37, 114, 27, 26, 43, 54]
    # epoch i of model() shuffles with seed 11 + i
    assert np.array_equal(course_permutations(300, 3)[2], np.random.RandomState(13).permutation(300))
    rs = np.random.RandomState(1)
    X, Y = rs.randn(5, 7), (rs.randn(1, 7) < 0.5).astype(float)
    (permutation,) = course_permutations(7, 1, seed=-1)
    assert list(permutation) == [6, 2, 1, 3, 0, 5, 4]  # the public test's
    batches = minibatches(X, Y, permutation, 2)
    assert [b[0].shape[1] for b in batches] == [2, 2, 2, 1]
    close(batches[0][0][:, 0], [1.74481176, -0.38405435, -1.10061918, -0.93576943, -0.67124613])
    assert epoch_cost([np.float64(0.5)], [7], 7) == 0.5  # one batch: its J as it is


def course_adam_loop(params, X, Y, model, alpha0, epochs, batch_size, decay_rate):
    """A plain transcription of the course's model() with Adam and update_lr, on the core's forward/backward."""
    v = {f"d{k}": np.zeros_like(p) for k, p in params.items()}
    s = {f"d{k}": np.zeros_like(p) for k, p in params.items()}
    params = {k: p.copy() for k, p in params.items()}
    t, seed, m, alpha, costs = 0, 10, X.shape[1], alpha0, []
    for i in range(epochs):
        seed = seed + 1
        permutation = list(np.random.RandomState(seed).permutation(m))
        sX, sY = X[:, permutation], Y[:, permutation]
        cost_total = 0
        for k in range(0, m, batch_size):
            mX, mY = sX[:, k : k + batch_size], sY[:, k : k + batch_size]
            AL, cache = L_model_forward(mX, params, model)
            J = compute_cost(AL, mY, cache[f"Z{model.L}"])
            cost_total = J * mX.shape[1] if k == 0 else cost_total + J * mX.shape[1]
            grads = L_model_backward(mY, cache, params, model, need_dA0=False)
            t = t + 1
            for key in params:
                d = f"d{key}"
                v[d] = 0.9 * v[d] + (1 - 0.9) * grads[d]
                v_corrected = v[d] / (1 - 0.9**t)
                s[d] = 0.999 * s[d] + (1 - 0.999) * np.power(grads[d], 2)
                s_corrected = s[d] / (1 - 0.999**t)
                params[key] = params[key] - alpha * v_corrected / (np.sqrt(s_corrected) + 1e-8)
        costs.append(cost_total / m)
        alpha = alpha0 / (1 + decay_rate * i)
    return params, np.array(costs), v, s


def test_the_mini_batch_loop_is_the_courses_bit_for_bit():
    model = Model.deep((2, 5, 2, 1))
    rs = np.random.RandomState(0)
    X, Y = rs.randn(2, 300), (rs.rand(1, 300) > 0.5).astype(float)
    params = initialize_parameters(model, "he", seed=3)
    config = TrainConfig(0.01, 6, 1, optimizer="adam", batch_size=64, permutations=course_permutations(300, 6),
                         schedule=Schedule("inverse", decay_rate=0.3))  # fmt: skip
    result = train(params, X, Y, model, config)
    expected, costs, v, s = course_adam_loop(params, X, Y, model, 0.01, 6, 64, 0.3)
    assert all(np.array_equal(result.parameters[k], expected[k]) for k in expected)
    assert np.array_equal(result.costs, costs)
    assert all(np.array_equal(result.state["v"][k], v[k]) and np.array_equal(result.state["s"][k], s[k]) for k in v)


def test_full_batch_rmsprop_records_every_kth_epoch():
    model = Model.deep((2, 3, 1))
    rs = np.random.RandomState(2)
    X, Y = rs.randn(2, 20), (rs.rand(1, 20) > 0.5).astype(float)
    params = initialize_parameters(model, "he", seed=1)
    result = train(params, X, Y, model, TrainConfig(0.05, 5, 2, optimizer=Optimizer("rmsprop")))
    assert result.costs.shape == (3,) and sorted(result.state) == ["s"]
    three = train(params, X, Y, model, TrainConfig(0.05, 3, 1, optimizer=Optimizer("rmsprop")))
    assert three.costs[0] == result.costs[0] and three.costs[2] == result.costs[1]  # epochs 0 and 2
    assert not np.array_equal(three.parameters["W1"], params["W1"])


def test_static_config_is_hashable_and_drops_the_arrays():
    a = TrainConfig(0.1, 3, 1, optimizer="adam", batch_size=2, permutations=course_permutations(5, 3))
    b = TrainConfig(0.1, 3, 1, optimizer="adam", batch_size=2, permutations=course_permutations(5, 3, seed=4))
    assert hash(a.static()) == hash(b.static()) and a.static() == b.static() and a.static().shuffled


BAD = {
    "unknown optimizer": (dict(optimizer="nesterov"), "optimizer must be one of"),
    "beta = 1": (dict(optimizer=Optimizer("momentum", beta=1.0)), "beta must be a number in [0, 1)"),
    "beta1 < 0": (dict(optimizer=Optimizer("adam", beta1=-0.1)), "beta1 must be a number in [0, 1)"),
    "beta2 = 1": (dict(optimizer=Optimizer("adam", beta2=1.0)), "beta2 must be a number in [0, 1)"),
    "epsilon = 0": (dict(optimizer=Optimizer("rmsprop", epsilon=0.0)), "epsilon must be a finite number > 0"),
    "batch size 0": (dict(batch_size=0, permutations=(np.arange(9),) * 3), "batch_size must be None"),
    "decay without rate": (dict(schedule="inverse"), "'inverse' decay needs a decay_rate"),
    "unknown decay": (dict(schedule="cosine"), "schedule kind must be one of"),
    "no permutations": (dict(batch_size=4), "needs the reference's permutations"),
    "too few permutations": (dict(batch_size=4, permutations=(np.arange(9),)), "a tuple of 3 arrays"),
    "not a permutation": (dict(batch_size=4, permutations=(np.zeros(9, int),) * 3), "is not a permutation"),
    "wrong m": (dict(batch_size=4, permutations=(np.arange(8),) * 3), "integer arrays of shape (9,)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_configurations_are_refused_by_name(case):
    fields, message = BAD[case]
    model = Model.deep((2, 3, 1))
    rs = np.random.RandomState(0)
    X, Y = rs.randn(2, 9), (rs.rand(1, 9) > 0.5).astype(float)
    params = initialize_parameters(model, "he", seed=1)
    with pytest.raises(DLRosettaError, match="train: .*" + re.escape(message)):
        train(params, X, Y, model, TrainConfig(0.1, 3, 1, **fields))


def test_a_state_of_the_wrong_keys_or_shapes_is_refused():
    params, _ = w2_case()
    adam = Optimizer("adam")
    state = initialize_state(params, adam)
    check_state(state, params, adam, "here")
    with pytest.raises(DLRosettaError, match=r"here: the adam state must have the keys \['v', 's'\]"):
        check_state({"v": state["v"]}, params, adam, "here")
    with pytest.raises(DLRosettaError, match=r"here: state\['s'\] must have the keys"):
        check_state({"v": state["v"], "s": {"dW1": state["s"]["dW1"]}}, params, adam, "here")
    bad = {**state, "v": {**state["v"], "dW2": np.zeros((2, 2))}}
    with pytest.raises(DLRosettaError, match=r"here: state\['v'\]\['dW2'\] must have shape \(3, 3\)"):
        check_state(bad, params, adam, "here")


def test_the_public_optimizer_functions_check_their_input():
    from reference_numpy import initialize_optimizer_state, optimizer_update

    params, grads = w2_case()
    state = initialize_optimizer_state(params, "adam")
    new, after = optimizer_update(params, grads, state, 2, 0.02, Optimizer("adam", 0.9, 0.8, 0.888, 1e-2))
    close(new["W1"][0], [1.63942428, -0.6268425, -0.54320974])
    with pytest.raises(DLRosettaError, match=r"optimizer_update: the adam state must have the keys"):
        optimizer_update(params, grads, {"v": state["v"]}, 1, 0.01, "adam")
    with pytest.raises(DLRosettaError, match=r"optimizer_update: t must be an integer >= 1"):
        optimizer_update(params, grads, state, 0, 0.01, "adam")
    with pytest.raises(DLRosettaError, match=r"optimizer_update: grads is missing \['dW2'\]"):
        optimizer_update(params, {k: v for k, v in grads.items() if k != "dW2"}, state, 1, 0.01, "adam")
    with pytest.raises(DLRosettaError, match=r"initialize_optimizer_state: optimizer must be one of"):
        initialize_optimizer_state(params, "adagrad")
