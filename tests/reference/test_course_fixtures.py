"""The course's published unit-test values (COURSE_FIXTURES.md), through reference_numpy.course, week by week.

Each test takes the fixture's inputs from reference_numpy.course.test_inputs (written once, as COURSE_FIXTURES.md
describes them: "seed s, then draws in order" is `rs = np.random.RandomState(s)` and `rs.randn(...)` in that order;
never the global RNG; the learner check uses the same inputs), or builds the few only a test here uses, and compares
numbers:
- `full(actual, value)`: a full-precision value, rtol 1e-12;
- `printed(actual, value, decimals)`: a value printed with `decimals` decimals, within half a unit of the last one;
- `printed_e(actual, value)`: a value printed as d.dddddddde-XX, within half a unit of the mantissa's 8th decimal;
- `written(actual, value, decimals)`: a value typed into the 2021 public_tests.py, which the course checks with
  np.allclose: some are truncated, not rounded (sigmoid(1) = 0.7310585786 is written 0.7310585), so one unit.
Printed lines are compared as text only where the line's format is what is tested.
Section numbers (§) are COURSE_FIXTURES.md's.
"""

import hashlib

import numpy as np
import pytest

from reference_numpy.course import test_inputs as inputs
from reference_numpy.course import week2, week3, week4, week4_app
from reference_numpy.datasets import flatten_images


def full(actual, value):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), value, rtol=1e-12, atol=0)


def printed(actual, value, decimals=8):
    # half a unit in the last printed decimal, plus a few ulp of slack for values that sit on the rounding edge
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), value, rtol=0, atol=0.5 * 10.0**-decimals + 1e-15)


def written(actual, value, decimals=8):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), value, rtol=0, atol=10.0**-decimals)


def printed_e(actual, value):
    # d.dddddddde-XX: the mantissa is in [1, 10), so half a unit of its 8th decimal is at most 5e-9 relative
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), value, rtol=5e-9 + 1e-15, atol=0)


# ---- §1 the cat/non-cat files, through week2.load_dataset and week4_app.load_data --------------------------------


@pytest.fixture(scope="module")
def cat_arrays(catvnoncat_dir):
    return week2.load_dataset(catvnoncat_dir)


def test_catvnoncat_files_are_the_courses(catvnoncat_dir):
    # §1: sha256 of the two files (the same bytes in every release)
    digests = {
        "train_catvnoncat.h5": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
        "test_catvnoncat.h5": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
    }
    for name, digest in digests.items():
        assert hashlib.sha256((catvnoncat_dir / name).read_bytes()).hexdigest() == digest, name


def test_load_dataset_shapes_dtypes_classes(cat_arrays):
    # §1.2: what the course's loader returns
    train_x_orig, train_y, test_x_orig, test_y, classes = cat_arrays
    assert train_x_orig.shape == (209, 64, 64, 3) and train_x_orig.dtype == np.uint8
    assert test_x_orig.shape == (50, 64, 64, 3) and test_x_orig.dtype == np.uint8
    assert train_y.shape == (1, 209) and train_y.dtype == np.int64
    assert test_y.shape == (1, 50) and test_y.dtype == np.int64
    assert classes.dtype == np.dtype("|S7") and classes.tolist() == [b"non-cat", b"cat"]
    assert classes[1].decode("utf-8") == "cat"


def test_load_dataset_sums_and_labels(cat_arrays):
    # §1.2 pixel sums and label counts; §1.3 labels of the notebooks' example pictures
    train_x_orig, train_y, test_x_orig, test_y, _ = cat_arrays
    assert int(train_x_orig.sum(dtype=np.int64)) == 264_542_077
    assert int(test_x_orig.sum(dtype=np.int64)) == 65_969_547
    assert int(train_y.sum()) == 72 and int(test_y.sum()) == 33
    assert (train_y[0, 10], train_y[0, 24], train_y[0, 7], train_y[0, 25]) == (0, 1, 1, 1)


def test_flatten_sanity_values(cat_arrays):
    # §1.3: X_flatten = X_orig.reshape(m, -1).T; v6a's sanity check and 2021's reshape_test
    train_x_orig, _, test_x_orig, _, _ = cat_arrays
    train_flat = train_x_orig.reshape(train_x_orig.shape[0], -1).T
    test_flat = test_x_orig.reshape(test_x_orig.shape[0], -1).T
    assert train_flat.shape == (12288, 209) and test_flat.shape == (12288, 50)
    np.testing.assert_array_equal(train_flat[0:5, 0], [17, 31, 56, 22, 33])
    np.testing.assert_array_equal(train_flat[0:10, 1], [196, 192, 190, 193, 186, 182, 188, 179, 174, 213])
    np.testing.assert_array_equal(test_flat[0:10, 1], [115, 110, 111, 137, 129, 129, 155, 146, 145, 159])


def test_standardized_means(cat_arrays):
    # §1.3 (computed here): X = X_flatten / 255, no centring
    train_x_orig, _, test_x_orig, _, _ = cat_arrays
    train_x, test_x = flatten_images(train_x_orig), flatten_images(test_x_orig)
    assert train_x.dtype == np.float64 and train_x.shape == (12288, 209) and test_x.shape == (12288, 50)
    full(train_x.mean(), 0.4039495138229235)
    full(test_x.mean(), 0.4210678806678922)


def test_week4_app_load_data_is_the_same_loader(cat_arrays, catvnoncat_dir):
    for mine, theirs in zip(week4_app.load_data(catvnoncat_dir), cat_arrays, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_loaders_read_the_folder_from_the_environment(catvnoncat_dir, monkeypatch, tmp_path):
    # no folder argument: $DLROSETTA_DATA, else ./datasets
    monkeypatch.setenv("DLROSETTA_DATA", str(catvnoncat_dir))
    assert week2.load_dataset()[0].shape == (209, 64, 64, 3)
    monkeypatch.delenv("DLROSETTA_DATA")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "datasets").symlink_to(catvnoncat_dir, target_is_directory=True)
    assert week4_app.load_data()[2].shape == (50, 64, 64, 3)


# ---- §2.2 week 2, v6a ---------------------------------------------------------------------------------------------

V6A_W, V6A_B, V6A_X, V6A_Y = inputs.W2_W, 2, inputs.W2_X, inputs.W2_Y


def test_week2_v6a_sigmoid():
    full(week2.sigmoid(np.array([0, 2])), [0.5, 0.8807970779778823])


def test_week2_initialize_with_zeros():
    # v6a prints w = [[0.], [0.]], b = 0; 2021 asserts type(b) == float and b == 0.
    w, b = week2.initialize_with_zeros(2)
    assert w.shape == (2, 1) and w.dtype == np.float64 and not w.any()
    assert type(b) is float and b == 0.0


def test_week2_v6a_propagate():
    grads, cost = week2.propagate(V6A_W, V6A_B, V6A_X, V6A_Y)
    assert grads["dw"].shape == (2, 1)
    full(grads["dw"], [[0.9984560146379561], [2.395072388486207]])
    full(grads["db"], 0.001455578136784208)
    full(cost, 5.801545319394553)


def test_week2_v6a_optimize():
    # 100 iterations, lr 0.009; grads are the last iteration's, before its update
    params, grads, costs = week2.optimize(V6A_W, V6A_B, V6A_X, V6A_Y, num_iterations=100, learning_rate=0.009)
    full(params["w"], [[0.19033590888604332], [0.1225915924656141]])
    full(params["b"], 1.9253598300845747)
    full(grads["dw"], [[0.6775204222153582], [1.416254952638088]])
    full(grads["db"], 0.21919450454067657)  # AM printed ...654, one ulp away: within rtol 1e-12 too
    assert len(costs) == 1
    full(costs[0], 5.801545319394553)  # the cost at i = 0 is propagate's


def test_week2_v6a_predict():
    w, b, X = inputs.w2_predict()
    predictions = week2.predict(w, b, X)
    assert predictions.dtype == np.float64 and predictions.shape == (1, 3)
    np.testing.assert_array_equal(predictions, [[1.0, 1.0, 0.0]])
    full(week2.sigmoid(w.T @ X + b), [[0.5224197562625682, 0.5096067700926029, 0.34597965087838745]])


# ---- §2.3 week 2, 2021 ----------------------------------------------------------------------------------------------

W21_W, W21_B = np.array([[1.0], [2]]), 1.5
W21_X, W21_Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])


def test_week2_2021_sigmoid_of_one():
    written(week2.sigmoid(1), 0.7310585, decimals=7)


def test_week2_2021_propagate_cell():
    grads, cost = week2.propagate(W21_W, W21_B, W21_X, W21_Y)
    full(grads["dw"], [[0.2507153166184082], [-0.06604096325829123]])
    full(grads["db"], -0.12500404500439652)
    full(cost, 0.15900537707692405)


def test_week2_2021_optimize_cell():
    params, grads, costs = week2.optimize(W21_W, W21_B, W21_X, W21_Y, num_iterations=100, learning_rate=0.009)
    printed(params["w"], [[0.80956046], [2.0508202]])
    full(params["b"], 1.5948713189708588)
    printed(grads["dw"], [[0.17860505], [-0.04840656]])
    full(grads["db"], -0.08888460336847771)
    assert len(costs) == 1
    printed(costs, [0.15900538])


def test_week2_2021_propagate_test():
    w, b = np.array([[1.0], [2.0], [-1]]), 2.5
    X = np.array([[1.0, 2.0, -1.0, 0], [3.0, 4.0, -3.2, 1], [3.0, 4.0, -3.2, -3.5]])
    grads, cost = week2.propagate(w, b, X, np.array([[1, 1, 0, 0]]))
    written(grads["dw"], [[-0.03909333], [0.12501464], [-0.99960809]])
    full(grads["db"], 0.288106326429569)
    full(cost, 2.0424567983978403)


def test_week2_2021_optimize_test():
    # public_tests.optimize_test: the v6a inputs, 101 iterations, lr 0.1 -> costs at i = 0 and i = 100
    params, grads, costs = week2.optimize(V6A_W, 2.0, V6A_X, V6A_Y, num_iterations=101, learning_rate=0.1)
    assert type(costs) is list and len(costs) == 2
    written(costs, [5.80154532, 0.31057104])
    written(params["w"], [[-0.70916784], [-0.42390859]])
    written(params["b"], 2.26891346)
    written(grads["dw"], [[0.06188603], [-0.01407361]])
    written(grads["db"], -0.04709353)  # -0.0470935376... truncated


def test_week2_2021_predict_test():
    w, b = np.array([[0.3], [0.5], [-0.2]]), -0.33333
    X = np.array([[1.0, -0.3, 1.5], [2, 0, 1], [0, -1.5, 2]])
    np.testing.assert_array_equal(week2.predict(w, b, X), [[1, 0, 1]])


def test_week2_2021_model_test():
    d = week2.model(*inputs.w2_model_test(), version="2021")  # X, Y, X_test, Y_test, 50 iterations, lr 0.01
    assert type(d["costs"]) is list and len(d["costs"]) == 1
    written(d["costs"], [0.69314718])
    written(d["w"], [[0.08639757], [-0.08231268], [-0.11798927], [0.12866053]])
    full(d["b"], -0.03983236094816321)
    np.testing.assert_array_equal(d["Y_prediction_train"], [[1, 1, 0, 1, 0, 0, 1]])
    np.testing.assert_array_equal(d["Y_prediction_test"], [[1, 1, 0]])
    assert (d["learning_rate"], d["num_iterations"]) == (0.01, 50)


# ---- §2.4 week 2, 2017 (integer inputs) ------------------------------------------------------------------------

W17_W, W17_B, W17_X, W17_Y = np.array([[1], [2]]), 2, np.array([[1, 2], [3, 4]]), np.array([[1, 0]])


def test_week2_2017_sigmoid():
    full(week2.sigmoid(0), 0.5)
    printed(week2.sigmoid(9.2), 0.999898970806, decimals=12)


def test_week2_2017_propagate():
    grads, cost = week2.propagate(W17_W, W17_B, W17_X, W17_Y)
    printed(grads["dw"], [[0.99993216], [1.99980262]])
    full(grads["db"], 0.49993523062470574)
    full(cost, 6.000064773192205)


def test_week2_2017_optimize_and_predict():
    params, grads, _ = week2.optimize(W17_W, W17_B, W17_X, W17_Y, num_iterations=100, learning_rate=0.009)
    printed(params["w"], [[0.1124579], [0.23106775]])
    printed(params["b"], 1.55930492484, decimals=11)
    printed(grads["dw"], [[0.90158428], [1.76250842]])
    printed(grads["db"], 0.430462071679, decimals=12)
    np.testing.assert_array_equal(week2.predict(params["w"], params["b"], W17_X), [[1.0, 1.0]])


# ---- §3.1 the planar flower, through week3.load_planar_dataset -----------------------------------------------------


def test_planar_fingerprint():
    X, Y = week3.load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.uint8
    np.testing.assert_array_equal(Y[0, :200], 0)
    np.testing.assert_array_equal(Y[0, 200:], 1)
    full(X[:, 0], [1.204442292254319, 3.5761141481288448])
    full(X[:, 1], [0.15870990398255372, -1.4821709003683443])
    full(X[:, 200], [-1.0704958072229525, 3.682524609580073])
    np.testing.assert_allclose(X.sum(), 10.087983277441666, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(X.sum(axis=1), [-17.33836367040442, 27.426346947846085], rtol=1e-12, atol=1e-12)
    assert hashlib.sha256(Y.tobytes()).hexdigest() == "ba61332658947bbe24a8fba1cd5387c166afc072748e4d9ef1b847f94cf60345"


def test_planar_sha256_of_X():
    # COURSE_FIXTURES.md warns that sin, cos and linspace may differ by an ulp across NumPy builds: a failure here
    # alone (with test_planar_fingerprint passing) means such a build, not a wrong stream.
    X, _ = week3.load_planar_dataset()
    digest = hashlib.sha256(X.astype("<f8").tobytes(order="C")).hexdigest()
    assert digest == "8360ecab429e96da034019dc3a983b230ffb002eb7aa1a4e93cdad9d585ccf07"


# ---- §3.4-3.5 week 3, v6c (testCases_v2) ----------------------------------------------------------------------------

SEED2_W1 = [
    [-0.004167578474054706, -0.0005626682722632948],
    [-0.02136196095668454, 0.016402708084049887],
    [-0.017934355851948632, -0.00841747365656204],
    [0.005028814171580428, -0.012452880866072316],
]
SEED2_W2 = [[-0.010579522188623389, -0.009090076149268494, 0.005514540445464244, 0.022922080128149575]]
# the same weights as the test cases hard-code them, rounded to 8 decimals
W1_8DP, W2_8DP = inputs.w3_params()["W1"], inputs.w3_params()["W2"]


def test_week3_layer_sizes():
    assert week3.layer_sizes(*inputs.w3_layer_sizes()) == (5, 4, 2)


def test_week3_initialize_parameters_seed2():
    parameters = week3.initialize_parameters(2, 4, 1)
    full(parameters["W1"], SEED2_W1)
    full(parameters["W2"], SEED2_W2)
    printed(parameters["W1"], W1_8DP)
    printed(parameters["W2"], W2_8DP)
    assert parameters["b1"].shape == (4, 1) and not parameters["b1"].any()
    assert parameters["b2"].shape == (1, 1) and not parameters["b2"].any()


def test_week3_initialize_parameters_2021_seed3():
    parameters = week3.initialize_parameters(2, 4, 1, seeding="2021")
    full(
        parameters["W1"],
        [
            [0.017886284734303187, 0.004365098505119894],
            [0.0009649746807200863, -0.01863492703364491],
            [-0.0027738820251439907, -0.0035475897926898676],
            [-0.0008274148148245977, -0.0062700067682384735],
        ],
    )
    full(
        parameters["W2"], [[-0.0004381816897592824, -0.004772180303595027, -0.013138647533626821, 0.008846223804995846]]
    )


def test_week3_forward_propagation():
    X, parameters = inputs.w3_forward()  # seed 1: X, then b1; b2 = -1.3; the seed-2 weights to 8 decimals
    A2, cache = week3.forward_propagation(X, parameters)
    assert sorted(cache) == ["A1", "A2", "Z1", "Z2"]
    means = [np.mean(cache["Z1"]), np.mean(cache["A1"]), np.mean(cache["Z2"]), np.mean(cache["A2"])]
    full(means, [0.26281864019752443, 0.09199904522700109, -1.3076660128732143, 0.21287768171914198])
    full(A2, [[0.21292655758179949, 0.2127467318694852, 0.2129597557061412]])  # 2021 prints A2
    printed(A2, [[0.21292656, 0.21274673, 0.21295976]])


def test_week3_compute_cost():
    A2, Y = inputs.w3_compute_cost()
    np.testing.assert_array_equal(Y, [[True, False, False]])
    cost = week3.compute_cost(A2, Y)
    assert type(cost) is float
    full(cost, 0.6930587610394646)


def test_week3_backward_propagation():
    parameters, _, X, Y = inputs.w3_backward()  # the course's literal cache below, not the one computed there
    np.testing.assert_array_equal(Y, [[True, False, True]])
    cache = {
        "A1": np.array(
            [
                [-0.00616578, 0.0020626, 0.00349619],
                [-0.05225116, 0.02725659, -0.02646251],
                [-0.02009721, 0.0036869, 0.02883756],
                [0.02152675, -0.01385234, 0.02599885],
            ]
        ),
        "A2": np.array([[0.5002307, 0.49985831, 0.50023963]]),
        # Z1, Z2 are not in COURSE_FIXTURES.md (the course's function does not read them); these are the course's
        # testCases_v2.py values (AM). Here tanh'(Z1) is taken from Z1; A1 = tanh(Z1) to the 8 decimals shown.
        "Z1": np.array(
            [
                [-0.00616586, 0.0020626, 0.0034962],
                [-0.05229879, 0.02726335, -0.02646869],
                [-0.02009991, 0.00368692, 0.02884556],
                [0.02153007, -0.01385322, 0.02600471],
            ]
        ),
        "Z2": np.array([[0.00092281, -0.00056678, 0.00095853]]),
    }
    grads = week3.backward_propagation(parameters, cache, X, Y)
    assert sorted(grads) == ["dW1", "dW2", "db1", "db2"]
    printed(
        grads["dW1"],
        [[0.00301023, -0.00747267], [0.00257968, -0.00641288], [-0.00156892, 0.003893], [-0.00652037, 0.01618243]],
    )
    printed(grads["db1"], [[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]])
    printed(grads["dW2"], [[0.00078841, 0.01765429, -0.00084166, -0.01022527]])
    full(grads["db2"], [[-0.16655711999999998]])


UPDATE_PARAMETERS = {
    "W1": np.array(
        [[-0.00615039, 0.0169021], [-0.02311792, 0.03137121], [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]
    ),
    "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
    "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
    "b2": np.array([[9.14954378e-05]]),
}


def test_week3_update_parameters():
    grads = {
        "dW1": np.array(
            [[0.00023322, -0.00205423], [0.00082222, -0.00700776], [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]
        ),
        "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
        "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
        "db2": np.array([[-1.08923140e-05]]),
    }
    new = week3.update_parameters(UPDATE_PARAMETERS, grads)  # the default learning rate, 1.2
    printed(
        new["W1"],
        [[-0.00643025, 0.01936718], [-0.02410458, 0.03978052], [-0.01653973, -0.02096177], [0.01046864, -0.05990141]],
    )
    printed_e(new["b1"], [[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]])
    printed(new["W2"], [[-0.01041081, -0.04463285, 0.01758031, 0.04747113]])
    printed(new["b2"], [[0.00010457]])


def test_week3_predict():
    X, _ = inputs.w3_forward()
    predictions = week3.predict(UPDATE_PARAMETERS, X)
    assert predictions.dtype == np.bool_
    np.testing.assert_array_equal(predictions, [[True, False, True]])
    full(np.mean(predictions), 0.6666666666666666)


# ---- §3.6 week 3, 2021 public_tests ---------------------------------------------------------------------------------


def test_week3_2021_compute_cost_test():
    rs = np.random.RandomState(1)
    Y = rs.randn(1, 5) > 0
    full(week3.compute_cost(np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]]), Y), 0.5447066599017815)
    A = np.array([[0.7, 0.3, 0.8, 0.9, 0.9]])
    full(week3.compute_cost(A, np.array([[1, 0, 1, 1, 1]])), 0.22944289410146546)


# ---- §4.2 week 4 step by step, v8a (testCases_v4a) and 2021 -------------------------------------------------------


def test_week4_initialize_parameters():
    parameters = week4.initialize_parameters(3, 2, 1)
    printed(parameters["W1"], [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]])
    full(parameters["W1"][0], [0.01624345363663242, -0.006117564136500754, -0.005281717522634557])
    printed(parameters["W2"], [[0.01744812, -0.00761207]])
    np.testing.assert_array_equal(parameters["b1"], [[0.0], [0.0]])
    np.testing.assert_array_equal(parameters["b2"], [[0.0]])


def test_week4_2021_initialize_parameters_case2():
    parameters = week4.initialize_parameters(4, 3, 2)
    printed(
        parameters["W1"],
        [
            [0.01624345, -0.00611756, -0.00528172, -0.01072969],
            [0.00865408, -0.02301539, 0.01744812, -0.00761207],
            [0.00319039, -0.0024937, 0.01462108, -0.02060141],
        ],
    )
    printed(parameters["W2"], [[-0.00322417, -0.00384054, 0.01133769], [-0.01099891, -0.00172428, -0.00877858]])
    assert parameters["b2"].shape == (2, 1) and not parameters["b2"].any()


def test_week4_initialize_parameters_deep():
    parameters = week4.initialize_parameters_deep([5, 4, 3])
    printed(
        parameters["W1"],
        [
            [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
            [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
            [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
            [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068],
        ],
    )
    printed(
        parameters["W2"],
        [
            [-0.01185047, -0.0020565, 0.01486148, 0.00236716],
            [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
            [-0.00768836, -0.00230031, 0.00745056, 0.01976111],
        ],
    )
    assert parameters["b1"].shape == (4, 1) and parameters["b2"].shape == (3, 1)
    assert not parameters["b1"].any() and not parameters["b2"].any()


def test_week4_2021_initialize_parameters_deep_case2():
    parameters = week4.initialize_parameters_deep([4, 3, 2])
    printed(
        parameters["W1"],
        [
            [0.01788628, 0.0043651, 0.00096497, -0.01863493],
            [-0.00277388, -0.00354759, -0.00082741, -0.00627001],
            [-0.00043818, -0.00477218, -0.01313865, 0.00884622],
        ],
    )
    printed(parameters["W2"], [[0.00881318, 0.01709573, 0.00050034], [-0.00404677, -0.0054536, -0.01546477]])


def test_week4_linear_forward():
    A, W, b = inputs.w4_linear(1)
    Z, cache = week4.linear_forward(A, W, b)
    full(Z, [[3.262953374654174, -1.2342998686128757]])
    assert len(cache) == 3 and cache[0] is A and cache[1] is W and cache[2] is b


def test_week4_linear_activation_forward():
    A_prev, W, b = inputs.w4_linear(2)
    A, cache = week4.linear_activation_forward(A_prev, W, b, activation="sigmoid")
    full(A, [[0.968900232783661, 0.11013289483978989]])
    (linear_cache, Z) = cache
    assert linear_cache[0] is A_prev and linear_cache[1] is W and linear_cache[2] is b
    A, _ = week4.linear_activation_forward(A_prev, W, b, activation="relu")
    full(A, [[3.4389613134945427, 0.0]])


def test_week4_L_model_forward():
    X, parameters = inputs.w4_L_forward(6, (5, 4, 3, 1), 4)
    AL, caches = week4.L_model_forward(X, parameters)
    full(AL, [[0.039216679222503596, 0.7049892075012225, 0.19734387234713996, 0.04728177161977344]])
    assert len(caches) == 3


def test_week4_compute_cost():
    cost = week4.compute_cost(*inputs.w4_compute_cost())
    assert isinstance(cost, np.float64) and np.ndim(cost) == 0
    full(cost, 0.2797765635793422)  # 2021 printed ...423: one ulp, within rtol 1e-12


def test_week4_linear_backward():
    dZ, cache = inputs.w4_linear_backward(1)
    dA_prev, dW, db = week4.linear_backward(dZ, cache)
    printed(
        dA_prev,
        [
            [-1.15171336, 0.06718465, -0.3204696, 2.09812712],
            [0.60345879, -3.72508701, 5.81700741, -3.84326836],
            [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
            [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
            [-2.52214926, 2.67882552, -0.67947465, 1.48119548],
        ],
    )
    printed(
        dW,
        [
            [0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
            [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
            [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907],
        ],
    )
    printed(db, [[-0.14713786], [-0.11313155], [-0.13209101]])


def test_week4_linear_activation_backward():
    dA, cache, _ = inputs.w4_activation_backward("sigmoid")
    dA_prev, dW, db = week4.linear_activation_backward(dA, cache, activation="sigmoid")
    printed(dA_prev, [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]])
    printed(dW, [[0.10266786, 0.09778551, -0.01968084]])
    printed(db, [[-0.05729622]])
    dA_prev, dW, db = week4.linear_activation_backward(dA, cache, activation="relu")
    printed(dA_prev, [[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]])
    printed(dW, [[0.44513824, 0.37371418, -0.10478989]])
    printed(db, [[-0.20837892]])


def test_week4_L_model_backward():
    # AL is a raw normal draw, not sigmoid(Z2): only the chain form through dAL gives the published numbers
    AL, Y, caches = inputs.w4_L_backward_fixture()
    grads = week4.L_model_backward(AL, Y, caches)
    assert sorted(grads) == ["dA0", "dA1", "dW1", "dW2", "db1", "db2"]
    printed(
        grads["dW1"],
        [
            [0.41010002, 0.07807203, 0.13798444, 0.10502167],
            [0, 0, 0, 0],
            [0.05283652, 0.01005865, 0.01777766, 0.0135308],
        ],
    )
    printed(grads["db1"], [[-0.22007063], [0.0], [-0.02835349]])
    printed(grads["dA1"], [[0.12913162, -0.44014127], [-0.14175655, 0.48317296], [0.01663708, -0.05670698]])
    printed(grads["dA0"], [[0.0, 0.52257901], [0.0, -0.3269206], [0.0, -0.32070404], [0.0, -0.74079187]])
    printed(grads["dW2"], [[-0.39202432, -0.13325855, -0.04601089]])
    printed(grads["db2"], [[0.15187861]])


def test_week4_update_parameters():
    new = week4.update_parameters(*inputs.w4_update())  # seed 2 parameters, seed 3 gradients, 0.1
    printed(
        new["W1"],
        [
            [-0.59562069, -0.09991781, -2.14584584, 1.82662008],
            [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
            [-1.0535704, -0.86128581, 0.68284052, 2.20374577],
        ],
    )
    printed(new["b1"], [[-0.04659241], [-1.28888275], [0.53405496]])
    printed(new["W2"], [[-0.55569196, 0.0354055, 1.32964895]])
    printed(new["b2"], [[-0.84610769]])


# ---- §5 week 4 application: seeding and predict's print ---------------------------------------------------------


def test_week4_app_two_layer_initial_weights():
    # §5.1: two_layer_model's initialize_parameters(12288, 7, 1), seed 1, 0.01 randn, W1 then W2
    parameters = week4_app.initialize_parameters(12288, 7, 1)
    printed(parameters["W1"][0, :4], [0.01624345, -0.00611756, -0.00528172, -0.01072969])
    printed(parameters["W1"][6, -3:], [0.0216518, -0.00842579, 0.00359795])
    printed_e(
        parameters["W2"],
        [
            [
                -8.53306509e-03,
                2.62677554e-02,
                1.44462274e-03,
                2.81582154e-02,
                -4.48247037e-05,
                1.56583537e-02,
                -2.90084643e-03,
            ]
        ],
    )


def test_week4_app_deep_initial_weights():
    # §5.1: L_layer_model's initialize_parameters_deep([12288, 20, 7, 5, 1]), seed 1, randn / sqrt(fan_in)
    parameters = week4_app.initialize_parameters_deep([12288, 20, 7, 5, 1])
    assert [parameters[f"W{l}"].shape for l in range(1, 5)] == [(20, 12288), (7, 20), (5, 7), (1, 5)]
    printed(parameters["W1"][0, :4], [0.01465338, -0.00551871, -0.00476469, -0.00967936])
    printed(parameters["W2"][0, :4], [0.20259018, -0.3085417, -0.37746612, -0.04024358])
    printed(parameters["W4"], [[-0.38423553, -0.01975151, 0.50081053, 0.89766368, 0.01869816]])
    assert all(not parameters[f"b{l}"].any() for l in range(1, 5))


def test_week4_app_predict_prints_accuracy_divided_before_summing(capsys):
    # §5.1: p = 1{AL > 0.5} as floats, and 209/209 right prints 0.9999999999999998 (sum of (p == y) / m, dividing
    # first). 206/209 (0.9856459330143539) depends on where the 3 errors are: test_course_training checks it.
    rs = np.random.RandomState(0)
    X = rs.randn(4, 209)
    parameters = {"W1": rs.randn(3, 4), "b1": rs.randn(3, 1), "W2": rs.randn(1, 3), "b2": rs.randn(1, 1)}
    p = week4_app.predict(X, np.zeros((1, 209)), parameters)
    AL = week4.L_model_forward(X, parameters)[0]
    assert p.dtype == np.float64
    np.testing.assert_array_equal(p, (AL > 0.5).astype(float))
    capsys.readouterr()
    week4_app.predict(X, p.astype(np.int64), parameters)
    assert capsys.readouterr().out == "Accuracy: 0.9999999999999998\n"


def test_week4_app_hyperparameter_defaults():
    # §5.2: both functions default to learning_rate 0.0075 and num_iterations 3000 (the notebook passes 2500)
    import inspect

    for f in (week4_app.two_layer_model, week4_app.L_layer_model):
        defaults = inspect.signature(f).parameters
        assert defaults["learning_rate"].default == 0.0075 and defaults["num_iterations"].default == 3000
