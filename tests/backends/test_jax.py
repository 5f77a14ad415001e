"""What is JAX-specific about impl_jax: jit, conventions at z = 0, saturation, x64 and precision scopes,
the compiled loop, devices. The numbers against the reference are tests/test_conformance.py's job."""

import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import impl_jax
from conformance.cases import get_case
from conformance.compare import assert_close, backward_keys, forward_keys
from conformance.tolerances import tolerance
from impl_jax import activations, autodiff, runtime, training
from impl_jax.adapter import VARIANTS as VARIANT_RECORDS
from impl_jax.adapter import available_devices, make_backend
from reference_numpy import DLRosettaError, Model
from reference_numpy.adapter import NumpyBackend

VARIANTS = tuple(VARIANT_RECORDS)
HAVE_CUDA = "cuda" in available_devices()
needs_cuda = pytest.mark.skipif(not HAVE_CUDA, reason=f"JAX sees no CUDA GPU here ({jax.devices()})")
REFERENCE = NumpyBackend()


# ---- jit and non-jit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", ["mixed", "deep-leaky", "single-feature"])
def test_jit_and_nonjit_agree(variant, case):
    c = get_case(case)
    jitted, eager = make_backend(variant, jit=True), make_backend(variant, jit=False)
    fj, fe = jitted.forward(c.params, c.X, c.model), eager.forward(c.params, c.X, c.model)
    for key in forward_keys(c.model.L):
        assert_close(key, fe[key], fj[key], tolerance("forward", "float64"))
    assert_close("cost", eager.cost(c.params, c.X, c.Y, c.model), jitted.cost(c.params, c.X, c.Y, c.model),
                 tolerance("cost", "float64"))  # fmt: skip
    gj, ge = jitted.gradients(c.params, c.X, c.Y, c.model), eager.gradients(c.params, c.X, c.Y, c.model)
    for key in backward_keys(c.model.L):
        assert_close(key, ge[key], gj[key], tolerance("backward", "float64"))
    schedule = {"learning_rate": 0.05, "num_iterations": 12, "record_every": 5}
    (pj, cj), (pe, ce) = (b.train(c.params, c.X, c.Y, c.model, **schedule) for b in (jitted, eager))
    assert_close("costs", ce, cj, tolerance("trajectory", "float64"))
    for key in pj:
        assert_close(key, pe[key], pj[key], tolerance("parameters", "float64"))
    np.testing.assert_array_equal(eager.predict(c.params, c.X, c.model), jitted.predict(c.params, c.X, c.model))


# ---- the course's conventions where JAX's differ -------------------------------------------------------------


def _kinked_case(hidden):
    """A 2-3-1 model whose Z[1] is exactly 0 at four places, with dA[1] != 0 there."""
    model = Model.deep((2, 3, 1), hidden=hidden)
    params = {
        "W1": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]),
        "b1": np.zeros((3, 1)),
        "W2": np.array([[0.5, -0.3, 0.8]]),
        "b2": np.array([[0.1]]),
    }
    X = np.array([[1.0, 0.0, -1.0, 2.0, 0.5], [1.0, 2.0, 0.0, 2.0, -1.5]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
    return model, params, X, Y


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("hidden", ["relu", "leaky_relu"])
def test_derivative_at_zero_is_the_courses(variant, hidden):
    model, params, X, Y = _kinked_case(hidden)
    Z1 = REFERENCE.forward(params, X, model)["Z1"]
    zeros = Z1 == 0
    assert zeros.sum() == 4, "the case must put exact zeros in Z[1]"
    desired = REFERENCE.gradients(params, X, Y, model)
    slope = 0.0 if hidden == "relu" else model.leaky_slope  # the course: g'(0) is the left slope
    np.testing.assert_array_equal(desired["dZ1"][zeros], slope * desired["dA1"][zeros])
    assert np.all(desired["dA1"][zeros] != 0)
    for jit in (True, False):
        grads = make_backend(variant, jit=jit).gradients(params, X, Y, model)
        for key in backward_keys(model.L):
            assert_close(key, grads[key], desired[key], tolerance("backward", "float64"))
        np.testing.assert_allclose(grads["dZ1"][zeros], slope * desired["dA1"][zeros], rtol=1e-15, atol=0)


def test_naive_relu_would_fail_the_zero_test(monkeypatch):
    """jnp.maximum(z, 0) differentiates to 1/2 at 0 in JAX: with it, autodiff's dZ[1] leaves the reference's."""
    assert jax.grad(lambda z: jnp.maximum(z, 0.0))(0.0) == 0.5
    assert jax.grad(activations.relu)(0.0) == 0.0
    assert jax.grad(activations.leaky_relu)(0.0) == pytest.approx(0.01)
    assert jax.grad(activations.sigmoid)(0.0) == 0.25  # the exp(-|z|) form, thanks to JAX's |z|' = 1 at 0
    model, params, X, Y = _kinked_case("relu")
    desired = REFERENCE.gradients(params, X, Y, model)
    monkeypatch.setitem(activations.ACTIVATIONS, "relu", (lambda Z: jnp.maximum(Z, 0), activations.relu_prime))
    naive = make_backend("autodiff", jit=False).gradients(params, X, Y, model)  # un-jitted: no cached trace
    zeros = REFERENCE.forward(params, X, model)["Z1"] == 0
    np.testing.assert_allclose(naive["dZ1"][zeros], 0.5 * desired["dA1"][zeros], rtol=1e-14)
    with pytest.raises(AssertionError, match="dZ1: MISMATCH"):
        assert_close("dZ1", naive["dZ1"], desired["dZ1"], tolerance("backward", "float64"))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_cost_given_only_AL_stays_finite(dtype):
    """The course's compute_cost(AL, Y) at A[L] = 0 and 1 exactly: finite (XLA flushes subnormals, see cost.py)."""
    with runtime.x64_scope(dtype):
        AL = jnp.asarray(np.array([[0.0, 1.0, 0.3]], dtype=dtype))
        Y = jnp.asarray(np.array([[1.0, 0.0, 1.0]], dtype=dtype))
        J = impl_jax.compute_cost(AL, Y)
        assert J.dtype == dtype and np.isfinite(float(J))


# ---- shapes and inputs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_bad_input_raises_the_references_errors(variant):
    c = get_case("mixed")
    backend = make_backend(variant)
    bad_X = c.X.copy()
    bad_X[1, 2] = np.nan
    with pytest.raises(DLRosettaError, match="NaN or Inf"):
        backend.forward(c.params, bad_X, c.model)
    with pytest.raises(DLRosettaError, match="must have shape"):
        backend.cost(c.params, c.X, c.Y[:, :-1], c.model)
    with pytest.raises(DLRosettaError, match="learning_rate"):
        backend.train(c.params, c.X, c.Y, c.model, learning_rate=-1.0, num_iterations=3)
    with pytest.raises(DLRosettaError, match="variant"):
        make_backend("autograd")
    with pytest.raises(DLRosettaError, match="profile"):
        make_backend(variant, profile="fast")
    with pytest.raises(DLRosettaError, match="float32"):
        make_backend(variant, dtype="float16")


# ---- x64, precision, devices --------------------------------------------------------------------------------


def test_x64_is_scoped_to_the_call():
    c = get_case("mixed")
    assert jax.config.jax_enable_x64 is False, "x64 must be off when this test starts (set by someone else?)"
    out32 = make_backend("manual", dtype="float32").forward(c.params, c.X, c.model)
    assert jax.config.jax_enable_x64 is False
    out64 = make_backend("autodiff", dtype="float64").gradients(c.params, c.X, c.Y, c.model)
    assert jax.config.jax_enable_x64 is False
    assert jnp.ones(2).dtype == jnp.float32  # a user's float32 work is still float32
    assert out32["A4"].dtype == np.float32 and out64["dW1"].dtype == np.float64
    # float64 results carry float64 precision, not float32 values in a float64 array
    float64_only = out64["dW1"] - out64["dW1"].astype(np.float32).astype(np.float64)
    assert np.any(float64_only != 0)
    # a user who enabled x64 themselves keeps it, and float32 backends still give float32
    with jax.enable_x64(True):
        out = make_backend("manual", dtype="float32").forward(c.params, c.X, c.model)
        assert out["A4"].dtype == np.float32 and jax.config.jax_enable_x64 is True


def test_float64_without_x64_is_an_error_not_a_silent_float32(monkeypatch):
    c = get_case("mixed")
    monkeypatch.setattr(runtime, "x64_scope", lambda dtype: __import__("contextlib").nullcontext())
    with pytest.raises(DLRosettaError, match="float32 where float64 was asked for.*x64"):
        make_backend("manual", dtype="float64").forward(c.params, c.X, c.model)


@pytest.mark.parametrize("profile,inside", [("strict", "highest"), ("default", "bfloat16")])
def test_precision_scope_sets_and_restores(profile, inside):
    c = get_case("mixed")
    backend = make_backend("manual", dtype="float32", profile=profile)
    with jax.default_matmul_precision("bfloat16"):  # the user's own setting
        with backend.scope():
            assert jax.config.jax_default_matmul_precision == inside
            params = {k: jnp.asarray(v, jnp.float32) for k, v in c.params.items()}
            text = training.forward.lower(params, jnp.asarray(c.X, jnp.float32), model=c.model).as_text()
        assert ("precision = [HIGHEST, HIGHEST]" in text) == (profile == "strict")
        backend.forward(c.params, c.X, c.model)
        assert jax.config.jax_default_matmul_precision == "bfloat16"
    assert jax.config.jax_default_matmul_precision is None
    assert backend.matmul_precision == "ieee"  # a CPU never runs TF32


# ---- the compiled training loop -----------------------------------------------------------------------------


def test_training_loop_is_one_compiled_while_loop_traced_once():
    """Two runs with equal shapes and record counts share one trace; the run is a stablehlo.while."""
    c = get_case("deep-leaky")
    traces = []

    def counting_step(parameters, X, Y, model):  # runs only while JAX traces the loop
        traces.append(1)
        return training.cost_and_gradients(parameters, X, Y, model)

    params = {k: jnp.asarray(v, jnp.float32) for k, v in c.params.items()}
    X, Y = jnp.asarray(c.X, jnp.float32), jnp.asarray(c.Y, jnp.float32)
    p1, costs1 = training.train(params, X, Y, c.model, 0.01, 20, 10, step_fn=counting_step)
    n_traces = len(traces)
    assert n_traces >= 1
    # another learning rate and run length with the same number of records: no new trace
    p2, costs2 = training.train(params, X, Y, c.model, 0.02, 19, 10, step_fn=counting_step)
    assert len(traces) == n_traces, "the second run re-traced the training loop"
    assert costs1.shape == costs2.shape == (2,) and not np.array_equal(costs1, costs2)
    text = training.train_loop.lower(
        params, X, Y, jnp.float32(0.01), 20, 10, model=c.model, step_fn=training.cost_and_gradients, num_records=2
    ).as_text()
    assert "stablehlo.while" in text


def test_training_does_not_form_dA0():
    """Neither variant's training step computes W[1]^T dZ[1] (n_x x m), the gradient with respect to X."""
    c = get_case("deep")
    params = {k: jnp.asarray(v, jnp.float32) for k, v in c.params.items()}
    X, Y = jnp.asarray(c.X, jnp.float32), jnp.asarray(c.Y, jnp.float32)
    shape = "x".join(map(str, c.X.shape))
    for step in (training.cost_and_gradients, autodiff.cost_and_gradients):
        text = jax.jit(step, static_argnames="model").lower(params, X, Y, model=c.model).compile().as_text()
        assert f"f32[{shape.replace('x', ',')}]" in text  # X itself is there ...
        computes = re.compile(rf"= f32\[{c.X.shape[0]},{c.X.shape[1]}\]\S* (dot|fusion|transpose|copy|multiply|add)\(")
        produced = [line for line in text.splitlines() if computes.search(line)]
        assert not produced, f"{step.__module__} forms an n_x x m tensor: {produced[0][:200]}"


# ---- GPU ----------------------------------------------------------------------------------------------------


@pytest.mark.gpu
@needs_cuda
@pytest.mark.parametrize("variant", VARIANTS)
def test_gpu_precision_modes(variant):
    c = get_case("deep")
    strict = make_backend(variant, device="cuda", dtype="float32", profile="strict")
    default = make_backend(variant, device="cuda", dtype="float32", profile="default")
    assert strict.matmul_precision == "ieee"
    cc = str(getattr(runtime.resolve_device("cuda", "test"), "compute_capability", "0"))
    assert default.matmul_precision == ("tf32" if int(cc.split(".")[0]) >= 8 else "ieee")
    desired = REFERENCE.forward(c.params, c.X, c.model)
    for backend in (strict, default):
        out = backend.forward(c.params, c.X, c.model)
        tol = tolerance("forward", "float32", backend.matmul_precision)
        for key in forward_keys(c.model.L):
            assert_close(key, out[key], desired[key], tol)
    out64 = make_backend(variant, device="gpu", dtype="float64").gradients(c.params, c.X, c.Y, c.model)
    assert out64["dW1"].dtype == np.float64
