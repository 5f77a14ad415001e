"""Exact zeros in Z[l] at every relu layer of the cat-sized relu cases (conformance.relu_zeros), in every backend
and dtype, so that relu'(0) = 0 is exercised there and a backend with relu'(0) = 1 is caught on these models too."""

import numpy as np
import pytest

from conformance.cases import RELU_ZERO_CASES, get_case
from conformance.matrix import RunConfig, run_matrix
from conformance.mutation import Fault, factory
from conformance.registry import get_backend, list_backends
from conformance.relu_zeros import exact_zeros


def _relu_layers(model):
    return [l for l in range(1, model.L + 1) if model.activations[l - 1] == "relu"]


@pytest.mark.parametrize("name", RELU_ZERO_CASES)
def test_the_reference_has_an_exact_zero_at_every_relu_layer_with_a_gradient_behind_it(name):
    c = get_case(name)
    zeros = exact_zeros(c.model, c.params, c.X)
    assert set(zeros) == set(_relu_layers(c.model)) and all(n >= 1 for n in zeros.values()), zeros
    grads = get_backend("numpy").gradients(c.params, c.X, c.Y, c.model)
    Z = get_backend("numpy").forward(c.params, c.X, c.model)
    for l in _relu_layers(c.model):
        at_zero = Z[f"Z{l}"] == 0
        assert np.all(grads[f"dA{l}"][at_zero] != 0), f"{name}: dA{l} is 0 where Z{l} = 0: relu'(0) would not show"
    zero_biases = sum(int(np.sum(v == 0)) for k, v in c.params.items() if k.startswith("b"))
    assert zero_biases == len(_relu_layers(c.model))  # one per relu layer; every other bias stays non-zero


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", RELU_ZERO_CASES)
def test_every_backend_computes_those_zeros_exactly(name, dtype):
    c = get_case(name)
    want = get_backend("numpy").forward(c.params, c.X, c.model)
    for backend_name in list_backends():
        forward = get_backend(backend_name, dtype=dtype).forward(c.params, c.X, c.model)
        for l in _relu_layers(c.model):
            where = want[f"Z{l}"] == 0
            assert np.all(np.asarray(forward[f"Z{l}"])[where] == 0), f"{backend_name} {dtype}: Z{l} not exactly 0"


@pytest.mark.parametrize("name", RELU_ZERO_CASES)
def test_relu_prime_one_at_zero_is_caught_on_the_cat_sized_models(name):
    c = get_case(name)
    top = max(_relu_layers(c.model))
    config = RunConfig(models=(name,), backends=("relu-prime-1",), iterations=0)
    records = run_matrix(config, factories={"relu-prime-1": factory("relu-prime-1", Fault(relu_prime_at_zero=1.0))})
    for dtype in ("float64", "float32"):
        first = [r for r in records if r["first_failure"] and r["dtype"] == dtype]
        assert first and first[0]["key"] == f"dZ{top}", [(r["key"], r["message"]) for r in first]
