"""reference_numpy.course.c2w2_optimization against the course's published values (COURSE2_FIXTURES.md section 4)
and, bit for bit, against a plain transcription of the course's code (c2w2_transcription.py, beside this file).

Published values are compared numerically: 8-decimal prints to 5e-9, 6-decimal prints to 6e-7, full-precision
values to a few ulp. The course's training runs are 5000 epochs (~5-10 s each here); the default tests run them
for 80-100 epochs (bitwise against the transcription) plus the published epoch-0 costs; set DLROSETTA_FULL_COURSE2=1 for
the full-length runs.
"""

import contextlib
import io
import os

import c2w2_transcription as course
import numpy as np
import pytest

from reference_numpy.course import c2w2_optimization as opt
from reference_numpy.course.c2w2_test_inputs import (
    adam_case,
    gd_case,
    initialize_velocity_case,
    mini_batch_integer_case,
    mini_batch_public_case,
    mini_batch_sanity_case,
    momentum_case,
    params_and_grads,
)

PRINT8 = 5e-9  # 8-decimal prints
PRINT6 = 6e-7  # 6-decimal prints
FULL = os.environ.get("DLROSETTA_FULL_COURSE2") == "1"
full_length = pytest.mark.skipif(
    not FULL, reason="the course's full 5000-epoch runs take ~5-10 s each here; set DLROSETTA_FULL_COURSE2=1"
)


def close(actual, expected, atol=PRINT8):
    np.testing.assert_allclose(actual, np.array(expected), rtol=0, atol=atol)


# ---- 4.1 the moons ------------------------------------------------------------------------------------------


def test_load_dataset_is_the_course_moons():
    X, Y = opt.load_dataset()
    assert X.shape == (2, 300) and X.dtype == np.float64 and Y.shape == (1, 300) and Y.dtype == np.int64
    first = [[-0.21687013460912397, 0.8050501531955674, 0.7112745129750352],
             [1.0154493742029873, -0.5579733951321297, -0.4100602407591063]]  # fmt: skip
    np.testing.assert_allclose(X[:, :3], first, rtol=4 * np.finfo(float).eps)  # sin/cos may differ by an ulp
    assert abs(X.sum() - 229.31214774688) < 1e-9
    assert int(Y.sum()) == 150 and Y[0, :10].tolist() == [0, 1, 1, 1, 0, 0, 1, 1, 0, 1]
    assert X.base is not None and X.flags.f_contiguous  # the course's train_X is the transpose of (300, 2) points


def test_load_dataset_is_bitwise_scikit_learns_make_moons():
    sklearn_datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed")
    X, Y = opt.load_dataset()
    state = np.random.get_state()
    try:
        np.random.seed(3)
        points, labels = sklearn_datasets.make_moons(n_samples=300, noise=0.2)
    finally:
        np.random.set_state(state)
    # the same NumPy calls on the same machine: equal to the bit (the fixture's sha256 holds where sin/cos round
    # as on the machine that computed it)
    assert np.array_equal(X, points.T) and np.array_equal(Y[0], labels)


# ---- 4.3 mini-batches ---------------------------------------------------------------------------------------


def test_random_mini_batches_sanity_check():
    X, Y, size = mini_batch_sanity_case()
    batches = opt.random_mini_batches(X, Y, size)
    assert [b[0].shape for b in batches] == [(12288, 64), (12288, 64), (12288, 20)]
    assert [b[1].shape for b in batches] == [(1, 64), (1, 64), (1, 20)]
    np.testing.assert_array_equal(batches[0][0][0][0:3], [0.9008559492644118, -0.7612069008951028, 0.23441569781709215])
    assert batches[0][1].dtype == np.bool_
    permutation = np.random.RandomState(0).permutation(148)
    assert permutation[:8].tolist() == [24, 7, 37, 114, 27, 26, 43, 54]


def test_random_mini_batches_public_test():
    X, Y, size = mini_batch_public_case()
    assert Y.tolist() == [[True, True, True, False, False, True, True]]
    batches = opt.random_mini_batches(X, Y, size)
    expected_X = [
        [[1.74481176, -0.52817175], [-0.38405435, -0.24937038], [-1.10061918, -0.17242821], [-0.93576943, 0.50249434],
         [-0.67124613, -0.69166075]],
        [[-0.61175641, -1.07296862], [0.3190391, 1.46210794], [-1.09989127, -0.87785842], [0.90159072, 0.90085595],
         [0.53035547, -0.39675353]],
        [[1.62434536, -2.3015387], [-0.7612069, -0.3224172], [1.13376944, 0.58281521], [1.14472371, -0.12289023],
         [-0.26788808, -0.84520564]],
        [[0.86540763], [-2.06014071], [0.04221375], [-0.68372786], [-0.6871727]],
    ]  # fmt: skip
    expected_Y = [[[True, True]], [[True, False]], [[True, True]], [[False]]]
    assert len(batches) == 4
    for (bx, by), ex, ey in zip(batches, expected_X, expected_Y, strict=True):
        close(bx, ex)
        assert by.dtype == np.bool_ and by.tolist() == ey
    np.testing.assert_array_equal(batches[0][0], X[:, [6, 2]])


def test_random_mini_batches_keeps_integer_X():
    X, Y, size = mini_batch_integer_case()
    batches = opt.random_mini_batches(X, Y, size)
    assert len(batches) == 3 and batches[0][0].dtype == np.int64
    assert [b[0].shape for b in batches] == [(12288, 64), (12288, 64), (12288, 20)]
    assert batches[0][0][0][0:3].tolist() == [294912, 86016, 454656]
    assert batches[-1][0][-1][0:3].tolist() == [1425407, 1769471, 897023]  # its last row
    nx = X.shape[0]
    for bx, _ in batches[:-1]:
        assert np.sum(bx - bx[0]) == nx * (nx - 1) // 2 * 64  # rows keep their order


@pytest.mark.parametrize("size, lengths", [(64, [64, 64, 64, 64, 44]), (100, [100, 100, 100]), (500, [300])])
def test_random_mini_batches_cut_as_the_course(size, lengths):
    X, Y = opt.load_dataset()
    batches = opt.random_mini_batches(X, Y, size, seed=11)
    assert [b[0].shape[1] for b in batches] == lengths  # a batch larger than m gives one batch of m
    for ours, theirs in zip(batches, course.random_mini_batches(X, Y, size, seed=11), strict=True):
        assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])


# ---- 4.3 gradient descent and momentum -----------------------------------------------------------------------

GD = {
    "2020": {"W1": [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]],
             "b1": [[1.74604067], [-0.75184921]],
             "W2": [[0.32171798, -0.25467393, 1.46902454], [-2.05617317, -0.31554548, -0.3756023],
                    [1.1404819, -1.09976462, -0.1612551]],
             "b2": [[-0.88020257], [0.02561572], [0.57539477]]},
    "latest": {"W1": [[1.63312395, -0.61217855, -0.5339999], [-1.06196243, 0.85396039, -2.3105546]],
               "b1": [[1.73978682], [-0.77021546]],
               "W2": [[0.32587637, -0.24814147], [1.47146563, -2.05746183], [-0.32772076, -0.37713775]],
               "b2": [[1.13773698], [-1.09301954], [-0.16397615]]},
}  # fmt: skip
MOMENTUM = {
    "2020": ({"W1": [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]],
              "b1": [[1.74493465], [-0.76027113]],
              "W2": [[0.31930698, -0.24990073, 1.4627996], [-2.05974396, -0.32173003, -0.38320915],
                     [1.13444069, -1.0998786, -0.1713109]],
              "b2": [[-0.87809283], [0.04055394], [0.58207317]]},
             {"dW1": [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]],
              "db1": [[-0.01228902], [-0.09357694]],
              "dW2": [[-0.02678881, 0.05303555, -0.06916608], [-0.03967535, -0.06871727, -0.08452056],
                      [-0.06712461, -0.00126646, -0.11173103]],
              "db2": [[0.02344157], [0.16598022], [0.07420442]]}),
    "latest": ({"W1": [[1.62522322, -0.61179863, -0.52875457], [-1.071868, 0.86426291, -2.30244029]],
                "b1": [[1.74430927], [-0.76210776]],
                "W2": [[0.31972282, -0.24924749], [1.46304371, -2.05987282], [-0.32294756, -0.38336269]],
                "b2": [[1.1341662], [-1.09920409], [-0.171583]]},
               {"dW1": [[-0.08778584, 0.00422137, 0.05828152], [-0.11006192, 0.11447237, 0.09015907]],
                "db1": [[0.05024943], [0.09008559]],
                "dW2": [[-0.06837279, -0.01228902], [-0.09357694, -0.02678881], [0.05303555, -0.06916608]],
                "db2": [[-0.03967535], [-0.06871727], [-0.08452056]]}),
}  # fmt: skip


@pytest.mark.parametrize("revision", ["2020", "latest"])
def test_update_parameters_with_gd(revision):
    parameters, grads, learning_rate = gd_case(revision)
    before = {k: v.copy() for k, v in parameters.items()}
    new = opt.update_parameters_with_gd(parameters, grads, learning_rate)
    for key, expected in GD[revision].items():
        close(new[key], expected)
        assert np.array_equal(new[key], course.update_parameters_with_gd(dict(before), grads, learning_rate)[key])
    assert all(np.array_equal(parameters[k], before[k]) for k in before)  # the inputs are left as they were


@pytest.mark.parametrize("revision", ["2020", "latest"])
def test_update_parameters_with_momentum(revision):
    parameters, grads, v, beta, learning_rate = momentum_case(revision)
    new, new_v = opt.update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
    expected_parameters, expected_v = MOMENTUM[revision]
    for key in expected_parameters:
        close(new[key], expected_parameters[key])
    for key in expected_v:
        close(new_v[key], expected_v[key])
    assert all(not v[k].any() for k in v)  # v was not changed in place
    theirs, their_v = course.update_parameters_with_momentum(dict(parameters), grads, dict(v), beta, learning_rate)
    assert all(np.array_equal(new[k], theirs[k]) for k in theirs) and all(
        np.array_equal(new_v[k], their_v[k]) for k in v
    )


def test_initialize_velocity_and_adam_are_zeros_shaped_like_the_parameters():
    parameters = initialize_velocity_case()
    v = opt.initialize_velocity(parameters)
    assert list(v) == ["dW1", "db1", "dW2", "db2"]
    assert all(v["d" + k].shape == p.shape and v["d" + k].dtype == np.float64 and not v["d" + k].any()
               for k, p in parameters.items())  # fmt: skip
    parameters, _ = params_and_grads(2)
    v, s = opt.initialize_adam(parameters)
    assert v is not s and v["dW1"] is not s["dW1"]
    assert {k: a.shape for k, a in v.items()} == {k: a.shape for k, a in s.items()} == {
        "dW1": (2, 3), "db1": (2, 1), "dW2": (3, 2), "db2": (3, 1)}  # fmt: skip


# ---- 4.4 Adam, three revisions of the test ------------------------------------------------------------------

ADAM = {
    "v1b": {"W1": [[1.63178673, -0.61919778, -0.53561312], [-1.08040999, 0.85796626, -2.29409733]],
            "b1": [[1.75225313], [-0.75376553]],
            "W2": [[0.32648046, -0.25681174, 1.46954931], [-2.05269934, -0.31497584, -0.37661299],
                   [1.14121081, -1.09244991, -0.16498684]],
            "b2": [[-0.88529979], [0.03477238], [0.57537385]]},
    "R2": {"W1": [[1.63942428, -0.6268425, -0.54320974], [-1.08782943, 0.85036983, -2.2865723]],
           "W2": [[0.33356139, -0.26425199, 1.47707772], [-2.04538458, -0.30744933, -0.36903141],
                  [1.14873036, -1.09256871, -0.15734651]],
           "b1": [[1.75854357], [-0.74616067]], "b2": [[-0.89228024], [0.02707193], [0.56782561]]},
    "R3": {"W1": [[1.63937725, -0.62327448, -0.54308727], [-1.0578897, 0.85032154, -2.31657668]],
           "W2": [[0.33400549, -0.23563857], [1.47715417, -2.04561842], [-0.33729882, -0.36908457]],
           "b1": [[1.72995096], [-0.7762447]], "b2": [[1.14852557], [-1.08492339], [-0.15740527]]},
}  # fmt: skip
S_V1B = {"dW1": [[0.00121136, 0.00131039, 0.00081287], [0.0002525, 0.00081154, 0.00046748]],
         "db1": [[1.51020075e-05], [8.75664434e-04]],
         "dW2": [[7.17640232e-05, 2.81276921e-04, 4.78394595e-04], [1.57413361e-04, 4.72206320e-04, 7.14372576e-04],
                 [4.50571368e-04, 1.60392066e-07, 1.24838242e-03]],
         "db2": [[5.49507194e-05], [2.75494327e-03], [5.50629536e-04]]}  # fmt: skip
R3_ROW0 = {
    "v": {"dW1": [-0.17557168, 0.00844275, 0.11656304], "dW2": [-0.13674557, -0.02457805], "db1": [0.10049887],
          "db2": [-0.07935071]},
    "s": {"dW1": [0.08631117, 0.00019958, 0.03804344], "dW2": [0.05235818, 0.00169142], "db1": [0.02828006],
          "db2": [0.0176303]},
}  # fmt: skip


@pytest.mark.parametrize("revision", ["v1b", "R2", "R3"])
def test_update_parameters_with_adam(revision):
    args = adam_case(revision)
    parameters, v, s, v_corrected, s_corrected = opt.update_parameters_with_adam(*args)
    for key, expected in ADAM[revision].items():
        close(parameters[key], expected)
    t, beta1, beta2 = args[4], args[6], args[7]
    for key in v:
        np.testing.assert_array_equal(v_corrected[key], v[key] / (1 - beta1**t))
        np.testing.assert_array_equal(s_corrected[key], s[key] / (1 - beta2**t))
        assert v[key].shape == s[key].shape == args[2][key].shape and not args[2][key].any()  # inputs untouched
    if revision == "v1b":
        for key, expected in MOMENTUM["2020"][1].items():  # v is the momentum case's v (same beta 0.9)
            close(v[key], expected)
        for key, expected in S_V1B.items():
            np.testing.assert_allclose(s[key], expected, rtol=5e-9 / 1e-5, atol=5e-9)
        assert abs(parameters["W2"][2, 1] - -1.092449907385802) < 1e-15
        assert abs(parameters["b2"][0, 0] - -0.8852997857082213) < 1e-15
    if revision == "R2":
        close(v["dW1"][0], [-0.22012384, 0.22894474, 0.18031814])
        close(s["dW1"][0], [0.13567261, 0.14676395, 0.09104097])
    if revision == "R3":
        for name, table in (("v", v), ("s", s)):
            for key, expected in R3_ROW0[name].items():
                close(table[key][0], expected)
    theirs = course.update_parameters_with_adam(*adam_case(revision))
    for ours_part, their_part in zip((parameters, v, s, v_corrected, s_corrected), theirs, strict=True):
        assert all(np.array_equal(ours_part[k], their_part[k]) for k in their_part)


def test_adam_puts_epsilon_outside_the_root():
    """R3's inputs with epsilon inside the root give W1 row 0 = [1.63942888, -0.61624001, -0.54303153]; ours do not."""
    parameters, *_ = opt.update_parameters_with_adam(*adam_case("R3"))
    assert not np.allclose(parameters["W1"][0], [1.63942888, -0.61624001, -0.54303153])
    bad_index_copy = [[1.63949493, -0.62691477, -0.54326465], [-1.08769515, 0.85031501, -2.28657079]]
    assert not np.allclose(opt.update_parameters_with_adam(*adam_case("R2"))[0]["W1"], bad_index_copy)


# ---- 4.3 learning-rate decay --------------------------------------------------------------------------------


def test_update_lr_and_schedule_lr_decay():
    assert opt.update_lr(0.5, 2, 1) == 0.16666666666666666
    assert opt.schedule_lr_decay(0.5, 10, 0.3, 100) == 0.5
    assert opt.schedule_lr_decay(0.5, 100, 0.3, 100) == 0.3846153846153846
    assert opt.schedule_lr_decay(0.5, 100, 1, 100) == 0.25 and opt.schedule_lr_decay(0.5, 10, 1, 100) == 0.5
    assert abs(opt.schedule_lr_decay(0.3, 1000, 0.25, 100) - 0.08571428571428572) < 1e-17
    assert abs(opt.schedule_lr_decay(0.3, 100, 0.25, 100) - 0.24) < 1e-17
    assert f"{opt.update_lr(0.1, 1000, 1):f}" == "0.000100"
    assert opt.schedule_lr_decay(0.1, 999, 1) == 0.1 and opt.schedule_lr_decay(0.1, 1000, 1) == 0.05  # interval 1000


# ---- 4.2 the training runs ---------------------------------------------------------------------------------

# the notebook's runs: (optimizer, keyword arguments, published cost at epoch 0, published first rate line)
RUNS = {
    "gd": ("gd", {}, 0.702405, None),
    "momentum": ("momentum", {"beta": 0.9}, 0.702413, None),
    "adam": ("adam", {}, 0.702166, None),
    "gd-update_lr": ("gd", {"learning_rate": 0.1, "decay": "update_lr"}, 0.701091, "0.100000"),
    "gd-schedule": ("gd", {"learning_rate": 0.1, "decay": "schedule_lr_decay"}, 0.701091, "0.100000"),
    "momentum-schedule": ("momentum", {"learning_rate": 0.1, "decay": "schedule_lr_decay"}, 0.702226, "0.100000"),
    "adam-schedule": ("adam", {"learning_rate": 0.01, "decay": "schedule_lr_decay"}, 0.699346, "0.010000"),
}


def run(module, name, **overrides):
    """(parameters, printed lines) of a notebook run in `module` (ours or the transcription)."""
    optimizer, kwargs, _, _ = RUNS[name]
    kwargs = {**kwargs, **overrides}
    if isinstance(kwargs.get("decay"), str):
        kwargs["decay"] = getattr(module, kwargs["decay"])
    X, Y = opt.load_dataset()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = module.model(X, Y, [2, 5, 2, 1], optimizer, **kwargs)
    return (result[0] if isinstance(result, tuple) else result), out.getvalue().splitlines()


@pytest.mark.parametrize("name", list(RUNS))
def test_epoch_0_cost_and_rate_are_the_published_ones(name):
    _, lines = run(opt, name, num_epochs=1)
    _, _, cost0, rate0 = RUNS[name]
    assert lines[0].startswith("Cost after epoch 0: ")
    assert abs(float(lines[0].split(": ")[1]) - cost0) < PRINT6
    assert lines[1:] == ([f"learning rate after epoch 0: {rate0}"] if rate0 else [])


def _same_run(name, **overrides):
    ours, our_lines = run(opt, name, **overrides)
    theirs, their_lines = run(course, name, **overrides)
    assert our_lines == their_lines
    for key in theirs:
        assert np.array_equal(ours[key], theirs[key]), f"{name}: {key} differs from the course's after the run"
    return ours


@pytest.mark.parametrize("name", ["gd", "momentum", "adam", "gd-update_lr"])
def test_short_runs_are_bitwise_the_course(name):
    _same_run(name, num_epochs=100)


@pytest.mark.parametrize("name", ["gd-schedule", "momentum-schedule", "adam-schedule"])
def test_short_scheduled_runs_are_bitwise_the_course(name):
    """The notebook's interval is 1000 epochs; at 20 the schedule steps four times in a short run."""
    ours, _ = run(opt, name, num_epochs=80, decay=lambda a, i, r: opt.schedule_lr_decay(a, i, r, 20))
    theirs, _ = run(course, name, num_epochs=80, decay=lambda a, i, r: course.schedule_lr_decay(a, i, r, 20))
    assert all(np.array_equal(ours[k], theirs[k]) for k in theirs)
    unscheduled, _ = run(opt, name, num_epochs=80, decay=None)
    assert not np.array_equal(ours["W1"], unscheduled["W1"])  # the schedule did change the run


@full_length
@pytest.mark.parametrize("name", list(RUNS))
def test_full_runs_are_bitwise_the_course(name):
    parameters = _same_run(name)
    X, Y = opt.load_dataset()
    with contextlib.redirect_stdout(io.StringIO()):
        assert np.array_equal(opt.predict(X, Y, parameters), course.predict(X, Y, parameters))


# ---- the helpers (opt_utils) and predict --------------------------------------------------------------------


def test_forward_cost_backward_are_bitwise_opt_utils():
    X, Y = opt.load_dataset()
    parameters = opt.initialize_parameters([2, 5, 2, 1])
    assert all(np.array_equal(parameters[k], v) for k, v in course.initialize_parameters([2, 5, 2, 1]).items())
    bx, by = opt.random_mini_batches(X, Y, 64, seed=11)[4]
    a3, cache = opt.forward_propagation(bx, parameters)
    their_a3, their_cache = course.forward_propagation(bx, parameters)
    assert np.array_equal(a3, their_a3) and all(np.array_equal(a, b) for a, b in zip(cache, their_cache, strict=True))
    assert opt.compute_cost(a3, by) == course.compute_cost(their_a3, by)
    grads = opt.backward_propagation(bx, by, cache)
    theirs = course.backward_propagation(bx, by, their_cache)
    assert list(grads) == list(theirs) and all(np.array_equal(grads[k], theirs[k]) for k in theirs)


def test_predict_prints_the_accuracy_as_the_course():
    X, Y = opt.load_dataset()
    parameters = opt.initialize_parameters([2, 5, 2, 1])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        p = opt.predict(X, Y, parameters)
        q = course.predict(X, Y, parameters)
    lines = out.getvalue().splitlines()
    assert p.dtype == np.int64 and p.shape == (1, 300) and np.array_equal(p, q) and lines[0] == lines[1]


@pytest.mark.parametrize("name", ["gd", "momentum", "adam"])
def test_the_numpy_course_backend_trains_the_course_modules_run_bit_for_bit(name):
    """numpy-course on an optimizer's mini-batches takes course 2's optimization preset (1/m in dZ[L], the summed
    cost, relu' from A): its parameters are the course module's own, to the bit; the core's differ by rounding."""
    from conformance.cases_optimization import MODEL, moons_data
    from reference_numpy import TrainConfig, initialize_parameters
    from reference_numpy.adapter import NumpyBackend
    from reference_numpy.contract import Optimizer
    from reference_numpy.minibatches import course_permutations

    X, Y = moons_data()
    epochs = 20
    module = opt.model(X, Y.astype(int), [2, 5, 2, 1], name, learning_rate=0.01, num_epochs=epochs, print_cost=False)
    config = TrainConfig(0.01, epochs, 1, optimizer=Optimizer(name), batch_size=64,
                         permutations=course_permutations(X.shape[1], epochs))  # fmt: skip
    params = initialize_parameters(MODEL, "he", seed=3)
    course_backend = NumpyBackend("course").train(params, X, Y, MODEL, config).parameters
    core = NumpyBackend("reference").train(params, X, Y, MODEL, config).parameters
    assert all(np.array_equal(course_backend[key], module[key]) for key in module)
    assert not all(np.array_equal(core[key], module[key]) for key in module)  # the preset is what makes it exact
