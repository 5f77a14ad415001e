"""Every backend's train takes the TrainConfig or the legacy schedule, bit for bit the same, and returns a
TrainResult of NumPy arrays (reference_numpy.contract)."""

import numpy as np
import pytest

from conformance.registry import get_backend, list_backends
from reference_numpy import Model, initialize_parameters
from reference_numpy.contract import TrainConfig, TrainResult

MODEL = Model((3, 4, 2, 1), ("relu", "tanh", "sigmoid"))
LR, N, K = 0.1, 25, 5


def _inputs():
    rs = np.random.RandomState(3)
    X = rs.randn(3, 7)
    Y = (rs.rand(1, 7) > 0.5).astype(np.float64)
    return initialize_parameters(MODEL, "he", seed=2), X, Y


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("backend_name", list_backends())
def test_config_and_legacy_forms_train_the_same_bits(backend_name, dtype):
    backend = get_backend(backend_name, dtype=dtype)
    p, X, Y = _inputs()
    results = [
        backend.train(p, X, Y, MODEL, TrainConfig(LR, N, K)),
        backend.train(p, X, Y, MODEL, LR, N, K),
        backend.train(p, X, Y, MODEL, learning_rate=LR, num_iterations=N, record_every=K),
    ]
    first = results[0]
    assert isinstance(first, TrainResult) and first.state == {}
    assert first.costs.shape == (N // K,) and first.costs.dtype == dtype
    for other in results[1:]:
        assert isinstance(other, TrainResult) and other.state == {}
        assert np.array_equal(first.costs, other.costs)
        assert sorted(first.parameters) == sorted(other.parameters) == sorted(p)
        for key in p:
            assert isinstance(other.parameters[key], np.ndarray) and other.parameters[key].dtype == dtype
            assert np.array_equal(first.parameters[key], other.parameters[key]), key
    params, costs = first  # the old pair
    assert params is first.parameters and costs is first.costs and first[0] is params
    assert not np.array_equal(params["W1"], p["W1"].astype(dtype))  # it trained


@pytest.mark.parametrize("backend_name", list_backends())
def test_every_backend_refuses_mini_batches_without_the_references_permutations(backend_name):
    from reference_numpy import DLRosettaError

    p, X, Y = _inputs()
    with pytest.raises(DLRosettaError, match="batch_size=4 needs the reference's permutations"):
        get_backend(backend_name).train(p, X, Y, MODEL, TrainConfig(LR, N, K, batch_size=4))
