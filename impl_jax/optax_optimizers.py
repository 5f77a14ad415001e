"""The course's optimizers as optax's, for the jax-autodiff variant: the same (initialize_state, update) pair as
impl_jax.optimizers, around optax's GradientTransformation, with the mapping of optax's conventions to the
course's (OPTIMIZER_MAPPING):

- momentum: optax.sgd(lr, momentum=beta) keeps trace = dW + beta trace (no 1 - beta) and steps -lr trace. By
  induction trace = v_dW / (1 - beta), so lr = alpha (1 - beta) is the course's step exactly (a rounding apart).
- RMSprop: optax.rmsprop puts epsilon inside the root by default (eps_in_sqrt=True: dW / sqrt(s + epsilon)); the
  course's (23) has it outside, which eps_in_sqrt=False gives. The default is a different optimizer, not a
  rounding: tests/backends/test_backend_optimizers.py measures how far it lands from the course's.
- Adam: optax.adam's eps is outside the root (eps_root=0 inside), the course's (27).
The rate of each epoch (28), (29) is set through optax.inject_hyperparams, as optax sets a hyper-parameter.
"""

import jax.numpy as jnp
import optax

OPTIMIZER_MAPPING = {
    "gd": "optax.sgd(alpha)",
    "momentum": "optax.sgd(alpha (1 - beta), momentum=beta); v_dW = (1 - beta) trace",
    "rmsprop": "optax.rmsprop(alpha, decay=beta2, eps=epsilon, eps_in_sqrt=False); s_dW = nu",
    "adam": "optax.adam(alpha, b1=beta1, b2=beta2, eps=epsilon); v_dW = mu, s_dW = nu",
}


def transformation(optimizer):
    """(optax transformation with an injectable learning rate, the factor on alpha its rate takes)."""
    if optimizer.name == "momentum":
        # (20) v_dW[l] = beta v_dW[l] + (1-beta) dW[l] : by optax.sgd(momentum=beta), rate alpha (1-beta)
        # (21) W[l] = W[l] - alpha v_dW[l] : by optax.sgd(momentum=beta), rate alpha (1-beta)
        return optax.inject_hyperparams(optax.sgd)(learning_rate=0.0, momentum=optimizer.beta), 1 - optimizer.beta
    if optimizer.name == "rmsprop":
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2 : by optax.rmsprop, optax.adam
        # (23) W[l] = W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon) : by optax.rmsprop(eps_in_sqrt=False)
        rmsprop = optax.inject_hyperparams(optax.rmsprop, static_args=("eps_in_sqrt",))
        return rmsprop(learning_rate=0.0, decay=optimizer.beta2, eps=optimizer.epsilon, eps_in_sqrt=False), 1.0
    if optimizer.name == "adam":
        # (24) v_dW[l] = beta1 v_dW[l] + (1-beta1) dW[l] : by optax.adam
        # (25) v_corrected[l] = v_dW[l] / (1 - beta1^t) : by optax.adam
        # (26) s_corrected[l] = s_dW[l] / (1 - beta2^t) : by optax.adam
        # (27) W[l] = W[l] - alpha v_corrected[l] / (sqrt(s_corrected[l]) + epsilon) : by optax.adam
        adam = optax.inject_hyperparams(optax.adam)
        return adam(learning_rate=0.0, b1=optimizer.beta1, b2=optimizer.beta2, eps=optimizer.epsilon), 1.0
    # (10) W[l] = W[l] - alpha dW[l] : by optax.sgd
    # (11) b[l] = b[l] - alpha db[l] : by optax.sgd
    return optax.inject_hyperparams(optax.sgd)(learning_rate=0.0), 1.0


def initialize_state(parameters, optimizer):
    """optax's state for the parameters (its own pytree; course_state reads it in the course's names)."""
    tx, _ = transformation(optimizer)
    state = tx.init(parameters)
    dtype = next(iter(parameters.values())).dtype
    state.hyperparams["learning_rate"] = jnp.zeros((), dtype)
    return state


def update(parameters, grads, state, t, learning_rate, optimizer):
    """One optax step at rate learning_rate (alpha, mapped): (new parameters, new optax state)."""
    tx, factor = transformation(optimizer)
    state.hyperparams["learning_rate"] = jnp.asarray(learning_rate * factor, state.hyperparams["learning_rate"].dtype)
    updates, state = tx.update({key: grads[f"d{key}"] for key in parameters}, state, parameters)
    return optax.apply_updates(parameters, updates), state


def _find(tree, field):
    """The first `field` of an optax state namedtuple inside `tree` (optax's states nest in tuples)."""
    if hasattr(tree, "_fields"):
        if field in tree._fields:
            return getattr(tree, field)
        for child in tree:
            found = _find(child, field)
            if found is not None:
                return found
    elif isinstance(tree, (tuple, list)):
        for child in tree:
            found = _find(child, field)
            if found is not None:
                return found
    return None


def course_state(state, optimizer):
    """optax's state in the course's names: {"v": {"dW1", ...}} (momentum, mapped), {"s"} (RMSprop),
    {"v", "s", "v_corrected", "s_corrected"} (Adam, corrected with optax's own step count)."""
    inner = state.inner_state

    def named(tree):
        return {f"d{key}": value for key, value in tree.items()}

    if optimizer.name == "momentum":
        return {"v": {key: (1 - optimizer.beta) * value for key, value in named(_find(inner, "trace")).items()}}
    if optimizer.name == "rmsprop":
        return {"s": named(_find(inner, "nu"))}
    if optimizer.name == "adam":
        v, s, count = named(_find(inner, "mu")), named(_find(inner, "nu")), _find(inner, "count")
        t = jnp.asarray(count, next(iter(v.values())).dtype)
        return {
            "v": v,
            "s": s,
            "v_corrected": {key: value / (1 - optimizer.beta1**t) for key, value in v.items()},
            "s_corrected": {key: value / (1 - optimizer.beta2**t) for key, value in s.items()},
        }
    return {}
