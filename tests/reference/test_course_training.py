"""reference_numpy.course in training: the course's published trajectories, gradient checks, the wrappers against
the core, the course's label types, bad input, and the printed lines.

The real-data runs (section 5 of COURSE_FIXTURES.md) skip with the reason when the cat/non-cat files are absent;
each 2500-iteration run is marked slow and runs once per module.
"""

import contextlib
import io
import re

import course_transcriptions as course
import numpy as np
import pytest

from reference_numpy import DLRosettaError, Model, gradient_check, initialize_parameters, train
from reference_numpy import predict as core_predict
from reference_numpy.arithmetic import PRESETS
from reference_numpy.backward import L_model_backward as core_L_model_backward
from reference_numpy.course import week2, week3, week4, week4_app
from reference_numpy.course._shared import course_initialize
from reference_numpy.datasets import flatten_images
from reference_numpy.forward import L_model_forward as core_L_model_forward
from reference_numpy.initializers import COURSE_MODES

COST_LINE = re.compile(r"^Cost after iteration (\d+): (\S+)$")


def cost_lines(text):
    """[(iteration, cost)] from printed "Cost after iteration i: c" lines; every line must have that form."""
    lines = text.splitlines()
    matches = [COST_LINE.match(line) for line in lines]
    assert all(matches), f"unexpected printed lines: {[line for line, m in zip(lines, matches, strict=True) if not m]}"
    return [(int(m.group(1)), float(m.group(2))) for m in matches]


# ---- week 3: nn_model (COURSE_FIXTURES.md §3.5 nn_model_test_case, §3.6 nn_model_test) ------------------------


def _nn_model_inputs(m):
    rs = np.random.RandomState(1)
    X = rs.randn(2, m)
    Y = rs.randn(1, m) > 0
    return X, Y


def test_nn_model_test_case_v6c(capsys):
    X, Y = _nn_model_inputs(3)
    np.testing.assert_array_equal(Y, [[1, 0, 1]])
    parameters = week3.nn_model(X, Y, 4, num_iterations=10000, print_cost=True)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Cost after iteration 0: 0.692739"  # the course's "%f" line, as printed
    printed_costs = [0.692739, 0.000218, 0.000107, 0.000071, 0.000053, 0.000042, 0.000035, 0.000030, 0.000026, 0.000023]
    lines = cost_lines(out)
    assert [i for i, _ in lines] == list(range(0, 10000, 1000))
    np.testing.assert_allclose([c for _, c in lines], printed_costs, rtol=0, atol=5e-7)
    W = parameters
    np.testing.assert_allclose(
        W["W1"],
        [[-0.65848169, 1.21866811], [-0.76204273, 1.39377573], [0.5792005, -1.10397703], [0.76773391, -1.41477129]],
        rtol=0,
        atol=5e-9,
    )
    np.testing.assert_allclose(W["b1"], [[0.287592], [0.3511264], [-0.2431246], [-0.35772805]], rtol=0, atol=5e-9)
    np.testing.assert_allclose(W["W2"], [[-2.45566237, -3.27042274, 2.00784958, 3.36773273]], rtol=0, atol=5e-9)
    np.testing.assert_allclose(W["b2"], [[0.20459656]], rtol=0, atol=5e-9)


def test_nn_model_test_case_full_costs():
    # the full values at i = 0 (from the seed-2 start) and i = 9000 (the parameters after 9000 updates)
    X, Y = _nn_model_inputs(3)
    start = week3.initialize_parameters(2, 4, 1)
    np.testing.assert_allclose(
        week3.compute_cost(week3.forward_propagation(X, start)[0], Y), 0.6927392477233993, rtol=1e-12
    )
    after_9000 = week3.nn_model(X, Y, 4, num_iterations=9000)
    cost_9000 = week3.compute_cost(week3.forward_propagation(X, after_9000)[0], Y)
    np.testing.assert_allclose(cost_9000, 2.3498541401844063e-05, rtol=1e-9)  # 9000 steps of rounding: 1e-9


def test_nn_model_test_2021(capsys):
    X, Y = _nn_model_inputs(4)
    np.testing.assert_array_equal(Y, [[1, 0, 1, 0]])
    start = week3.initialize_parameters(2, 4, 1, seeding="2021")
    np.testing.assert_allclose(
        week3.compute_cost(week3.forward_propagation(X, start)[0], Y), 0.693085979039722, rtol=1e-12
    )
    parameters = week3.nn_model(X, Y, 4, num_iterations=10000, print_cost=True, seeding="2021")
    # SH's executed values; the 2021 markdown's 0.693198 / 0.000219 are stale (COURSE_FIXTURES.md §3.6)
    printed_costs = [0.693086, 0.000220, 0.000108, 0.000072, 0.000054, 0.000043, 0.000036, 0.000030, 0.000027, 0.000024]
    np.testing.assert_allclose([c for _, c in cost_lines(capsys.readouterr().out)], printed_costs, rtol=0, atol=5e-7)
    expected = {
        "W1": [
            [0.71392202, 1.31281102],
            [-0.76411243, -1.41967065],
            [-0.75040545, -1.38857337],
            [0.56495575, 1.04857776],
        ],
        "b1": [[-0.0073536], [0.01534663], [0.01262938], [0.00218135]],
        "W2": [[2.82545815, -3.3063945, -3.16116615, 1.8549574]],
        "b2": [[0.00393452]],
    }
    for key, value in expected.items():
        np.testing.assert_allclose(parameters[key], value, rtol=0, atol=5e-9, err_msg=key)


# ---- week 4 application on the real cat/non-cat data (COURSE_FIXTURES.md §5) -----------------------------------
# COURSE_FIXTURES.md states the training set accuracies (209/209 -> 0.9999999999999998 for two_layer_model,
# 0.9856459330143539 for L_layer_model). The cost trajectories and the test accuracies (0.72, 0.8) are not in it: they
# are the outputs printed by executed copies of the v8 notebook (the same in the public transcripts we read, up to the
# last one or two digits of the full values, which is why the full values are compared with rtol 1e-9).

TWO_LAYER_V8_COSTS = [
    0.693049735659989, 0.6464320953428849, 0.6325140647912678, 0.6015024920354665, 0.5601966311605748,
    0.5158304772764729, 0.4754901313943325, 0.43391631512257495, 0.4007977536203886, 0.35807050113237976,
    0.33942815383664127, 0.3052753636196264, 0.2749137728213016, 0.2468176821061484, 0.19850735037466102,
    0.1744831811255665, 0.17080762978096942, 0.11306524562164715, 0.09629426845937152, 0.0834261795972687,
    0.07439078704319087, 0.06630748132267934, 0.05919329501038172, 0.053361403485605585, 0.04855478562877019,
]  # fmt: skip
L_LAYER_V8_COSTS = [
    0.771749, 0.672053, 0.648263, 0.611507, 0.567047, 0.540138, 0.527930, 0.465477, 0.369126, 0.391747, 0.315187,
    0.272700, 0.237419, 0.199601, 0.189263, 0.161189, 0.148214, 0.137775, 0.129740, 0.121225, 0.113821, 0.107839,
    0.102855, 0.100897, 0.092878,
]  # fmt: skip


@pytest.fixture(scope="module")
def cat_data(catvnoncat_dir):
    train_x_orig, train_y, test_x_orig, test_y, _ = week4_app.load_data(catvnoncat_dir)
    return flatten_images(train_x_orig), train_y, flatten_images(test_x_orig), test_y


def _run_printing(f, *args, **kwargs):
    """(f's result, what it printed)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = f(*args, **kwargs)
    return result, buffer.getvalue()


@pytest.fixture(scope="module")
def two_layer_run(cat_data):
    """(printed costs, train accuracy line, test accuracy line, parameters, the transcription's (params, costs))."""
    train_x, train_y, test_x, test_y = cat_data
    parameters, out = _run_printing(
        week4_app.two_layer_model, train_x, train_y, (12288, 7, 1), num_iterations=2500, print_cost=True, version="v8"
    )
    _, train_line = _run_printing(week4_app.predict, train_x, train_y, parameters)
    _, test_line = _run_printing(week4_app.predict, test_x, test_y, parameters)
    transcribed = course.app_model(train_x, train_y, (12288, 7, 1), 0.0075, 2500, deep=False)
    return out, train_line, test_line, parameters, transcribed


@pytest.fixture(scope="module")
def L_layer_run(cat_data):
    """As two_layer_run, for the L-layer model [12288, 20, 7, 5, 1]."""
    train_x, train_y, test_x, test_y = cat_data
    parameters, out = _run_printing(
        week4_app.L_layer_model,
        train_x,
        train_y,
        [12288, 20, 7, 5, 1],
        num_iterations=2500,
        print_cost=True,
        version="v8",
    )
    _, train_line = _run_printing(week4_app.predict, train_x, train_y, parameters)
    _, test_line = _run_printing(week4_app.predict, test_x, test_y, parameters)
    transcribed = course.app_model(train_x, train_y, (12288, 20, 7, 5, 1), 0.0075, 2500, deep=True)
    return out, train_line, test_line, parameters, transcribed


@pytest.mark.slow
@pytest.mark.realdata
def test_two_layer_model_is_the_transcription_bit_for_bit(two_layer_run):
    out, _, _, parameters, (expected, expected_costs) = two_layer_run
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key], err_msg=key)
    # v8 prints the full value: repr round-trips, so the printed costs are the costs, to the bit
    assert [c for _, c in cost_lines(out)] == [float(c) for c in expected_costs]


@pytest.mark.slow
@pytest.mark.realdata
def test_L_layer_model_is_the_transcription_bit_for_bit(L_layer_run):
    out, _, _, parameters, (expected, expected_costs) = L_layer_run
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key], err_msg=key)
    assert out.splitlines() == [f"Cost after iteration {100 * i}: {c:f}" for i, c in enumerate(expected_costs)]


@pytest.mark.slow
@pytest.mark.realdata
def test_two_layer_model_v8_costs(two_layer_run):
    lines = cost_lines(two_layer_run[0])
    assert [i for i, _ in lines] == list(range(0, 2500, 100))
    np.testing.assert_allclose([c for _, c in lines], TWO_LAYER_V8_COSTS, rtol=1e-9)


@pytest.mark.slow
@pytest.mark.realdata
def test_two_layer_model_accuracies(two_layer_run):
    _, train_line, test_line, _, _ = two_layer_run
    assert train_line == "Accuracy: 0.9999999999999998\n"  # 209/209, divided before summing
    assert test_line.startswith("Accuracy: ")
    np.testing.assert_allclose(float(test_line.split()[1]), 0.72, rtol=1e-12)


@pytest.mark.slow
@pytest.mark.realdata
def test_L_layer_model_v8_costs(L_layer_run):
    out = L_layer_run[0]
    assert out.splitlines()[0] == "Cost after iteration 0: 0.771749"  # v8's "%f" line
    lines = cost_lines(out)
    assert [i for i, _ in lines] == list(range(0, 2500, 100))
    np.testing.assert_allclose([c for _, c in lines], L_LAYER_V8_COSTS, rtol=0, atol=5e-7)


@pytest.mark.slow
@pytest.mark.realdata
def test_L_layer_model_accuracies(L_layer_run):
    _, train_line, test_line, _, _ = L_layer_run
    assert train_line.startswith("Accuracy: ") and test_line.startswith("Accuracy: ")
    np.testing.assert_allclose(float(train_line.split()[1]), 0.9856459330143539, rtol=1e-12)  # 206/209
    np.testing.assert_allclose(float(test_line.split()[1]), 0.8, rtol=1e-12)


def _independent_first_cost(X, Y, layer_dims, scale):
    """J at iteration 0 in plain NumPy: RandomState(1), W[l] = randn(n[l], n[l-1]) * scale(n[l-1]), zero biases,
    relu hidden layers, sigmoid output, J = -1/m sum(y log a + (1 - y) log(1 - a))."""
    rs = np.random.RandomState(1)
    A = X
    for l in range(1, len(layer_dims)):
        W = rs.randn(layer_dims[l], layer_dims[l - 1]) * scale(layer_dims[l - 1])
        Z = W @ A
        A = np.maximum(Z, 0) if l < len(layer_dims) - 1 else 1 / (1 + np.exp(-Z))
    Y = Y.astype(float)
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / X.shape[1]


@pytest.mark.realdata
def test_app_2021_one_iteration(cat_data, capsys):
    # 2021: one iteration prints its (last) cost even with print_cost=False, in full, and returns the costs
    train_x, train_y, _, _ = cat_data
    _, costs = week4_app.L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1], num_iterations=1, version="2021")
    assert capsys.readouterr().out == f"Cost after iteration 0: {costs[0]}\n"
    deep = _independent_first_cost(train_x, train_y, (12288, 20, 7, 5, 1), lambda n: 1 / np.sqrt(n))
    np.testing.assert_allclose(costs[0], deep, rtol=1e-12)
    np.testing.assert_allclose(costs[0], 0.7717493284237686, rtol=1e-12)  # 2021's printed first cost
    _, costs = week4_app.two_layer_model(train_x, train_y, (12288, 7, 1), num_iterations=1, version="2021")
    capsys.readouterr()
    two = _independent_first_cost(train_x, train_y, (12288, 7, 1), lambda n: 0.01)
    np.testing.assert_allclose(costs[0], two, rtol=1e-12)
    np.testing.assert_allclose(costs[0], 0.693049735659989, rtol=1e-12)


# ---- gradient checking: the course's backward functions against central differences of the core's cost ------


def test_gradcheck_week2_propagate():
    rs = np.random.RandomState(10)
    w, b, X, Y = rs.randn(3, 1), 0.3, rs.randn(3, 6), (rs.rand(1, 6) > 0.5).astype(np.int64)
    grads, _ = week2.propagate(w, b, X, Y)
    parameters = {"W1": w.T.copy(), "b1": np.array([[b]])}
    result = gradient_check(parameters, X, Y, Model.logistic(3), {"dW1": grads["dw"].T, "db1": [[grads["db"]]]})
    assert result.passed, result.per_key


def test_gradcheck_week3_backward_propagation():
    rs = np.random.RandomState(11)
    X, Y = rs.randn(3, 7), rs.randn(1, 7) > 0
    parameters = {"W1": rs.randn(4, 3), "b1": rs.randn(4, 1), "W2": rs.randn(1, 4), "b2": rs.randn(1, 1)}
    _, cache = week3.forward_propagation(X, parameters)
    grads = week3.backward_propagation(parameters, cache, X, Y)
    result = gradient_check(parameters, X, Y, Model.shallow(3, 4), grads)
    assert result.passed, result.per_key


def test_gradcheck_week4_L_model_backward():
    rs = np.random.RandomState(12)
    dims = (5, 4, 3, 1)
    X, Y = rs.randn(5, 8), (rs.rand(1, 8) > 0.5).astype(np.uint8)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"], parameters[f"b{l}"] = rs.randn(dims[l], dims[l - 1]), rs.randn(dims[l], 1)
    AL, caches = week4.L_model_forward(X, parameters)
    grads = week4.L_model_backward(AL, Y, caches)
    result = gradient_check(parameters, X, Y, Model.deep(dims), grads)
    assert result.passed, result.per_key


# ---- the wrappers against the core -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", sorted(COURSE_MODES))
def test_course_initialize_is_the_cores_course_mode(mode):
    dims = (6, 5, 3, 1)
    mine = course_initialize(dims, mode)
    core = initialize_parameters(Model.deep(dims), method=mode)
    assert sorted(mine) == sorted(core)
    for key in core:
        np.testing.assert_array_equal(mine[key], core[key], err_msg=key)


def _random_deep(seed, dims, m):
    rs = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"], parameters[f"b{l}"] = rs.randn(dims[l], dims[l - 1]), rs.randn(dims[l], 1)
    return parameters, rs.randn(dims[0], m), (rs.rand(1, m) > 0.5).astype(np.int64)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_week4_forward_and_backward_equal_the_core(seed):
    dims = (6, 5, 4, 1)
    parameters, X, Y = _random_deep(seed, dims, 9)
    model = Model.deep(dims)
    AL, caches = week4.L_model_forward(X, parameters)
    preset = PRESETS["course-week4"]
    course_AL, cache = core_L_model_forward(X, parameters, model, preset)
    np.testing.assert_array_equal(AL, course_AL)  # the core in the week-4 preset: the same bits
    core_AL, core_cache = core_L_model_forward(X, parameters, model)
    np.testing.assert_allclose(AL, core_AL, rtol=1e-15)  # the core's own sigmoid: equal up to an ulp
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        np.testing.assert_array_equal(A_prev, cache[f"A{l - 1}"])
        np.testing.assert_array_equal(Z, cache[f"Z{l}"])
        assert W is parameters[f"W{l}"] and b is parameters[f"b{l}"]
    grads = week4.L_model_backward(AL, Y, caches)
    course_grads = core_L_model_backward(Y.astype(float), cache, parameters, model, arithmetic=preset)
    core_grads = core_L_model_backward(Y.astype(float), core_cache, parameters, model)
    # the chain form dAL * sigma'(ZL) against the core's dZ[L] = A[L] - Y: equal up to rounding
    for key in [f"d{p}{l}" for l in range(1, len(dims)) for p in ("W", "b")] + [f"dA{l}" for l in range(len(dims) - 1)]:
        np.testing.assert_array_equal(grads[key], course_grads[key], err_msg=key)
        np.testing.assert_allclose(grads[key], core_grads[key], rtol=1e-12, atol=1e-15, err_msg=key)


def test_week3_backward_is_the_courses_formula():
    # the course's own lines, written out: dZ2 = A2 - Y, dZ1 = W2^T dZ2 * (1 - A1^2), dW = 1/m * dZ A^T, db = 1/m * sum
    rs = np.random.RandomState(5)
    X, Y = rs.randn(2, 6), (rs.randn(1, 6) > 0).astype(np.uint8)
    parameters = {"W1": rs.randn(4, 2), "b1": rs.randn(4, 1), "W2": rs.randn(1, 4), "b2": rs.randn(1, 1)}
    _, cache = week3.forward_propagation(X, parameters)
    grads = week3.backward_propagation(parameters, cache, X, Y)
    m, Yf = X.shape[1], Y.astype(float)
    dZ2 = cache["A2"] - Yf
    dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - np.power(cache["A1"], 2))
    expected = {
        "dW2": 1 / m * np.dot(dZ2, cache["A1"].T),
        "db2": 1 / m * np.sum(dZ2, axis=1, keepdims=True),
        "dW1": 1 / m * np.dot(dZ1, X.T),
        "db1": 1 / m * np.sum(dZ1, axis=1, keepdims=True),
    }
    for key, value in expected.items():
        np.testing.assert_array_equal(grads[key], value, err_msg=key)


def test_week3_nn_model_is_the_cores_train():
    X, Y = week3.load_planar_dataset()
    X, Y = X[:, ::8], Y[:, ::8]  # 50 flower points
    mine = week3.nn_model(X, Y, 4, num_iterations=500)
    model = Model.shallow(2, 4)
    start = initialize_parameters(model, "course-week3")
    course, _ = train(start, X, Y, model, 1.2, 500, arithmetic=PRESETS["course-week3"])
    core, _ = train(start, X, Y, model, 1.2, 500)
    for key in core:
        np.testing.assert_array_equal(mine[key], course[key], err_msg=key)
        np.testing.assert_allclose(mine[key], core[key], rtol=1e-12, atol=1e-15, err_msg=key)
    np.testing.assert_array_equal(week3.predict(mine, X), core_predict(core, X, model).astype(bool))


def test_week2_optimize_is_the_cores_train():
    rs = np.random.RandomState(7)
    X, Y = rs.randn(5, 30), (rs.rand(1, 30) > 0.5).astype(np.int64)
    w, b = week2.initialize_with_zeros(5)
    params, _, costs = week2.optimize(w, b, X, Y, num_iterations=300, learning_rate=0.05)
    model = Model.logistic(5)
    start = initialize_parameters(model, "course-week2")
    course, course_costs = train(start, X, Y, model, 0.05, 300, arithmetic=PRESETS["course-week2"])
    np.testing.assert_array_equal(params["w"], course["W1"].T)
    np.testing.assert_array_equal(params["b"], course["b1"][0, 0])
    np.testing.assert_array_equal(costs, course_costs)
    core, core_costs = train(start, X, Y, model, 0.05, 300)
    np.testing.assert_allclose(params["w"], core["W1"].T, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(params["b"], core["b1"][0, 0], rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(costs, core_costs, rtol=1e-13)


def test_week4_app_L_layer_model_is_the_cores_train():
    rs = np.random.RandomState(8)
    X, Y = rs.rand(12, 40), (rs.rand(1, 40) > 0.5).astype(np.int64)
    dims = [12, 6, 4, 1]
    mine, costs = week4_app.L_layer_model(X, Y, dims, learning_rate=0.05, num_iterations=300, version="2021")
    model = Model.deep(dims)
    start = initialize_parameters(model, "course-app-deep")
    course, course_costs = train(start, X, Y, model, 0.05, 300, arithmetic=PRESETS["course-week4-app"])
    np.testing.assert_array_equal(costs, course_costs)
    for key in course:
        np.testing.assert_array_equal(mine[key], course[key], err_msg=key)
    core, core_costs = train(start, X, Y, model, 0.05, 300)
    np.testing.assert_allclose(costs, core_costs, rtol=1e-11)
    for key in core:
        np.testing.assert_allclose(mine[key], core[key], rtol=1e-10, atol=1e-14, err_msg=key)


# ---- the course's label types: bool, uint8, int64 and float64 give the same numbers -----------------------------


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int64, np.float64])
def test_label_dtypes(dtype):
    X, Y = week3.load_planar_dataset()  # Y is uint8, as the course loads it
    X, Y = X[:, ::10], Y[:, ::10].astype(dtype)
    reference = week3.nn_model(X, Y.astype(np.float64), 4, num_iterations=50)
    mine = week3.nn_model(X, Y, 4, num_iterations=50)
    for key in reference:
        np.testing.assert_array_equal(mine[key], reference[key], err_msg=key)
    A2 = week3.forward_propagation(X, mine)[0]
    assert week3.compute_cost(A2, Y) == week3.compute_cost(A2, Y.astype(np.float64))
    assert week4.compute_cost(A2, Y) == week4.compute_cost(A2, Y.astype(np.float64))


# ---- bad input: DLRosettaError at the entry points ---------------------------------------------------------------


def test_bad_input_raises():
    rs = np.random.RandomState(0)
    X, Y = rs.randn(2, 5), np.array([[1, 0, 1, 0, 1]])
    w = np.zeros((2, 1))
    cases = [
        (week3.nn_model, (X, Y[0, :4], 4), "rank-1"),  # rank-1 labels of the wrong length
        (week3.nn_model, (X[0], Y, 4), "rank-1"),  # rank-1 X
        (week3.nn_model, (X, Y[:, :4], 4), "shape"),  # m mismatch
        (week3.nn_model, (X, Y + 1, 4), "0 or 1"),  # labels not 0/1
        (week2.optimize, (w[:, 0], 0, X, Y), "2-D"),  # rank-1 w
        (week2.optimize, (np.zeros((3, 1)), 0, X, Y), "rows"),  # w and X disagree on n_x
        (week2.optimize, (w, 0, X, Y[0, 1:]), "rank-1"),
        (week2.model, (X, Y, X, Y[:, :3]), "shape"),
        (week4_app.L_layer_model, (X, Y[0, :4], [2, 3, 1]), "rank-1"),  # rank-1 of the wrong length
        (week4_app.two_layer_model, (X, Y, (3, 4, 1)), "rows"),
    ]
    for f, args, words in cases:
        with pytest.raises(DLRosettaError, match=words):
            f(*args)
    with pytest.raises(DLRosettaError, match="seeding"):
        week3.initialize_parameters(2, 4, 1, seeding="v7")
    with pytest.raises(DLRosettaError, match="version"):
        week4_app.L_layer_model(X, Y, [2, 3, 1], version="v9")
    with pytest.raises(DLRosettaError, match="version"):
        week2.model(X, Y, X, Y, version="v7")


# ---- printed lines --------------------------------------------------------------------------------------------------


def test_week2_printed_lines(capsys):
    w, b, X, Y = np.array([[1.0], [2.0]]), 2, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    week2.optimize(w, b, X, Y, num_iterations=101, learning_rate=0.1, print_cost=True)
    assert capsys.readouterr().out == "Cost after iteration 0: 5.801545\nCost after iteration 100: 0.310571\n"
    week2.model(X, Y, X, Y, num_iterations=10)  # v6a prints the accuracies without print_cost
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == ["train accuracy", "test accuracy"]
    week2.model(X, Y, X, Y, num_iterations=10, version="2021")  # 2021 does not
    assert capsys.readouterr().out == ""


def test_week4_app_printed_lines_and_returns(capsys):
    rs = np.random.RandomState(3)
    X, Y = rs.rand(6, 10), (rs.rand(1, 10) > 0.5).astype(np.int64)
    p = week4_app.L_layer_model(X, Y, [6, 3, 1], num_iterations=150, print_cost=True, version="v8")
    assert isinstance(p, dict) and sorted(p) == ["W1", "W2", "b1", "b2"]
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Cost after iteration 0", "Cost after iteration 100"]
    assert all(re.fullmatch(r"Cost after iteration \d+: \d\.\d{6}", line) for line in lines)  # v8 L_layer: "%f"
    p = week4_app.two_layer_model(X, Y, (6, 3, 1), num_iterations=150, print_cost=True, version="v8")
    assert isinstance(p, dict)
    lines = capsys.readouterr().out.splitlines()
    costs_v8 = [c for _, c in cost_lines("\n".join(lines))]
    assert all(len(line.split(": ")[1]) > 10 for line in lines)  # v8 two_layer: the full value
    p, costs = week4_app.two_layer_model(X, Y, (6, 3, 1), num_iterations=150, print_cost=True, version="2021")
    lines = cost_lines(capsys.readouterr().out)
    assert [i for i, _ in lines] == [0, 100, 149]  # 2021 adds the last iteration
    assert [c for _, c in lines[:2]] == [float(c) for c in costs] == costs_v8  # same numbers as v8, printed in full
    _, costs = week4_app.L_layer_model(X, Y, [6, 3, 1], num_iterations=150, version="2021")
    assert [i for i, _ in cost_lines(capsys.readouterr().out)] == [149]  # without print_cost: the last one only
    assert len(costs) == 2
