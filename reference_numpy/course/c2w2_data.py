"""The moons of course 2's optimization assignment, generated without scikit-learn (COURSE2_FIXTURES.md 4.1).

The course calls np.random.seed(3) and then sklearn.datasets.make_moons(n_samples=300, noise=.2), which draws from
the global stream; RandomState(3) is the same stream, without touching the global one. make_moons here follows
scikit-learn's recipe operation for operation, so the points are bit for bit scikit-learn's (1.9.1 checked).
"""

import numpy as np

from reference_numpy.errors import DLRosettaError


def make_moons(n_samples, noise, rs):
    """(points : (n, 2) float64, labels : (n,) int64) drawn from the RandomState `rs`, as make_moons(n_samples,
    noise=noise, shuffle=True) draws them from it: the outer half circle (label 0), the inner one (label 1),
    shuffled with rs.shuffle, then rs.normal(scale=noise) added (noise None: none)."""
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 2:
        raise DLRosettaError(f"make_moons: n_samples must be an integer >= 2; got {n_samples!r}")
    if noise is not None and not (np.isfinite(noise) and noise >= 0):
        raise DLRosettaError(f"make_moons: noise must be None or a finite number >= 0; got {noise!r}")
    n_out = n_samples // 2
    n_in = n_samples - n_out
    outer_x = np.cos(np.linspace(0, np.pi, n_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    order = np.arange(n_samples)
    rs.shuffle(order)
    X, y = X[order], y[order]
    if noise is not None:
        X += rs.normal(scale=noise, size=X.shape)
    return X, y


def moons_dataset():
    """The course's training set: train_X : (2, 300) float64 (the transposed view of the (300, 2) points, as the
    course's load_dataset returns it), train_Y : (1, 300) int64."""
    X, y = make_moons(300, 0.2, np.random.RandomState(3))
    return X.T, y.reshape((1, y.shape[0]))
