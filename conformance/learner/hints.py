"""Naming a learner's likely mistake: from the shapes and values of a wrong tensor against the reference's, and
by replaying the reference with a known mistake made on purpose (if the learner's output then matches, that is
the mistake). Each hint says what to change."""

import contextlib

import numpy as np

from reference_numpy import activations, backward


def shape_hint(a, d):
    """A wrong shape: squeezed, wrapped, transposed, or summed over the wrong axis."""
    if a.ndim < d.ndim and a.size == d.size:
        return f"squeezed: keep the shape {d.shape}, e.g. np.sum(dZ, axis=1, keepdims=True), not np.squeeze"
    if a.ndim > d.ndim and a.size == d.size:
        return f"a number wrapped in an array of shape {a.shape}: np.squeeze it to shape {d.shape}"
    if a.ndim == 2 and d.ndim == 2 and d.shape[1] == 1 and a.shape[0] == 1 and a.shape != d.shape[::-1]:
        return "summed over the wrong axis: db sums over the examples, np.sum(dZ, axis=1, keepdims=True)"
    if a.shape == d.shape[::-1]:
        return "transposed: W[l] is (n[l], n[l-1]); check the order of the product and its .T"
    return None


def value_hint(a, d, m=None, Z=None):
    """Same shape, other values: a factor (1/m, sign, 2), a transpose, relu'(0), float32 rounding."""
    if not (np.issubdtype(a.dtype, np.number) and np.issubdtype(d.dtype, np.number)) or d.size == 0:
        return None
    a64, d64 = a.astype(np.float64), d.astype(np.float64)
    if a.dtype == np.float32 and np.allclose(a64, d64, rtol=1e-4, atol=1e-6 * np.abs(d64).max()):
        return "computed in float32: the course works in float64 (no astype(np.float32), no float32 inputs)"
    nz = np.abs(d64) > 1e-12 * max(np.abs(d64).max(), 1e-300)
    if nz.any():
        ratio = a64[nz] / d64[nz]
        for value, text in ((m, "a missing 1/m (the mean over the m examples)"),
                            (1 / m if m else None, "1/m applied twice"), (-1.0, "the sign is flipped"),
                            (2.0, "twice the right value"), (0.5, "half the right value")):  # fmt: skip
            if value is not None and value != 1 and np.allclose(ratio, value, rtol=1e-6):
                return text
    if d.ndim == 2 and d.shape[0] == d.shape[1] > 1 and np.allclose(a64, d64.T, rtol=1e-9, atol=1e-12):
        return "transposed: check the order of the product and its .T"
    if Z is not None and np.shape(Z) == a.shape:
        wrong = ~np.isclose(a64, d64, rtol=1e-9, atol=1e-12)
        if wrong.any() and np.all(np.asarray(Z)[wrong] == 0):
            return "relu's derivative at z = 0 must be 0: dZ[Z <= 0] = 0 (wrong only where Z == 0)"
    return None


def hint(actual, desired, m=None, Z=None):
    """A likely mistake when `actual` is wrong where `desired` is right, or None."""
    if actual is None:
        return "returned None: a missing return, or the notebook's `= None` placeholder left in"
    a, d = np.asarray(actual), np.asarray(desired)
    if a.shape != d.shape:
        return shape_hint(a, d)
    return value_hint(a, d, m, Z)


def error_hint(kind, text):
    """What an exception from the learner's function most likely means."""
    if kind == "SystemExit":
        return "sys.exit() / exit() ends the program: a function returns its result instead"
    if kind == "ValueError" and ("aligned" in text or "matmul" in text or "broadcast" in text):
        return (
            "the shapes of a product do not fit: a transposed W or a layer loop off by one? W[l] is (n[l], n[l-1]) "
            "and A[l-1] is (n[l-1], m)"
        )
    if kind in ("KeyError", "IndexError"):
        return "a name or index that is not there: a layer loop off by one, or the course's keys ('W1', 'dW1')"
    if kind == "NameError":
        return (
            "a name not defined when the function runs: a typo, or a variable that only a skipped top-level "
            "statement (data loading, training) defines; compute it from the arguments"
        )
    if kind == "RecursionError":
        return "the function calls itself without end"
    if kind == "EOFError":
        return "input() gets no input here: the checked functions take everything as arguments"
    return None


def _arg(args, i):
    return args[i] if len(args) > i else None


# function -> where its m (the number of examples) is: m is the columns of X or Y, never of w
M_FROM = {
    "propagate": lambda a: _arg(a, 2), "optimize": lambda a: _arg(a, 2), "model": lambda a: _arg(a, 0),
    "compute_cost": lambda a: _arg(a, 1), "backward_propagation": lambda a: _arg(a, 2),
    "nn_model": lambda a: _arg(a, 0), "L_model_backward": lambda a: _arg(a, 1),
    "linear_backward": lambda a: a[1][0], "linear_activation_backward": lambda a: a[1][0][0],
}  # fmt: skip


def context(function, args):
    """m and the Z that relu's derivative sees, from a function's inputs, for the hints."""
    where = M_FROM.get(function)
    X = where(args) if where else None
    m = X.shape[1] if isinstance(X, np.ndarray) and X.ndim == 2 else None
    Z = args[1][1] if function == "linear_activation_backward" else None
    return m, Z


def mutated(before, after, name="input"):
    """The names of inputs the call changed in place (arrays compared bit for bit), e.g. ['parameters["W1"]']."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [n for k in before for n in mutated(before[k], after.get(k), f"{name}[{k!r}]")]
    if isinstance(before, list | tuple) and isinstance(after, list | tuple) and len(before) == len(after):
        return [n for i, (b, a) in enumerate(zip(before, after, strict=True)) for n in mutated(b, a, f"{name}[{i}]")]
    if isinstance(before, np.ndarray):
        same = isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(before, after, True)
        return [] if same else [name]
    return []


@contextlib.contextmanager
def _swapped(table, key, value):
    saved = table[key]
    table[key] = value
    try:
        yield
    finally:
        table[key] = saved


def _relu_prime_one_at_zero():
    return activations.overridden("relu", g_prime=lambda Z: (Z >= 0).astype(Z.dtype))


@contextlib.contextmanager
def _tanh_prime_not_squared():
    from_A = backward._backward_from_A  # week 3's preset takes tanh' from the cached A1, not from the table

    def mistaken_from_A(dA, A, activation):
        return dA * (1 - A) if activation == "tanh" else from_A(dA, A, activation)

    with activations.overridden("tanh", g_prime=lambda Z: 1 - np.tanh(Z)):
        with _swapped(backward.__dict__, "_backward_from_A", mistaken_from_A):
            yield


def _sigmoid_in_hidden_layers():
    sigmoid, sigmoid_prime = activations.ACTIVATIONS["sigmoid"]
    return activations.overridden("relu", g=sigmoid, g_prime=sigmoid_prime)


def _relu_prime_from_dA():
    original = backward.activation_backward

    def mistaken(dA, Z, activation, leaky_slope=0.01, **arithmetic):  # the course presets pass arithmetic=, A=
        if activation == "relu":
            return dA * (dA > 0)
        return original(dA, Z, activation, leaky_slope, **arithmetic)

    return _swapped(backward.__dict__, "activation_backward", mistaken)


# function -> [(a reference with a mistake made on purpose, the hint when the learner's output matches it)]
MISTAKES = {
    "linear_activation_backward": [
        (_relu_prime_one_at_zero, "relu's derivative at z = 0 must be 0: use Z > 0, not Z >= 0 (dZ[Z <= 0] = 0)"),
        (_relu_prime_from_dA, "relu's derivative is taken from dA's sign: it is 1 where Z > 0 (dZ[Z <= 0] = 0)"),
    ],
    "L_model_backward": [
        (_relu_prime_one_at_zero, "relu's derivative at z = 0 must be 0: use Z > 0, not Z >= 0 (dZ[Z <= 0] = 0)"),
        (_relu_prime_from_dA, "relu's derivative is taken from dA's sign: it is 1 where Z > 0 (dZ[Z <= 0] = 0)"),
    ],
    "L_model_forward": [
        (_sigmoid_in_hidden_layers, "sigmoid in the hidden layers: they use relu, only layer L sigmoid")
    ],
    "backward_propagation": [(_tanh_prime_not_squared, "tanh's derivative is 1 - A1**2 (squared), not 1 - A1")],
}
