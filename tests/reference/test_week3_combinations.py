"""A softmax output or batch normalization beside course 2's L2 or dropout, and batch normalization beside
optimizers, mini-batches or decay: refused by name for now (reference_numpy.masks.check_week3_alone), at the
reference and at every backend's entry. A softmax output with an optimizer on mini-batches trains on every
backend (tests/backends/test_multiclass.py)."""

import numpy as np
import pytest

from reference_numpy import Model, TrainConfig, initialize_parameters, train
from reference_numpy.adapter import NumpyBackend
from reference_numpy.contract import Regularization
from reference_numpy.errors import DLRosettaError
from reference_numpy.minibatches import course_permutations
from reference_numpy.softmax import one_hot

MODEL = Model.softmax((4, 5, 3), hidden="relu", batchnorm=(1,))
X = np.random.RandomState(0).randn(4, 12)
Y = one_hot(np.arange(12) % 3, 3)


@pytest.mark.parametrize(
    "config,words",
    [
        (TrainConfig(0.1, 2, 1, optimizer="adam"), "batch normalization .* full-batch gradient descent"),
        (TrainConfig(0.1, 2, 1, optimizer="momentum"), r"batch normalization .* \(not yet with optimizer 'momentum'"),
        (TrainConfig(0.1, 2, 1, regularization=Regularization(lambd=0.5)), "softmax output or batch normalization"),
    ],
)
def test_train_refuses_the_combination(config, words):
    params = initialize_parameters(MODEL, "he", seed=1)
    with pytest.raises(DLRosettaError, match=words):
        train(params, X, Y, MODEL, config)


def test_a_softmax_output_without_batch_norm_trains_with_adam_on_mini_batches():
    model = Model.softmax((4, 5, 3), hidden="relu")
    params = initialize_parameters(model, "he", seed=1)
    config = TrainConfig(0.05, 4, 1, optimizer="adam", batch_size=5, permutations=course_permutations(12, 4))
    result = train(params, X, Y, model, config)
    assert result.costs.shape == (4,) and set(result.state) >= {"v", "s"}


def test_cost_refuses_l2_on_a_softmax_model():
    params = initialize_parameters(MODEL, "he", seed=1)
    with pytest.raises(DLRosettaError, match=r"numpy\.cost: a softmax output or batch normalization .* L2 or dropout"):
        NumpyBackend().cost(params, X, Y, MODEL, lambd=0.1)


def test_full_batch_gradient_descent_still_trains_and_keeps_running_statistics():
    params = initialize_parameters(MODEL, "he", seed=1)
    result = train(params, X, Y, MODEL, TrainConfig(0.1, 3, 1))
    assert set(result.state["running"]) == {"mu1", "sigma21"} and result.costs.shape == (3,)
