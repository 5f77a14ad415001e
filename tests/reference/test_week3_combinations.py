"""A softmax output or batch normalization beside course 2's L2 or dropout: refused by name for now
(reference_numpy.masks.check_week3_alone), at the reference and at every backend's entry. Both train with every
optimizer on mini-batches (every backend against the reference: tests/backends/test_multiclass.py)."""

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


def test_train_refuses_l2_beside_a_softmax_output_or_batch_norm():
    params = initialize_parameters(MODEL, "he", seed=1)
    config = TrainConfig(0.1, 2, 1, regularization=Regularization(lambd=0.5))
    with pytest.raises(DLRosettaError, match="softmax output or batch normalization .* L2 or dropout"):
        train(params, X, Y, MODEL, config)


def test_cost_refuses_l2_on_a_softmax_model():
    params = initialize_parameters(MODEL, "he", seed=1)
    with pytest.raises(DLRosettaError, match=r"numpy\.cost: a softmax output or batch normalization .* L2 or dropout"):
        NumpyBackend().cost(params, X, Y, MODEL, lambd=0.1)


@pytest.mark.parametrize("model", [Model.softmax((4, 5, 3), hidden="relu"), MODEL], ids=["softmax", "softmax-bn"])
def test_both_train_with_adam_on_mini_batches(model):
    params = initialize_parameters(model, "he", seed=1)
    config = TrainConfig(0.05, 4, 1, optimizer="adam", batch_size=5, permutations=course_permutations(12, 4))
    result = train(params, X, Y, model, config)
    assert result.costs.shape == (4,) and set(result.state) >= {"v", "s"}
    assert ("running" in result.state) == bool(model.batchnorm)


def test_a_last_mini_batch_of_one_example_is_refused_under_batch_norm():
    params = initialize_parameters(MODEL, "he", seed=1)
    config = TrainConfig(0.05, 2, 1, optimizer="adam", batch_size=11, permutations=course_permutations(12, 2))
    with pytest.raises(DLRosettaError, match="batch_size=11 on m=12 examples leaves a last mini-batch of 1 example"):
        train(params, X, Y, MODEL, config)
    config = TrainConfig(0.05, 2, 1, optimizer="adam", batch_size=1, permutations=course_permutations(12, 2))
    with pytest.raises(DLRosettaError, match="^train: batch normalization with batch_size=1 on m=12 examples leaves a "
                       "mini-batch of 1 example"):  # fmt: skip
        train(params, X, Y, MODEL, config)


def test_full_batch_gradient_descent_still_trains_and_keeps_running_statistics():
    params = initialize_parameters(MODEL, "he", seed=1)
    result = train(params, X, Y, MODEL, TrainConfig(0.1, 3, 1))
    assert set(result.state["running"]) == {"mu1", "sigma21"} and result.costs.shape == (3,)
