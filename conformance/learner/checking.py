"""Checking a learner's course functions case by case: which week, the signature, one call, the first wrong
tensor of the output (in the order the function computes them), how far off, and a hint."""

import copy
import re

import numpy as np

from conformance.compare import compare
from conformance.learner import cases_c2w2, hints
from conformance.learner.calling import call
from conformance.learner.cases import (
    CACHE_NAMES,
    CASES,
    GLOBAL_SEEDS,
    KINDS,
    OUTPUT_NAMES,
    REBINDS_INPUTS,
    REFERENCE,
)
from conformance.learner.week import _course_names, signature_problem
from conformance.records import LEARNER_FIELDS
from conformance.tolerances import Tolerance, tolerance
from reference_numpy.course import c2w1_gradient_checking, week4, week4_app
from reference_numpy.course.test_inputs import w3_params

# ---- naming the parts of an output ---------------------------------------------------------------------------


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
    m = re.match(r"^cache\[(\d+)\]$", name)
    if function in CACHE_NAMES and m and int(m.group(1)) < len(CACHE_NAMES[function]):
        return CACHE_NAMES[function][int(m.group(1))]  # the course's cache tuple: (Z1, A1, W1, b1, ...)
    return name


def _layer(name):
    m = re.search(r"(?:d?[WbZA]|dA)(\d+)'?\]?$", name)
    return int(m.group(1)) if m else None


def structure(obj, function):
    """Named leaves of a function's output, tuple parts named as the course names them."""
    names = OUTPUT_NAMES.get(function)
    if names and isinstance(obj, tuple | list) and len(obj) == len(names):
        pairs = [leaf for part, n in zip(obj, names, strict=True) for leaf in _leaves(part, n)]
    else:
        pairs = list(_leaves(obj, "" if isinstance(obj, dict) else "output"))
    return [(_pretty(n, function), v) for n, v in pairs]


def _cache_order_hint(function, actual):
    """A layer cache built as (Z, (A_prev, W, b)) instead of the course's ((A_prev, W, b), Z)."""
    caches = None
    if function == "L_model_forward" and isinstance(actual, tuple) and len(actual) == 2:
        caches = actual[1]
    if function == "linear_activation_forward" and isinstance(actual, tuple) and len(actual) == 2:
        caches = [actual[1]]
    if isinstance(caches, list | tuple) and caches:
        c = caches[0]
        if isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], np.ndarray) and isinstance(c[1], tuple):
            return "the cache order: the course's layer cache is (linear_cache, activation_cache) = ((A_prev, W, b), Z)"
    return None


def first_wrong(function, actual, desired, tol, m=None, Z=None):
    """The first tensor of `actual` (in computation order) that leaves the tolerance, as record fields; or None."""
    got = dict(structure(actual, function))
    want = structure(desired, function)
    if function == "L_model_forward":  # the caches are computed before AL
        want = [p for p in want if p[0] != "AL"] + [p for p in want if p[0] == "AL"]
    if function in ("linear_backward", "linear_activation_backward"):  # returned first, computed last
        want = [p for p in want if p[0] != "dA_prev"] + [p for p in want if p[0] == "dA_prev"]
    if function in CACHE_NAMES:  # (A3, cache), (cost, cache): the cache is computed first
        want = want[1:] + want[:1]
    empty = actual is None or (isinstance(actual, tuple | list | dict) and not actual)
    for name, d in want:
        if empty:
            what = "None" if actual is None else f"an empty {type(actual).__name__}"
            return {"first_wrong": name, "layer": _layer(name), "hint": hints.hint(None, d) if actual is None
                    else f"returned {what}: return what the course returns", "message": f"returned {what}"}  # fmt: skip
        if name not in got:
            layer = _layer(name)
            loop = f"layer {layer}'s {name} is missing: a layer loop off by one?" if layer is not None else None
            return {"first_wrong": name, "layer": layer, "hint": _cache_order_hint(function, actual) or loop,
                    "message": f"{name}: missing from the output (it has {sorted(got)[:8]})"}  # fmt: skip
        a = got[name]
        if a is None:
            return {"first_wrong": name, "layer": _layer(name), "hint": hints.hint(None, d),
                    "message": f"{name}: None"}  # fmt: skip
        try:
            c = compare(name, a, d, tol)
        except (TypeError, ValueError) as exc:
            return {"first_wrong": name, "layer": _layer(name), "hint": None, "message": f"{name}: {exc}"}
        if not c.passed:
            return {"first_wrong": name, "layer": _layer(name), "max_abs_error": c.max_abs_error,
                    "fraction_used": c.fraction_used, "actual_at_worst": c.actual_at_worst,
                    "desired_at_worst": c.desired_at_worst, "n_mismatched": c.n_mismatched,
                    "n_elements": c.n_elements, "rtol": c.rtol, "atol": c.atol,
                    "hint": hints.hint(a, d, m, Z), "message": c.message}  # fmt: skip
    return None


# ---- one case -----------------------------------------------------------------------------------------------


def _reference_calls(week, function, args):
    """The reference outputs to compare with; week 3's nn_model matches either course seeding."""
    ref = getattr(REFERENCE[week], function)
    if week == "week3" and function == "nn_model":
        return [(f"seeding {s}", lambda s=s: call(ref, (*args, False, s))["output"]) for s in ("v6c", "2021")]
    if week == "week4_app":  # v8 returns parameters, 2021 (parameters, costs)
        return [(f"version {v}", lambda v=v: call(ref, (*args, False, v))["output"]) for v in ("v8", "2021")]
    if week == "c2w1_gradient_checking" and function == "backward_propagation_n":  # the notebook ships it with bugs
        bugged = c2w1_gradient_checking.backward_propagation_n_with_bugs
        return [("correct", lambda: call(ref, args)["output"]),
                ("the notebook's supplied version, with its planted bugs dW2 x 2 and db1 x 4",
                 lambda: call(bugged, args)["output"])]  # fmt: skip
    if week == cases_c2w2.WEEK:
        return cases_c2w2.reference_variants(function, lambda: call(ref, args)["output"])
    return [("", lambda: call(ref, args, GLOBAL_SEEDS.get((week, function)))["output"])]


def learner_args(week, function, params, args):
    if week == "week3" and function == "compute_cost" and params and len(params) >= 3:
        return (*args, w3_params())  # v6c's compute_cost(A2, Y, parameters)
    return args


def _mistake_hint(week, function, args, actual, tol):
    """Replay the reference with a known mistake; if the learner's output then matches, name the mistake."""
    ref = getattr(REFERENCE[week], function)
    replays = [(lambda f=factory: _under(f, ref, args), text) for factory, text in hints.MISTAKES.get(function, [])]
    if week == cases_c2w2.WEEK:
        replays += [(lambda f=f: f(*copy.deepcopy(args)), text) for f, text in cases_c2w2.MISTAKES.get(function, [])]
    if week == "week4" and function == "initialize_parameters_deep":
        replays.append((lambda: call(week4_app.initialize_parameters_deep, args)["output"],
                        "the Application's initialisation (randn / sqrt(n[l-1]), seed 1); the step-by-step "
                        "assignment's is 0.01 randn with seed 3"))  # fmt: skip
    if week == "week4_app":  # the training loop never assigns the update back: the initial parameters come out
        still = "the parameters never change: assign the update back, parameters = update_parameters(...)"
        replays += [(lambda two=two: _never_updated(function, args, two), still) for two in (False, True)]
    for replay, text in replays:
        try:
            mistaken = replay()
        except Exception:  # (a replay that does not apply to these inputs names nothing)
            continue
        if first_wrong(function, actual, mistaken, tol) is None:
            return text
    return None


def _never_updated(function, args, with_costs):
    """What week4_app's models return when the update is never assigned back: the initial parameters (and the
    initial cost every 100 iterations, the 2021 form)."""
    X, Y, dims, _, iterations = args
    init = week4_app.initialize_parameters(*dims) if function == "two_layer_model" else (
        week4_app.initialize_parameters_deep(dims))  # fmt: skip
    cost = week4.compute_cost(week4.L_model_forward(X, init)[0], Y)
    return (init, [cost] * len(range(0, iterations, 100))) if with_costs else init


def _under(factory, ref, args):
    with factory():
        return ref(*copy.deepcopy(args))


# the gradient checks return the course's relative difference, rounding noise below its 2e-7 threshold
DIFFERENCES = ("gradient_check", "gradient_check_n")


def difference_tolerance(desired):
    """Below the course's threshold the difference is rounding noise (COURSE2_FIXTURES.md section 3: it reproduces
    only in the course's order of operations): any value up to the threshold above the reference's matches. Above
    it (a wrong gradient) the difference is deterministic: rtol 1e-6 (BLAS builds differ by ~4e-10 relative)."""
    threshold = c2w1_gradient_checking.COURSE_THRESHOLD
    d = abs(float(np.asarray(desired, dtype=np.float64)))
    if d <= threshold:
        return Tolerance(0.0, threshold / d if d > 0 else threshold, "a gradient check's rounding noise")
    return Tolerance(1e-6, 0.0, "a gradient check's difference for a wrong gradient (deterministic)")


def new_record(week, function, label):
    return {**dict.fromkeys(LEARNER_FIELDS), "week": week, "function": function, "case": label, "status": "pass",
            "message": "", "stdout": "", "stderr": ""}  # fmt: skip


def check_case(week, function, caller, params, label, make_args, timeout=None):
    """One function on one input -> a record. caller(function, args, seed) -> calling.outcome."""
    record = new_record(week, function, label)
    args = make_args()
    problem = signature_problem(week, function, params, len(args))
    if problem:
        record.update(
            status="fail",
            first_wrong="(signature)",
            message=f"{problem}; not called",
            hint="use the course's parameters in the course's order (extra ones after them, with defaults)",
        )
        return record  # fmt: skip
    result = caller(function, learner_args(week, function, params, args), GLOBAL_SEEDS.get((week, function)))
    record.update(stdout=result["stdout"], stderr=result["stderr"], seconds=result["seconds"])
    if result["timeout"]:
        record.update(status="timeout", message=f"TIMEOUT after {timeout:g} s in {function}")
        return record
    if result["error"]:
        kind, text, line = result["error"]
        record.update(status="error", message=f"{kind}: {text}" + (f" ({line})" if line else ""))
        record["hint"] = hints.error_hint(kind, text)
        return record
    actual = result["output"]
    tol = tolerance(KINDS.get(function, "forward"), "float64")
    m, Z = hints.context(function, args)
    first = None
    for variant, reference in _reference_calls(week, function, args):
        desired = reference()
        case_tol = difference_tolerance(desired) if function in DIFFERENCES else tol
        wrong = first_wrong(function, actual, desired, case_tol, m, Z)
        if wrong is None:
            record["message"] = f"matches ({variant})" if variant else "matches"
            break
        # of the course's variants, the one whose structure the output has (a value off, not a part missing)
        if first is None or ("missing from the output" in first["message"] and "missing" not in wrong["message"]):
            first = wrong
    # an input changed in place: named as the likely mistake where the output is wrong; where it is right, a
    # note (the course's graders pass it, but it corrupts the caller's arrays: a cached dA, a reused w)
    changed = [] if function in REBINDS_INPUTS else _changed_inputs(week, function, args, result["args_after"])
    in_place = f"it changes its input {', '.join(changed[:3])} in place" if changed else ""
    if wrong is None:
        if changed:
            record["message"] += f"; {in_place}"
            record["in_place"] = in_place
        return record
    record.update(status="fail", **first)
    if changed:
        record["hint"] = f"{in_place} (e.g. W -= ..., or dZ = dA; dZ[Z <= 0] = 0): work on a copy"
    record["hint"] = record["hint"] or _mistake_hint(week, function, args, actual, tol)
    return record


def _changed_inputs(week, function, args, after):
    if after is None:
        return []
    names = _course_names(week, function) + [f"arg{i}" for i in range(len(args))]
    return [n for i, a in enumerate(args) for n in hints.mutated(a, after[i], names[i])]


# function -> the course functions it calls, for a hint that points at a helper's in-place change
CALLS = {"linear_activation_backward": ("linear_backward",),
         "L_model_backward": ("linear_activation_backward", "linear_backward"),
         "optimize": ("propagate",), "model": ("optimize", "propagate", "predict"),
         "nn_model": ("forward_propagation", "backward_propagation", "update_parameters")}  # fmt: skip


def run_checks(week, found, caller, functions, timeout=None):
    """Records for every function in `found` on every case of its week."""
    records = [check_case(week, function, caller, functions.get(function), label, make_args, timeout)
               for function in found for label, make_args in CASES[week][function]]  # fmt: skip
    in_place = {r["function"]: r["in_place"] for r in records if r.get("in_place")}
    for r in records:
        helper = next((h for h in CALLS.get(r["function"], ()) if h in in_place), None)
        if r["status"] == "fail" and not r["hint"] and helper:
            r["hint"] = f"{helper} {in_place[helper][3:]}, which this function's later steps read: work on a copy"
    return records
