"""The training loop compiled whole (full-batch gradient descent, and epochs of mini-batches with any optimizer),
prediction, and the jitted entry points.

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

Any other configuration (an optimizer with state, mini-batches, a decaying rate) runs `epochs_loop`: lax.scan over
the epochs; in each, the columns gathered by the reference's permutation (passed in, never drawn here), lax.scan
over the floor(m / batch_size) full batches, then one more step on the smaller last batch (static shapes, no
padding, so every batch's arithmetic is the reference's). The configuration without its arrays
(TrainConfig.static()) is a static argument; the rate and the permutations are traced.
"""

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from impl_jax import batchnorm, optax_optimizers, optimizers
from impl_jax.backward import L_model_backward
from impl_jax.cost import compute_cost
from impl_jax.forward import L_model_forward
from impl_jax.regularization import add_l2_cost
from impl_jax.softmax import predict_classes
from impl_jax.update import update_parameters
from reference_numpy.contract import EXTRA_STATE_KEYS, TrainResult, as_train_config, check_minibatches

# the optimizer implementations a variant trains with: written out (impl_jax.optimizers) or optax's
OPTIMIZER_FAMILIES = {"manual": optimizers, "optax": optax_optimizers}


@partial(jax.jit, static_argnames=("model",))
def forward(parameters, X, model, masks=None, keep_prob=1.0, running=None):
    """The forward tensors {"Z1", "A1", ..., "ZL", "AL"}, each (n[l], m); A0 = X is not returned (no copy). With
    dropout masks, A[l] after dropout and the masks "D<l>". Batch-normalized layers add "mul", "sigma2l",
    "Znorml", "Ztildel" (running: those statistics)."""
    _, cache = L_model_forward(X, parameters, model, masks, keep_prob, running=running)
    return {key: value for key, value in cache.items() if key != "A0"}


def model_cost(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """J for parameters, data and model: forward, then (3) given A[L] and Z[L], plus (13). A 0-d array."""
    AL, cache = L_model_forward(X, parameters, model, masks, keep_prob)
    return add_l2_cost(compute_cost(AL, Y, cache[f"Z{model.L}"]), parameters, lambd, Y.shape[1])


cost = jax.jit(model_cost, static_argnames=("model",))


@partial(jax.jit, static_argnames=("model",))
def gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"} (the course's scale)."""
    AL, cache = L_model_forward(X, parameters, model, masks, keep_prob)
    return L_model_backward(Y, cache, parameters, model, True, lambd, masks, keep_prob)


def cost_and_gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """One training step's (J, grads) written out: forward, (3), backward without dA[0]. Not jitted itself:
    it is traced into the training loop (the autodiff variant has its own, in impl_jax.autodiff)."""
    AL, cache = L_model_forward(X, parameters, model, masks, keep_prob)
    J = add_l2_cost(compute_cost(AL, Y, cache[f"Z{model.L}"]), parameters, lambd, Y.shape[1])
    grads = L_model_backward(Y, cache, parameters, model, False, lambd, masks, keep_prob)
    return J, grads


def step_regularization(reg, i):
    """The keyword arguments of step i from the loop's regularization pytree (see regularization_tree)."""
    kwargs = {key: value for key, value in reg.items() if key != "masks"}
    if "masks" in reg:  # stacked (steps, n[l], m); one stacked step when every step has the same masks
        kwargs["masks"] = {key: D[i % D.shape[0]] for key, D in reg["masks"].items()}
    return kwargs


def regularization_tree(config, dtype):
    """A TrainConfig's L2 and dropout as a pytree of arrays for the compiled loop: {} without regularization (the
    loop is then the unregularized one, bit for bit), else "lambd", and "keep_prob" with the stacked "masks"."""
    reg, tree = config.regularization, {}
    if reg.lambd != 0:
        tree["lambd"] = jnp.asarray(float(reg.lambd), dtype=dtype)
    if config.masks:
        steps = config.masks[:1] if all(step is config.masks[0] for step in config.masks) else config.masks
        tree["keep_prob"] = jnp.asarray(float(reg.keep_prob), dtype=dtype)
        tree["masks"] = {key: jnp.stack([step[key] for step in steps]) for key in steps[0]}
    return tree


def _train_loop(parameters, X, Y, learning_rate, num_iterations, record_every, reg=None, *, model, step_fn,
                num_records):  # fmt: skip
    """(parameters, costs : (num_records,)) after num_iterations steps; see the module docstring. reg: the L2 and
    dropout pytree (regularization_tree), indexed by iteration."""

    def step(params, i):
        J, grads = step_fn(params, X, Y, model, **step_regularization(reg or {}, i))
        return J, update_parameters(params, grads, learning_rate)

    def record_then_run(r, carry):
        params, costs = carry
        J, params = step(params, r * record_every)  # iteration r k: the cost is taken before its update
        costs = costs.at[r].set(J)
        rest = jnp.minimum(record_every, num_iterations - r * record_every) - 1
        params = lax.fori_loop(0, rest, lambda j, p: step(p, r * record_every + 1 + j)[1], params)
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


def _initial_state(parameters, optimizer, family):
    """The loop's carried state: the family's, plus zeros for what an update adds (Adam's corrected moments)."""
    state = OPTIMIZER_FAMILIES[family].initialize_state(parameters, optimizer)
    if family == "manual":
        zeros = {f"d{key}": jnp.zeros_like(value) for key, value in parameters.items()}
        state |= {part: dict(zeros) for part in EXTRA_STATE_KEYS.get(optimizer.name, ())}
    return state


def _epochs_loop(parameters, X, Y, P, learning_rate, *, model, step_fn, static, family):
    """(parameters, costs : (num_epochs,), state) after static.num_iterations epochs; see the module docstring.

    P : (num_epochs, m) int permutations, or None (full batch, in order)."""
    optimizer, family_module = static.optimizer, OPTIMIZER_FAMILIES[family]
    n_x, m = X.shape
    size = m if static.batch_size is None else min(static.batch_size, m)
    n_full, rest = m // size, m % size
    one_batch = n_full + (rest > 0) == 1

    def step(carry, batch):
        params, state, t, total, alpha, running = carry
        X_b, Y_b = batch
        if model.batchnorm:  # the running averages of (39), after each mini-batch's forward pass
            running = batchnorm.update_running(running, L_model_forward(X_b, params, model)[1], model)
        J, grads = step_fn(params, X_b, Y_b, model)
        t = t + 1  # Adam's t counts updates across epochs, from 1
        params, state = family_module.update(params, grads, state, t, alpha, optimizer)
        total = J if one_batch else total + J * X_b.shape[1]  # the course's sum of m_b J_b
        return (params, state, t, total, alpha, running), None

    def epoch_body(carry, xs):
        params, state, t, running = carry
        epoch, permutation = xs
        alpha = optimizers.epoch_learning_rate(learning_rate, epoch, static.schedule)
        X_e, Y_e = (X, Y) if permutation is None else (X[:, permutation], Y[:, permutation])
        full = (
            X_e[:, : n_full * size].reshape(n_x, n_full, size).transpose(1, 0, 2),
            Y_e[:, : n_full * size].reshape(Y.shape[0], n_full, size).transpose(1, 0, 2),
        )
        zero = jnp.zeros((), X.dtype)
        inner = (params, state, t, zero, alpha.astype(X.dtype), running)
        inner, _ = lax.scan(step, inner, full)
        if rest:  # the smaller last batch: one more step, its own static shape
            inner, _ = step(inner, (X_e[:, n_full * size :], Y_e[:, n_full * size :]))
        params, state, t, total, _, running = inner
        J_epoch = total if one_batch else total / m
        return (params, state, t, running), J_epoch

    epochs = jnp.arange(static.num_iterations)
    state0 = _initial_state(parameters, optimizer, family)
    carry0 = (parameters, state0, jnp.zeros((), jnp.int32), batchnorm.initial_running(parameters, model))
    (parameters, state, _, running), costs = lax.scan(epoch_body, carry0, (epochs, P))
    if family == "optax":
        state = optax_optimizers.course_state(state, optimizer)
    return parameters, costs, {**state, "running": running} if model.batchnorm else state


_EPOCHS_STATIC = ("model", "step_fn", "static", "family")
epochs_loop = jax.jit(_epochs_loop, static_argnames=_EPOCHS_STATIC)
epochs_loop_donating = jax.jit(_epochs_loop, static_argnames=_EPOCHS_STATIC, donate_argnames=("parameters",))


def train(
    parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *,
    learning_rate=None, step_fn=cost_and_gradients, donate=False, family="manual",
):  # fmt: skip
    """The course's loop (forward -> cost -> backward -> the optimizer's update), compiled.

    parameters : dict of jax arrays, X : (n_x, m), Y : (1, m), one float dtype. config: a TrainConfig, or the
    legacy learning_rate, num_iterations, record_every. step_fn(parameters, X, Y, model) -> (J, {"dWl", "dbl",
    ...}) is the variant's step (cost_and_gradients here, or autodiff's); family: its optimizers, "manual"
    (impl_jax.optimizers) or "optax". Returns a TrainResult with costs : (ceil(num_iterations / record_every),)
    holding the cost of epochs 0, k, 2k, ..., each batch's J taken before its update, and the optimizer's state
    in the course's names. donate=True lets the loop reuse (and delete) the input parameters' buffers.
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="jax train")
    num_iterations, record_every = int(config.num_iterations), int(config.record_every)
    alpha = jnp.asarray(float(config.learning_rate), dtype=X.dtype)  # alpha in the parameters' dtype, as NumPy
    if not config.full_batch_gd:
        check_minibatches(config.batch_size, config.permutations, num_iterations, "jax train", m=X.shape[1])
        if num_iterations == 0:
            return TrainResult(parameters, jnp.zeros((0,), X.dtype), {})
        P = None if config.permutations is None else jnp.asarray(np.stack(config.permutations))
        loop = epochs_loop_donating if donate else epochs_loop
        parameters, costs, state = loop(
            parameters, X, Y, P, alpha, model=model, step_fn=step_fn, static=config.static(), family=family
        )
        return TrainResult(parameters, costs[::record_every], state)
    num_records = -(-num_iterations // record_every)
    loop = train_loop_donating if donate else train_loop
    if model.batchnorm:  # the running statistics change every step: a loop of compiled steps that returns them
        return _train_batchnorm(parameters, X, Y, alpha, num_iterations, record_every, model, step_fn, {})
    reg = regularization_tree(config, X.dtype)
    parameters, costs = loop(
        parameters, X, Y, alpha, num_iterations, record_every, reg, model=model, step_fn=step_fn,
        num_records=num_records,
    )  # fmt: skip
    return TrainResult(parameters, costs, {})


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
    AL, _ = L_model_forward(X, parameters, model, running=running)
    if model.activations[-1] == "softmax":
        return predict_classes(AL)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).astype(jnp.int32)
    return Y_hat
