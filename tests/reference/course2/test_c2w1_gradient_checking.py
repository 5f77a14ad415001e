"""reference_numpy.course.c2w1_gradient_checking against COURSE2_FIXTURES.md section 3: the 1-D and N-D values the
course publishes, its messages, the planted bugs, and the vector round trip."""

import numpy as np
import pytest

from reference_numpy.course import c2w1_gradient_checking as gc
from reference_numpy.course import c2w1_test_inputs as inputs
from reference_numpy.errors import DLRosettaError


def test_one_dimensional(capsys):
    assert gc.forward_propagation(2, 4) == 8
    assert gc.backward_propagation(3, 4) == 3
    # rounding noise: it reproduces only in the course's order of operations (rtol 1e-6 as the fixtures say)
    np.testing.assert_allclose(gc.gradient_check(2, 4), 2.919335883291695e-10, rtol=1e-6)
    difference = gc.gradient_check(3, 4, print_msg=True)
    np.testing.assert_allclose(difference, 7.814075313343006e-11, rtol=1e-6)
    assert capsys.readouterr().out == (
        f"\033[92mYour backward propagation works perfectly fine! difference = {difference}\033[0m\n"
    )


def test_forward_propagation_n():
    X, Y, parameters = inputs.gradient_check_n_test_case()
    np.testing.assert_allclose(X[0], [1.6243453636632417, -0.6117564136500754, -0.5281717522634557], rtol=1e-15)
    np.testing.assert_allclose(parameters["W3"], [[0.5866231911821976, 0.8389834138745049, 0.9311020813035573]])
    cost, cache = gc.forward_propagation_n(X, Y, parameters)
    np.testing.assert_allclose(cost, 2.407833389834357, rtol=1e-12)
    assert len(cache) == 12 and cache[2] is parameters["W1"] and cache[9].shape == (1, 3)


def test_gradient_check_n_finds_the_planted_bugs_and_passes_the_correct_backward(capsys):
    X, Y, parameters = inputs.gradient_check_n_test_case()
    _, cache = gc.forward_propagation_n(X, Y, parameters)
    bugged = gc.backward_propagation_n_with_bugs(X, Y, cache)
    difference = gc.gradient_check_n(parameters, bugged, X, Y, 1e-7, True)
    assert not isinstance(difference, np.ndarray)
    np.testing.assert_allclose(difference, 0.2850931567761623, rtol=1e-8)
    assert capsys.readouterr().out == (
        f"\033[93mThere is a mistake in the backward propagation! difference = {difference}\033[0m\n"
    )
    correct = gc.backward_propagation_n(X, Y, cache)
    difference = gc.gradient_check_n(parameters, correct, X, Y)
    assert difference < 2e-7
    np.testing.assert_allclose(difference, 1.1890913024229996e-07, rtol=1e-6)  # roundoff-dominated
    # the bugs are exactly the two the notebook plants, nothing else moves
    for key in correct:
        factor = {"dW2": 2, "db1": 4}.get(key, 1)
        np.testing.assert_allclose(bugged[key], factor * correct[key], rtol=1e-15, err_msg=key)


def test_vector_round_trip():
    _, _, parameters = inputs.gradient_check_n_test_case()
    theta, keys = gc.dictionary_to_vector(parameters)
    assert theta.shape == (47, 1)
    assert keys[:20] == ["W1"] * 20 and keys[20:25] == ["b1"] * 5 and keys[46] == "b3"
    np.testing.assert_array_equal(theta[25:40, 0], parameters["W2"].ravel())
    back = gc.vector_to_dictionary(theta)
    assert list(back) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for key in parameters:
        np.testing.assert_array_equal(back[key], parameters[key])
    grads = {"d" + k: v * 2 for k, v in parameters.items()}
    np.testing.assert_array_equal(gc.gradients_to_vector(grads), theta * 2)
    # any layer sizes, by layer_dims
    rs = np.random.RandomState(0)
    other = {"W1": rs.randn(3, 2), "b1": rs.randn(3, 1), "W2": rs.randn(1, 3), "b2": rs.randn(1, 1)}
    theta, _ = gc.dictionary_to_vector(other)
    back = gc.vector_to_dictionary(theta, (2, 3, 1))
    assert all(np.array_equal(back[k], other[k]) for k in other)
    with pytest.raises(DLRosettaError, match="need 47"):
        gc.vector_to_dictionary(theta)


def test_bad_input_is_a_clear_error():
    X, Y, parameters = inputs.gradient_check_n_test_case()
    _, cache = gc.forward_propagation_n(X, Y, parameters)
    grads = gc.backward_propagation_n(X, Y, cache)
    with pytest.raises(DLRosettaError, match="epsilon"):
        gc.gradient_check_n(parameters, grads, X, Y, epsilon=0)
    with pytest.raises(DLRosettaError, match="epsilon"):
        gc.gradient_check(2, 4, epsilon=-1e-7)
    with pytest.raises(DLRosettaError, match="gradients hold"):
        gc.gradient_check_n(parameters, {**grads, "dW1": grads["dW1"][:2]}, X, Y)
    with pytest.raises(DLRosettaError, match="W2 must be"):
        gc.gradient_check_n({**parameters, "W2": parameters["W2"].T}, grads, X, Y)
