"""What the course-2 week-1 wrappers share: the circles data, and the three-layer network of init_utils, reg_utils
and gc_utils (LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID) over the core's layer functions, with the
course's tuple caches, gradient keys, optional inverted dropout and L2 term. COURSE2_FIXTURES.md sections 0-3.

The arithmetic is the core's, switched by a preset (reference_numpy.arithmetic): course sigmoid, the relu mask on
the cached activation, the 1/m where each assignment puts it, the cost with nansum or sum. The one difference from
the course's own lines: the relu mask zeroes a copy of dA (+0) where the course multiplies by int64(A > 0), which
gives -0 for a negative dA; no later value reads the sign of those zeros, so every value is the course's.
"""

import numpy as np

from reference_numpy.arithmetic import course_dropout, course_l2_gradient, output_layer_dZ
from reference_numpy.backward import activation_backward, linear_backward
from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import linear_activation_forward
from reference_numpy.update import update_parameters as core_update_parameters

N_LAYERS = 3


# ---- data: make_circles without scikit-learn --------------------------------------------------------------------


def make_circles(rs, n_samples, noise, factor=0.8):
    """(X : (n, 2) float64, y : (n,) int64) drawn from `rs` exactly as sklearn.datasets.make_circles(n_samples,
    noise=noise, factor=factor) draws from it: the outer circle (label 0) then the inner one (label 1), on
    linspace(0, 2 pi) without the end point; shuffled with rs.shuffle(arange(n)); then rs.normal noise."""
    n_out = n_samples // 2
    n_in = n_samples - n_out
    angles_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angles_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack(
        [
            np.append(np.cos(angles_out), np.cos(angles_in) * factor),
            np.append(np.sin(angles_out), np.sin(angles_in) * factor),
        ]
    ).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    order = np.arange(n_samples)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X += rs.normal(scale=noise, size=X.shape)
    return X, y


# ---- the three-layer network ------------------------------------------------------------------------------------


def check_network(X, parameters, where):
    """X : (n_x, m) and parameters W1..b3 of matching shapes; a clear error instead of a broadcast."""
    if not isinstance(X, np.ndarray) or X.ndim != 2:
        raise DLRosettaError(f"{where}: X must be a 2-D NumPy array (n_x, m); got {getattr(X, 'shape', type(X))}")
    missing = [k for l in range(1, N_LAYERS + 1) for k in (f"W{l}", f"b{l}") if k not in parameters]
    if missing:
        raise DLRosettaError(f"{where}: parameters lack {missing}; expected W1, b1, W2, b2, W3, b3")
    n_prev = X.shape[0]
    for l in range(1, N_LAYERS + 1):
        W, b = np.asarray(parameters[f"W{l}"]), np.asarray(parameters[f"b{l}"])
        if W.ndim != 2 or W.shape[1] != n_prev or b.shape != (W.shape[0], 1):
            raise DLRosettaError(
                f"{where}: W{l} must be (n[{l}], {n_prev}) and b{l} (n[{l}], 1); got {W.shape} and {b.shape}"
            )
        n_prev = W.shape[0]
    if n_prev != 1:
        raise DLRosettaError(f"{where}: W3 must have one row (one sigmoid output); got {parameters['W3'].shape}")


def forward(X, parameters, arithmetic, keep_prob=1.0, rs=None):
    """The course's cache tuple: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), or with dropout
    (rs given: masks D1, D2 drawn with rs.rand after A1 and A2, as the course does)
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3), where A1, A2 are the masked, scaled activations."""
    cache = []
    A = X
    for l in range(1, N_LAYERS + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z, A = linear_activation_forward(A, W, b, "relu" if l < N_LAYERS else "sigmoid", arithmetic=arithmetic)
        if rs is not None and l < N_LAYERS:
            D = (rs.rand(A.shape[0], A.shape[1]) < keep_prob).astype(int)
            A = course_dropout(A, D, keep_prob)
            cache += [Z, D, A, W, b]
        else:
            cache += [Z, A, W, b]
    return A, tuple(cache)


def unpack(cache):
    """{"Z1", "A1", "W1", "b1", ..., "D1", "D2" (with dropout)} from the course's cache tuple."""
    if len(cache) == 4 * N_LAYERS:
        names = ["Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3"]
    elif len(cache) == 4 * N_LAYERS + 2:
        names = ["Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3"]
    else:
        raise DLRosettaError(f"cache: expected the course's tuple of 12 (or 14, with dropout) arrays; got {len(cache)}")
    return dict(zip(names, cache, strict=True))


def backward(X, Y, cache, arithmetic, lambd=0.0, keep_prob=None, lower_case=False):
    """The gradients {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}.

    lambd: adds the course's (lambd/m) W[l] to each dW[l]. keep_prob (with a dropout cache): dA[l] * D[l] / keep_prob
    before the relu mask. lower_case: init_utils' keys "dz3", "da2", ... for the intermediates.
    """
    c = unpack(cache)
    m = X.shape[1]
    A = {0: X, 1: c["A1"], 2: c["A2"]}
    grads = {}
    dZ = output_layer_dZ(c["A3"], Y, arithmetic)
    for l in range(N_LAYERS, 0, -1):
        W = c[f"W{l}"]
        dA_prev, dW, db = linear_backward(dZ, A[l - 1], W, need_dA_prev=l > 1, arithmetic=arithmetic)
        if lambd:
            dW = dW + course_l2_gradient(W, m, lambd)
        grads[f"dZ{l}"], grads[f"dW{l}"], grads[f"db{l}"] = dZ, dW, db
        if l > 1:
            if keep_prob is not None:
                dA_prev = course_dropout(dA_prev, c[f"D{l - 1}"], keep_prob)
            grads[f"dA{l - 1}"] = dA_prev
            dZ = activation_backward(dA_prev, c[f"Z{l - 1}"], "relu", arithmetic=arithmetic, A=A[l - 1])
    order = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    if lower_case:
        return {(k.lower() if k[1] in "ZA" else k): grads[k] for k in order}
    return {k: grads[k] for k in order}


def cost(A3, Y, arithmetic):
    """The course's cross-entropy of A3 : (1, m) against Y (a (1, m) array, or the gradient check's (m,))."""
    Y = np.asarray(Y)
    return compute_cost(A3, Y.reshape(1, -1) if Y.ndim == 1 else Y, arithmetic=arithmetic)


def update_parameters(parameters, grads, learning_rate):
    """W[l] - learning_rate dW[l], b[l] - learning_rate db[l]: a new dict, the inputs untouched."""
    return core_update_parameters(parameters, grads, learning_rate)


def predict(X, y, parameters, arithmetic):
    """p : (1, m) int64, 1 where a3 > 0.5 (no dropout); prints "Accuracy: " + str(mean(p == y)) as the course."""
    a3, _ = forward(X, parameters, arithmetic)
    p = (a3 > 0.5).astype(np.int64)
    print("Accuracy: " + str(np.mean(p[0, :] == np.asarray(y)[0, :])))
    return p


def check_labels(Y, m, where):
    """Y : (1, m) of 0/1 numbers (int, uint8, bool or float) or an error; returned as given."""
    if not isinstance(Y, np.ndarray) or Y.shape != (1, m):
        raise DLRosettaError(f"{where}: Y must be a NumPy array of shape (1, {m}); got {getattr(Y, 'shape', Y)!r}")
    if not np.all((Y == 0) | (Y == 1)):
        raise DLRosettaError(f"{where}: labels Y must be 0 or 1")
    return Y
