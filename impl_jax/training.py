"""Batch gradient descent with the whole loop compiled, prediction, and the jitted entry points.

Every entry point is jax.jit-compiled once per (shapes, dtype, model, x64/precision settings) and cached by
JAX; the model is a static argument (a frozen, hashable dataclass), so its activations and L pick the code
at trace time and never appear as data.

The training loop is one XLA while loop (lax.fori_loop), so a 2500-iteration run is one dispatch:
- the learning rate, num_iterations and record_every are traced arguments: another learning rate or run
  length reuses the compiled loop;
- the number of recorded costs, ceil(num_iterations / record_every), is static because it is the shape of
  the costs array; runs with the same count share one compilation;
- the loop runs record by record: iteration r k computes its cost, before its update (the course's
  convention), then an inner loop runs the k - 1 iterations up to the next record point without the cost.
  No per-iteration branch, and the inner loop's cost terms are dead code that XLA removes.
"""

from functools import partial

import jax
import jax.numpy as jnp
from jax import lax

from impl_jax import batchnorm
from impl_jax.backward import L_model_backward
from impl_jax.cost import compute_cost
from impl_jax.forward import L_model_forward
from impl_jax.softmax import predict_classes
from impl_jax.update import initialize_optimizer_state, update_parameters
from reference_numpy.contract import TrainResult, as_train_config


@partial(jax.jit, static_argnames=("model",))
def forward(parameters, X, model, running=None):
    """The forward tensors {"Z1", "A1", ..., "ZL", "AL"}, each (n[l], m); A0 = X is not returned (no copy).
    Batch-normalized layers add "mul", "sigma2l", "Znorml", "Ztildel" (running: those statistics)."""
    _, cache = L_model_forward(X, parameters, model, running)
    return {key: value for key, value in cache.items() if key != "A0"}


def model_cost(parameters, X, Y, model):
    """J for parameters, data and model: forward, then (3) given A[L] and Z[L]. A 0-d array."""
    AL, cache = L_model_forward(X, parameters, model)
    return compute_cost(AL, Y, cache[f"Z{model.L}"])


cost = jax.jit(model_cost, static_argnames=("model",))


@partial(jax.jit, static_argnames=("model",))
def gradients(parameters, X, Y, model):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"} (the course's scale)."""
    AL, cache = L_model_forward(X, parameters, model)
    return L_model_backward(Y, cache, parameters, model)


def cost_and_gradients(parameters, X, Y, model):
    """One training step's (J, grads) written out: forward, (3), backward without dA[0]. Not jitted itself:
    it is traced into the training loop (the autodiff variant has its own, in impl_jax.autodiff)."""
    AL, cache = L_model_forward(X, parameters, model)
    J = compute_cost(AL, Y, cache[f"Z{model.L}"])
    grads = L_model_backward(Y, cache, parameters, model, need_dA0=False)
    return J, grads


def _train_loop(parameters, X, Y, learning_rate, num_iterations, record_every, *, model, step_fn, num_records):
    """(parameters, costs : (num_records,)) after num_iterations steps; see the module docstring."""

    def step(params):
        J, grads = step_fn(params, X, Y, model)
        return J, update_parameters(params, grads, learning_rate)

    def record_then_run(r, carry):
        params, costs = carry
        J, params = step(params)  # iteration r k: the cost is taken before its update
        costs = costs.at[r].set(J)
        rest = jnp.minimum(record_every, num_iterations - r * record_every) - 1
        params = lax.fori_loop(0, rest, lambda _, p: step(p)[1], params)
        return params, costs

    costs = jnp.zeros((num_records,), dtype=X.dtype)
    if num_records == 0:  # num_iterations = 0: nothing to run (and no costs[r] to trace)
        return parameters, costs
    return lax.fori_loop(0, num_records, record_then_run, (parameters, costs))


_STATIC = ("model", "step_fn", "num_records")
train_loop = jax.jit(_train_loop, static_argnames=_STATIC)
# The same loop, reusing the input parameters' buffers for the output ones: for callers that hand over
# arrays they no longer need (the adapter does, with arrays it made itself).
train_loop_donating = jax.jit(_train_loop, static_argnames=_STATIC, donate_argnames=("parameters",))


def train(
    parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *,
    learning_rate=None, step_fn=cost_and_gradients, donate=False,
):  # fmt: skip
    """Full-batch gradient descent, the course's loop (forward -> cost -> backward -> update), compiled.

    parameters : dict of jax arrays, X : (n_x, m), Y : (1, m), one float dtype. config: a TrainConfig, or the
    legacy learning_rate, num_iterations, record_every. step_fn(parameters, X, Y, model) -> (J, {"dWl", "dbl",
    ...}) is the variant's step (cost_and_gradients here, or autodiff's). Returns a TrainResult with costs :
    (ceil(num_iterations / record_every),) holding J at iterations 0, k, 2k, ..., each taken before that
    iteration's update. donate=True lets the loop reuse (and delete) the input parameters' buffers.
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="jax train")
    state = initialize_optimizer_state(parameters, config.optimizer)
    num_iterations, record_every = int(config.num_iterations), int(config.record_every)
    num_records = -(-num_iterations // record_every)
    loop = train_loop_donating if donate else train_loop
    alpha = jnp.asarray(float(config.learning_rate), dtype=X.dtype)  # alpha in the parameters' dtype, as NumPy
    if model.batchnorm:  # the running statistics change every step: a loop of compiled steps that returns them
        return _train_batchnorm(parameters, X, Y, alpha, num_iterations, record_every, model, step_fn, state)
    parameters, costs = loop(
        parameters, X, Y, alpha, num_iterations, record_every, model=model, step_fn=step_fn, num_records=num_records
    )
    return TrainResult(parameters, costs, state)


@partial(jax.jit, static_argnames=("model", "step_fn"))
def _batchnorm_step(parameters, running, X, Y, alpha, model, step_fn):
    """One step of a batch-normalized model: (J, parameters, running) after (39) and the update."""
    _, cache = L_model_forward(X, parameters, model)
    running = batchnorm.update_running(running, cache, model)
    J, grads = step_fn(parameters, X, Y, model)
    return J, update_parameters(parameters, grads, alpha), running


def _train_batchnorm(parameters, X, Y, alpha, num_iterations, record_every, model, step_fn, state):
    """Full-batch gradient descent of a batch-normalized model, one compiled step per iteration (a Python loop,
    not the fori_loop above: the running statistics (39) are part of the result)."""
    running = batchnorm.initial_running(parameters, model)
    costs = []
    for i in range(num_iterations):
        J, parameters, running = _batchnorm_step(parameters, running, X, Y, alpha, model, step_fn)
        if i % record_every == 0:
            costs.append(J)
    costs = jnp.stack(costs) if costs else jnp.zeros((0,), dtype=X.dtype)
    return TrainResult(parameters, costs, {**state, "running": running})


@partial(jax.jit, static_argnames=("model",))
def predict(parameters, X, model, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int32 of 0/1 (int64 needs x64; the adapter returns int64); class numbers
    for a softmax output; running: a batch-normalized model's running statistics."""
    AL, _ = L_model_forward(X, parameters, model, running)
    if model.activations[-1] == "softmax":
        return predict_classes(AL)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).astype(jnp.int32)
    return Y_hat
