"""reference_numpy.course.c2w1_initialization against COURSE2_FIXTURES.md sections 0.4 and 1: the circles data
(and scikit-learn's make_circles where installed), the published initial weights and iteration-0 costs, and the
training run bitwise equal to a plain transcription of the course's code (c2w1_transcription.py).

The course's full 15000-iteration runs take a few seconds each: they run with DLROSETTA_FULL_COURSE2=1.
"""

import hashlib
import os
import re

import c2w1_transcription as course
import numpy as np
import pytest

from reference_numpy.course import c2w1_initialization as c2w1
from reference_numpy.errors import DLRosettaError

FULL = os.environ.get("DLROSETTA_FULL_COURSE2") == "1"
needs_full = pytest.mark.skipif(
    not FULL, reason="the course's full-length runs (15000 iterations) run with DLROSETTA_FULL_COURSE2=1"
)
COST_LINE = re.compile(r"^Cost after iteration (\d+): (\S+)$")
ULPS = 4 * np.finfo(np.float64).eps  # sin and cos may differ by an ulp on another CPU; the points are O(1)


def printed_costs(text):
    lines = text.splitlines()
    matches = [COST_LINE.match(line) for line in lines]
    assert all(matches), f"unexpected lines: {lines}"
    return [(int(m.group(1)), float(m.group(2))) for m in matches]


@pytest.fixture(scope="module")
def circles():
    return c2w1.load_dataset()


# ---- the data ---------------------------------------------------------------------------------------------------


def test_load_dataset_matches_the_published_fingerprints(circles):
    train_X, train_Y, test_X, test_Y = circles
    assert train_X.shape == (2, 300) and test_X.shape == (2, 100) and train_X.dtype == np.float64
    assert train_Y.shape == (1, 300) and test_Y.shape == (1, 100) and train_Y.dtype == np.int64
    assert train_Y.sum() == 150 and test_Y.sum() == 50
    np.testing.assert_allclose(
        train_X[:, :3],
        [[-0.07741354010048114, 0.43186959584803564, 0.07916502322979652],
         [0.8526022642742742, -0.8721450395952108, 0.8406610985900007]],
        rtol=0, atol=ULPS,
    )  # fmt: skip
    np.testing.assert_allclose(
        test_X[:, :3],
        [[-0.5242373850862546, -0.8508922630636758, 0.5540839520797971],
         [-0.6091036148461817, -0.5214512721012066, 0.4871108447794652]],
        rtol=0, atol=ULPS,
    )  # fmt: skip
    np.testing.assert_allclose([train_X.sum(), test_X.sum()], [0.1031805899981, -0.4182530706608], atol=1e-12)
    label_bytes = np.ascontiguousarray(train_Y, dtype=np.int64).tobytes()
    assert hashlib.sha256(label_bytes).hexdigest() == "4a83760f5a2724d6798fcbb1dd8662d4aeb0836e4c9acd7e4f787acaafea0b1e"


def test_load_dataset_is_scikit_learns_make_circles(circles):
    datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed: nothing to compare with")
    state = np.random.get_state()
    try:
        np.random.seed(1)  # the course's own calls, on the global stream
        X, y = datasets.make_circles(n_samples=300, noise=0.05)
        np.random.seed(2)
        X_test, y_test = datasets.make_circles(n_samples=100, noise=0.05)
    finally:
        np.random.set_state(state)
    train_X, train_Y, test_X, test_Y = circles
    np.testing.assert_array_equal(train_Y, y.reshape(1, -1))
    np.testing.assert_array_equal(test_Y, y_test.reshape(1, -1))
    np.testing.assert_allclose(train_X, X.T, rtol=0, atol=ULPS)
    np.testing.assert_allclose(test_X, X_test.T, rtol=0, atol=ULPS)


# ---- initialization (section 1.4) -------------------------------------------------------------------------------


def test_initialize_parameters_zeros():
    p = c2w1.initialize_parameters_zeros([3, 2, 1])
    assert {k: v.shape for k, v in p.items()} == {"W1": (2, 3), "b1": (2, 1), "W2": (1, 2), "b2": (1, 1)}
    assert all(not v.any() for v in p.values())


def test_initialize_parameters_random():
    p = c2w1.initialize_parameters_random([3, 2, 1])
    np.testing.assert_allclose(
        p["W1"],
        [[17.886284734303185, 4.365098505119894, 0.9649746807200863],
         [-18.634927033644907, -2.7738820251439904, -3.5475897926898674]],
        rtol=1e-12,
    )  # fmt: skip
    np.testing.assert_allclose(p["W2"], [[-0.8274148148245977, -6.270006768238473]], rtol=1e-12)
    assert not p["b1"].any() and p["b2"].shape == (1, 1) and not p["b2"].any()


def test_initialize_parameters_he():
    p = c2w1.initialize_parameters_he([2, 4, 1])
    np.testing.assert_allclose(p["W1"][0], [1.7886284734303186, 0.43650985051198943], rtol=1e-12)
    np.testing.assert_allclose(
        p["W1"],
        [[1.78862847, 0.43650985], [0.09649747, -1.8634927], [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]],
        rtol=0, atol=5e-9,
    )  # fmt: skip
    np.testing.assert_allclose(
        p["W2"], [[-0.030984124422056857, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]], rtol=1e-12
    )
    assert p["b1"].shape == (4, 1) and not p["b1"].any() and p["b2"].shape == (1, 1)
    p = c2w1.initialize_parameters_he([3, 1, 2])  # the 2021 public test
    np.testing.assert_allclose(p["W1"], [[1.4604090331058333, 0.35640880048431217, 0.07878985274897744]], rtol=1e-12)
    np.testing.assert_allclose(p["W2"], [[-2.635376654481366], [-0.3922861580381578]], rtol=1e-12)


# ---- training ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "initialization, first_cost",
    [("he", 0.8830537463419761), ("zeros", 0.6931471805599453), ("random", float("inf"))],
)
def test_model_prints_the_published_first_cost_and_is_the_course_bit_for_bit(
    circles, capsys, initialization, first_cost
):
    train_X, train_Y, _, _ = circles
    iterations = 1001  # two printed lines; the random x10 run is chaotic, still bitwise the course's
    parameters = c2w1.model(train_X, train_Y, num_iterations=iterations, initialization=initialization)
    lines = printed_costs(capsys.readouterr().out)
    assert [i for i, _ in lines] == [0, 1000]
    assert lines[0][1] == first_cost  # the full repr, printed as the course prints it
    expected, costs = course.initialization_model(train_X, train_Y, 0.01, iterations, initialization)
    assert [c for _, c in lines] == [costs[0], costs[1000]]
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key], err_msg=key)


def test_predict_prints_the_accuracy_and_returns_int_predictions(circles, capsys):
    train_X, train_Y, _, _ = circles
    parameters = c2w1.initialize_parameters_he([2, 10, 5, 1])
    p = c2w1.predict(train_X, train_Y, parameters)
    assert p.dtype == np.int64 and p.shape == (1, 300)
    a3, _ = course.forward(train_X, parameters)
    np.testing.assert_array_equal(p, (a3 > 0.5).astype(int))
    assert capsys.readouterr().out == f"Accuracy: {np.mean(p[0] == train_Y[0])}\n"


def test_bad_input_is_a_clear_error(circles):
    train_X, train_Y, _, _ = circles
    with pytest.raises(DLRosettaError, match="initialization must be one of"):
        c2w1.model(train_X, train_Y, num_iterations=1, initialization="xavier")
    with pytest.raises(DLRosettaError, match=r"Y must be a NumPy array of shape \(1, 300\)"):
        c2w1.model(train_X, train_Y[0], num_iterations=1)
    with pytest.raises(DLRosettaError, match="learning_rate must be a finite number > 0"):
        c2w1.model(train_X, train_Y, learning_rate=-0.01, num_iterations=1)
    with pytest.raises(DLRosettaError, match="num_iterations must be an integer"):
        c2w1.model(train_X, train_Y, num_iterations=1.5)
    with pytest.raises(DLRosettaError, match="layers_dims"):
        c2w1.initialize_parameters_he([2, 0, 1])
    with pytest.raises(DLRosettaError, match="W1 must be"):
        c2w1.predict(train_X[:1], train_Y, c2w1.initialize_parameters_he([2, 10, 5, 1]))


@needs_full
@pytest.mark.parametrize(
    "initialization, cost_14000, train_accuracy, test_accuracy",
    [("he", 0.07357895962677366, 0.9933333333333333, 0.96), ("zeros", 0.6931471805599453, 0.5, 0.5)],
)
def test_full_length_run_ends_where_the_course_ends(circles, capsys, initialization, cost_14000, train_accuracy,
                                                    test_accuracy):  # fmt: skip
    train_X, train_Y, test_X, test_Y = circles
    parameters = c2w1.model(train_X, train_Y, initialization=initialization)
    lines = printed_costs(capsys.readouterr().out)
    assert lines[-1][0] == 14000
    np.testing.assert_allclose(lines[-1][1], cost_14000, rtol=1e-12)  # executions differ in the last digit
    c2w1.predict(train_X, train_Y, parameters)
    c2w1.predict(test_X, test_Y, parameters)
    assert capsys.readouterr().out == f"Accuracy: {train_accuracy}\nAccuracy: {test_accuracy}\n"
