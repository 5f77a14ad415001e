"""Activations g and their derivatives g', in one table: reference_numpy/activations.py in torch.

Every function maps a tensor Z of shape (n[l], m) to a tensor of the same shape, dtype and device. A derivative
is a function of Z, as in the reference, so (6) dZ[l] = dA[l] * g'(Z[l]) reads the same for every g.

The autograd and torch.nn variants differentiate torch's own functions instead of using g'. Where torch's
derivative could differ from the course's, the comment at the function says what torch does; the tests check
both at z = 0 exactly.
"""

import torch

from reference_numpy.activations import activation_pair


def sigmoid(Z):
    """sigma(z) = 1 / (1 + e^-z): torch's kernel, the course's formula (the reference's differs in rounding only).

    It saturates like the reference: exactly 1 for z > 36.7 (float64) or 16.6 (float32), and exactly 0 where e^-z
    overflows (z < -709 or -88), where the reference still gives a subnormal; the cost handles both (cost.py).
    """
    return torch.sigmoid(Z)


def sigmoid_prime(Z):
    S = torch.sigmoid(Z)
    return S * (1 - S)


def tanh(Z):
    return torch.tanh(Z)


def tanh_prime(Z):
    T = torch.tanh(Z)
    return 1 - T**2


def relu(Z):
    return torch.relu(Z)


def relu_prime(Z):
    # The course's convention: relu'(z) = 0 for z <= 0, including z = 0 exactly. torch's relu backward agrees
    # (it passes the gradient where relu(z) > 0); torch.clamp(z, min=0) would not: its gradient at 0 is 1.
    return (Z > 0).to(Z.dtype)


def leaky_relu(Z, slope=0.01):
    # z where z > 0, slope z elsewhere: the reference's np.where(Z > 0, Z, slope * Z)
    return torch.nn.functional.leaky_relu(Z, slope)


def leaky_relu_prime(Z, slope=0.01):
    # Same convention at 0 as relu: the left slope. torch's leaky_relu backward agrees (slope where z <= 0).
    # torch.where(Z > 0, 1.0, slope) would be float32 whatever Z is (two Python scalars take torch's default
    # dtype), rounding the slope; the tensors below carry Z's dtype.
    return torch.where(Z > 0, torch.ones_like(Z), torch.full_like(Z, slope))


def identity(Z):
    return Z


def identity_prime(Z):
    return torch.ones_like(Z)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "identity": (identity, identity_prime),
}


def get_activation(name, leaky_slope=0.01):
    """Return (g, g_prime) for an activation name; leaky_relu gets its slope bound."""
    return activation_pair(ACTIVATIONS, name, leaky_slope)
