"""Property-based fuzzing (hypothesis): random architectures and parameters, every backend's forward pass, cost,
gradients and predictions against the reference, within the error model's bounds (conformance.error_model).

The CI profile draws shapes from a small set (JAX compiles once per shape) and a few examples; DLROSETTA_FUZZ=long
draws depth 1-5, widths 1-64, m 1-97 and many more examples. A failure shrinks to a minimal model: keep it as a case.
"""

import os
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.cases import Case
from conformance.error_model import bounds
from conformance.matrix import CellRecords, check_backward, check_cost, check_forward, check_predictions
from conformance.registry import get_backend, list_backends
from conformance.tolerances import UNIT_ROUNDOFF
from reference_numpy import Model
from reference_numpy.adapter import NumpyBackend

LONG = os.environ.get("DLROSETTA_FUZZ") == "long"
ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "identity")
WIDTHS = st.integers(1, 64) if LONG else st.sampled_from((1, 3, 8))
MS = st.integers(1, 97) if LONG else st.sampled_from((1, 7, 33))
DEPTHS = st.integers(1, 5) if LONG else st.integers(1, 3)
# every backend except the reference itself; the JAX ones compile per shape, so CI takes one of them
BACKENDS = [b for b in list_backends() if b != "numpy" and (LONG or b != "jax-autodiff")]


@dataclass(frozen=True)
class Drawn:
    model: Model
    seed: int


@st.composite
def architectures(draw):
    depth = draw(DEPTHS)
    dims = (draw(WIDTHS), *[draw(WIDTHS) for _ in range(depth - 1)], 1)
    hidden = tuple(draw(st.sampled_from(ACTIVATIONS)) for _ in range(depth - 1))
    return Drawn(Model(dims, (*hidden, "sigmoid"), name="fuzz"), draw(st.integers(0, 2**31 - 1))), draw(MS)


def _case(drawn, m):
    rs = np.random.RandomState(drawn.seed)
    dims = drawn.model.layer_dims
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rs.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = 0.2 * rs.randn(dims[l], 1)
    X, Y = rs.randn(dims[0], m), (rs.rand(1, m) > 0.5).astype(np.float64)
    return Case("fuzz", drawn.model, params, X, Y)


@settings(max_examples=400 if LONG else 4, deadline=None, derandomize=not LONG,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(architectures())
def test_every_backend_agrees_with_the_reference_on_random_models(drawn_m):
    drawn, m = drawn_m
    case = _case(drawn, m)
    ref_backend = NumpyBackend()
    ref = {
        "forward": ref_backend.forward(case.params, case.X, case.model),
        "cost": ref_backend.cost(case.params, case.X, case.Y, case.model),
        "gradients": ref_backend.gradients(case.params, case.X, case.Y, case.model),
        "predict": ref_backend.predict(case.params, case.X, case.model),
    }
    for dtype in ("float64", "float32"):
        drawn_bounds = bounds(case.model, case.params, case.X, case.Y, ref["forward"], ref["gradients"],
                              UNIT_ROUNDOFF[dtype])  # fmt: skip
        for name in BACKENDS:
            backend = get_backend(name, dtype=dtype)
            out = CellRecords(name, "cpu", dtype, "strict", backend.matmul_precision, "fuzz", None)
            out.bounds = lambda _case, b=drawn_bounds: b
            for check in (check_forward, check_cost, check_backward, check_predictions):
                check(backend, case, ref, out)
            bad = [f"{r['key']}: {r['message']}" for r in out.records if r["status"] != "pass"]
            assert not bad, f"{name} {dtype} on {drawn.model} (seed {drawn.seed}, m={m}): {bad[:3]}"


@pytest.mark.skipif(not LONG, reason="the long fuzzing profile runs with DLROSETTA_FUZZ=long")
def test_long_profile_is_selected():
    assert LONG and len(BACKENDS) >= 5
