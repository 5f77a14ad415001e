"""Course 2, week 1, "Regularization": the course's functions (and reg_utils' helpers) over the core.

X : (2, m) float64, Y : (1, m) uint8 (data.mat); the network [2, 20, 3, 1], LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID. COURSE2_FIXTURES.md sections 0.4 and 2.
- load_2D_dataset(folder): data.mat read with scipy.io.loadmat from `folder`, else $DLROSETTA_DATA, else ./datasets.
- initialize_parameters (reg_utils): seed 3 once, W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]), biases zeros.
- L2: J = cross-entropy + (1/m) (lambd/2) sum_l ||W[l]||^2; dW[l] gains (lambd/m) W[l]; biases not regularized.
- Inverted dropout on the two hidden layers: a fresh RandomState(1) per forward call (the course reseeds with 1
  inside the function, so every iteration draws the same masks), D1 drawn after A1, D2 after A2, with rand.
- model: full-batch gradient descent, prints "Cost after iteration {}: {}" (the full repr) every 10000 iterations
  with print_cost, the cost taken before that iteration's update; returns the parameters. L2 and dropout are not
  combined (the course asserts it).
Arithmetic: the "course2-regularization" preset: sigmoid 1/(1+e^-z), J = 1./m * nansum(...), dZ3 = A3 - Y,
dW = 1./m * dZ A^T, db = 1./m * sum(dZ), the relu mask on the activation. In the dropout run some a3 reach exactly
0 or 1: the cost stays finite only through nansum, as the course's (warnings silenced).
"""

import numpy as np
import scipy.io

from reference_numpy.arithmetic import PRESETS, course_l2_cost, course_sigmoid
from reference_numpy.contract import check_schedule
from reference_numpy.course import _course2
from reference_numpy.datasets import DATA_ENV, data_dir
from reference_numpy.errors import DLRosettaError
from reference_numpy.initializers import xavier

ARITHMETIC = PRESETS["course2-regularization"]
DATA_FILE = "data.mat"
DATA_KEYS = {"X": (2, np.floating), "y": (1, np.integer), "Xval": (2, np.floating), "yval": (1, np.integer)}
DROPOUT_SEED = 1


def _read_mat(path):
    if not path.is_file():
        raise DLRosettaError(
            f"{path}: file not found; expected the course's {DATA_FILE} there (pass the folder, or set {DATA_ENV})"
        )
    try:
        data = scipy.io.loadmat(path)
    except Exception as exc:  # a damaged file fails anywhere in loadmat's parser (ValueError, IndexError, zlib ...)
        raise DLRosettaError(f"{path}: cannot be read as a MAT-file (truncated or not a MAT-file): {exc}") from exc
    for key, (cols, kind) in DATA_KEYS.items():
        if key not in data:
            found = sorted(k for k in data if not k.startswith("__"))
            raise DLRosettaError(f"{path}: missing key {key!r}; expected {list(DATA_KEYS)}, found {found}")
        a = data[key]
        if not isinstance(a, np.ndarray) or a.ndim != 2 or a.shape[1] != cols or not np.issubdtype(a.dtype, kind):
            raise DLRosettaError(
                f"{path}: {key} must be a (m, {cols}) {kind.__name__} array; got {getattr(a, 'dtype', type(a))} "
                f"{getattr(a, 'shape', '')}"
            )
    for x, y in (("X", "y"), ("Xval", "yval")):
        if data[x].shape[0] != data[y].shape[0]:
            raise DLRosettaError(f"{path}: {x} has {data[x].shape[0]} rows but {y} has {data[y].shape[0]}")
    return data


def load_2D_dataset(folder=None):
    """(train_X : (2, 211) float64, train_Y : (1, 211) uint8, test_X : (2, 200), test_Y : (1, 200) uint8), the
    MAT-file's X, y, Xval, yval transposed, as reg_utils returns them (without its scatter plot)."""
    data = _read_mat(data_dir(folder) / DATA_FILE)
    return data["X"].T, data["y"].T, data["Xval"].T, data["yval"].T


# ---- reg_utils' helpers -----------------------------------------------------------------------------------------


def sigmoid(x):
    return course_sigmoid(np.asarray(x))


def relu(x):
    return np.maximum(0, x)


def initialize_parameters(layer_dims):
    """W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]) after seed 3, b[l] zeros (the core's xavier scheme)."""
    dims = list(layer_dims)
    if len(dims) < 2 or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in dims):
        raise DLRosettaError(f"initialize_parameters: layer_dims must be at least two positive integers; got {dims}")
    rs = np.random.RandomState(3)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = xavier(rs, dims[l], dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """(A3 : (1, m), cache (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3))."""
    return _course2.forward(X, parameters, ARITHMETIC)


def backward_propagation(X, Y, cache):
    """{"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"} without regularization."""
    return _course2.backward(X, Y, cache, ARITHMETIC)


def compute_cost(a3, Y):
    """1./m * nansum(-log(a3) Y - log(1 - a3) (1 - Y)), a NumPy float64."""
    return _course2.cost(a3, Y, ARITHMETIC)


def update_parameters(parameters, grads, learning_rate):
    return _course2.update_parameters(parameters, grads, learning_rate)


def predict(X, y, parameters):
    """p : (1, m) int64 of 0/1 (a3 > 0.5, no dropout); prints "Accuracy: ..." as the course."""
    _course2.check_network(X, parameters, "c2w1_regularization.predict")
    return _course2.predict(X, y, parameters, ARITHMETIC)


# ---- the assignment's functions ---------------------------------------------------------------------------------


def _check_lambd(lambd, where):
    if isinstance(lambd, bool) or not isinstance(lambd, (int, float, np.integer, np.floating)) or not lambd >= 0:
        raise DLRosettaError(f"{where}: lambd must be a number >= 0; got {lambd!r}")
    if not np.isfinite(lambd):
        raise DLRosettaError(f"{where}: lambd must be finite; got {lambd!r}")


def _check_keep_prob(keep_prob, where):
    ok = not isinstance(keep_prob, bool) and isinstance(keep_prob, (int, float, np.integer, np.floating))
    if not ok or not 0 < keep_prob <= 1:
        raise DLRosettaError(f"{where}: keep_prob must be a number in (0, 1]; got {keep_prob!r}")


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """The cross-entropy plus (1/m) (lambd/2) (sum W1^2 + sum W2^2 + sum W3^2): a NumPy float64."""
    _check_lambd(lambd, "compute_cost_with_regularization")
    m = np.shape(Y)[1]
    weights = [parameters[f"W{l}"] for l in range(1, _course2.N_LAYERS + 1)]
    return compute_cost(A3, Y) + course_l2_cost(weights, m, lambd)


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The gradients of backward_propagation with (lambd/m) W[l] added to each dW[l]."""
    _check_lambd(lambd, "backward_propagation_with_regularization")
    return _course2.backward(X, Y, cache, ARITHMETIC, lambd=lambd)


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """(A3, cache (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)); D1, D2 int 0/1 masks drawn with
    rand from a fresh RandomState(1), A1, A2 after the mask and the division by keep_prob."""
    _check_keep_prob(keep_prob, "forward_propagation_with_dropout")
    return _course2.forward(X, parameters, ARITHMETIC, keep_prob, np.random.RandomState(DROPOUT_SEED))


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The gradients with dA[l] * D[l] / keep_prob (l = 2, 1) before the relu mask; dA1, dA2 are those values."""
    _check_keep_prob(keep_prob, "backward_propagation_with_dropout")
    return _course2.backward(X, Y, cache, ARITHMETIC, keep_prob=keep_prob)


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    """The course's training loop on [X.shape[0], 20, 3, 1]; returns the parameters."""
    where = "c2w1_regularization.model"
    _check_lambd(lambd, where)
    _check_keep_prob(keep_prob, where)
    if lambd != 0 and keep_prob != 1:
        raise DLRosettaError(f"{where}: L2 (lambd={lambd}) or dropout (keep_prob={keep_prob}), not both (the course's)")
    parameters = initialize_parameters([np.shape(X)[0] if np.ndim(X) == 2 else 1, 20, 3, 1])
    _course2.check_network(X, parameters, where)
    _course2.check_labels(Y, X.shape[1], where)
    check_schedule(learning_rate, num_iterations, 10000, where)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # saturated a3 in the dropout run
        for i in range(num_iterations):
            if keep_prob == 1:
                a3, cache = forward_propagation(X, parameters)
            else:
                a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
            cost = compute_cost(a3, Y) if lambd == 0 else compute_cost_with_regularization(a3, Y, parameters, lambd)
            if lambd != 0:
                grads = backward_propagation_with_regularization(X, Y, cache, lambd)
            elif keep_prob < 1:
                grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
            else:
                grads = backward_propagation(X, Y, cache)
            parameters = update_parameters(parameters, grads, learning_rate)
            if print_cost and i % 10000 == 0:
                print(f"Cost after iteration {i}: {cost}")
    return parameters
