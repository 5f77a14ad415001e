"""Input checks shared by every implementation's entry points.

Each check raises DLRosettaError with the expected shape, dtype, key or range and the place (`where`).
Checks run once at an entry point (an adapter call, the start of training), never inside a loop.
"""

import numpy as np

from reference_numpy.errors import DLRosettaError

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def as_float_dtype(dtype, where="dtype"):
    """np.dtype for "float32"/"float64" (or the numpy types); anything else is an error."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise DLRosettaError(f"{where}: expected 'float32' or 'float64'; got {dtype!r}") from exc
    if dt not in FLOAT_DTYPES:
        raise DLRosettaError(f"{where}: expected 'float32' or 'float64'; got {dt}")
    return dt


def check_matrix(name, A, where, rows=None, cols=None):
    """A must be a 2-D floating array, finite, with the given rows and columns where given."""
    if not isinstance(A, np.ndarray):
        raise DLRosettaError(f"{where}: {name} must be a NumPy array; got {type(A).__name__}")
    if A.ndim != 2:
        hint = " (a rank-1 array: reshape it to (n, 1) or (1, m))" if A.ndim == 1 else ""
        raise DLRosettaError(f"{where}: {name} must be 2-D; got shape {A.shape}{hint}")
    if A.dtype not in FLOAT_DTYPES:
        raise DLRosettaError(f"{where}: {name} must be float32 or float64; got {A.dtype}")
    if rows is not None and A.shape[0] != rows:
        raise DLRosettaError(f"{where}: {name} must have {rows} rows; got shape {A.shape}")
    if cols is not None and A.shape[1] != cols:
        raise DLRosettaError(f"{where}: {name} must have {cols} columns; got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(A))[0])
        raise DLRosettaError(f"{where}: {name} contains NaN or Inf (first at index {bad}: {A[bad]})")
    return A


def check_X(X, model, where, dtype=None):
    """X : (n_x, m) float, finite, n_x = model.layer_dims[0]; dtype checked where given."""
    check_matrix("X", X, where, rows=model.n_x)
    if X.shape[1] == 0:
        raise DLRosettaError(f"{where}: X has no examples (shape {X.shape}); expected m >= 1 columns")
    if dtype is not None and X.dtype != dtype:
        raise DLRosettaError(f"{where}: X is {X.dtype} but {dtype} was asked for; cast it with X.astype(...)")
    return X


def check_Y(Y, m, where, dtype, n_y=1):
    """Y : (1, m) labels in {0, 1} (n_y = 1), or (C, m) one-hot with C = n_y > 1 (one 1 per column); bool and
    integer labels are cast to `dtype` here, on purpose.

    Casting here (not later) matters: 1 - Y on a uint8 array wraps, and integer tensors in torch/jax promote
    differently from NumPy.
    """
    if not isinstance(Y, np.ndarray):
        raise DLRosettaError(f"{where}: Y must be a NumPy array; got {type(Y).__name__}")
    if n_y > 1 and (Y.ndim != 2 or Y.shape != (n_y, m)):
        raise DLRosettaError(f"{where}: Y must have shape (C, m) = ({n_y}, {m}), one-hot; got {Y.shape}")
    if n_y == 1 and (Y.ndim != 2 or Y.shape != (1, m)):
        hint = " (a rank-1 array: reshape it with Y.reshape(1, -1))" if Y.ndim == 1 else ""
        raise DLRosettaError(f"{where}: Y must have shape (1, m) = (1, {m}) to match X; got {Y.shape}{hint}")
    if not (Y.dtype == np.bool_ or np.issubdtype(Y.dtype, np.integer) or np.issubdtype(Y.dtype, np.floating)):
        raise DLRosettaError(f"{where}: Y must hold numbers or booleans; got dtype {Y.dtype}")
    if not np.all((Y == 0) | (Y == 1)):
        bad = Y[(Y != 0) & (Y != 1)]
        raise DLRosettaError(f"{where}: labels Y must be 0 or 1; found {bad.size} other value(s), e.g. {bad[0]!r}")
    if n_y > 1 and not np.all(Y.sum(axis=0) == 1):
        bad = int(np.flatnonzero(Y.sum(axis=0) != 1)[0])
        raise DLRosettaError(f"{where}: one-hot: each column of Y must hold one 1; column {bad} does not")
    return Y.astype(dtype, copy=False)


def check_parameters(parameters, model, where, dtype=None):
    """parameters : {"W1": (n[1], n[0]), "b1": (n[1], 1), ...} matching the model, one float dtype, finite.

    Returns the common dtype. Extra keys are an error too: they usually mean the wrong model.
    """
    if not isinstance(parameters, dict):
        raise DLRosettaError(f"{where}: parameters must be a dict of arrays; got {type(parameters).__name__}")
    expected = model.parameter_shapes()
    missing = [k for k in expected if k not in parameters]
    extra = [k for k in parameters if k not in expected]
    if missing or extra:
        raise DLRosettaError(
            f"{where}: parameters do not match layer_dims {model.layer_dims}: expected keys {list(expected)}"
            + (f", missing {missing}" if missing else "")
            + (f", unexpected {extra}" if extra else "")
        )
    dtypes = set()
    for key, shape in expected.items():
        A = parameters[key]
        check_matrix(key, A, where)
        if A.shape != shape:
            raise DLRosettaError(
                f"{where}: {key} must have shape {shape} for layer_dims {model.layer_dims}; got {A.shape}"
            )
        dtypes.add(A.dtype)
    if len(dtypes) > 1:
        raise DLRosettaError(f"{where}: parameters mix dtypes {sorted(map(str, dtypes))}; expected one float dtype")
    (found,) = dtypes
    if dtype is not None and found != dtype:
        raise DLRosettaError(f"{where}: parameters are {found} but {dtype} was asked for")
    return found


def check_inputs(parameters, X, model, where, Y=None):
    """Check parameters, X (and Y) together; returns Y cast to X's dtype (or None). One call per entry point."""
    dtype = check_parameters(parameters, model, where)
    check_X(X, model, where, dtype=dtype)
    if Y is None:
        return None
    return check_Y(Y, X.shape[1], where, dtype, n_y=model.layer_dims[-1])


def check_running(running, model, dtype, where):
    """None, or a batch-normalized model's running statistics {"mul": (n[l], 1), "sigma2l": (n[l], 1) > 0, ...},
    returned cast to `dtype` (TrainResult.state["running"] of any backend)."""
    if running is None:
        return None
    if not model.batchnorm:
        raise DLRosettaError(
            f"{where}: running statistics are for a batch-normalized model; {model.describe()} has none"
        )
    if not isinstance(running, dict):
        raise DLRosettaError(f"{where}: running must be a dict {{'mu1', 'sigma21', ...}}; got {type(running).__name__}")
    out = {}
    for l in model.batchnorm:
        for key in (f"mu{l}", f"sigma2{l}"):
            if key not in running:
                raise DLRosettaError(
                    f"{where}: running has no {key!r}; expected mu, sigma2 of layers {model.batchnorm}"
                )
            out[key] = check_matrix(f"running[{key!r}]", running[key], where, rows=model.layer_dims[l], cols=1)
            out[key] = out[key].astype(dtype, copy=False)
        if np.any(out[f"sigma2{l}"] < 0):
            raise DLRosettaError(f"{where}: running['sigma2{l}'] must be >= 0 (a variance)")
    return out


PROFILES = ("strict", "default")


def check_profile(profile, where):
    """ "strict" (highest precision the framework offers) or "default" (the framework out of the box)."""
    if profile not in PROFILES:
        raise DLRosettaError(f"{where}: profile must be one of {PROFILES}; got {profile!r}")
    return profile


def prepare_inputs(parameters, X, model, dtype, where, Y=None):
    """An adapter's entry check: validate what came in, then cast it to the backend's dtype on purpose.

    Returns (parameters, X, Y) as NumPy arrays of `dtype` (Y None when not given). The inputs may be in
    another float dtype than the backend's: a float32 backend receives the reference's float64 parameters,
    and the cast here is the one deliberate dtype change.
    """
    dtype = as_float_dtype(dtype, where)
    check_parameters(parameters, model, where)
    check_X(X, model, where)
    params = {k: v.astype(dtype, copy=False) for k, v in parameters.items()}
    X = X.astype(dtype, copy=False)
    if Y is not None:
        Y = check_Y(Y, X.shape[1], where, dtype, n_y=model.layer_dims[-1])
    return params, X, Y
