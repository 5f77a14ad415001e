"""A softmax output or batch normalization beside course 2's L2, dropout, optimizers, mini-batches or decay: refused
by name for now (reference_numpy.masks.check_week3_alone), at the reference and at every backend's entry."""

import numpy as np
import pytest

from reference_numpy import Model, TrainConfig, initialize_parameters, train
from reference_numpy.adapter import NumpyBackend
from reference_numpy.contract import Regularization
from reference_numpy.errors import DLRosettaError
from reference_numpy.softmax import one_hot

MODEL = Model.softmax((4, 5, 3), hidden="relu", batchnorm=(1,))
X = np.random.RandomState(0).randn(4, 12)
Y = one_hot(np.arange(12) % 3, 3)


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(0.1, 2, 1, optimizer="adam"),
        TrainConfig(0.1, 2, 1, optimizer="momentum"),
        TrainConfig(0.1, 2, 1, regularization=Regularization(lambd=0.5)),
    ],
)
def test_train_refuses_the_combination(config):
    params = initialize_parameters(MODEL, "he", seed=1)
    with pytest.raises(DLRosettaError, match="softmax output or batch normalization"):
        train(params, X, Y, MODEL, config)


def test_cost_refuses_l2_on_a_softmax_model():
    params = initialize_parameters(MODEL, "he", seed=1)
    with pytest.raises(DLRosettaError, match=r"numpy\.cost: a softmax output or batch normalization .* L2 or dropout"):
        NumpyBackend().cost(params, X, Y, MODEL, lambd=0.1)


def test_full_batch_gradient_descent_still_trains_and_keeps_running_statistics():
    params = initialize_parameters(MODEL, "he", seed=1)
    result = train(params, X, Y, MODEL, TrainConfig(0.1, 3, 1))
    assert set(result.state["running"]) == {"mu1", "sigma21"} and result.costs.shape == (3,)
