"""Forward propagation: (1) Z[l] = W[l] A[l-1] + b[l], (2) A[l] = g[l](Z[l])."""

from reference_numpy import batchnorm
from reference_numpy.activations import get_activation
from reference_numpy.arithmetic import CORE, course_sigmoid
from reference_numpy.regularization import dropout_forward
from reference_numpy.softmax import softmax


def linear_forward(A_prev, W, b):
    """A_prev : (n[l-1], m), W : (n[l], n[l-1]), b : (n[l], 1) -> Z : (n[l], m)."""
    # (1) Z[l] = W[l] A[l-1] + b[l]
    Z = W @ A_prev
    Z += b  # in place: the same sum, without allocating a second (n[l], m) array
    return Z


def _activation_function(activation, leaky_slope=0.01, arithmetic=CORE):
    """g for a layer: the core's, or the course's sigmoid formula where the arithmetic says so; softmax (31)."""
    if activation == "softmax":
        return softmax
    if activation == "sigmoid" and arithmetic.sigmoid == "course":
        return course_sigmoid
    return get_activation(activation, leaky_slope)[0]


def linear_activation_forward(A_prev, W, b, activation, leaky_slope=0.01, arithmetic=CORE):
    """One layer: returns (Z, A), both (n[l], m)."""
    g = _activation_function(activation, leaky_slope, arithmetic)
    Z = linear_forward(A_prev, W, b)
    # (2) A[l] = g[l](Z[l])
    A = g(Z)
    return Z, A


def L_model_forward(X, parameters, model, arithmetic=CORE, masks=None, keep_prob=1.0, running=None):
    """X : (n_x, m) -> (AL, cache) with cache = {"A0": X, "Z1", "A1", ..., "ZL", "AL"} (keys with numbers).

    AL : (1, m) (or (C, m), softmax) is the output A[L]. masks {"D<l>": (n[l], m)}: inverted dropout on those
    hidden layers (16), the cache then holds "D<l>" and A[l] after dropout. A batch-normalized layer l also caches
    "mul", "sigma2l", "Znorml", "Ztildel"; its statistics are the batch's, or running's {"mul", "sigma2l"} where
    given (prediction). No input checks here: the entry points check once.
    """
    cache = {"A0": X}
    A = X
    for l in range(1, model.L + 1):
        if l in model.batchnorm:
            g = _activation_function(model.activations[l - 1], model.leaky_slope, arithmetic)
            layer = batchnorm.layer_forward(A, parameters, l, model, g, running)
            cache.update({f"{key}{l}": value for key, value in layer.items()})
            A = layer["A"]
            continue
        Z, A = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], model.activations[l - 1], model.leaky_slope, arithmetic
        )
        if masks is not None and f"D{l}" in masks:
            cache[f"D{l}"] = masks[f"D{l}"]
            A = dropout_forward(A, masks[f"D{l}"], keep_prob)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache
