"""Course 2, week 3: the pieces of the TensorFlow assignment NumPy can reproduce, and batch normalization.

The assignment (Tensorflow_introduction) trains a softmax network on the SIGNS pictures with TensorFlow's own
initializer RNG, so its run cannot be reproduced; these can (COURSE2_FIXTURES.md section 5):

- one_hot_matrix(label, C): the 2021 revision returns a flat vector of length C for one label; the 2020 notebook
  one-hot encodes a list of labels into a (C, m) matrix (version="2020").
- compute_total_loss(logits, labels): the SUM over the examples of the softmax cross-entropy, not the mean. The
  assignment trains on mini-batches and divides the epoch's total by m itself, so the per-batch function sums
  (a mean per batch, averaged over batches, would weigh the last, smaller batch too much). An older 2021 revision
  took the mean (compute_cost); the core's cost (32) is the mean, like (3), so its gradients are the course's.

Batch normalization appears in no course-2 programming assignment (lectures only). `softmax`, `batchnorm_forward`
and `batchnorm_backward` below are the functions `dlrosetta check` looks for, in the course's style (X : (n, m),
one example per column):

    softmax(Z)                                        Z : (C, m) -> A : (C, m)
    batchnorm_forward(Z, gamma, beta, epsilon=1e-5)   -> (Z_tilde, cache), cache = (Z_norm, mu, sigma2, gamma, eps)
    batchnorm_backward(dZ_tilde, cache)               -> (dZ, dgamma, dbeta)

dZ_tilde and dZ are in the course's scale (gradients of m J, like its dZ[l]); dgamma and dbeta carry the 1/m,
like its dW[l] and db[l].
"""

import numpy as np

from reference_numpy.batchnorm import batch_statistics
from reference_numpy.batchnorm import batchnorm_backward as core_batchnorm_backward
from reference_numpy.batchnorm import batchnorm_forward as core_batchnorm_forward
from reference_numpy.errors import DLRosettaError
from reference_numpy.softmax import log_softmax, one_hot
from reference_numpy.softmax import softmax as core_softmax
from reference_numpy.validation import check_matrix


def one_hot_matrix(label, C=6, version="2021"):
    """2021: one label -> (C,) float64 one-hot vector (the test passes 1 or [2]). 2020: labels (m,) -> (C, m)."""
    labels = np.atleast_1d(np.asarray(label))
    if version == "2021":
        if labels.size != 1:
            raise DLRosettaError(f"one_hot_matrix: the 2021 revision encodes one label; got {labels.size}")
        return one_hot(labels.reshape(-1), C)[:, 0]
    if version == "2020":
        return one_hot(labels.reshape(-1), C)
    raise DLRosettaError(f"one_hot_matrix: version must be '2021' or '2020'; got {version!r}")


def _logits_and_labels(logits, labels, where):
    logits = check_matrix("logits", np.asarray(logits, dtype=np.float64), where)
    labels = np.asarray(labels, dtype=np.float64)
    if labels.shape != logits.shape:
        raise DLRosettaError(f"{where}: labels must have the logits' shape {logits.shape} (C, m); got {labels.shape}")
    return logits, labels


def compute_total_loss(logits, labels):
    """logits, labels : (C, m) (classes along axis 0) -> the SUM over the m examples of -sum_c y log softmax(z)."""
    logits, labels = _logits_and_labels(logits, labels, "compute_total_loss")
    return float(-np.sum(labels * log_softmax(logits)))


def compute_cost(logits, labels):
    """The older 2021 revision: the MEAN over the examples (compute_total_loss / m)."""
    logits, labels = _logits_and_labels(logits, labels, "compute_cost")
    return float(-np.sum(labels * log_softmax(logits)) / logits.shape[1])


def softmax(Z):
    """Z : (C, m) -> A : (C, m), the columns' softmax, shifted by each column's maximum."""
    return core_softmax(check_matrix("Z", np.asarray(Z), "softmax"))


def batchnorm_forward(Z, gamma, beta, epsilon=1e-5):
    """Z : (n, m) over a batch of m >= 2 examples, gamma, beta : (n, 1) -> (Z_tilde, cache)."""
    where = "batchnorm_forward"
    check_matrix("Z", Z, where)
    check_matrix("gamma", gamma, where, rows=Z.shape[0], cols=1)
    check_matrix("beta", beta, where, rows=Z.shape[0], cols=1)
    if not epsilon > 0:
        raise DLRosettaError(f"{where}: epsilon must be > 0; got {epsilon!r}")
    if Z.shape[1] < 2:
        raise DLRosettaError(f"{where}: a batch of one example has sigma2 = 0 and Z_norm = 0; expected m >= 2")
    mu, sigma2 = batch_statistics(Z)
    Z_norm, Z_tilde = core_batchnorm_forward(Z, gamma, beta, mu, sigma2, epsilon)
    return Z_tilde, (Z_norm, mu, sigma2, gamma, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    """dZ_tilde : (n, m), cache from batchnorm_forward -> (dZ : (n, m), dgamma : (n, 1), dbeta : (n, 1))."""
    Z_norm, _, sigma2, gamma, epsilon = cache
    check_matrix("dZ_tilde", dZ_tilde, "batchnorm_backward", rows=Z_norm.shape[0], cols=Z_norm.shape[1])
    return core_batchnorm_backward(dZ_tilde, Z_norm, gamma, sigma2, epsilon)
