"""One suite for every backend: each tensor against the float64 NumPy reference.

Ids read backend-case-dtype-device, e.g. test_gradients[torch-autograd-deep-float32-cpu]; `pytest -k torch-nn`
selects one backend. A CUDA cell is listed everywhere and skipped, with the reason, where no GPU exists.
"""

from dataclasses import dataclass, replace

import numpy as np
import pytest

from conformance.cases import CASES, TRAIN_CASES, TrainCase, get_case, reference_results
from conformance.compare import assert_close, backward_keys, compare_predictions, forward_keys
from conformance.registry import SPECS, SPECS_BY_NAME, available_devices, get_backend, list_backends
from conformance.tolerances import kind_of, tolerance
from reference_numpy import initialize_parameters
from reference_numpy.datasets import get_dataset

DTYPES = ("float64", "float32")


def _cells():
    present = list_backends()
    for spec in SPECS:
        if spec.name not in present:
            continue
        devices = available_devices(spec.name)
        for device in ("cpu", "cuda") if spec.framework != "numpy" else ("cpu",):
            marks = [pytest.mark.gpu] if device != "cpu" else []
            if device not in devices:
                marks.append(pytest.mark.skip(reason=f"{spec.framework} sees no {device} device here ({devices})"))
            yield spec.name, device, marks


CELLS = [
    pytest.param(name, case, dtype, device, id=f"{name}-{case}-{dtype}-{device}", marks=marks)
    for name, device, marks in _cells()
    for case in CASES
    for dtype in DTYPES
]


def _reproduce(name, case, dtype, device, call):
    return (
        f"from conformance.cases import get_case; from conformance.registry import get_backend; "
        f"c = get_case({case!r}); b = get_backend({name!r}, device={device!r}, dtype={dtype!r}); {call}"
    )


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_forward(name, case, dtype, device):
    c = get_case(case)
    backend = get_backend(name, device=device, dtype=dtype)
    out = backend.forward(c.params, c.X, c.model)
    desired = reference_results(case)["forward"]
    assert sorted(out) == sorted(forward_keys(c.model.L)), f"forward returned keys {sorted(out)}"
    for key in forward_keys(c.model.L):
        assert out[key].dtype == np.dtype(dtype), f"{key} came back as {out[key].dtype}, expected {dtype}"
        tol = tolerance(kind_of(key), dtype, backend.matmul_precision)
        assert_close(
            key, out[key], desired[key], tol, _reproduce(name, case, dtype, device, "b.forward(c.params, c.X, c.model)")
        )


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_cost(name, case, dtype, device):
    c = get_case(case)
    backend = get_backend(name, device=device, dtype=dtype)
    J = backend.cost(c.params, c.X, c.Y, c.model)
    assert isinstance(J, float)
    tol = tolerance("cost", dtype, backend.matmul_precision)
    assert_close(
        "cost",
        J,
        reference_results(case)["cost"],
        tol,
        _reproduce(name, case, dtype, device, "b.cost(c.params, c.X, c.Y, c.model)"),
    )


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_gradients(name, case, dtype, device):
    c = get_case(case)
    backend = get_backend(name, device=device, dtype=dtype)
    grads = backend.gradients(c.params, c.X, c.Y, c.model)
    desired = reference_results(case)["gradients"]
    missing = [k for k in backward_keys(c.model.L) if k not in grads]
    assert not missing, f"gradients is missing {missing}"
    for key in backward_keys(c.model.L):
        assert grads[key].dtype == np.dtype(dtype), f"{key} came back as {grads[key].dtype}, expected {dtype}"
        tol = tolerance("backward", dtype, backend.matmul_precision)
        # db[l] is a mean of dZ[l]'s m terms and can cancel far below them (db2 of the planar model is 1e-5, from
        # terms near 0.5): its rounding follows the terms, so its atol is in units of max |dZ[l]|
        scale = float(np.max(np.abs(desired["dZ" + key[2:]]))) if key.startswith("db") else None
        assert_close(
            key,
            grads[key],
            desired[key],
            tol,
            _reproduce(name, case, dtype, device, "b.gradients(c.params, c.X, c.Y, c.model)"),
            scale=scale,
        )


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_predict(name, case, dtype, device):
    c = get_case(case)
    backend = get_backend(name, device=device, dtype=dtype)
    Y_hat = backend.predict(c.params, c.X, c.model)
    ref = reference_results(case)
    AL = ref["forward"][f"A{c.model.L}"]
    _, unexplained, message = compare_predictions(
        Y_hat, ref["predict"], AL, tolerance("forward", dtype, backend.matmul_precision)
    )
    assert unexplained == 0, message


SHORT_RUN = {"learning_rate": 0.01, "num_iterations": 30, "record_every": 10}
# At 0.01 the logistic model oscillates (cost 0.84 -> 3.4 -> 0.39 in 30 iterations) and amplifies rounding: the
# float32 reference itself, from initial weights moved by 1 ulp, uses 0.5 to 45 times the float32 parameter
# tolerance (0.001 to 0.03 of it at 0.005). It runs at the course's rate for it, TRAIN_CASES["logistic"].
SHORT_RUN_LEARNING_RATE = {"logistic": 0.005}


def _short_run(case):
    return {**SHORT_RUN, "learning_rate": SHORT_RUN_LEARNING_RATE.get(case, SHORT_RUN["learning_rate"])}


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_train_short(name, case, dtype, device):
    """30 iterations from the same initial parameters: the costs at 0, 10, 20 and the final parameters."""
    c = get_case(case)
    ref_params, ref_costs = _reference_short_run(case)
    backend = get_backend(name, device=device, dtype=dtype)
    params, costs = backend.train(c.params, c.X, c.Y, c.model, **_short_run(case))
    assert np.asarray(costs).shape == ref_costs.shape
    assert_close("costs", costs, ref_costs, tolerance("trajectory", dtype, backend.matmul_precision))
    for key in ref_params:
        assert params[key].dtype == np.dtype(dtype), f"{key} came back as {params[key].dtype}, expected {dtype}"
        assert_close(key, params[key], ref_params[key], tolerance("parameters", dtype, backend.matmul_precision))


_SHORT_RUNS = {}


def _reference_short_run(case):
    if case not in _SHORT_RUNS:
        c = get_case(case)
        _SHORT_RUNS[case] = get_backend("numpy").train(c.params, c.X, c.Y, c.model, **_short_run(case))
    return _SHORT_RUNS[case]


# ==== The course's training runs at full length (slow) ===========================================================
#
# Every backend against the NumPy reference over a whole course run, float64: the cost at every record point and
# the final parameters. The reference runs once per session (_REFERENCE_RUNS) and is shared by all backends.
# Ids read backend-run-device, e.g. test_course_training[torch-nn-deep-synthetic-cpu].


@dataclass(frozen=True)
class CourseRun:
    train: TrainCase  # the case (model, initial parameters, data), learning rate and length
    data: str = "case"  # "case": the case's own data; "catvnoncat": the course's files, skipped where absent
    init: str | None = None  # an initializer instead of the case's
    divergence: str = ""  # why the run cannot agree to the tolerance: a non-strict xfail, with the measurement


_PLANAR_CHAOS = (
    "week 3's planar run is chaotic from iteration ~7750, where its cost jumps (0.21606 -> 0.21955 within 100 "
    "iterations): there a 1e-15 relative change of the reference's own initial weights moves its cost by 2e-4 "
    "(7750 to 7800 for changes of 1e-15 to 1e-13; before iteration 7000 they move it by < 1e-13), so a backend "
    "agrees to 1e-9 only by rounding like NumPy bit for bit; shallow-planar-7000 checks the run up to 7000. "
    "Not strict: a backend with NumPy's rounding order would pass."
)
COURSE_RUNS = {
    # L_layer_model: 12288-20-7-5-1, course-app-deep, 2500 iterations at 0.0075
    "deep-synthetic": CourseRun(TRAIN_CASES["deep"]),
    "deep-catvnoncat": CourseRun(TRAIN_CASES["deep"], data="catvnoncat"),
    # week 2's model(): the course's zeros (the case's own initializer is xavier)
    "logistic-synthetic": CourseRun(TRAIN_CASES["logistic"], init="course-week2"),
    # week 3's nn_model on the flower: 10000 iterations at 1.2, and its first 7000, before the chaotic part
    "shallow-planar": CourseRun(TRAIN_CASES["shallow"], divergence=_PLANAR_CHAOS),
    "shallow-planar-7000": CourseRun(replace(TRAIN_CASES["shallow"], num_iterations=7000)),
}


def _training_cells():
    for name, device, marks in _cells():
        if SPECS_BY_NAME[name].framework == "numpy":
            continue  # the reference against itself
        for run_id, run in COURSE_RUNS.items():
            run_marks = [pytest.mark.slow, *marks]
            if run.data == "catvnoncat":
                run_marks.append(pytest.mark.realdata)
            if run.divergence:
                run_marks.append(pytest.mark.xfail(reason=run.divergence, strict=False))
            yield pytest.param(name, run_id, device, id=f"{name}-{run_id}-{device}", marks=run_marks)


def _course_run(run_id, request):
    """(model, initial parameters, X, Y, TrainCase) for a course run."""
    run = COURSE_RUNS[run_id]
    c = get_case(run.train.case)
    X, Y = c.X, c.Y
    if run.data == "catvnoncat":
        dataset = get_dataset(str(request.getfixturevalue("catvnoncat_dir")))
        X, Y = dataset.X_train, dataset.Y_train
    params = c.params if run.init is None else initialize_parameters(c.model, run.init)
    return c.model, params, X, Y, run.train


_REFERENCE_RUNS = {}


def _reference_run(run_id, request):
    if run_id not in _REFERENCE_RUNS:
        model, params, X, Y, tc = _course_run(run_id, request)
        _REFERENCE_RUNS[run_id] = get_backend("numpy").train(
            params, X, Y, model, tc.learning_rate, tc.num_iterations, tc.record_every
        )
    return _REFERENCE_RUNS[run_id]


@pytest.mark.parametrize("name,run_id,device", list(_training_cells()))
def test_course_training(name, run_id, device, request):
    model, params, X, Y, tc = _course_run(run_id, request)
    ref_params, ref_costs = _reference_run(run_id, request)
    backend = get_backend(name, device=device, dtype="float64")
    trained, costs = backend.train(params, X, Y, model, tc.learning_rate, tc.num_iterations, tc.record_every)
    assert np.asarray(costs).shape == ref_costs.shape == (-(-tc.num_iterations // tc.record_every),)
    assert_close("costs", costs, ref_costs, tolerance("trajectory", "float64", backend.matmul_precision))
    for key in ref_params:
        assert_close(key, trained[key], ref_params[key], tolerance("parameters", "float64", backend.matmul_precision))
