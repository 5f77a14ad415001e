"""Batch normalization written out: reference_numpy/batchnorm.py in JAX (same equations, same order).

Pure functions; the running statistics are data that the training step returns (see impl_jax.training).
"""

import jax.numpy as jnp

from reference_numpy.batchnorm import check_batch


def batch_statistics(Z):
    """Z : (n[l], m) -> (mu, sigma2), each (n[l], 1): the mean and the biased variance over the examples."""
    # (34) mu[l] = 1/m sum_i Z[l](i), sigma2[l] = 1/m sum_i (Z[l](i) - mu[l])^2
    mu, sigma2 = jnp.mean(Z, axis=1, keepdims=True), jnp.var(Z, axis=1, keepdims=True)
    return mu, sigma2


def batchnorm_forward(Z, gamma, beta, mu, sigma2, epsilon):
    """Z : (n[l], m), gamma, beta, mu, sigma2 : (n[l], 1) -> (Z_norm, Z_tilde)."""
    # (35) Z_norm[l] = (Z[l] - mu[l]) / sqrt(sigma2[l] + eps)
    Z_norm = (Z - mu) / jnp.sqrt(sigma2 + epsilon)
    # (36) Z_tilde[l] = gamma[l] Z_norm[l] + beta[l]
    Z_tilde = gamma * Z_norm + beta
    return Z_norm, Z_tilde


def batchnorm_backward(dZ_tilde, Z_norm, gamma, sigma2, epsilon):
    """dZ_tilde, Z_norm : (n[l], m), gamma, sigma2 : (n[l], 1) -> (dZ, dgamma, dbeta)."""
    m = Z_norm.shape[1]
    # (37) dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l]
    dgamma, dbeta = jnp.sum(dZ_tilde * Z_norm, axis=1, keepdims=True) / m, jnp.sum(dZ_tilde, axis=1, keepdims=True) / m
    # (38) dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l])
    dZ = gamma / jnp.sqrt(sigma2 + epsilon) * (dZ_tilde - dbeta - Z_norm * dgamma)
    return dZ, dgamma, dbeta


def initial_running(parameters, model):
    """{"mu1": zeros, "sigma21": ones, ...}, each (n[l], 1), in W's dtype."""
    running = {}
    for l in model.batchnorm:
        W = parameters[f"W{l}"]
        running[f"mu{l}"] = jnp.zeros((W.shape[0], 1), dtype=W.dtype)
        running[f"sigma2{l}"] = jnp.ones((W.shape[0], 1), dtype=W.dtype)
    return running


def update_running(running, cache, model):
    """One step's exponentially weighted averages of the batch statistics: a new dict."""
    beta_bn, new = model.bn_momentum, {}
    for l in model.batchnorm:
        mu, sigma2 = running[f"mu{l}"], running[f"sigma2{l}"]
        # (39) mu_run[l] = beta_bn mu_run[l] + (1 - beta_bn) mu[l], sigma2_run[l] likewise
        new[f"mu{l}"], new[f"sigma2{l}"] = (
            beta_bn * mu + (1 - beta_bn) * cache[f"mu{l}"],
            beta_bn * sigma2 + (1 - beta_bn) * cache[f"sigma2{l}"],
        )
    return new


def layer_forward(A_prev, parameters, l, model, g, running=None):
    """A normalized layer: {"Z", "mu", "sigma2", "Znorm", "Ztilde", "A"}; running statistics when given."""
    W, gamma, beta = parameters[f"W{l}"], parameters[f"gamma{l}"], parameters[f"beta{l}"]
    Z = W @ A_prev  # Z[l] = W[l] A[l-1]: no b[l], subtracting mu[l] would cancel it
    if running is None:
        check_batch(model, Z.shape[1], f"batch-normalized layer {l}")  # m is static: checked at trace time
        mu, sigma2 = batch_statistics(Z)
    else:
        mu, sigma2 = running[f"mu{l}"], running[f"sigma2{l}"]
    Z_norm, Z_tilde = batchnorm_forward(Z, gamma, beta, mu, sigma2, model.bn_epsilon)
    return {"Z": Z, "mu": mu, "sigma2": sigma2, "Znorm": Z_norm, "Ztilde": Z_tilde, "A": g(Z_tilde)}


def layer_backward(dZ_tilde, cache, parameters, l, model):
    """dZ_tilde[l] -> (dZ[l], {"dZtilde", "dgamma", "dbeta"} with the layer number)."""
    dZ, dgamma, dbeta = batchnorm_backward(
        dZ_tilde, cache[f"Znorm{l}"], parameters[f"gamma{l}"], cache[f"sigma2{l}"], model.bn_epsilon
    )
    return dZ, {f"dZtilde{l}": dZ_tilde, f"dgamma{l}": dgamma, f"dbeta{l}": dbeta}
