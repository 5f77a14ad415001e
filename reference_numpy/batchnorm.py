"""Batch normalization of hidden layers (course 2, week 3), as the course writes it.

On a normalized layer l (l in model.batchnorm) the forward pass is
    Z[l] = W[l] A[l-1]                     (no b[l]: subtracting the mean cancels it)
    mu[l], sigma2[l]                       (34) over the m examples of the (mini-)batch, biased variance
    Z_norm[l], Z_tilde[l]                  (35), (36) with gamma[l], beta[l] : (n[l], 1)
    A[l] = g[l](Z_tilde[l])
and at prediction time mu[l], sigma2[l] are the running averages (39), not the batch's.

Scale: like the course's dZ[l], dZ_tilde[l] and dZ[l] here are gradients of m J (the 1/m sits in dW, dgamma,
dbeta). Initial gamma = 1 and beta = 0 (the frameworks' too); the running averages start at mu = 0, sigma2 = 1
(PyTorch's and Keras's start) and move with the course's exponentially weighted average, beta_bn =
model.bn_momentum the weight of the OLD value (PyTorch's momentum is the weight of the new one: 1 - beta_bn).

A training batch of one example is refused: its sigma2 is 0, so Z_norm = 0 whatever Z, and W[l] would get no
gradient at all (PyTorch's BatchNorm1d refuses it too).
"""

import numpy as np

from reference_numpy.errors import DLRosettaError


def check_batch(model, m, where):
    """A batch-normalized model trains on batches of at least two examples (see the module docstring)."""
    if model.batchnorm and m < 2:
        raise DLRosettaError(
            f"{where}: batch normalization over a batch of {m} example: sigma^2 = 0, so Z_norm = 0 whatever Z and "
            "W gets no gradient; use batches of m >= 2 (or predict with running statistics)"
        )


def batch_statistics(Z):
    """Z : (n[l], m) -> (mu, sigma2), each (n[l], 1): the mean and the biased variance over the examples."""
    # (34) mu[l] = 1/m sum_i Z[l](i), sigma2[l] = 1/m sum_i (Z[l](i) - mu[l])^2
    mu, sigma2 = np.mean(Z, axis=1, keepdims=True), np.var(Z, axis=1, keepdims=True)
    return mu, sigma2


def batchnorm_forward(Z, gamma, beta, mu, sigma2, epsilon):
    """Z : (n[l], m), gamma, beta, mu, sigma2 : (n[l], 1) -> (Z_norm, Z_tilde), both (n[l], m)."""
    # (35) Z_norm[l] = (Z[l] - mu[l]) / sqrt(sigma2[l] + eps)
    Z_norm = (Z - mu) / np.sqrt(sigma2 + epsilon)
    # (36) Z_tilde[l] = gamma[l] Z_norm[l] + beta[l]
    Z_tilde = gamma * Z_norm + beta
    return Z_norm, Z_tilde


def batchnorm_backward(dZ_tilde, Z_norm, gamma, sigma2, epsilon):
    """dZ_tilde, Z_norm : (n[l], m), gamma, sigma2 : (n[l], 1) -> (dZ, dgamma, dbeta); dZ : (n[l], m).

    dZ is the gradient through mu and sigma2 too (they depend on every example of the batch).
    """
    m = Z_norm.shape[1]
    # (37) dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l]
    dgamma, dbeta = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True) / m, np.sum(dZ_tilde, axis=1, keepdims=True) / m
    # (38) dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l])
    dZ = gamma / np.sqrt(sigma2 + epsilon) * (dZ_tilde - dbeta - Z_norm * dgamma)
    return dZ, dgamma, dbeta


def initial_running(parameters, model):
    """{"mu1": zeros (n[1], 1), "sigma21": ones (n[1], 1), ...} for the normalized layers, in W's dtype."""
    running = {}
    for l in model.batchnorm:
        W = parameters[f"W{l}"]
        running[f"mu{l}"] = np.zeros((W.shape[0], 1), dtype=W.dtype)
        running[f"sigma2{l}"] = np.ones((W.shape[0], 1), dtype=W.dtype)
    return running


def update_running(running, cache, model):
    """One training step's exponentially weighted averages of the batch's mu[l], sigma2[l]: a new dict."""
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
        check_batch(model, Z.shape[1], f"batch-normalized layer {l}")
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


def parameter_layout(parameters):
    """(L, the "gammal", "betal" keys in the dict's order): what an update step walks, W[l], b[l] where present."""
    L = sum(1 for key in parameters if key.startswith("W"))
    return L, [key for key in parameters if key.startswith(("gamma", "beta"))]
