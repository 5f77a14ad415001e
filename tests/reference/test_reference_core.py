"""The NumPy reference's own numerics: activations, the cost at saturation, dtypes, gradient checking."""

import warnings

import numpy as np
import pytest

from reference_numpy import (
    Model,
    compute_cost,
    gradient_check,
    gradients,
    initialize_parameters,
    predict,
    train,
)
from reference_numpy.activations import ACTIVATIONS, get_activation, sigmoid
from reference_numpy.cost import softplus
from reference_numpy.forward import L_model_forward
from reference_numpy.initializers import COURSE_MODES, METHODS

# ---- activations ------------------------------------------------------------------------------------------


def test_sigmoid_has_no_overflow_warning_and_saturates_exactly():
    Z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        S = sigmoid(Z)
    assert S[0] == 0.0 and S[-1] == 1.0 and S[2] == 0.5
    np.testing.assert_allclose(S[1], np.exp(-40.0) / (1 + np.exp(-40.0)), rtol=1e-15)


def test_sigmoid_is_the_course_formula_bit_for_bit_for_z_at_least_0():
    Z = np.linspace(0, 30, 301)
    assert np.array_equal(sigmoid(Z), 1 / (1 + np.exp(-Z)))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    g, g_prime = get_activation(name, leaky_slope=0.2)
    Z = np.linspace(-3, 3, 61)
    Z = Z[np.abs(Z) > 1e-3]  # away from the kink of relu / leaky relu
    h = 1e-6
    numeric = (g(Z + h) - g(Z - h)) / (2 * h)
    np.testing.assert_allclose(g_prime(Z), numeric, rtol=1e-7, atol=1e-9)


def test_relu_derivative_is_0_at_exactly_0_and_leaky_uses_the_left_slope():
    Z = np.array([[-1.0, 0.0, 1.0]])
    assert get_activation("relu")[1](Z).tolist() == [[0.0, 0.0, 1.0]]
    assert get_activation("leaky_relu", 0.2)[1](Z).tolist() == [[0.2, 0.2, 1.0]]
    assert get_activation("leaky_relu")[0](np.array([-2.0])).tolist() == [-0.02]  # default slope 0.01


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_keep_the_dtype(name, dtype):
    g, g_prime = get_activation(name)
    Z = np.linspace(-2, 2, 7, dtype=dtype).reshape(1, -1)
    assert g(Z).dtype == dtype and g_prime(Z).dtype == dtype


# ---- the cost ---------------------------------------------------------------------------------------------


def course_cost(AL, Y):
    """The course's formula, written independently."""
    m = Y.shape[1]
    return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m


def test_cost_is_the_course_formula_to_the_bit_where_that_is_finite():
    rs = np.random.RandomState(0)
    Z = rs.randn(1, 500) * 10
    AL, Y = sigmoid(Z), (rs.rand(1, 500) > 0.5).astype(float)
    assert np.all((AL > 0) & (AL < 1))
    assert compute_cost(AL, Y) == course_cost(AL, Y)
    assert compute_cost(AL, Y, Z) == course_cost(AL, Y)


def test_saturated_terms_come_from_the_logit_exactly():
    Z = np.array([[40.0, 40.0, -800.0, -800.0]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    AL = sigmoid(Z)
    assert AL.tolist() == [[1.0, 1.0, 0.0, 0.0]]
    # exact per-example losses: softplus(-z) for y = 1, softplus(z) for y = 0
    exact = (softplus(-40.0) + 40.0 + 0.0 + 800.0) / 4
    np.testing.assert_allclose(compute_cost(AL, Y, Z), exact, rtol=1e-15)


def test_cost_without_logits_stays_finite_at_saturation():
    AL = np.array([[1.0, 0.0, 1.0, 0.0]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J = compute_cost(AL, Y)
    # right answers cost 0; wrong ones cost -log of the nearest representable number inside (0, 1)
    expected = (-np.log(np.nextafter(0.0, 1.0)) - np.log(1 - np.nextafter(1.0, 0.0))) / 4
    assert np.isfinite(J) and J == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cost_keeps_the_dtype(dtype):
    AL = np.array([[0.8, 0.9, 0.4]], dtype=dtype)
    Y = np.array([[1, 1, 0]], dtype=dtype)
    assert compute_cost(AL, Y).dtype == dtype


# ---- dtypes through a whole model -------------------------------------------------------------------------


def _small_problem(model, dtype, seed=0, m=9, method="he"):
    rs = np.random.RandomState(seed)
    X = rs.randn(model.n_x, m).astype(dtype)
    Y = (rs.rand(1, m) > 0.5).astype(dtype)
    return initialize_parameters(model, method, seed=seed, dtype=dtype), X, Y


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float32_is_never_upcast(dtype):
    model = Model((4, 5, 3, 1), ("tanh", "leaky_relu", "sigmoid"))
    params, X, Y = _small_problem(model, dtype)
    _, cache = L_model_forward(X, params, model)
    grads = gradients(params, X, Y, model)
    new_params, costs = train(params, X, Y, model, 0.1, 5, 2)
    for name, array in [*cache.items(), *grads.items(), *new_params.items(), ("costs", costs)]:
        assert array.dtype == dtype, f"{name} is {array.dtype}"


def test_training_records_the_cost_before_each_recorded_update():
    model = Model.deep((3, 4, 1))
    params, X, Y = _small_problem(model, np.float64)
    _, costs = train(params, X, Y, model, 0.5, 7, 3)  # records at 0, 3, 6
    assert costs.shape == (3,)
    p = params
    for i in range(7):
        AL, cache = L_model_forward(X, p, model)
        if i % 3 == 0:
            assert costs[i // 3] == compute_cost(AL, Y, cache["Z2"])
        p, _ = train(p, X, Y, model, 0.5, 1, 1)


def test_predict_thresholds_strictly_above_one_half():
    model = Model.logistic(1)
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-1.0, 0.0, 1e-12, 1.0]])  # A = 0.27, 0.5 exactly, just above, 0.73
    assert predict(params, X, model).tolist() == [[0, 0, 1, 1]]


# ---- gradient checking ------------------------------------------------------------------------------------

MODELS = {
    "logistic": Model.logistic(4),
    "shallow-tanh": Model.shallow(4, 5),
    "shallow-relu": Model.shallow(4, 5, hidden="relu"),
    "deep-relu": Model.deep((4, 5, 3, 1)),
    "deep-leaky": Model.deep((4, 5, 3, 1), hidden="leaky_relu"),
    "deep-sigmoid": Model.deep((4, 5, 3, 1), hidden="sigmoid"),
    "deep-identity": Model.deep((4, 5, 3, 1), hidden="identity"),
    "mixed": Model((4, 5, 4, 3, 1), ("tanh", "relu", "sigmoid", "sigmoid")),
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_backward_passes_the_course_gradient_check(name):
    model = MODELS[name]
    # xavier keeps |Z[L]| moderate: with eps = 1e-7 the check's own rounding floor grows with |Z[L]| (gradcheck.py)
    params, X, Y = _small_problem(model, np.float64, seed=3, method="xavier")
    result = gradient_check(params, X, Y, model, gradients(params, X, Y, model))
    assert result.passed, f"difference {result.difference:.3g}, worst {result.worst_key}: {result.per_key}"
    assert result.difference < 1e-7


def test_gradient_check_catches_a_wrong_gradient_and_names_the_tensor():
    model = MODELS["deep-relu"]
    params, X, Y = _small_problem(model, np.float64, seed=3)
    grads = gradients(params, X, Y, model)
    grads["db2"] = grads["db2"] * 1.5
    result = gradient_check(params, X, Y, model, grads)
    assert not result.passed and result.worst_key == "db2"


def test_gradient_check_can_sample_a_large_tensor():
    model = Model.deep((300, 4, 1))
    params, X, Y = _small_problem(model, np.float64, seed=4)
    result = gradient_check(params, X, Y, model, gradients(params, X, Y, model), max_entries_per_tensor=20)
    assert result.checked["dW1"].size == 20 and result.checked["db1"].size == 4
    assert result.passed


def test_gradient_check_of_float32_gradients_runs_in_float64():
    model = MODELS["shallow-tanh"]
    params, X, Y = _small_problem(model, np.float32, seed=5)
    result = gradient_check(params, X, Y, model, gradients(params, X, Y, model))
    assert result.difference < 1e-5  # float32 gradients: their own rounding, not the check's


# ---- initializers -----------------------------------------------------------------------------------------


def test_initializers_never_touch_the_global_rng():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    for method in METHODS:
        initialize_parameters(Model.deep((5, 4, 3, 1)), method)
    assert np.array_equal(np.random.get_state()[1], before)


def test_course_modes_draw_the_course_stream():
    """Each course mode is RandomState(seed).randn in layer order, W1 first, scaled as the course scales."""
    model = Model.deep((5, 4, 3, 1))
    for method, (scheme, seed) in COURSE_MODES.items():
        params = initialize_parameters(model, method)
        if scheme == "zeros":
            assert all(not v.any() for v in params.values())
            continue
        rs = np.random.RandomState(seed)
        for l, (n, n_prev) in enumerate([(4, 5), (3, 4), (1, 3)], start=1):
            draw = rs.randn(n, n_prev)
            scale = {"scaled_normal": draw * 0.01, "random_x10": draw * 10, "he": draw * np.sqrt(2 / n_prev)}
            expected = scale.get(scheme, draw / np.sqrt(n_prev))  # xavier: the course's randn / sqrt(n[l-1])
            assert np.array_equal(params[f"W{l}"], expected), (method, l)
            assert not params[f"b{l}"].any() and params[f"b{l}"].shape == (n, 1)


def test_he_and_xavier_scales():
    model = Model.deep((400, 300, 1))
    W_he = initialize_parameters(model, "he", seed=0)["W1"]
    W_xavier = initialize_parameters(model, "xavier", seed=0)["W1"]
    assert W_he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert W_xavier.std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)


def test_float32_initialization_is_the_rounded_float64_draw():
    model = Model.deep((5, 4, 1))
    p64 = initialize_parameters(model, "he", seed=2)
    p32 = initialize_parameters(model, "he", seed=2, dtype="float32")
    assert all(p32[k].dtype == np.float32 and np.array_equal(p32[k], p64[k].astype(np.float32)) for k in p64)
