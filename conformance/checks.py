"""Generic checks over every backend: behaviour the backend contract promises, whatever the framework.

The shape of scikit-learn's `parametrize_with_checks`: `backend_checks()` gives one Cell(id, make, check, skip) per
check, backend, device found here and dtype, with a readable id such as "relu_prime_at_zero-torch-autograd-float64-cpu";
`check.run(make())` raises AssertionError (or DLRosettaError) saying what, where and how far. Checks that are about
building a backend (`needs="factory"`) get the factory itself and run once per backend ("construction_errors-jax-
manual"). `factories` adds backends outside the registry (a bring-your-own backend, a planted fault): a mapping
name -> factory(device=, dtype=, profile=) -> backend, with an optional `devices` attribute (default ("cpu",)).

Every check uses the public contract only: forward, cost, gradients, train(params, X, Y, model, learning_rate,
num_iterations, record_every), predict and the attributes name, framework, variant, device, dtype, profile,
matmul_precision. Cases are small and few shapes (JAX compiles once per shape and dtype). The checks about what a
backend is given (bad input, the caller's arrays, construction) are in conformance/input_checks.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

import numpy as np

from conformance.cases import get_case
from conformance.compare import assert_close, backward_keys, forward_keys
from conformance.input_checks import (
    BAD_INPUTS,
    bad_input,
    bad_schedule,
    construction_errors,
    contract_attributes,
    inputs_untouched,
    no_random_numbers_drawn,
)
from conformance.registry import available_devices, get_backend, list_backends
from conformance.tolerances import atol_scale, tolerance
from reference_numpy.model import Model

DTYPES = ("float64", "float32")


@dataclass(frozen=True)
class Check:
    name: str  # "relu_prime_at_zero"
    run: Callable  # run(backend) -> None, or run(factory) -> None when needs == "factory"
    needs: str = "backend"  # "backend": a built backend; "factory": the factory (construction checks)
    dtypes: tuple = field(default=DTYPES)  # the dtypes the check is about
    exempt: dict = field(default_factory=dict)  # backend name -> why the check does not apply to it (a skip)


class Cell(NamedTuple):
    id: str  # "relu_prime_at_zero-torch-autograd-float64-cpu"
    make: Callable  # make() -> the backend; for a factory check, the factory itself
    check: Check
    skip: str | None  # why this backend is exempt from the check, or None


def _reference(backend):
    """The NumPy reference in the backend's dtype: what the backend's numbers are held to."""
    return get_backend("numpy", dtype=backend.dtype)


def _cast(dtype, *arrays):
    return [np.asarray(a, dtype=dtype) for a in arrays]


def _assert_gradients_close(backend, grads, desired, model):
    tol = tolerance("backward", backend.dtype, backend.matmul_precision)
    for key in backward_keys(model.L):
        assert np.all(np.isfinite(grads[key])), f"{backend.name}: {key} has NaN or Inf: {grads[key]}"
        assert_close(key, grads[key], desired[key], tol, reproduce=backend.name, scale=atol_scale(key, desired))


# ---- the course's conventions where a framework's could differ ------------------------------------------------


def _kinks(hidden, dtype):
    """A 2-3-1 network whose hidden pre-activations Z1 hold exact zeros (in either dtype), with dA1 != 0 there."""
    model = Model((2, 3, 1), (hidden, "sigmoid"), name="kinks")
    params = {
        "W1": np.array([[1.0, -1.0], [0.5, 0.5], [1.0, 0.0]], dtype=dtype),
        "b1": np.zeros((3, 1), dtype=dtype),
        "W2": np.array([[0.7, -1.3, 0.4]], dtype=dtype),
        "b2": np.array([[0.1]], dtype=dtype),
    }
    X, Y = _cast(dtype, [[1.0, 2.0, 0.0, -1.5], [1.0, -2.0, 0.0, 0.5]], [[1.0, 0.0, 1.0, 0.0]])
    return model, params, X, Y


def _prime_at_zero(hidden, backend):
    """g'(0) is the left slope, as the course's relu_backward (dZ[dZ <= 0] = 0) has it: 0 for relu, the slope for
    leaky relu. A framework's own derivative at the kink (JAX's maximum: 1/2) would show in dZ1 where Z1 = 0."""
    model, params, X, Y = _kinks(hidden, backend.dtype)
    ref = _reference(backend)
    zero = ref.forward(params, X, model)["Z1"] == 0
    assert zero.sum() >= 4, "the case must put exact zeros into Z1"
    desired = ref.gradients(params, X, Y, model)
    assert np.all(desired["dA1"][zero] != 0), "dA1 must be non-zero where Z1 = 0, or g'(0) would not show"
    grads = backend.gradients(params, X, Y, model)
    _assert_gradients_close(backend, grads, desired, model)
    slope = 0.0 if hidden == "relu" else model.leaky_slope
    u = np.finfo(backend.dtype).eps
    np.testing.assert_allclose(  # the backend's own dA1: dZ1 = g'(0) dA1 up to one rounding (0 exactly for relu)
        grads["dZ1"][zero], slope * grads["dA1"][zero], rtol=4 * u, atol=0,
        err_msg=f"{backend.name}: dZ1 where Z1 = 0 is not {hidden}'(0) = {slope} times dA1",
    )  # fmt: skip


def _saturated_sigmoid(backend):
    """A[L] rounds to exactly 1 (and 0): cost and gradients finite and the reference's, dZ[L] = A[L] - Y."""
    zs = (40.0, 800.0) if backend.dtype == "float64" else (20.0, 120.0)
    model = Model.logistic(1)
    X, Y = _cast(backend.dtype, [[1.0, 1.0, -1.0, -1.0, 0.05]], [[0.0, 1.0, 0.0, 1.0, 1.0]])
    ref = _reference(backend)
    for z in zs:  # the same shapes for both: one compilation
        params = {"W1": np.array([[z]], dtype=backend.dtype), "b1": np.zeros((1, 1), dtype=backend.dtype)}
        AL = ref.forward(params, X, model)["A1"]
        assert AL[0, 0] == 1.0 and AL[0, 1] == 1.0, f"the case must saturate the sigmoid: A[L] = {AL}"
        J = backend.cost(params, X, Y, model)
        assert np.isfinite(J) and J > z / X.shape[1] / 2, f"{backend.name}: J = {J} at z = {z}"  # y = 0 at A = 1
        assert_close("cost", J, ref.cost(params, X, Y, model), tolerance("cost", backend.dtype), backend.name)
        grads = backend.gradients(params, X, Y, model)
        _assert_gradients_close(backend, grads, ref.gradients(params, X, Y, model), model)
        # sigma(z) - y: 1 for y = 0 and 0 (up to e^-z) for y = 1, not a clipped 0 or NaN
        np.testing.assert_allclose(
            grads["dZ1"][0, :2], [1.0, 0.0], rtol=0, atol=2 * np.exp(-z) + np.finfo(backend.dtype).eps,
            err_msg=f"{backend.name}: dZ[L] = A[L] - Y at the saturated examples (z = {z})",
        )  # fmt: skip
        _, costs = backend.train(params, X, Y, model, 0.1, 3, 1)
        assert np.all(np.isfinite(costs)), f"{backend.name}: training through saturation gave costs {costs}"
        assert_close("costs[0]", costs[:1], np.array([J]), tolerance("cost", backend.dtype), backend.name)


# ---- shapes and labels ---------------------------------------------------------------------------------------


def _edge_shapes(backend):
    """m = 1 and n_x = 1: every output keeps the course's 2-D shapes, b and db (n[l], 1) never squeezed."""
    for name in ("single-example", "single-feature"):
        c = get_case(name)
        m, dims = c.X.shape[1], c.model.layer_dims
        out = backend.forward(c.params, c.X, c.model)
        grads = backend.gradients(c.params, c.X, c.Y, c.model)
        params, costs = backend.train(c.params, c.X, c.Y, c.model, 0.1, 5, 2)
        assert sorted(out) == sorted(forward_keys(c.model.L)), f"{backend.name}.forward keys: {sorted(out)}"
        assert set(backward_keys(c.model.L)) <= set(grads), f"{backend.name}.gradients keys: {sorted(grads)}"
        for l in range(1, c.model.L + 1):
            where = f"{backend.name} on {name}, layer {l}"
            assert out[f"Z{l}"].shape == out[f"A{l}"].shape == grads[f"dZ{l}"].shape == (dims[l], m), where
            assert grads[f"dW{l}"].shape == params[f"W{l}"].shape == (dims[l], dims[l - 1]), where
            assert grads[f"db{l}"].shape == params[f"b{l}"].shape == (dims[l], 1), where
            assert grads[f"dA{l - 1}"].shape == (dims[l - 1], m), where
        assert set(params) == set(c.params), f"{backend.name}: trained keys {sorted(params)}"
        assert costs.shape == (3,) and costs.dtype == np.dtype(backend.dtype), (costs.shape, costs.dtype)
        Y_hat = backend.predict(c.params, c.X, c.model)
        assert Y_hat.shape == (1, m) and Y_hat.dtype == np.int64, (Y_hat.shape, Y_hat.dtype)


def _labels_cast(backend):
    """Labels as int64, uint8 or bool give the numbers of float labels (1 - Y on uint8 would wrap)."""
    c = get_case("deep-leaky")
    J = backend.cost(c.params, c.X, c.Y, c.model)
    grads = backend.gradients(c.params, c.X, c.Y, c.model)
    _, costs = backend.train(c.params, c.X, c.Y, c.model, 0.1, 3, 1)
    for label_dtype in (np.int64, np.uint8, np.bool_):
        Y = c.Y.astype(label_dtype)
        where = f"{backend.name} with {np.dtype(label_dtype).name} labels"
        assert backend.cost(c.params, c.X, Y, c.model) == J, where
        for key, value in backend.gradients(c.params, c.X, Y, c.model).items():
            np.testing.assert_array_equal(value, grads[key], err_msg=f"{where}: {key}")
        np.testing.assert_array_equal(backend.train(c.params, c.X, Y, c.model, 0.1, 3, 1)[1], costs, err_msg=where)


def _predict_labels(backend):
    """predict: (1, m) int64 labels in {0, 1}, exactly the backend's own A[L] > 0.5."""
    c = get_case("deep-leaky")
    Y_hat = backend.predict(c.params, c.X, c.model)
    m = c.X.shape[1]
    assert Y_hat.shape == (1, m) and Y_hat.dtype == np.int64, f"{backend.name}: {Y_hat.shape} {Y_hat.dtype}"
    assert set(np.unique(Y_hat)) <= {0, 1}, f"{backend.name}: labels {np.unique(Y_hat)}"
    AL = backend.forward(c.params, c.X, c.model)[f"A{c.model.L}"]
    np.testing.assert_array_equal(Y_hat, (AL > 0.5).astype(np.int64), err_msg=f"{backend.name}: predict vs A[L]")
    assert 0 < Y_hat.sum() < m, "the case must predict both classes"


# ---- training: the schedule's edges; the caller's arrays ------------------------------------------------------


def _train_schedule_edges(backend):
    """num_iterations not a multiple of record_every, equal to it, below it, and 0: the reference's costs (J before
    the update at 0, k, 2k ...) and parameters."""
    c = get_case("deep-leaky")
    ref = _reference(backend)
    for n, k in ((13, 5), (5, 5), (1, 10), (0, 10)):
        ref_params, ref_costs = ref.train(c.params, c.X, c.Y, c.model, 0.05, n, k)
        params, costs = backend.train(c.params, c.X, c.Y, c.model, 0.05, n, k)
        where = f"{backend.name}.train(num_iterations={n}, record_every={k})"
        assert costs.shape == ref_costs.shape == (len(range(0, n, k)),), f"{where}: costs {costs.shape}"
        assert costs.dtype == np.dtype(backend.dtype), f"{where}: costs {costs.dtype}"
        if n:  # (compare() takes no empty arrays)
            assert_close("costs", costs, ref_costs, tolerance("trajectory", backend.dtype), where)
        for key in ref_params:
            assert_close(key, params[key], ref_params[key], tolerance("parameters", backend.dtype), where)


SATURATION_IS_THE_COURSES = (
    "numpy-course computes the course's own cost, -1/m sum(Y log A + (1-Y) log(1-A)), on purpose: where the sigmoid "
    "saturates to exactly 1 that is 0 * log(0) = NaN, as in the course (reference_numpy.arithmetic.course_cost)"
)

CHECKS = (
    Check("relu_prime_at_zero", partial(_prime_at_zero, "relu")),
    Check("leaky_relu_prime_at_zero", partial(_prime_at_zero, "leaky_relu")),
    Check("saturated_sigmoid", _saturated_sigmoid, exempt={"numpy-course": SATURATION_IS_THE_COURSES}),
    Check("edge_shapes", _edge_shapes, dtypes=("float64",)),  # shapes: the dtype plays no part
    Check("labels_cast", _labels_cast),
    Check("predict_labels", _predict_labels),
    *(
        Check(f"bad_input-{case.replace(' ', '_')}", partial(bad_input, case), dtypes=("float64",))
        for case in BAD_INPUTS
    ),
    Check("bad_schedule", bad_schedule, dtypes=("float64",)),
    Check("train_schedule_edges", _train_schedule_edges),
    Check("inputs_untouched", inputs_untouched, dtypes=("float64",)),
    Check("no_random_numbers_drawn", no_random_numbers_drawn, dtypes=("float64",)),
    Check("contract_attributes", contract_attributes),
    Check("construction_errors", construction_errors, needs="factory"),
)


def _registry_factory(name):
    factory = partial(get_backend, name)
    factory.devices = tuple(available_devices(name))
    return factory


def _named(factory, name):
    """The factory, carrying the backend's name and devices (what a factory check reports and asks for)."""
    named = partial(factory)
    named.name, named.devices = name, tuple(getattr(factory, "devices", ("cpu",)))
    return named


def backend_checks(names=None, dtypes=DTYPES, factories=None, checks=CHECKS):
    """[Cell(id, make, check, skip)] for every check x backend x device found x dtype, with ids such as
    "relu_prime_at_zero-torch-autograd-float64-cpu"; `make()` builds the backend (lazily: at the test, not at
    collection). Factory checks run once per backend, id "construction_errors-torch-autograd", with `make` the factory.

    names: registry backends (default: every one whose framework imports here); factories: extra backends,
    name -> factory(device=, dtype=, profile=) with an optional `devices` attribute."""
    all_factories = {name: _registry_factory(name) for name in (list_backends() if names is None else names)}
    all_factories.update(factories or {})
    out = []
    for check in checks:
        for name, factory in all_factories.items():
            if check.needs == "factory":
                out.append(Cell(f"{check.name}-{name}", _named(factory, name), check, check.exempt.get(name)))
                continue
            for device in getattr(factory, "devices", ("cpu",)):
                for dtype in (d for d in dtypes if d in check.dtypes):
                    make = partial(factory, device=device, dtype=dtype)
                    out.append(Cell(f"{check.name}-{name}-{dtype}-{device}", make, check, check.exempt.get(name)))
    return out
