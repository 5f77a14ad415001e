"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l]."""


def update_parameters(parameters, grads, learning_rate, in_place=False):
    """The parameters after one gradient-descent step (same keys, shapes, dtype).

    By default a new dict of new arrays, the input untouched (the course's function). in_place=True updates the
    arrays of `parameters` themselves and returns that dict: the training loop does so with its own copy, so it
    allocates no new parameter arrays per iteration (W[1] of a wide network is hundreds of MB). Either way each
    entry is W[l] - alpha dW[l] rounded as NumPy rounds that expression.
    """
    L = len(parameters) // 2
    new = parameters if in_place else {key: value.copy() for key, value in parameters.items()}
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        new[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
        # (11) b[l] = b[l] - alpha db[l]
        new[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return new
