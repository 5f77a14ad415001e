"""The softmax and batch-norm cases (conformance.cases_multiclass) on every backend, float64 and float32: every
forward tensor (Z, mu, sigma2, Z_norm, Z_tilde, A), the cost, every gradient (dZ_tilde, dgamma, dbeta, dZ, dW,
db, dA), predictions, and a short training run with the running statistics, as `dlrosetta run` records them."""

import pytest

from conformance.cases import get_case, reference_results
from conformance.cases_multiclass import (
    MULTICLASS_CASE_SPECS,
    MULTICLASS_CHECKS,
    TRAJECTORY_STEPS,
    backward_keys,
    check_trajectory,
    forward_keys,
)
from conformance.matrix import CellRecords, RunConfig
from conformance.registry import get_backend, list_backends

# float64 on both cases; float32 on softmax-bn, which has every new tensor (the suite's time budget)
CELLS = [
    pytest.param(name, case, dtype, id=f"{name}-{case}-{dtype}-cpu")
    for name in list_backends()
    for case in MULTICLASS_CASE_SPECS
    for dtype in ("float64", "float32")
    if dtype == "float64" or case == "softmax-bn"
]


@pytest.mark.parametrize("name,case,dtype", CELLS)
def test_every_tensor_agrees_with_the_reference(name, case, dtype):
    backend = get_backend(name, dtype=dtype)
    c = get_case(case)
    out = CellRecords(name, "cpu", dtype, "strict", backend.matmul_precision, case, None)
    for check in MULTICLASS_CHECKS:
        check(backend, c, reference_results(case), out)
    check_trajectory(backend, c, RunConfig(), out)
    bad = [f"{r['phase']} {r['key']} ({r['status']}): {r['message']}" for r in out.records if r["status"] != "pass"]
    assert not bad, "\n".join(bad)
    keys = [r["key"] for r in out.records]
    model = c.model
    assert keys[: len(forward_keys(model))] == [record_key for _, record_key in forward_keys(model)]
    assert [k for k in keys if k in backward_keys(model)] == backward_keys(model)
    running = {f"mu_run{l}" for l in model.batchnorm} | {f"sigmasq_run{l}" for l in model.batchnorm}
    assert running <= set(keys) and f"cost@{TRAJECTORY_STEPS - 1}" in keys


def test_adam_on_mini_batches_of_a_batch_normalized_softmax_network_passes_on_every_backend():
    """The optimizer case adam-softmax-bn: epoch costs, W, gamma, beta, b, the running statistics, Adam's state for
    every parameter (dgamma and dbeta too) and the class predictions, every backend in float64 and float32."""
    from conformance.matrix import run_matrix

    records = run_matrix(RunConfig(models=("adam-softmax-bn",), backends=tuple(list_backends())))
    keys = {r["key"] for r in records}
    assert {"mu_run1", "sigmasq_run1", "v_dgamma1", "s_corrected_dbeta1", "gamma1", "b3", "Y_hat@8"} <= keys
    failing = [(r["backend"], r["dtype"], r["key"], r["message"]) for r in records if r["status"] != "pass"]
    assert not failing, failing[:5]
    assert {(r["backend"], r["dtype"]) for r in records} == {
        (b, d) for b in list_backends() for d in ("float64", "float32")
    }
