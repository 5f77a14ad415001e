"""A correct course-style module for course 2, week 3 (the functions reference_numpy.course.c2w3_softmax
defines and documents): what `dlrosetta check` passes."""

import numpy as np


def softmax(Z):
    t = np.exp(Z - Z.max(axis=0, keepdims=True))
    return t / t.sum(axis=0, keepdims=True)


def batchnorm_forward(Z, gamma, beta, epsilon=1e-5):
    mu = np.mean(Z, axis=1, keepdims=True)
    sigma2 = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(sigma2 + epsilon)
    return gamma * Z_norm + beta, (Z_norm, mu, sigma2, gamma, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    Z_norm, mu, sigma2, gamma, epsilon = cache
    m = Z_norm.shape[1]
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True) / m
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True) / m
    dZ = gamma / np.sqrt(sigma2 + epsilon) * (dZ_tilde - dbeta - Z_norm * dgamma)
    return dZ, dgamma, dbeta


def compute_total_loss(logits, labels):
    return -np.sum(labels * np.log(softmax(logits)))
