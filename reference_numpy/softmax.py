"""The softmax output layer (course 2, week 3): one-hot labels, softmax, its cross-entropy and the arg-max.

Classes are rows, examples columns: Z[L], A[L] and Y are (C, m). With softmax and the cross-entropy (32) the
output layer's gradient is again (5) dZ[L] = A[L] - Y (exact algebra, the same line as the sigmoid's), so the
backward pass needs nothing new. The cost is the MEAN over the m examples, like (3); the course's TensorFlow
assignment's compute_total_loss SUMS over the mini-batch (and divides the epoch's total by m itself), see
reference_numpy.course.c2w3_softmax.
"""

import numpy as np

from reference_numpy.errors import DLRosettaError


def one_hot(labels, C):
    """labels : (m,) or (1, m) integers in 0..C-1 -> Y : (C, m) float64 one-hot (one 1 per column)."""
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[0] == 1:
        labels = labels[0]
    if labels.ndim != 1:
        raise DLRosettaError(f"one_hot: labels must be (m,) or (1, m) class numbers; got shape {labels.shape}")
    if not isinstance(C, (int, np.integer)) or isinstance(C, bool) or C < 2:
        raise DLRosettaError(f"one_hot: C must be an integer >= 2 (the number of classes); got {C!r}")
    if not (np.issubdtype(labels.dtype, np.integer) or np.issubdtype(labels.dtype, np.floating)):
        raise DLRosettaError(f"one_hot: labels must be integers 0..{C - 1}; got dtype {labels.dtype}")
    bad = (labels < 0) | (labels > C - 1) | (labels != np.round(labels))
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise DLRosettaError(f"one_hot: labels must be integers in 0..{C - 1}; label {i} is {labels[i]!r}")
    classes = np.arange(C).reshape(C, 1)
    # (30) Y_c(i) = 1{y(i) = c}
    Y = (classes == labels.reshape(1, -1)).astype(np.float64)
    return Y


def labels_of(Y):
    """Y : (C, m) one-hot -> (1, m) int64 class numbers (the inverse of one_hot)."""
    return np.argmax(Y, axis=0).reshape(1, -1).astype(np.int64)


def softmax(Z):
    """Z : (C, m) -> A : (C, m), each column positive and summing to 1.

    Shifting each column by its maximum changes nothing in exact arithmetic and keeps exp from overflowing:
    the largest exponent is 0.
    """
    # (31) A[L] = exp(Z[L] - max_c Z[L]) / sum_c exp(Z[L] - max_c Z[L])
    T = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = T / np.sum(T, axis=0, keepdims=True)
    return A


def log_softmax(Z):
    """log A[L] from the logits, finite where A[L] underflows to 0: Z - max - log sum exp(Z - max)."""
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))


def softmax_cost(AL, Y, ZL=None):
    """AL : (C, m) probabilities, Y : (C, m) one-hot, ZL : (C, m) logits or None -> J, a scalar of AL's dtype.

    Given ZL, log A[L] is log_softmax(ZL) (finite even where A[L] has underflowed to 0); given only AL, an exact
    0 is moved to the smallest positive number, as the binary cost does. A term with y = 0 contributes 0.
    """
    m = Y.shape[1]
    if ZL is not None:
        log_a = log_softmax(ZL)
    else:
        log_a = np.log(np.maximum(AL, np.nextafter(np.zeros((), AL.dtype), np.ones((), AL.dtype))))
    terms = np.where(Y == 0, 0, Y * log_a)
    # (32) J = -1/m sum_i sum_c Y log A[L]
    J = -np.sum(terms) / m
    return np.asarray(J).astype(AL.dtype)[()]


def predict_classes(AL):
    """AL : (C, m) -> Y_hat : (1, m) int64, the most probable class of each column (the first on a tie)."""
    # (33) Y_hat = argmax_c A[L]
    Y_hat = np.argmax(AL, axis=0).reshape(1, -1).astype(np.int64)
    return Y_hat
