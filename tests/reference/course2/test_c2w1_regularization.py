"""reference_numpy.course.c2w1_regularization against COURSE2_FIXTURES.md sections 0.4 and 2: data.mat, the
published unit-test values (L2 cost and backward, dropout forward and backward), the iteration-0 costs, and the
training runs bitwise equal to a plain transcription of the course's code (c2w1_transcription.py).

data.mat is the course's file, never committed: tests that need it skip where it is absent. The full 30000-iteration
runs take several seconds each: they run with DLROSETTA_FULL_COURSE2=1.
"""

import os
import re
import shutil
from pathlib import Path

import c2w1_transcription as course
import numpy as np
import pytest
import scipy.io

from reference_numpy.course import c2w1_regularization as reg
from reference_numpy.course import c2w1_test_inputs as inputs
from reference_numpy.datasets import DATA_ENV
from reference_numpy.errors import DLRosettaError

REPO = Path(__file__).resolve().parents[3]
_WHERE = [Path(os.environ[DATA_ENV])] if os.environ.get(DATA_ENV) else [REPO / "datasets"]
_WHERE.append(REPO.parent / "shared" / "data" / "course2")
DATA = next((folder for folder in _WHERE if (folder / "data.mat").is_file()), None)
needs_data = pytest.mark.skipif(
    DATA is None, reason=f"the course's data.mat is not in {' or '.join(map(str, _WHERE))} (set {DATA_ENV})"
)
FULL = os.environ.get("DLROSETTA_FULL_COURSE2") == "1"
needs_full = pytest.mark.skipif(
    not FULL, reason="the course's full-length runs (30000 iterations) run with DLROSETTA_FULL_COURSE2=1"
)
COST_LINE = re.compile(r"^Cost after iteration (\d+): (\S+)$")
PRINTED = 5e-9  # 8-decimal prints


def printed_costs(text):
    lines = text.splitlines()
    matches = [COST_LINE.match(line) for line in lines]
    assert all(matches), f"unexpected lines: {lines}"
    return [(int(m.group(1)), float(m.group(2))) for m in matches]


# ---- unit tests (section 2.3) -----------------------------------------------------------------------------------


def test_compute_cost_with_regularization():
    A3, Y, parameters = inputs.compute_cost_with_regularization_test_case()
    cost = reg.compute_cost_with_regularization(A3, Y, parameters, lambd=0.1)
    np.testing.assert_allclose(cost, 1.7864859451590758, rtol=1e-12)
    np.testing.assert_allclose(reg.compute_cost(A3, Y), 1.6025016047573226, rtol=1e-12)


def test_backward_propagation_with_regularization():
    X, Y, cache = inputs.backward_propagation_with_regularization_test_case()
    g = reg.backward_propagation_with_regularization(X, Y, cache, lambd=0.7)
    assert list(g) == ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    full = {"dW1": [-0.256046458322723, 0.12298826917130953, -0.28297128714635694],
            "dW3": [-1.7769134720430086, -0.11832878959999998, -0.09397445819999999]}  # fmt: skip
    np.testing.assert_allclose(g["dW1"][0], full["dW1"], rtol=1e-12)
    np.testing.assert_allclose(g["dW3"][0], full["dW3"], rtol=1e-12)
    np.testing.assert_allclose(g["db1"], [[0.11845855025442492], [0.21236873996445949]], rtol=1e-12)
    expected = {
        "dW1": [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]],
        "dW2": [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]],
        "dZ3": [[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]],
        "db3": [[-0.38032981]],
        "dA2": [[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836],
                [0.50135568, 0.83143484, -0.14134288, 0.7596868, -0.34384996],
                [0.39816708, 0.66030962, -0.11225181, 0.6033287, -0.27307905]],
        "db2": [[0.26135226], [0], [0]],
        "dA1": [[0.2048239, 0.33967447, -0.05774423, 0.31036252, -0.14047649],
                [0.3672018, 0.60895764, -0.10352203, 0.5564081, -0.25184181]],
        "dZ1": [[0, 0.33967447, -0.05774423, 0.31036252, 0], [0, 0.60895764, -0.10352203, 0.5564081, 0]],
    }  # fmt: skip
    for key, value in expected.items():
        np.testing.assert_allclose(g[key], value, rtol=0, atol=PRINTED, err_msg=key)
    np.testing.assert_allclose(g["dZ2"], np.vstack([g["dA2"][:1], np.zeros((2, 5))]), rtol=0, atol=0)


def test_forward_propagation_with_dropout_pins_the_mask_draws():
    X, parameters = inputs.forward_propagation_with_dropout_test_case()
    A3, cache = reg.forward_propagation_with_dropout(X, parameters, keep_prob=0.7)
    np.testing.assert_allclose(
        A3,
        [[0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705, 0.36974720617815354]],
        rtol=1e-12,
    )  # fmt: skip
    Z1, D1, A1, _, _, Z2, D2, A2, _, _, Z3, _, _, _ = cache
    np.testing.assert_array_equal(D1, [[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]])
    np.testing.assert_array_equal(D2, [[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]])
    np.testing.assert_allclose(
        A1, [[0, 0, 3.05706487, 3.72429505, 0], [0, 5.94299915, 1.1293003, 2.09276446, 0]], rtol=0, atol=PRINTED
    )
    np.testing.assert_allclose(
        Z2,
        [[0.53035547, 5.88414161, 3.08385015, 4.28707196, 0.53035547],
         [-0.69166075, -1.42199726, -2.92064114, -3.49524533, -0.69166075],
         [-0.39675353, -1.98881216, -3.55998747, -4.44246165, -0.39675353]],
        rtol=0, atol=PRINTED,
    )  # fmt: skip
    np.testing.assert_allclose(A2[0], [0.75765067, 8.40591658, 4.40550021, 0, 0.75765067], rtol=0, atol=PRINTED)
    np.testing.assert_allclose(Z3, [[-0.53330145, -5.78898099, -3.04000407, -0.0126646, -0.53330145]], atol=PRINTED)
    # every call reseeds: the same masks again, and the global RNG is not touched
    state = np.random.get_state()[1].copy()
    assert np.array_equal(reg.forward_propagation_with_dropout(X, parameters, 0.7)[1][1], D1)
    assert np.array_equal(np.random.get_state()[1], state)


def test_backward_propagation_with_dropout():
    X, Y, cache = inputs.backward_propagation_with_dropout_test_case()
    g = reg.backward_propagation_with_dropout(X, Y, cache, keep_prob=0.8)
    expected = {
        "dA1": [[0.36544439, 0, -0.00188233, 0, -0.17408748], [0.65515713, 0, -0.00337459, 0, 0]],
        "dA2": [[0.58180856, 0, -0.00299679, 0, -0.27715731], [0, 0.53159854, 0, 0.53159854, -0.34089673],
                [0, 0, -0.00292733, 0, 0]],
        "dZ3": [[-0.67733606, -0.50316611, 0.00348883, -0.50316611, 0.32266394]],
        "dW3": [[-0.06951191, 0, 0]],
        "db3": [[-0.2715031]],
        "dW2": [[-0.00256518, -0.0009476], [0, 0], [0, 0]],
        "db2": [[0.06033089], [0], [0]],
        "dZ1": [[0, 0, -0.00188233, 0, 0], [0, 0, -0.00337459, 0, 0]],
        "dW1": [[0.00019884, 0.00028657, 0.00012138], [0.00035647, 0.00051375, 0.00021761]],
        "db1": [[-0.00037647], [-0.00067492]],
    }  # fmt: skip
    for key, value in expected.items():
        np.testing.assert_allclose(g[key], value, rtol=0, atol=PRINTED, err_msg=key)
    np.testing.assert_allclose(g["dZ2"], np.vstack([g["dA2"][:1], np.zeros((2, 5))]), rtol=0, atol=0)


# ---- data and training (sections 2.1, 2.2) ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    if DATA is None:
        pytest.skip(f"the course's data.mat is not in {' or '.join(map(str, _WHERE))} (set {DATA_ENV})")
    return reg.load_2D_dataset(DATA)


def test_load_2D_dataset(data):
    train_X, train_Y, test_X, test_Y = data
    assert (train_X.shape, train_Y.shape, test_X.shape, test_Y.shape) == ((2, 211), (1, 211), (2, 200), (1, 200))
    assert train_Y.dtype == np.uint8 and test_Y.dtype == np.uint8
    assert train_Y.sum() == 106 and test_Y.sum() == 87
    np.testing.assert_allclose(train_X[:, :3].T, [[-0.158986, 0.423977], [-0.347926, 0.47076], [-0.504608, 0.353801]])
    np.testing.assert_allclose(test_X[:, 0], [-0.35306235, -0.67390181])


@pytest.mark.parametrize(
    "kwargs, first_cost",
    [({}, 0.6557412523481002), ({"lambd": 0.7}, 0.6974484493131264), ({"keep_prob": 0.86}, 0.6543912405149825)],
)
def test_model_prints_the_published_first_cost_and_is_the_course_bit_for_bit(data, capsys, kwargs, first_cost):
    train_X, train_Y, _, _ = data
    iterations = 300
    parameters = reg.model(train_X, train_Y, num_iterations=iterations, **kwargs)
    lines = printed_costs(capsys.readouterr().out)
    assert lines == [(0, first_cost)]  # the full repr, as the course prints it
    expected, costs = course.regularization_model(train_X, train_Y, 0.3, iterations, **kwargs)
    assert costs[0] == first_cost
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key], err_msg=key)


@pytest.mark.parametrize("kwargs", [{}, {"lambd": 0.7}, {"keep_prob": 0.86}])
def test_model_matches_the_transcription_on_generated_data(kwargs):
    """Without data.mat: the same comparison on data of data.mat's shapes (uint8 labels)."""
    rs = np.random.RandomState(7)
    X = rs.randn(2, 211) * 0.4
    Y = (X[0:1] * X[1:2] > 0).astype(np.uint8)
    parameters = reg.model(X, Y, num_iterations=200, print_cost=False, **kwargs)
    expected, _ = course.regularization_model(X, Y, 0.3, 200, **kwargs)
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key], err_msg=key)


def test_bad_input_is_a_clear_error(tmp_path):
    X, Y = np.zeros((2, 4)), np.zeros((1, 4), dtype=np.uint8)
    for keep_prob in (0, 1.5, -0.2, "0.5"):
        with pytest.raises(DLRosettaError, match=r"keep_prob must be a number in \(0, 1\]"):
            reg.model(X, Y, num_iterations=1, keep_prob=keep_prob)
    with pytest.raises(DLRosettaError, match="lambd must be a number >= 0"):
        reg.model(X, Y, num_iterations=1, lambd=-0.1)
    with pytest.raises(DLRosettaError, match="not both"):
        reg.model(X, Y, num_iterations=1, lambd=0.7, keep_prob=0.86)
    with pytest.raises(DLRosettaError, match="keep_prob"):
        reg.forward_propagation_with_dropout(X, reg.initialize_parameters([2, 20, 3, 1]), keep_prob=0)
    with pytest.raises(DLRosettaError, match="lambd"):
        reg.compute_cost_with_regularization(np.full((1, 4), 0.5), Y, reg.initialize_parameters([2, 20, 3, 1]), -1)


def test_a_missing_truncated_or_incomplete_data_mat_is_a_clear_error(tmp_path):
    with pytest.raises(DLRosettaError, match=r"data\.mat: file not found"):
        reg.load_2D_dataset(tmp_path)
    scipy.io.savemat(tmp_path / "data.mat", {"X": np.zeros((3, 2)), "y": np.zeros((3, 1), dtype=np.uint8)})
    with pytest.raises(DLRosettaError, match="missing key 'Xval'"):
        reg.load_2D_dataset(tmp_path)
    full = tmp_path / "full"
    full.mkdir()
    if DATA is not None:
        shutil.copy(DATA / "data.mat", full / "data.mat")
    else:
        arrays = {"X": np.zeros((3, 2)), "y": np.zeros((3, 1), dtype=np.uint8),
                  "Xval": np.zeros((2, 2)), "yval": np.zeros((2, 1), dtype=np.uint8)}  # fmt: skip
        scipy.io.savemat(full / "data.mat", arrays)
    data = (full / "data.mat").read_bytes()
    (full / "data.mat").write_bytes(data[: len(data) // 2])
    with pytest.raises(DLRosettaError, match="cannot be read as a MAT-file"):
        reg.load_2D_dataset(full)
    (full / "data.mat").write_bytes(b"not a mat file at all")
    with pytest.raises(DLRosettaError, match=r"data\.mat"):
        reg.load_2D_dataset(full)


@needs_full
@needs_data
@pytest.mark.parametrize(
    "kwargs, costs, accuracies",
    [
        ({}, [0.6557412523481002, 0.16329987525724216, 0.13851642423255986], ("0.9478672985781991", "0.915")),
        ({"lambd": 0.7}, [0.6974484493131264, 0.2684918873282239, 0.2680916337127301], ("0.9383886255924171", "0.93")),
        ({"keep_prob": 0.86}, [0.6543912405149825, 0.06101698657490559, 0.060582435798513114],
         ("0.9289099526066351", "0.95")),
    ],
)  # fmt: skip
def test_full_length_runs_end_where_the_course_ends(data, capsys, kwargs, costs, accuracies):
    train_X, train_Y, test_X, test_Y = data
    parameters = reg.model(train_X, train_Y, **kwargs)
    lines = printed_costs(capsys.readouterr().out)
    assert [i for i, _ in lines] == [0, 10000, 20000]
    # published (2021 kernels); executions differ in the last digits (the baseline's 20000 by ~4e-12 relative)
    np.testing.assert_allclose([c for _, c in lines], costs, rtol=1e-9)
    reg.predict(train_X, train_Y, parameters)
    reg.predict(test_X, test_Y, parameters)
    assert capsys.readouterr().out == f"Accuracy: {accuracies[0]}\nAccuracy: {accuracies[1]}\n"
