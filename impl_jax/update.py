"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l].

No in-place form: JAX arrays are immutable; the compiled training loop reuses buffers by donation instead
(impl_jax.training.train_loop_donating).
"""


def update_parameters(parameters, grads, learning_rate):
    """Returns a new parameters dict (same keys, shapes, dtype); learning_rate may be a traced scalar."""
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        # (11) b[l] = b[l] - alpha db[l]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new
