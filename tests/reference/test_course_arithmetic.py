"""reference_numpy.course computes what each assignment computes, bit for bit, and takes the course's own inputs.

Every course run is compared bitwise with a plain transcription of the course's code (tests/course_transcriptions.py,
run on the same machine: bitwise equality holds on any CPU), and with the published numbers where there are some.
The situations of the course's 2021 public tests that the library once refused are rebuilt from their description.
The 2500-iteration application runs on the real data are compared with their transcription in
tests/test_course_training.py, next to the published costs, so that each runs once.
"""

import warnings

import course_transcriptions as course
import numpy as np
import pytest

from reference_numpy import Model, initialize_parameters, train
from reference_numpy.arithmetic import CORE, PRESETS, Arithmetic
from reference_numpy.course import week2, week3, week4_app
from reference_numpy.datasets import flatten_images
from reference_numpy.errors import DLRosettaError


def assert_same_bits(actual, expected, what=""):
    for key in expected:
        np.testing.assert_array_equal(np.asarray(actual[key]), np.asarray(expected[key]), err_msg=f"{what} {key}")


# ---- week 2 ------------------------------------------------------------------------------------------------------


def _week2_bitwise(X, Y, X_test, Y_test, num_iterations, learning_rate, version="2021"):
    d = week2.model(X, Y, X_test, Y_test, num_iterations, learning_rate, version=version)
    w, b, costs, train_pred, test_pred = course.week2_model(X, Y, X_test, num_iterations, learning_rate)
    np.testing.assert_array_equal(d["w"], w)
    assert d["b"] == b
    assert isinstance(d["costs"], list) and len(d["costs"]) == len(costs)
    assert all(isinstance(c, np.ndarray) and c.shape == () for c in d["costs"])  # np.squeeze(np.array(cost))
    np.testing.assert_array_equal(np.array(d["costs"]), np.array(costs))
    np.testing.assert_array_equal(d["Y_prediction_train"], train_pred)
    np.testing.assert_array_equal(d["Y_prediction_test"], test_pred)
    return d


def test_week2_model_is_the_transcription_bit_for_bit():
    rs = np.random.RandomState(21)
    X, X_test = rs.rand(30, 80), rs.rand(30, 20)
    Y, Y_test = (rs.rand(1, 80) > 0.5).astype(np.int64), (rs.rand(1, 20) > 0.5).astype(np.int64)
    _week2_bitwise(X, Y, X_test, Y_test, 1000, 0.05)


@pytest.fixture(scope="module")
def cat_data(catvnoncat_dir):
    train_x, train_y, test_x, test_y, _ = week4_app.load_data(catvnoncat_dir)
    return flatten_images(train_x), train_y, flatten_images(test_x), test_y


@pytest.mark.slow
@pytest.mark.realdata
def test_week2_model_on_the_cat_data_is_the_transcription(cat_data, capsys):
    train_x, train_y, test_x, test_y = cat_data
    _week2_bitwise(train_x, train_y, test_x, test_y, 2000, 0.005, version="v6a")  # v6a prints the accuracies
    assert capsys.readouterr().out.splitlines()[0] == "train accuracy: 99.04306220095694 %"  # 207/209, published


def test_week2_model_takes_a_rank_1_y_test():
    # the later revisions of the 2021 model_test pass y_test = np.array([0, 1, 0]); one passes [[0, 1, 0]]
    rs = np.random.RandomState(0)
    X, x_test, Y = rs.randn(4, 7), rs.randn(4, 3), np.array([[1, 0, 0, 1, 0, 0, 1]])
    row = week2.model(X, Y, x_test, np.array([[0, 1, 0]]), 50, 0.01, version="2021")
    flat = week2.model(X, Y, x_test, np.array([0, 1, 0]), 50, 0.01, version="2021")
    assert_same_bits(flat, row)
    with pytest.raises(DLRosettaError, match="rank-1"):  # a rank-1 vector of the wrong length is still refused
        week2.model(X, Y, x_test, np.array([0, 1]), 50, 0.01)


# ---- week 3 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seeding", "seed"), [("v6c", 2), ("2021", 3)])
def test_week3_nn_model_on_the_flower_is_the_transcription(seeding, seed):
    X, Y = week3.load_planar_dataset()
    mine = week3.nn_model(X, Y, 4, num_iterations=10000, seeding=seeding)
    assert_same_bits(mine, course.week3_nn_model(X, Y, 4, 10000, seed), seeding)
    if seeding == "v6c":  # the notebook's run: 363 of 400 right, the course's 90.75 % ("Accuracy: 90%")
        assert np.mean(week3.predict(mine, X) == Y) * 100 == 90.75


def test_week3_backward_reads_A1_from_the_cache():
    # the later 2021 backward_propagation_test: every cache entry is randn, so A1 is not tanh(Z1)
    rs = np.random.RandomState(1)
    X, Y = rs.randn(3, 7), rs.randn(1, 7) > 0
    parameters = {"W1": rs.randn(9, 3), "W2": rs.randn(1, 9), "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}
    cache = {"A1": rs.randn(9, 7), "A2": rs.randn(1, 7), "Z1": rs.randn(9, 7), "Z2": rs.randn(1, 7)}
    grads = week3.backward_propagation(parameters, cache, X, Y)
    assert_same_bits(grads, course.week3_backward(parameters, cache, X, Y))


# ---- week 4 application ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("deep", [False, True], ids=["two_layer_model", "L_layer_model"])
def test_app_models_are_the_transcription_bit_for_bit(deep):
    rs = np.random.RandomState(4)
    X, Y = rs.rand(40, 60), (rs.rand(1, 60) > 0.5).astype(np.int64)
    dims = (40, 8, 5, 1) if deep else (40, 6, 1)
    f = week4_app.L_layer_model if deep else week4_app.two_layer_model
    params, costs = f(X, Y, dims, 0.05, 400, version="2021")
    expected_params, expected_costs = course.app_model(X, Y, dims, 0.05, 400, deep)
    assert_same_bits(params, expected_params)
    assert all(isinstance(c, np.ndarray) and c.shape == () for c in costs)
    np.testing.assert_array_equal(np.array(costs), np.array(expected_costs))


@pytest.mark.parametrize("deep", [False, True], ids=["two_layer_model", "L_layer_model"])
def test_app_models_train_on_real_valued_Y_with_one_warning(deep):
    # the 2021 two_layer_model_test trains on Y = randn(1, 10): the course's formula, and a warning, once
    rs = np.random.RandomState(1)
    X, Y = rs.randn(10, 10), rs.randn(1, 10)
    dims = (10, 5, 6, 1) if deep else (10, 4, 1)
    f = week4_app.L_layer_model if deep else week4_app.two_layer_model
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        params, costs = f(X, Y, dims, 0.1, 3)  # as the course's test calls it: no version, the 2021 returns
    assert [str(w.message).count("not labels") for w in caught] == [1]
    expected_params, expected_costs = course.app_model(X, Y, dims, 0.1, 3, deep)
    assert_same_bits(params, expected_params)
    assert isinstance(costs, list) and all(isinstance(c, np.ndarray) for c in costs)
    np.testing.assert_array_equal(np.array(costs), np.array(expected_costs))


def test_app_two_layer_model_test_numbers():
    # the 2021 public test's published W2, b2 and first cost (np.testing's 6 decimals), on its described inputs
    rs = np.random.RandomState(1)
    X, Y = rs.randn(10, 10), rs.randn(1, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        params, costs = week4_app.two_layer_model(X, Y, (10, 4, 1), 0.1, 3)  # the course's call, no version
    np.testing.assert_allclose(params["W2"], [[-0.00358725, -0.00911995, -0.00831979, 0.01615845]], atol=5e-9)
    np.testing.assert_allclose(params["b2"], [[-0.13451354]], atol=5e-9)
    np.testing.assert_allclose(costs[0], 0.69315968, atol=5e-9)


# ---- the presets are switches of the core, not copies ------------------------------------------------------------


def test_presets_name_their_differences_from_the_core():
    assert CORE.differences() == {}
    assert PRESETS["course-week3"].differences()["derivative_from"] == ("Z", "A")
    assert PRESETS["course-week4-app"].differences()["output_gradient"] == ("shortcut", "chain")
    assert PRESETS["course-week4-app"].differences()["cost"] == ("careful", "dot")
    assert all(p.one_over_m == "reciprocal" for name, p in PRESETS.items() if name != "core")
    with pytest.raises(DLRosettaError, match="one_over_m"):
        Arithmetic("bad", one_over_m="halves")


def test_the_core_keeps_its_own_forms():
    # the quotient and the product by the reciprocal round differently: the core keeps dW = (dZ A^T) / m
    rs = np.random.RandomState(3)
    model = Model.shallow(2, 4)
    X, Y = rs.randn(2, 300), (rs.rand(1, 300) > 0.5).astype(np.float64)
    start = initialize_parameters(model, "course-week3")
    core, _ = train(start, X, Y, model, 1.2, 200)
    course_preset, _ = train(start, X, Y, model, 1.2, 200, arithmetic=PRESETS["course-week3"])
    assert any(not np.array_equal(core[k], course_preset[k]) for k in core)
    for key in core:
        np.testing.assert_allclose(core[key], course_preset[key], rtol=1e-9, atol=1e-12, err_msg=key)
