"""One comparison: an implementation's tensor (actual) against the reference's (desired).

The criterion is numpy.testing.assert_allclose's, |actual - desired| <= atol + rtol |desired| elementwise, with
one change: atol is given in units of the reference tensor's largest magnitude, max |desired|. Rounding errors
of a matrix product scale with the size of its terms, not of its result, so an element that cancels to near 0
needs an absolute allowance, and the tensor's own scale is what that allowance must follow (gradients of one
model span 1e-8 to 1).
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Comparison:
    """The outcome of comparing one tensor; every field is plain data for the records."""

    key: str  # e.g. "dW2", "cost", "costs"
    shape_ok: bool
    max_abs_error: float
    max_rel_error: float  # max |a - d| / |d| over elements with d != 0
    normwise_rel_error: float  # ||a - d|| / ||d||
    rtol: float
    atol: float  # the absolute allowance used: atol factor x max |desired|
    fraction_used: float  # max |a - d| / (atol + rtol |d|): <= 1 passes; 0 where a == d (0/0 included)
    worst_index: tuple = ()
    actual_at_worst: float = float("nan")
    desired_at_worst: float = float("nan")
    message: str = ""
    n_mismatched: int = 0  # elements outside the tolerance
    n_elements: int = 0

    @property
    def passed(self):
        return self.shape_ok and self.fraction_used <= 1.0


def fractions_used(actual, desired, atol, rtol):
    """|a - d| / (atol + rtol |d|) elementwise, float64 arrays of one shape in, one array out.

    The numpy.testing semantics made total: an element equal to the reference uses 0 (even with a zero
    allowance, where the ratio would be 0/0; and inf == inf), a NaN uses 0 only where the reference has a NaN
    at the same place and inf elsewhere, and any other difference against a zero allowance uses inf.
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        error = np.abs(actual - desired)
        allowed = atol + rtol * np.abs(desired)
        used = np.where(error == 0, 0.0, error / np.where(allowed > 0, allowed, 1.0))
        used = np.where((error > 0) & ~(allowed > 0), np.inf, used)
    equal = actual == desired  # inf == inf, where the difference is NaN
    nan_a, nan_d = np.isnan(actual), np.isnan(desired)
    used = np.where(equal | (nan_a & nan_d), 0.0, used)
    return np.where(~equal & (nan_a ^ nan_d | np.isnan(used)), np.inf, used)


def compare(key, actual, desired, tolerance, scale=None, allowed=None):
    """Compare arrays elementwise; tolerance has .rtol and .atol (atol in units of max |desired|).

    A 0-d array, a NumPy scalar and a Python number compare alike (all shape ()).
    scale, where given, replaces max |desired| as atol's unit: the size of the terms a tensor sums, for a
    tensor that can cancel far below them (db[l], a mean of dZ[l]'s m terms, in units of max |dZ[l]|).
    allowed, where given, is the absolute allowance per element (an array of desired's shape, or a number) and
    replaces tolerance: the error model's bounds (conformance.error_model).
    """
    actual = np.asarray(actual, dtype=np.float64)
    desired = np.asarray(desired, dtype=np.float64)
    nan = float("nan")
    if actual.shape != desired.shape:
        return Comparison(
            key, False, nan, nan, nan, tolerance.rtol, nan, float("inf"),
            message=f"{key}: shape {actual.shape}, expected {desired.shape}", n_elements=desired.size,
        )  # fmt: skip
    finite = desired[np.isfinite(desired)]
    if scale is None:
        scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    atol = tolerance.atol * (scale if scale > 0 else 1.0)
    rtol = tolerance.rtol
    if allowed is not None:
        atol, rtol = np.broadcast_to(np.asarray(allowed, dtype=np.float64), desired.shape), 0.0
    used = fractions_used(actual, desired, atol, rtol)
    with np.errstate(invalid="ignore"):
        error = np.where(used == 0, 0.0, np.abs(actual - desired))
    error = np.where(np.isnan(error), np.inf, error)
    worst = np.unravel_index(int(np.argmax(used)), used.shape) if used.size else ()
    nonzero = (desired != 0) & np.isfinite(desired)
    norm_desired = np.linalg.norm(finite)
    with np.errstate(invalid="ignore", over="ignore"):
        comparison = Comparison(
            key=key,
            shape_ok=True,
            max_abs_error=float(error.max()) if error.size else 0.0,
            max_rel_error=float((error[nonzero] / np.abs(desired[nonzero])).max()) if nonzero.any() else 0.0,
            normwise_rel_error=float(np.linalg.norm(error) / norm_desired)
            if norm_desired > 0
            else (float(error.max()) if error.size else 0.0),
            rtol=rtol,
            atol=float(atol[worst]) if np.ndim(atol) and used.size else float(np.max(atol, initial=0.0)),
            fraction_used=float(used.max()) if used.size else 0.0,
            worst_index=tuple(int(i) for i in worst),
            actual_at_worst=float(actual[worst]) if used.size else nan,
            desired_at_worst=float(desired[worst]) if used.size else nan,
            n_mismatched=int(np.count_nonzero(used > 1.0)),
            n_elements=int(used.size),
        )
    comparison.message = describe(comparison)
    if allowed is not None:
        comparison.message += "; allowance per element from the error model"
    return comparison


def describe(c):
    """One line: which element, actual vs expected there, how many elements are off, against what allowance."""
    if not c.shape_ok:
        return c.message
    verdict = "ok" if c.passed else "MISMATCH"
    return (
        f"{c.key}: {verdict}, {c.fraction_used:.3g} of the tolerance used, {c.n_mismatched} / {c.n_elements} "
        f"elements off; worst element {list(c.worst_index)}: {c.actual_at_worst!r} vs expected "
        f"{c.desired_at_worst!r} (|diff| {c.max_abs_error:.3g}, allowed {c.atol:.3g} + {c.rtol:.3g} |expected|); "
        f"norm-wise relative error {c.normwise_rel_error:.3g}"
    )


def assert_close(key, actual, desired, tolerance, reproduce="", scale=None):
    """assert_allclose semantics (reference as desired, scaled atol); the message says how to reproduce."""
    c = compare(key, actual, desired, tolerance, scale=scale)
    if not c.passed:
        raise AssertionError(c.message + (f"\n  reproduce: {reproduce}" if reproduce else ""))
    return c


def forward_keys(L):
    """Forward tensors in computation order: Z1, A1, ..., ZL, AL."""
    return [f"{t}{l}" for l in range(1, L + 1) for t in ("Z", "A")]


def backward_keys(L):
    """Backward tensors in computation order: dZL, dWL, dbL, dA(L-1), dZ(L-1), ..., dW1, db1, dA0."""
    keys = []
    for l in range(L, 0, -1):
        keys += [f"dZ{l}", f"dW{l}", f"db{l}", f"dA{l - 1}"]
    return keys


def own_threshold_mismatches(actual, AL_own):
    """Elements where a backend's predictions are not its own A[L] > 0.5 (a tie at exactly 0.5 predicts 0): the
    threshold itself checked, exactly, where no rounding can explain a difference."""
    expected = (np.asarray(AL_own) > 0.5).astype(np.int64)
    actual = np.asarray(actual)
    if actual.shape != expected.shape:
        return expected.size
    return int(np.count_nonzero(actual != expected))


def compare_predictions(actual, desired, AL_reference, forward_tolerance):
    """Predictions may differ only where the reference's A[L] is within rounding of the 0.5 threshold.

    Returns (n_disagree, n_unexplained, comparison-like message): a disagreement is explained when
    |A[L] - 0.5| <= the forward allowance at that element, because then rounding alone can flip it.
    """
    actual = np.asarray(actual)
    if actual.shape != desired.shape:
        return desired.size, desired.size, f"predictions: shape {actual.shape}, expected {desired.shape}"
    if not np.all((actual == 0) | (actual == 1)):
        return desired.size, desired.size, "predictions: values other than 0 and 1"
    disagree = actual != desired
    if isinstance(forward_tolerance, tuple):  # (tolerance, per-element bound of A[L]) from the error model
        allowed = forward_tolerance[1]
    else:
        scale = float(np.max(np.abs(AL_reference)))
        allowed = forward_tolerance.atol * scale + forward_tolerance.rtol * np.abs(AL_reference)
    unexplained = disagree & (np.abs(AL_reference - 0.5) > allowed)
    message = f"predictions: {int(disagree.sum())} of {desired.size} differ, {int(unexplained.sum())} not near 0.5"
    return int(disagree.sum()), int(unexplained.sum()), message
