"""One suite for every backend: each tensor against the float64 NumPy reference, with the harness's own checks.

Ids read backend-case-dtype-device, e.g. test_gradients[torch-autograd-deep-float32-cpu]; `pytest -k torch-nn`
selects one backend. A CUDA cell is listed everywhere and skipped, with the reason, where no GPU exists.
"""

from dataclasses import dataclass, replace

import numpy as np
import pytest

from conformance.cases import CASE_SPECS, CASES, TRAIN_CASES, TrainCase, get_case, reference_results
from conformance.compare import assert_close, backward_keys, forward_keys
from conformance.divergences import divergence_for
from conformance.matrix import (
    CellRecords,
    RunConfig,
    check_backward,
    check_cost,
    check_forward,
    check_predictions,
    check_trajectory,
)
from conformance.registry import SPECS, SPECS_BY_NAME, available_devices, get_backend, list_backends
from conformance.tolerances import tolerance
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


def _reproduce(name, case, dtype, device):
    return (
        f"from conformance.cases import get_case; from conformance.registry import get_backend; "
        f"c = get_case({case!r}); b = get_backend({name!r}, device={device!r}, dtype={dtype!r})"
    )


def _run_check(check, name, case, dtype, device, **kwargs):
    """One of the harness's checks (conformance.matrix) on one cell; fails with every record that did not pass.

    The suite and `dlrosetta run` share these checks, so a failure here is the record a report would show.
    """
    backend = get_backend(name, device=device, dtype=dtype)
    out = CellRecords(name, device, dtype, "strict", backend.matmul_precision, case, None)
    c = get_case(case)
    if kwargs:
        check(backend, c, kwargs["config"], out)
    else:
        check(backend, c, reference_results(case), out)
    bad = [r for r in out.records if r["status"] != "pass"]
    assert out.records and not bad, "\n".join(
        [f"{r['phase']} {r['key']} ({r['status']}): {r['message']}" for r in bad]
        + [f"reproduce: {_reproduce(name, case, dtype, device)}"]
    )
    return out.records


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_forward(name, case, dtype, device):
    records = _run_check(check_forward, name, case, dtype, device)
    upcast = ["upcast"] if dtype == "float32" else []  # a float32 forward pass no closer to float64 than it can be
    assert [r["key"] for r in records] == forward_keys(get_case(case).model.L) + upcast


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_cost(name, case, dtype, device):
    _run_check(check_cost, name, case, dtype, device)


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_gradients(name, case, dtype, device):
    records = _run_check(check_backward, name, case, dtype, device)
    assert [r["key"] for r in records] == backward_keys(get_case(case).model.L)


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_predict(name, case, dtype, device):
    c = get_case(case)
    Y_hat = get_backend(name, device=device, dtype=dtype).predict(c.params, c.X, c.model)
    assert Y_hat.dtype == np.int64 and Y_hat.shape == (1, c.X.shape[1])
    _run_check(check_predictions, name, case, dtype, device)


# 30 iterations at each case's learning rate (the course's for its models: conformance.cases.LEARNING_RATES)
SHORT_RUN = RunConfig(iterations=30, record_every=10)


@pytest.mark.parametrize("name,case,dtype,device", CELLS)
def test_train_short(name, case, dtype, device):
    """30 iterations from the same initial parameters: the costs at 0, 10, 20, the final parameters, predictions."""
    records = _run_check(check_trajectory, name, case, dtype, device, config=SHORT_RUN)
    assert [r["key"] for r in records if r["phase"] == "trajectory"] == ["cost@0", "cost@10", "cost@20"]


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


COURSE_RUNS = {
    # L_layer_model: 12288-20-7-5-1, course-app-deep, 2500 iterations at 0.0075
    "deep-synthetic": CourseRun(TRAIN_CASES["deep"]),
    "deep-catvnoncat": CourseRun(TRAIN_CASES["deep"], data="catvnoncat"),
    # week 2's model(): the course's zeros (the case's own initializer is xavier)
    "logistic-synthetic": CourseRun(TRAIN_CASES["logistic"], init="course-week2"),
    # week 3's nn_model on the flower: 10000 iterations at 1.2, and its first 7000, before the chaotic part
    "shallow-planar": CourseRun(TRAIN_CASES["shallow"]),  # chaotic after ~7750: known_divergences.toml
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
            context = {
                "backend": name,
                "dtype": "float64",
                "device": device,
                "profile": "strict",
                "model": run.train.case,
                "phase": "trajectory",
                "run_iterations": run.train.num_iterations,
            }
            entry = divergence_for(context)  # known divergences are data (known_divergences.toml)
            if entry:
                run_marks.append(pytest.mark.xfail(reason=f"{entry.id}: {entry.reason}", strict=entry.strict))
            yield pytest.param(name, run_id, device, id=f"{name}-{run_id}-{device}", marks=run_marks)


def _course_run(run_id, request):
    """(model, initial parameters, X, Y, TrainCase) for a course run."""
    run = COURSE_RUNS[run_id]
    c = get_case(run.train.case)
    X, Y = c.X, c.Y
    if run.data == "catvnoncat":
        dataset = get_dataset(str(request.getfixturevalue("catvnoncat_dir")))
        X, Y = dataset.X_train, dataset.Y_train
    # the course's own initial parameters (zero biases), not the case's non-zero ones: these are the course's runs
    _, _, method, seed = CASE_SPECS[run.train.case]
    params = initialize_parameters(c.model, run.init or method, seed=None if run.init else seed)
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
