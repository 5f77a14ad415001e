"""Activations g and their derivatives g', in one table (the JAX twin of reference_numpy.activations).

Every function maps Z : (n[l], m) to an array of the same shape and dtype. The manual variant uses g' in
(6) dZ[l] = dA[l] * g'(Z[l]); the autodiff variant differentiates g itself, so each g is written so that
jax.grad gives the course's derivative, also at z = 0 where the course picks a one-sided value:
- relu: jnp.maximum(z, 0) differentiates to 0.5 at z = 0 in JAX (the tie is split); the course says
  relu'(0) = 0. jnp.where(z > 0, z, 0) selects the constant branch at 0, so jax.grad gives 0.
- leaky_relu: the same where() gives the left slope at 0, as the reference's leaky_relu_prime does.
- sigmoid: the exp(-|z|) form that cannot overflow differentiates to the right value at 0 because JAX's
  d|z|/dz at 0 is 1 (tests/test_impl_jax.py checks sigma'(0) = 1/4 through jax.grad).
"""

import jax.numpy as jnp

from reference_numpy.activations import activation_pair


def sigmoid(Z):
    """sigma(z) = 1 / (1 + e^-z), without overflow: exp is only taken of -|z| <= 0 (as in the reference)."""
    E = jnp.exp(-jnp.abs(Z))
    return jnp.where(Z >= 0, 1 / (1 + E), E / (1 + E))


def sigmoid_prime(Z):
    S = sigmoid(Z)
    return S * (1 - S)


def tanh(Z):
    return jnp.tanh(Z)


def tanh_prime(Z):
    T = jnp.tanh(Z)
    return 1 - T**2


def relu(Z):
    # Not jnp.maximum(Z, 0): its JAX derivative at 0 is 0.5; this where() gives the course's relu'(0) = 0.
    return jnp.where(Z > 0, Z, 0)


def relu_prime(Z):
    # The course's convention: relu'(z) = 0 for z <= 0, including z = 0 exactly.
    return (Z > 0).astype(Z.dtype)


def leaky_relu(Z, slope=0.01):
    return jnp.where(Z > 0, Z, slope * Z)


def leaky_relu_prime(Z, slope=0.01):
    # Same convention at 0 as relu: the left slope.
    return jnp.where(Z > 0, 1, slope).astype(Z.dtype)


def identity(Z):
    return Z


def identity_prime(Z):
    return jnp.ones_like(Z)


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
