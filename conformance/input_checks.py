"""The generic checks about what a backend is given: bad input, bad schedules, the caller's arrays, NumPy's random
state, the contract's attributes and construction errors (conformance/checks.py lists and generates them all)."""

import numpy as np

from conformance.cases import get_case
from reference_numpy.errors import DLRosettaError
from reference_numpy.initializers import initialize_parameters
from reference_numpy.model import Model

# ---- bad input: one clear error naming what was expected and where -------------------------------------------

BAD_MODEL = Model.deep((3, 4, 1))


def _good(dtype):
    rs = np.random.RandomState(0)
    params = initialize_parameters(BAD_MODEL, "he", dtype=dtype)
    return params, rs.randn(3, 5).astype(dtype), np.array([[0.0, 1.0, 1.0, 0.0, 1.0]], dtype=dtype)


def _with_param(key, value):
    return lambda p, X, Y: ({**p, key: value}, X, Y)


# name -> (mutate(params, X, Y) -> (params, X, Y), words the message must contain)
BAD_INPUTS = {
    "rank-1 X": (lambda p, X, Y: (p, X[:, 0], Y), ["X", "2-D", "(3,)"]),
    "rank-1 Y": (lambda p, X, Y: (p, X, Y.ravel()), ["Y", "(1, 5)", "rank-1"]),
    "X rows != n_x": (lambda p, X, Y: (p, X[:2], Y), ["X", "3 rows", "(2, 5)"]),
    "Y columns != m": (lambda p, X, Y: (p, X, Y[:, :4]), ["Y", "(1, 5)", "(1, 4)"]),
    "label 2": (lambda p, X, Y: (p, X, Y + np.array([[0, 0, 1, 0, 0]])), ["labels", "0 or 1"]),
    "label -1": (lambda p, X, Y: (p, X, np.array([[0, 1, -1, 0, 1]])), ["labels", "0 or 1"]),
    "NaN in X": (lambda p, X, Y: (p, np.where(np.eye(3, 5) > 0, np.nan, X), Y), ["X", "NaN or Inf", "(0, 0)"]),
    "Inf in X": (lambda p, X, Y: (p, np.where(np.eye(3, 5) > 0, np.inf, X), Y), ["X", "NaN or Inf"]),
    "NaN in W2": (_with_param("W2", np.full((1, 4), np.nan)), ["W2", "NaN or Inf"]),
    "W1 wrong shape": (_with_param("W1", np.zeros((4, 2))), ["W1", "(4, 3)", "(4, 2)"]),
    "b1 squeezed": (_with_param("b1", np.zeros(4)), ["b1", "2-D", "(4,)"]),
    "missing b2": (lambda p, X, Y: ({k: v for k, v in p.items() if k != "b2"}, X, Y), ["missing", "b2"]),
    "extra W3": (_with_param("W3", np.zeros((1, 1))), ["unexpected", "W3"]),
    "integer X": (lambda p, X, Y: (p, (X * 10).astype(np.int64), Y), ["X", "float32 or float64", "int64"]),
    "mixed param dtypes": (_with_param("W1", np.zeros((4, 3), dtype=np.float32)), ["mix", "float32"]),
    "list X": (lambda p, X, Y: (p, X.tolist(), Y), ["X", "NumPy array", "list"]),
}
CALLS = ("forward", "cost", "gradients", "train", "predict")


def _call(backend, call, p, X, Y):
    if call in ("forward", "predict"):
        return getattr(backend, call)(p, X, BAD_MODEL)
    if call == "train":
        return backend.train(p, X, Y, BAD_MODEL, 0.1, 2, 1)
    return getattr(backend, call)(p, X, Y, BAD_MODEL)


def bad_input(case, backend):
    mutate, words = BAD_INPUTS[case]
    p, X, Y = mutate(*_good(backend.dtype))
    about_labels = case.startswith(("rank-1 Y", "Y ", "label"))
    for call in CALLS:
        if about_labels and call in ("forward", "predict"):
            continue  # calls that take no labels cannot see a label problem
        try:
            _call(backend, call, p, X, Y)
        except DLRosettaError as error:
            message = str(error)
        else:
            raise AssertionError(f"{backend.name}.{call} accepted {case} without a DLRosettaError")
        assert all(w in message for w in words), f"{backend.name}.{call}: {message!r} should mention {words}"
        assert backend.name in message or call in message, f"{backend.name}.{call}: {message!r} names no place"


# learning_rate, num_iterations, record_every -> words the message must contain
BAD_SCHEDULES = (
    ((0.0, 3, 1), ["learning_rate", "> 0"]),
    ((float("nan"), 3, 1), ["learning_rate", "finite"]),
    ((-1.0, 3, 1), ["learning_rate", "> 0"]),
    ((0.1, -1, 1), ["num_iterations", ">= 0"]),
    ((0.1, 2.5, 1), ["num_iterations", "integer"]),
    ((0.1, 3, 0), ["record_every", ">= 1"]),
)


def bad_schedule(backend):
    """train's schedule is checked at the entry, with the reference's messages."""
    p, X, Y = _good(backend.dtype)
    for schedule, words in BAD_SCHEDULES:
        try:
            backend.train(p, X, Y, BAD_MODEL, *schedule)
        except DLRosettaError as error:
            assert all(w in str(error) for w in words), f"{backend.name}.train{schedule}: {error!s} lacks {words}"
        else:
            raise AssertionError(f"{backend.name}.train accepted the schedule {schedule}")


def inputs_untouched(backend):
    """The caller's arrays are neither written nor donated, and read-only arrays are accepted."""
    c = get_case("deep-leaky")  # its arrays are read-only
    writable = {"X": c.X.copy(), "Y": c.Y.copy(), **{k: v.copy() for k, v in c.params.items()}}
    params = {k: writable[k] for k in c.params}
    for X, Y, p in ((writable["X"], writable["Y"], params), (c.X, c.Y, c.params)):
        backend.forward(p, X, c.model)
        backend.cost(p, X, Y, c.model)
        backend.gradients(p, X, Y, c.model)
        backend.train(p, X, Y, c.model, 0.1, 3, 1)
        backend.predict(p, X, c.model)
    originals = {"X": c.X, "Y": c.Y, **c.params}
    for key, value in writable.items():
        np.testing.assert_array_equal(value, originals[key], err_msg=f"{backend.name} wrote into the caller's {key}")


def no_random_numbers_drawn(backend):
    """Initial parameters come from the caller: NumPy's global random state is untouched by every call."""
    c = get_case("deep-leaky")
    state = np.random.get_state()
    backend.forward(c.params, c.X, c.model)
    backend.cost(c.params, c.X, c.Y, c.model)
    backend.gradients(c.params, c.X, c.Y, c.model)
    backend.train(c.params, c.X, c.Y, c.model, 0.1, 3, 1)
    backend.predict(c.params, c.X, c.model)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:], (
        f"{backend.name} drew from NumPy's global random numbers"
    )


# ---- the contract's attributes and construction ---------------------------------------------------------------

ATTRIBUTES = ("name", "framework", "variant", "device", "dtype", "profile", "matmul_precision")


def contract_attributes(backend):
    for attribute in ATTRIBUTES:
        assert isinstance(getattr(backend, attribute, None), str), f"{backend!r} has no str attribute {attribute}"
    for call in CALLS:
        assert callable(getattr(backend, call, None)), f"{backend.name} has no {call}()"
    assert backend.profile == "strict", f"{backend.name}: the default profile is {backend.profile!r}"
    assert backend.dtype in ("float64", "float32"), backend.dtype
    assert backend.matmul_precision == "ieee", f"{backend.name}: strict computes in {backend.matmul_precision!r}"


def construction_errors(factory):
    """Unknown devices (the message names the devices here), dtype and profile; cuda where there is no GPU; each
    message says which backend complains."""
    name, devices = factory.name, factory.devices
    asks = [({"device": d}, [repr(d), "cpu"]) for d in ("tpu9", "", "gpu") if d not in devices]
    asks += [({"device": 0}, ["0"]), ({"dtype": "float16"}, ["float16"]), ({"profile": "fast"}, ["fast"])]
    asks += [({"device": d}, [d, "cpu"]) for d in ("cuda", "cuda:7") if "cuda" not in devices]
    for kwargs, words in asks:
        try:
            backend = factory(**kwargs)
        except DLRosettaError as error:
            message = str(error)
            assert all(w in message for w in words), f"{name} with {kwargs}: {message!r} should mention {words}"
            assert name.split("-")[0] in message, f"{name} with {kwargs}: {message!r} names no backend"
        else:
            raise AssertionError(f"{name} with {kwargs} built {getattr(backend, 'name', backend)!r} without an error")
