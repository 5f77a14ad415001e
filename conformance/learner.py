"""Checking a learner's own course-style module, function by function, against the reference.

`check_module(module)` finds the course functions the module defines (week 2, 3 or 4 names), runs each on the
course's fixture inputs and on random cases, compares every returned tensor with reference_numpy.course, and
returns records: function, case, status, the first wrong tensor and its layer, how far off, and a hint where a
common mistake fits (a missing 1/m, a transposed product, relu's derivative at 0, a squeezed db).
"""

import contextlib
import copy
import importlib.util
import inspect
import io
import re
import sys
from pathlib import Path

import numpy as np

from conformance.compare import compare
from conformance.matrix import error_text
from conformance.tolerances import tolerance
from reference_numpy.activations import ACTIVATIONS
from reference_numpy.course import week2, week3, week4
from reference_numpy.errors import DLRosettaError

REFERENCE = {"week2": week2, "week3": week3, "week4": week4}
FUNCTIONS = {
    "week2": ("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"),
    "week3": ("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation",
              "update_parameters", "nn_model", "predict"),
    "week4": ("initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
              "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward",
              "update_parameters"),
}  # fmt: skip
# names that only one week uses, to tell which assignment a module follows
DISTINCTIVE = {
    week: set(names) - set().union(*(FUNCTIONS[w] for w in FUNCTIONS if w != week)) for week, names in FUNCTIONS.items()
}
# names for the parts of a returned tuple
OUTPUT_NAMES = {
    "initialize_with_zeros": ("w", "b"),
    "propagate": ("grads", "cost"),
    "optimize": ("params", "grads", "costs"),
    "layer_sizes": ("n_x", "n_h", "n_y"),
    "forward_propagation": ("A2", "cache"),
    "linear_forward": ("Z", "cache"),
    "linear_activation_forward": ("A", "cache"),
    "L_model_forward": ("AL", "caches"),
    "linear_backward": ("dA_prev", "dW", "db"),
    "linear_activation_backward": ("dA_prev", "dW", "db"),
}
# what kind of quantity each function returns, for its tolerance (conformance/tolerances.py, float64)
KINDS = {"compute_cost": "cost", "propagate": "backward", "backward_propagation": "backward",
         "linear_backward": "backward", "linear_activation_backward": "backward", "L_model_backward": "backward",
         "optimize": "trajectory", "model": "trajectory", "nn_model": "trajectory"}  # fmt: skip


# ---- inputs: the course's fixtures (COURSE_FIXTURES.md) and random cases ---------------------------------


def _rs(seed):
    return np.random.RandomState(seed)


def _deep_params(rs, dims):
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rs.randn(dims[l], dims[l - 1])
        p[f"b{l}"] = rs.randn(dims[l], 1)
    return p


def _w3_params():
    """The week-3 fixtures' hard-coded seed-2 weights (8 decimals), zero biases."""
    return {
        "W1": np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747],
                        [0.00502881, -0.01245288]]),
        "b1": np.zeros((4, 1)),
        "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
        "b2": np.zeros((1, 1)),
    }  # fmt: skip


def _layer_cache(rs, n, n_prev, m, zeros_in_Z=False):
    """((A_prev, W, b), Z) with random entries; zeros_in_Z puts exact zeros in every other column of Z."""
    A, W, b = rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1)
    Z = rs.randn(n, m)
    if zeros_in_Z:
        Z[:, ::2] = 0.0  # relu'(0) is visible only where Z is exactly 0
    return (A, W, b), Z


# Week 2 (COURSE_FIXTURES.md section 2) -------------------------------------------------------------------
_W2_W, _W2_X, _W2_Y = np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])


def w2_random(seed, n=4, m=9):
    rs = _rs(seed)
    return rs.randn(n, 1) * 0.1, 0.3, rs.randn(n, m), (rs.rand(1, m) > 0.5).astype(float)


def w2_model_test():
    rs = _rs(0)
    X, x_test = rs.randn(4, 7), rs.randn(4, 3)
    return X, np.array([[1, 0, 0, 1, 0, 0, 1]]), x_test, np.array([[0, 1, 0]]), 50, 0.01


# Week 3 (section 3) --------------------------------------------------------------------------------------
def w3_layer_sizes():
    rs = _rs(1)
    return rs.randn(5, 3), rs.randn(2, 3)


def w3_forward(seed=1, m=3):
    """seed 1: X = randn(2, 3), then b1 = randn(4, 1); b2 = -1.3; the seed-2 weights."""
    rs = _rs(seed)
    X = rs.randn(2, m)
    p = _w3_params()
    p["b1"], p["b2"] = rs.randn(4, 1), np.array([[-1.3]])
    return X, p


def w3_backward():
    rs = _rs(1)
    X, Y = rs.randn(2, 3), rs.randn(1, 3) > 0
    p = _w3_params()
    _, cache = week3.forward_propagation(X, p)
    return p, cache, X, Y


def w3_update():
    rs = _rs(4)
    p = {"W1": rs.randn(4, 2) * 0.01, "b1": rs.randn(4, 1) * 1e-5, "W2": rs.randn(1, 4) * 0.01, "b2": rs.randn(1, 1)}
    g = {
        "dW1": rs.randn(4, 2) * 1e-3,
        "db1": rs.randn(4, 1) * 1e-6,
        "dW2": rs.randn(1, 4) * 1e-3,
        "db2": rs.randn(1, 1),
    }
    return p, g


def w3_nn_model():
    rs = _rs(1)
    return rs.randn(2, 3), rs.randn(1, 3) > 0, 4, 1000


# Week 4 (section 4) --------------------------------------------------------------------------------------
def w4_linear(seed, n=1, n_prev=3, m=2):
    """seed s: A = randn(n_prev, m), W = randn(n, n_prev), b = randn(n, 1)."""
    rs = _rs(seed)
    return rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1)


def w4_L_forward(seed, dims, m):
    rs = _rs(seed)
    return rs.randn(dims[0], m), _deep_params(rs, dims)


def w4_linear_backward(seed, n=3, n_prev=5, m=4):
    """seed s: dZ = randn(n, m), then the cache A = randn(n_prev, m), W = randn(n, n_prev), b = randn(n, 1)."""
    rs = _rs(seed)
    return rs.randn(n, m), (rs.randn(n_prev, m), rs.randn(n, n_prev), rs.randn(n, 1))


def w4_activation_backward(activation, seed=2, zeros_in_Z=False):
    """seed 2: dA = randn(1, 2), A = randn(3, 2), W = randn(1, 3), b = randn(1, 1), Z = randn(1, 2)."""
    rs = _rs(seed)
    if zeros_in_Z:
        return rs.randn(3, 4), _layer_cache(rs, 3, 5, 4, zeros_in_Z=True), activation
    dA = rs.randn(1, 2)
    return dA, ((rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1)), rs.randn(1, 2)), activation


def w4_L_backward_fixture():
    rs = _rs(3)
    AL, Y = rs.randn(1, 2), np.array([[1, 0]])
    c1 = ((rs.randn(4, 2), rs.randn(3, 4), rs.randn(3, 1)), rs.randn(3, 2))
    c2 = ((rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1)), rs.randn(1, 2))
    return AL, Y, [c1, c2]


def w4_L_backward_zeros(seed=18):
    """Three layers with exact zeros in the relu layers' Z, AL = sigmoid(Z3)."""
    rs = _rs(seed)
    dims, m = (5, 4, 3, 1), 6
    caches = [_layer_cache(rs, dims[l], dims[l - 1], m, zeros_in_Z=l < 3) for l in range(1, 4)]
    AL = 1 / (1 + np.exp(-caches[-1][1]))
    return AL, (rs.rand(1, m) > 0.5).astype(float), caches


def w4_update():
    rs = _rs(2)
    p = {"W1": rs.randn(3, 4), "b1": rs.randn(3, 1), "W2": rs.randn(1, 3), "b2": rs.randn(1, 1)}
    rs = _rs(3)
    g = {"dW1": rs.randn(3, 4), "db1": rs.randn(3, 1), "dW2": rs.randn(1, 3), "db2": rs.randn(1, 1)}
    return p, g, 0.1


def _probabilities(seed, m=9):
    return _rs(seed).rand(1, m) * 0.98 + 0.01, (_rs(seed + 1).rand(1, m) > 0.5).astype(float)


# week -> function -> [(case label, () -> args)]: the course's fixture inputs and random cases
CASES = {
    "week2": {
        "sigmoid": [("fixture [0, 2]", lambda: (np.array([0, 2]),)), ("random", lambda: (_rs(0).randn(3, 4) * 5,))],
        "initialize_with_zeros": [("fixture dim 2", lambda: (2,)), ("dim 7", lambda: (7,))],
        "propagate": [("fixture v6a", lambda: (_W2_W, 2.0, _W2_X, _W2_Y)), ("random", lambda: w2_random(1))],
        "optimize": [
            ("fixture v6a", lambda: (_W2_W, 2.0, _W2_X, _W2_Y, 100, 0.009)),
            ("random", lambda: (*w2_random(2), 201, 0.05)),
        ],
        "predict": [
            (
                "fixture v6a",
                lambda: (np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
            ),
            ("random", lambda: w2_random(3)[:3]),
        ],  # fmt: skip
        "model": [("fixture 2021 model_test", w2_model_test)],
    },
    "week3": {
        "layer_sizes": [("fixture", w3_layer_sizes)],
        "initialize_parameters": [("fixture (2, 4, 1)", lambda: (2, 4, 1)), ("(3, 5, 1)", lambda: (3, 5, 1))],
        "forward_propagation": [("fixture", w3_forward), ("random", lambda: w3_forward(5, 7))],
        "compute_cost": [
            ("fixture", lambda: (np.array([[0.5002307, 0.49985831, 0.50023963]]), np.array([[True, False, False]]))),
            ("random", lambda: _probabilities(6)),
        ],
        "backward_propagation": [("fixture", w3_backward)],
        "update_parameters": [("random", w3_update)],
        "nn_model": [("fixture (1000 iterations)", w3_nn_model)],
        "predict": [("fixture", lambda: w3_forward()[::-1])],
    },
    "week4": {
        "initialize_parameters": [("fixture (3, 2, 1)", lambda: (3, 2, 1)), ("fixture (4, 3, 2)", lambda: (4, 3, 2))],
        "initialize_parameters_deep": [
            ("fixture [5, 4, 3]", lambda: ([5, 4, 3],)),
            ("[4, 3, 2]", lambda: ([4, 3, 2],)),
        ],
        "linear_forward": [("fixture", lambda: w4_linear(1)), ("random", lambda: w4_linear(11, 3, 5, 4))],
        "linear_activation_forward": [
            ("fixture sigmoid", lambda: (*w4_linear(2), "sigmoid")),
            ("fixture relu", lambda: (*w4_linear(2), "relu")),
            ("random relu", lambda: (*w4_linear(12, 3, 5, 4), "relu")),
        ],
        "L_model_forward": [
            ("fixture 2 hidden", lambda: w4_L_forward(6, (5, 4, 3, 1), 4)),
            ("random 3 hidden", lambda: w4_L_forward(13, (6, 5, 4, 3, 1), 5)),
        ],
        "compute_cost": [
            ("fixture", lambda: (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))),
            ("random", lambda: _probabilities(14)),
        ],
        "linear_backward": [
            ("fixture", lambda: w4_linear_backward(1)),
            ("random", lambda: w4_linear_backward(16, 4, 6, 7)),
        ],
        "linear_activation_backward": [
            ("fixture sigmoid", lambda: w4_activation_backward("sigmoid")),
            ("fixture relu", lambda: w4_activation_backward("relu")),
            ("relu with Z = 0", lambda: w4_activation_backward("relu", seed=17, zeros_in_Z=True)),
        ],
        "L_model_backward": [("fixture", w4_L_backward_fixture), ("random with Z = 0", w4_L_backward_zeros)],
        "update_parameters": [("fixture", w4_update)],
    },
}


# ---- loading and detecting ------------------------------------------------------------------------------


def load_module(path):
    """Import a learner's file as a module; any failure is a DLRosettaError saying what went wrong."""
    path = Path(path)
    if not path.is_file():
        raise DLRosettaError(f"{path}: no such file; expected a Python file with the course's functions")
    if path.suffix != ".py":
        raise DLRosettaError(f"{path}: expected a .py file (export a notebook with 'jupyter nbconvert --to script')")
    name = "dlrosetta_learner_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent.resolve()))  # so its own helpers (dnn_utils.py ...) import
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            spec.loader.exec_module(module)
    except Exception as exc:
        raise DLRosettaError(f"{path}: importing it failed: {error_text(exc)}") from exc
    finally:
        sys.path.pop(0)
    return module


def detect_week(module, week=None):
    """The assignment the module follows: the week whose own function names it defines most of."""
    defined = {name for name in set().union(*FUNCTIONS.values()) if callable(getattr(module, name, None))}
    if week is not None:
        if week not in FUNCTIONS:
            raise DLRosettaError(f"week must be one of {list(FUNCTIONS)}; got {week!r}")
        found = [n for n in FUNCTIONS[week] if n in defined]
    else:
        scores = {w: len(DISTINCTIVE[w] & defined) for w in FUNCTIONS}
        week = max(scores, key=scores.get)
        if scores[week] == 0:
            week = "week4"  # only shared names such as compute_cost: the step-by-step assignment's meaning
        found = [n for n in FUNCTIONS[week] if n in defined]
    if not found:
        all_names = sorted(set().union(*FUNCTIONS.values()))
        raise DLRosettaError(
            f"{getattr(module, '__file__', module)}: defines none of the course's functions {all_names}"
        )
    return week, found


# ---- comparing ------------------------------------------------------------------------------------------


def _leaves(obj, name):
    """(name, array-like) pairs of a nested output, in order; dict keys and tuple positions extend the name."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _leaves(value, f"{name}[{key!r}]" if name else str(key))
    elif isinstance(obj, list | tuple):
        for i, value in enumerate(obj):
            yield from _leaves(value, f"{name}[{i}]")
    else:
        yield name, obj


def _pretty(name, function):
    """Course names for cache paths: caches[1][1] -> Z2, caches[0][0][1] -> W1, a layer cache's [1] -> Z."""
    if function == "L_model_forward":
        for pattern, fmt, shift in (
            (r"^caches\[(\d+)\]\[1\]$", "Z{}", 1),
            (r"^caches\[(\d+)\]\[0\]\[0\]$", "A{}", 0),
            (r"^caches\[(\d+)\]\[0\]\[1\]$", "W{}", 1),
            (r"^caches\[(\d+)\]\[0\]\[2\]$", "b{}", 1),
        ):
            m = re.match(pattern, name)
            if m:
                return fmt.format(int(m.group(1)) + shift)
    if function == "linear_activation_forward":
        return {"cache[1]": "Z", "cache[0][0]": "A_prev", "cache[0][1]": "W", "cache[0][2]": "b"}.get(name, name)
    if function == "linear_forward":
        return {"cache[0]": "A", "cache[1]": "W", "cache[2]": "b"}.get(name, name)
    return name


def _layer(name):
    m = re.search(r"(?:d?[WbZA]|dA)(\d+)'?\]?$", name)
    return int(m.group(1)) if m else None


def structure(obj, function):
    """Named leaves of a function's output, tuple parts named as the course names them."""
    names = OUTPUT_NAMES.get(function)
    if names and isinstance(obj, tuple) and len(obj) == len(names):
        pairs = [leaf for part, n in zip(obj, names, strict=True) for leaf in _leaves(part, n)]
    else:
        pairs = list(_leaves(obj, "" if isinstance(obj, dict) else "output"))
    return [(_pretty(n, function), v) for n, v in pairs]


def hint(actual, desired, m=None, Z=None):
    """A likely mistake when `actual` is wrong where `desired` is right, or None."""
    a, d = np.asarray(actual), np.asarray(desired)
    if a.shape != d.shape:
        if a.ndim == 1 and d.ndim == 2 and d.shape == (a.size, 1):
            return "a squeezed column: keep (n, 1), e.g. np.sum(dZ, axis=1, keepdims=True)"
        if a.shape == d.shape[::-1]:
            return "transposed: W[l] is (n[l], n[l-1]); check the order of the product and its .T"
        if a.size == 1 and d.size == 1:
            return "a number wrapped in an array: np.squeeze it"
        return None
    if not (np.issubdtype(a.dtype, np.number) and np.issubdtype(d.dtype, np.number)) or d.size == 0:
        return None
    nz = np.abs(d) > 1e-12 * max(np.abs(d).max(), 1e-300)
    if nz.any():
        ratio = a[nz] / d[nz]
        for value, text in ((m, "a missing 1/m (the mean over the m examples)"),
                            (1 / m if m else None, "1/m applied twice"), (-1.0, "the sign is flipped"),
                            (2.0, "twice the right value"), (0.5, "half the right value")):  # fmt: skip
            if value is not None and np.allclose(ratio, value, rtol=1e-6):
                return text
    if d.ndim == 2 and d.shape[0] == d.shape[1] and np.allclose(a, d.T, rtol=1e-9, atol=1e-12):
        return "transposed: check the order of the product and its .T"
    if Z is not None and np.shape(Z) == a.shape:
        wrong = ~np.isclose(a, d, rtol=1e-9, atol=1e-12)
        if wrong.any() and np.all(np.asarray(Z)[wrong] == 0):
            return "relu's derivative at z = 0 must be 0: dZ[Z <= 0] = 0 (wrong only where Z == 0)"
    return None


def _context(function, args):
    """m and the Z that relu's derivative sees, from a function's inputs, for the hints."""
    m, Z = None, None
    arrays = [a for a in args if isinstance(a, np.ndarray) and a.ndim == 2]
    if arrays:
        m = arrays[0].shape[1]
    if function == "linear_backward":
        m = args[1][0].shape[1]
    if function == "linear_activation_backward":
        m, Z = args[1][1].shape[1], args[1][1]
    return m, Z


# functions whose course test seeds the global RNG before calling them (the 2021 week-3 initialize_parameters
# does not seed itself: its test cell calls np.random.seed(2) first)
GLOBAL_SEEDS = {("week3", "initialize_parameters"): 2}


def _call(fn, args, seed=None):
    """fn(*args) on copies of args, its printing silenced; seeds the global RNG first where the course's test
    does, and puts the global RNG back afterwards either way."""
    state = np.random.get_state()
    if seed is not None:
        np.random.seed(seed)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return fn(*copy.deepcopy(args))
    finally:
        np.random.set_state(state)


def _reference_calls(week, function, args):
    """The reference outputs to compare with; week 3's nn_model matches either course seeding."""
    ref = getattr(REFERENCE[week], function)
    if week == "week3" and function == "nn_model":
        return [(f"seeding {s}", lambda s=s: _call(ref, (*args, False, s))) for s in ("v6c", "2021")]
    return [("", lambda: _call(ref, args))]


def _learner_args(week, function, learner_fn, args):
    if week == "week3" and function == "compute_cost" and len(inspect.signature(learner_fn).parameters) >= 3:
        return (*args, _w3_params())  # v6c's compute_cost(A2, Y, parameters)
    return args


@contextlib.contextmanager
def _relu_prime_one_at_zero():
    """The reference with the common mistake relu'(0) = 1 (z >= 0), to recognise it in a learner's output."""
    saved = ACTIVATIONS["relu"]
    ACTIVATIONS["relu"] = (saved[0], lambda Z: (Z >= 0).astype(Z.dtype))
    try:
        yield
    finally:
        ACTIVATIONS["relu"] = saved


def _mistake_hint(week, function, args, actual, tol):
    """Replay the reference with a known mistake; if the learner's output then matches, name the mistake."""
    if function not in ("linear_activation_backward", "L_model_backward"):
        return None
    with _relu_prime_one_at_zero():
        mistaken = _call(getattr(REFERENCE[week], function), args)
    if _first_wrong(function, actual, mistaken, tol, None, None) is None:
        return "relu's derivative at z = 0 must be 0: use Z > 0, not Z >= 0 (dZ[Z <= 0] = 0)"
    return None


def check_case(week, function, learner_fn, label, make_args):
    """One function on one input: a record with the first wrong tensor, how far off, and a hint."""
    record = {"week": week, "function": function, "case": label, "status": "pass", "first_wrong": None,
              "layer": None, "max_abs_error": None, "fraction_used": None, "hint": None, "message": ""}  # fmt: skip
    args = make_args()
    try:
        actual = _call(learner_fn, _learner_args(week, function, learner_fn, args), GLOBAL_SEEDS.get((week, function)))
    except Exception as exc:
        record.update(status="error", message=error_text(exc))
        return record
    tol = tolerance(KINDS.get(function, "forward"), "float64")
    m, Z = _context(function, args)
    first = None
    for variant, reference in _reference_calls(week, function, args):
        wrong = _first_wrong(function, actual, reference(), tol, m, Z)
        if wrong is None:
            record["message"] = f"matches ({variant})" if variant else "matches"
            return record
        first = first or wrong
    record.update(status="fail", **first)
    record["hint"] = record["hint"] or _mistake_hint(week, function, args, actual, tol)
    return record


def _first_wrong(function, actual, desired, tol, m, Z):
    """The first tensor of `actual` (in computation order) that leaves the tolerance, as record fields; or None."""
    got = dict(structure(actual, function))
    want = structure(desired, function)
    if function == "L_model_forward":  # the caches are computed before AL
        want = [p for p in want if p[0] != "AL"] + [p for p in want if p[0] == "AL"]
    if function in ("linear_backward", "linear_activation_backward"):  # returned first, computed last
        want = [p for p in want if p[0] != "dA_prev"] + [p for p in want if p[0] == "dA_prev"]
    for name, d in want:
        if name not in got:
            return {"first_wrong": name, "layer": _layer(name), "hint": None,
                    "message": f"{name}: missing from the output (it has {sorted(got)[:8]})"}  # fmt: skip
        a = got[name]
        try:
            c = compare(name, a, d, tol)
        except (TypeError, ValueError) as exc:
            return {"first_wrong": name, "layer": _layer(name), "hint": None, "message": f"{name}: {exc}"}
        if not c.passed:
            return {"first_wrong": name, "layer": _layer(name), "max_abs_error": c.max_abs_error,
                    "fraction_used": c.fraction_used, "hint": hint(a, d, m, Z), "message": c.message}  # fmt: skip
    return None


def check_module(module, week=None):
    """Records for every course function the module defines, on every case; see the module docstring."""
    week, found = detect_week(module, week)
    records = []
    for function in found:
        for label, make_args in CASES[week][function]:
            records.append(check_case(week, function, getattr(module, function), label, make_args))
    return records


def format_table(records):
    """A plain-text table: function, case, status, first wrong tensor, layer, how far off, hint."""
    header = ("function", "case", "status", "first wrong", "layer", "how far off", "hint")
    rows = [header]
    for r in records:
        far = "" if r["max_abs_error"] is None else f"{r['max_abs_error']:.3g} ({r['fraction_used']:.3g}x tol)"
        if r["status"] == "error" or (r["status"] == "fail" and not np.isfinite(r["fraction_used"] or np.inf)):
            far = r["message"].split(": ", 1)[-1][:60]  # the error, or "shape (3,), expected (3, 1)"
        status = "pass" if r["status"] == "pass" else r["status"].upper()
        layer = "" if r["layer"] is None else str(r["layer"])
        rows.append((r["function"], r["case"], status, r["first_wrong"] or "", layer, far, r["hint"] or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)
