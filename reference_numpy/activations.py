"""Activations g and their derivatives g', in one table.

Every function maps an array Z of shape (n[l], m) to an array of the same shape and dtype.
The derivative is written as a function of Z, so (6) dZ[l] = dA[l] * g'(Z[l]) reads the same for every g.
"""

import contextlib
from functools import partial

import numpy as np

from reference_numpy.errors import DLRosettaError


def sigmoid(Z):
    """sigma(z) = 1 / (1 + e^-z), without overflow for large |z|.

    exp is only ever taken of -|z| <= 0, so it cannot overflow; for z >= 0 this is the course's
    formula to the bit, for z < 0 the algebraically equal e^z / (1 + e^z).
    """
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))


def sigmoid_prime(Z):
    S = sigmoid(Z)
    return S * (1 - S)


def tanh(Z):
    return np.tanh(Z)


def tanh_prime(Z):
    T = np.tanh(Z)
    return 1 - T**2


def relu(Z):
    return np.maximum(Z, 0)


def relu_prime(Z):
    # The course's convention: relu'(z) = 0 for z <= 0, including z = 0 exactly.
    return (Z > 0).astype(Z.dtype)


def leaky_relu(Z, slope=0.01):
    return np.where(Z > 0, Z, slope * Z)


def leaky_relu_prime(Z, slope=0.01):
    # Same convention at 0 as relu: the left slope.
    return np.where(Z > 0, 1, slope).astype(Z.dtype)


def identity(Z):
    return Z


def identity_prime(Z):
    return np.ones_like(Z)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "identity": (identity, identity_prime),
}


def activation_pair(table, name, leaky_slope):
    """(g, g_prime) for an activation name from a framework's table; leaky_relu gets its slope bound. The one
    lookup every framework's get_activation makes."""
    if name not in table:
        raise DLRosettaError(f"unknown activation {name!r}; expected one of {sorted(table)}")
    g, g_prime = table[name]
    if name == "leaky_relu":
        return partial(g, slope=leaky_slope), partial(g_prime, slope=leaky_slope)
    return g, g_prime


def get_activation(name, leaky_slope=0.01):
    """Return (g, g_prime) for an activation name; leaky_relu gets its slope bound."""
    return activation_pair(ACTIVATIONS, name, leaky_slope)


@contextlib.contextmanager
def overridden(name, g=None, g_prime=None):
    """Within the block, the reference computes activation `name` with g and/or g_prime instead of its own
    (the learner checker runs a learner's sigmoid or relu inside the reference this way); restored on exit."""
    if name not in ACTIVATIONS:
        raise DLRosettaError(f"overridden: unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}")
    own = ACTIVATIONS[name]
    ACTIVATIONS[name] = (g or own[0], g_prime or own[1])
    try:
        yield
    finally:
        ACTIVATIONS[name] = own
