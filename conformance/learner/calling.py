"""Calling a learner's function once: on copies of the inputs, the global RNG seeded where the course's test
seeds it and put back afterwards, printing captured, any exception (SystemExit included) kept as data."""

import contextlib
import copy
import io
import time

import numpy as np


def outcome(output=None, args_after=None, error=None, stdout="", stderr="", timeout=False, seconds=0.0):
    """What one call did, as plain data (it crosses the worker's pipe)."""
    return {"output": output, "args_after": args_after, "error": error, "stdout": stdout, "stderr": stderr,
            "timeout": timeout, "seconds": seconds}  # fmt: skip


def error_of(exc):
    """(type name, message, the learner's line) of an exception."""
    tb, line = exc.__traceback__, ""
    while tb is not None:
        line = f"line {tb.tb_lineno} of {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}"
        tb = tb.tb_next
    return type(exc).__name__, str(exc)[:300], line


def call(fn, args, seed=None, capture=True, catch_interrupt=False):
    """fn(*copies of args) -> outcome. KeyboardInterrupt is kept only with catch_interrupt (in the worker, where
    it can only come from the learner's code); in the caller's process it stops the check."""
    state = np.random.get_state()
    if seed is not None:
        np.random.seed(seed)
    args = copy.deepcopy(args)
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    catch = BaseException if catch_interrupt else (Exception, SystemExit)
    try:
        with contextlib.ExitStack() as stack:
            if capture:
                stack.enter_context(contextlib.redirect_stdout(out))
                stack.enter_context(contextlib.redirect_stderr(err))
            output = fn(*args)
        result = outcome(output, args)
    except catch as exc:
        result = outcome(error=error_of(exc), args_after=args)
    finally:
        np.random.set_state(state)
    result.update(stdout=out.getvalue(), stderr=err.getvalue(), seconds=time.perf_counter() - start)
    return result
