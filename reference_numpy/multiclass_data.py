"""Multi-class data sets for the softmax models: scikit-learn's 8x8 handwritten digits, and synthetic blobs.

Both come back in the course's layout: X : (n_x, m) float64, Y : (C, m) one-hot float64. scikit-learn is used
for the digits' bytes alone (they ship in its wheel: 1,797 pictures of 8x8 pixels, values 0..16, 10 classes);
every array is checked here (shape, dtype, range) as the course's HDF5 files are.
"""

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.softmax import one_hot

DIGITS_SHAPE, DIGITS_CLASSES, DIGITS_MAX = (8, 8), 10, 16
DIGITS_TEST_FRACTION, DIGITS_SPLIT_SEED = 0.2, 0


def check_digits(images, labels):
    """images : (m, 8, 8) with values in 0..16, labels : (m,) integers in 0..9; raises DLRosettaError otherwise."""
    if images.ndim != 3 or images.shape[1:] != DIGITS_SHAPE:
        raise DLRosettaError(f"digits: images must be (m, 8, 8); got {images.shape}")
    if labels.shape != (images.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise DLRosettaError(f"digits: labels must be ({images.shape[0]},) integers; got {labels.dtype} {labels.shape}")
    if images.min() < 0 or images.max() > DIGITS_MAX or np.any(images != np.round(images)):
        raise DLRosettaError(f"digits: pixel values must be integers in 0..{DIGITS_MAX}")
    if labels.min() < 0 or labels.max() >= DIGITS_CLASSES:
        raise DLRosettaError(f"digits: labels must be in 0..{DIGITS_CLASSES - 1}; got {sorted(set(labels.tolist()))}")
    return images, labels


def load_digits():
    """(X_train : (64, 1438), Y_train : (10, 1438), X_test : (64, 359), Y_test : (10, 359)), pixels / 16.

    The split is a fixed RandomState(0) permutation: the last 20 % are the test set.
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError as exc:  # scikit-learn is a dependency; a broken install still gets a clear message
        raise DLRosettaError(f"digits: scikit-learn is needed for the digits data ({exc})") from exc
    bunch = sklearn_digits()
    images, labels = check_digits(np.asarray(bunch.images), np.asarray(bunch.target))
    m = images.shape[0]
    order = np.random.RandomState(DIGITS_SPLIT_SEED).permutation(m)
    n_test = int(round(m * DIGITS_TEST_FRACTION))
    train, test = order[: m - n_test], order[m - n_test :]
    X = images.reshape(m, -1).T / DIGITS_MAX
    Y = one_hot(labels, DIGITS_CLASSES)
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


def synthetic_multiclass(n_x=4, C=3, m=60, seed=0, spread=1.0):
    """C overlapping Gaussian blobs in n_x dimensions, m examples in all, deterministic in `seed`.

    Returns (X : (n_x, m) float64, Y : (C, m) one-hot float64); example i has class i mod C, so every class is
    present whenever m >= C.
    """
    for name, value, low in (("n_x", n_x, 1), ("C", C, 2), ("m", m, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise DLRosettaError(f"synthetic_multiclass: {name} must be an integer >= {low}; got {value!r}")
    rs = np.random.RandomState(seed)
    centers = rs.randn(C, n_x) * 2
    labels = np.arange(m) % C
    X = (centers[labels] + rs.randn(m, n_x) * spread).T
    return X, one_hot(labels, C)
