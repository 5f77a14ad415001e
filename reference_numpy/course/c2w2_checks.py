"""Input checks of reference_numpy.course.c2w2_optimization: what the course accepts passes (int X, bool Y, a
mini-batch larger than m); what it would fail on deep inside NumPy, or silently mistrain on, is a DLRosettaError
naming what was expected and where. Each public function checks once, at its entry; model's loop checks nothing."""

import math

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.model import Model
from reference_numpy.validation import check_Y


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def layer_dims(dims, where):
    """(n[0], ..., n[L]) as Python ints: at least two positive integers."""
    try:
        dims = tuple(dims)
    except TypeError:
        raise DLRosettaError(f"{where}: layer_dims must be a list of layer sizes; got {dims!r}") from None
    if len(dims) < 2 or not all(_is_int(n) and n >= 1 for n in dims):
        raise DLRosettaError(f"{where}: layer_dims must be at least two positive integers; got {dims}")
    return tuple(int(n) for n in dims)


def integer(value, name, where, low):
    if not _is_int(value) or value < low:
        raise DLRosettaError(f"{where}: {name} must be an integer >= {low}; got {value!r}")


def numbers(where, **values):
    """Each value a finite real number (a Python or NumPy int or float, not a bool)."""
    for name, value in values.items():
        if not _is_number(value) or not math.isfinite(value):
            raise DLRosettaError(f"{where}: {name} must be a finite number; got {value!r}")


def positive(value, name, where):
    numbers(where, **{name: value})
    if value <= 0:
        raise DLRosettaError(f"{where}: {name} must be > 0; got {value!r}")


def step(t, where):
    integer(t, "t (Adam's update count, from 1)", where, 1)


def _matrix(name, A, where):
    if not isinstance(A, np.ndarray):
        raise DLRosettaError(f"{where}: {name} must be a NumPy array; got {type(A).__name__}")
    if A.ndim != 2:
        hint = " (a rank-1 array: reshape it to (1, m))" if A.ndim == 1 else ""
        raise DLRosettaError(f"{where}: {name} must be 2-D; got shape {A.shape}{hint}")


def mini_batch_inputs(X, Y, size, seed, where):
    """X : (n_x, m) and Y : (1, m) arrays of any dtype, size >= 1, seed a RandomState seed."""
    _matrix("X", X, where)
    _matrix("Y", Y, where)
    if Y.shape != (1, X.shape[1]):
        raise DLRosettaError(f"{where}: Y must have shape (1, m) = (1, {X.shape[1]}) to match X; got {Y.shape}")
    integer(size, "mini_batch_size", where, 1)
    if not _is_int(seed) or not 0 <= seed < 2**32:
        raise DLRosettaError(f"{where}: seed must be an integer in [0, 2**32) (RandomState's seeds); got {seed!r}")


def state(parameters, others, where):
    """parameters {"W1", "b1", ..., "WL", "bL"} of arrays; each of `others` ({name: dict}) holds "dW1", "db1", ...
    shaped like them (grads may hold more keys, the course's dz and da; v and s hold exactly those)."""
    if not isinstance(parameters, dict) or not parameters or len(parameters) % 2:
        raise DLRosettaError(
            f"{where}: parameters must be a dict {{'W1', 'b1', ..., 'WL', 'bL'}}; got {parameters!r}"[:300]
        )
    L = len(parameters) // 2
    names = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    missing = [k for k in names if k not in parameters]
    if missing:
        raise DLRosettaError(f"{where}: parameters must have the keys {names}; missing {missing}")
    for key in names:
        if not isinstance(parameters[key], np.ndarray):
            raise DLRosettaError(
                f"{where}: parameters[{key!r}] must be a NumPy array; got {type(parameters[key]).__name__}"
            )
    for name, table in others.items():
        if not isinstance(table, dict):
            raise DLRosettaError(f"{where}: {name} must be a dict {{'dW1', 'db1', ...}}; got {type(table).__name__}")
        wanted = ["d" + k for k in names]
        missing = [k for k in wanted if k not in table]
        extra = [k for k in table if k not in wanted] if name != "grads" else []
        if missing or extra:
            raise DLRosettaError(
                f"{where}: {name} must have the keys {wanted} (one per parameter)"
                + (f"; missing {missing}" if missing else "") + (f"; unexpected {extra}" if extra else "")
            )  # fmt: skip
        for key in wanted:
            shape = parameters[key[1:]].shape
            if not isinstance(table[key], np.ndarray) or table[key].shape != shape:
                got = table[key].shape if isinstance(table[key], np.ndarray) else type(table[key]).__name__
                raise DLRosettaError(
                    f"{where}: {name}[{key!r}] must be an array of shape {shape}, as {key[1:]}; got {got}"
                )


def model_inputs(X, Y, dims, optimizer, optimizers, size, num_epochs, decay, **hyper):
    """(X as float64, Y as float64, Model.deep(layers_dims)) for model(), or a DLRosettaError."""
    where = "c2w2.model"
    _matrix("X", X, where)
    if not (np.issubdtype(X.dtype, np.integer) or np.issubdtype(X.dtype, np.floating)):
        raise DLRosettaError(f"{where}: X must hold numbers; got dtype {X.dtype}")
    if X.shape[1] == 0:
        raise DLRosettaError(f"{where}: X has no examples (shape {X.shape}); expected m >= 1 columns")
    X = X.astype(np.float64, copy=False)
    if not np.all(np.isfinite(X)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(X))[0])
        raise DLRosettaError(f"{where}: X contains NaN or Inf (first at index {bad})")
    dims = layer_dims(dims, where)
    if dims[0] != X.shape[0] or dims[-1] != 1:
        raise DLRosettaError(
            f"{where}: layers_dims must start with n_x = X.shape[0] = {X.shape[0]} and end with 1 (one sigmoid unit); "
            f"got {list(dims)}"
        )
    Y = check_Y(Y, X.shape[1], where, np.float64)
    if optimizer not in optimizers:
        raise DLRosettaError(f"{where}: optimizer must be one of {optimizers}; got {optimizer!r}")
    integer(size, "mini_batch_size", where, 1)
    integer(num_epochs, "num_epochs", where, 0)
    if decay is not None and not callable(decay):
        raise DLRosettaError(f"{where}: decay must be None or a function (update_lr, schedule_lr_decay); got {decay!r}")
    numbers(where, **hyper)
    return X, Y, Model.deep(dims)
