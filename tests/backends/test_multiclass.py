"""Softmax and batch normalization: central differences, the frameworks' own layers after the documented mapping,
and bad input. The tensor-by-tensor agreement of every backend is tests/harness/test_multiclass_cases.py."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812

from conformance.cases import get_case
from conformance.registry import get_backend
from reference_numpy import DLRosettaError, Model, gradient_check, initialize_parameters
from reference_numpy.batchnorm import batch_statistics, batchnorm_forward
from reference_numpy.gradcheck import COURSE_THRESHOLD
from reference_numpy.multiclass_data import synthetic_multiclass
from reference_numpy.softmax import log_softmax, one_hot, softmax, softmax_cost
from reference_numpy.training import gradients, train


@pytest.mark.parametrize("case", ["softmax-bn", "softmax"])
def test_every_new_gradient_agrees_with_central_differences(case):
    c = get_case(case)
    result = gradient_check(c.params, c.X, c.Y, c.model, gradients(c.params, c.X, c.Y, c.model))
    assert result.difference < COURSE_THRESHOLD, result.per_key
    assert all(d < COURSE_THRESHOLD for d in result.per_key.values()), result.per_key
    if c.model.batchnorm:
        assert {"dgamma1", "dbeta1"} <= set(result.per_key) and "db1" not in result.per_key


def test_two_normalized_layers_with_a_sigmoid_output_check_too():
    model = Model((3, 4, 5, 1), ("tanh", "relu", "sigmoid"), batchnorm=(1, 2))
    rs = np.random.RandomState(5)
    X, Y = rs.randn(3, 9), (rs.rand(1, 9) > 0.5).astype(float)
    params = initialize_parameters(model, "he", seed=3)
    params["gamma2"] = params["gamma2"] + 0.3
    result = gradient_check(params, X, Y, model, gradients(params, X, Y, model))
    assert result.difference < COURSE_THRESHOLD, result.per_key


# ---- the frameworks' own layers, after the mapping ------------------------------------------------------------


def _Z(n=5, m=8, seed=0):
    rs = np.random.RandomState(seed)
    return rs.randn(n, m) * 3 + 1, rs.randn(n, 1), rs.randn(n, 1)


def test_batchnorm1d_is_the_courses_forward_on_the_transpose():
    Z, gamma, beta = _Z()
    bn = torch.nn.BatchNorm1d(5, dtype=torch.float64)  # eps 1e-5, momentum 0.1: the defaults
    assert (bn.eps, bn.momentum) == (1e-5, 0.1)
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(gamma[:, 0]))
        bn.bias.copy_(torch.from_numpy(beta[:, 0]))
        out = bn(torch.from_numpy(Z.T)).numpy().T  # (m, n) in, (m, n) out
    mu, sigma2 = batch_statistics(Z)
    _, Z_tilde = batchnorm_forward(Z, gamma, beta, mu, sigma2, 1e-5)
    np.testing.assert_allclose(out, Z_tilde, rtol=1e-12, atol=1e-12)


def test_batchnorm1d_running_variance_is_unbiased_and_its_momentum_the_new_values_weight():
    Z, _, _ = _Z(m=4)
    m, beta_bn = Z.shape[1], 0.9
    bn = torch.nn.BatchNorm1d(5, momentum=1 - beta_bn, dtype=torch.float64)
    with torch.no_grad():
        bn(torch.from_numpy(Z.T))
    mu, sigma2 = batch_statistics(Z)
    np.testing.assert_allclose(bn.running_mean.numpy()[:, None], (1 - beta_bn) * mu, rtol=1e-13)
    unbiased = beta_bn * 1 + (1 - beta_bn) * sigma2 * m / (m - 1)
    np.testing.assert_allclose(bn.running_var.numpy()[:, None], unbiased, rtol=1e-13)
    course = beta_bn * 1 + (1 - beta_bn) * sigma2
    assert np.max(np.abs(bn.running_var.numpy()[:, None] - course)) > 1e-3  # the difference is real (m = 4)


def test_torch_nn_running_statistics_map_back_exactly():
    c = get_case("softmax-bn")
    ref = get_backend("numpy").train(c.params, c.X, c.Y, c.model, 0.1, 7, 1)
    nn = get_backend("torch-nn").train(c.params, c.X, c.Y, c.model, 0.1, 7, 1)
    for key, value in ref.state["running"].items():
        np.testing.assert_allclose(nn.state["running"][key], value, rtol=1e-12, atol=1e-14)


def test_batch_of_one_is_refused_by_batchnorm1d_too():
    with pytest.raises(ValueError, match="more than 1 value"):
        torch.nn.BatchNorm1d(3, dtype=torch.float64)(torch.ones((1, 3), dtype=torch.float64))


def test_cross_entropy_and_log_softmax_are_the_courses():
    Z = np.random.RandomState(1).randn(4, 6) * 5
    labels = np.arange(6) % 4
    Y = one_hot(labels, 4)
    ce = F.cross_entropy(torch.from_numpy(Z.T), torch.from_numpy(labels)).item()
    assert ce == pytest.approx(float(softmax_cost(softmax(Z), Y, Z)), rel=1e-14)
    np.testing.assert_allclose(F.log_softmax(torch.from_numpy(Z), dim=0).numpy(), log_softmax(Z), rtol=1e-14)


def test_jax_nn_gives_the_written_out_softmax():
    Z = np.random.RandomState(2).randn(4, 6) * 5
    labels = np.arange(6) % 4
    with jax.enable_x64(True):
        np.testing.assert_allclose(np.asarray(jax.nn.softmax(jnp.asarray(Z), axis=0)), softmax(Z), rtol=1e-14)
        np.testing.assert_allclose(np.asarray(jax.nn.log_softmax(jnp.asarray(Z), axis=0)), log_softmax(Z), rtol=1e-14)
        np.testing.assert_array_equal(np.asarray(jax.nn.one_hot(jnp.asarray(labels), 4)).T, one_hot(labels, 4))


# ---- bad input ---------------------------------------------------------------------------------------------------

X3, Y3 = synthetic_multiclass(n_x=4, C=3, m=6, seed=1)
MODEL = Model.softmax((4, 5, 3), batchnorm=(1,))
PARAMS = initialize_parameters(MODEL, "he")


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: one_hot([0, 3], 3), "0..2"),
        (lambda: get_backend("numpy").cost(PARAMS, X3, Y3 * 2, MODEL), "0 or 1"),
        (lambda: get_backend("numpy").cost(PARAMS, X3, np.ones_like(Y3), MODEL), "one 1"),
        (lambda: get_backend("torch-manual").cost(PARAMS, X3, Y3[:2], MODEL), "(3, 6)"),
        (lambda: Model.softmax((4, 5, 3), batchnorm=(2,)), "output layer"),
        (lambda: Model.softmax((4, 5, 3), batchnorm=(1,), bn_epsilon=0.0), "bn_epsilon"),
        (lambda: Model.softmax((4, 5, 3), batchnorm=(1,), bn_momentum=1.0), "bn_momentum"),
        (lambda: Model((4, 3), ("sigmoid",)), "n[L] = 1"),
        (lambda: train(PARAMS, X3[:, :1], Y3[:, :1], MODEL, learning_rate=0.1, num_iterations=1), "batch of 1"),
        (lambda: get_backend("jax-manual").gradients(PARAMS, X3[:, :1], Y3[:, :1], MODEL), "batch of 1"),
        (lambda: get_backend("torch-nn").predict(PARAMS, X3, MODEL, running={"mu1": np.zeros((5, 1))}), "sigma21"),
    ],
)
def test_bad_input_is_refused_with_the_reason(call, words):
    with pytest.raises(DLRosettaError, match=__import__("re").escape(words)):
        call()


def test_predict_with_running_statistics_works_on_one_example():
    running = {"mu1": np.zeros((5, 1)), "sigma21": np.ones((5, 1))}
    for name in ("numpy", "torch-nn", "jax-autodiff"):
        Y_hat = get_backend(name).predict(PARAMS, X3[:, :1], MODEL, running=running)
        assert Y_hat.shape == (1, 1) and 0 <= Y_hat[0, 0] < 3


# ---- a softmax output with course 2's optimizers on mini-batches -------------------------------------------------


@pytest.mark.parametrize("batchnorm", [(), (1,)], ids=["softmax", "softmax-bn"])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_every_backend_trains_a_softmax_model_with_each_optimizer_on_mini_batches(optimizer, batchnorm):
    """Costs, parameters and running statistics against the reference (torch-nn with torch.optim, F.cross_entropy
    and BatchNorm1d, its running variance mapped step by step; jax-autodiff with optax): float64 to 1e-12 of each
    tensor's size, float32 to 1e-3 (8 epochs of batches of 16, 16, 16 and 2: 32 steps; Adam's float32 steps on
    batch-normalized layers differ most, 1.4e-4 of the weights' size)."""
    from conformance.registry import list_backends
    from reference_numpy.contract import Optimizer, Schedule, TrainConfig
    from reference_numpy.minibatches import course_permutations

    X, Y = synthetic_multiclass(n_x=4, C=3, m=50, seed=3)
    model = Model.softmax((4, 6, 5, 3), hidden="relu", batchnorm=batchnorm)
    params = initialize_parameters(model, "he", seed=2)
    decay = Schedule("inverse", decay_rate=0.3)
    config = TrainConfig(0.05, 8, 1, optimizer=Optimizer(optimizer), batch_size=16,
                         permutations=course_permutations(50, 8), schedule=decay)  # fmt: skip
    ref = get_backend("numpy").train(params, X, Y, model, config)
    expected = dict(ref.parameters) | {f"run_{k}": v for k, v in ref.state.get("running", {}).items()}
    for name in list_backends():
        for dtype, rtol in (("float64", 1e-12), ("float32", 1e-3)):
            result = get_backend(name, dtype=dtype).train(params, X, Y, model, config)
            where = f"{name} {dtype} {optimizer}"
            np.testing.assert_allclose(np.asarray(result.costs, np.float64), ref.costs, rtol=rtol, err_msg=where)
            got = dict(result.parameters) | {f"run_{k}": v for k, v in result.state.get("running", {}).items()}
            assert set(got) == set(expected), where
            for key, W in expected.items():
                atol = rtol * float(np.max(np.abs(W)))
                np.testing.assert_allclose(
                    np.asarray(got[key], np.float64), W, rtol=0, atol=atol, err_msg=f"{where} {key}"
                )
