"""`dlrosetta run --diagnose`: re-run each failing cell flipping one toggle at a time, and say which makes it pass.

Toggles of the backend (the cell runs again, training included): the other dtype, the other precision profile
(TF32 / matmul precision), jit off (JAX). Toggles of the reference (the forward pass, cost, gradients and
predictions compared again with a reference computing otherwise): relu'(0) = 1, the chain form of the
cross-entropy's gradient (dA[L] sigma'(Z[L]) instead of A[L] - Y), the course assignment's arithmetic. A toggle
"makes it pass" when the cell has no failing record with it; the first that does names the likely cause.
"""

import contextlib
from dataclasses import replace

import numpy as np

from conformance.cases import get_case
from conformance.matrix import CHECKS, CellRecords, RunConfig, run_matrix
from conformance.records import FAILING
from conformance.registry import SPECS_BY_NAME, get_backend
from reference_numpy import training
from reference_numpy.activations import overridden
from reference_numpy.arithmetic import Arithmetic, preset_for


def _failing_cells(records):
    cells = []
    for r in records:
        cell = (r["backend"], r["device"], r["dtype"], r["profile"], r["model"])
        if r["status"] in FAILING and cell not in cells:
            cells.append(cell)
    return cells


def _passes(records):
    return bool(records) and not any(r["status"] in FAILING for r in records)


def _reference(case, arithmetic, relu_prime_one):
    """The float64 reference's results on a case, computed with another arithmetic or relu'(0) = 1."""
    relu = overridden("relu", g_prime=lambda Z: (Z >= 0).astype(Z.dtype)) if relu_prime_one else None
    with relu or contextlib.nullcontext():
        p, X, Y, model = case.params, case.X, case.Y, case.model
        return {
            "forward": training.forward(p, X, model, arithmetic),
            "cost": float(training.cost(p, X, Y, model, arithmetic)),
            "gradients": training.gradients(p, X, Y, model, arithmetic),
            "predict": training.predict(p, X, model, arithmetic),
        }


def _against(backend, case, ref, cell):
    name, device, dtype, profile, model = cell
    out = CellRecords(name, device, dtype, profile, getattr(backend, "matmul_precision", "ieee"), model, None)
    out.bounds = lambda _case: None  # the fixed tolerances: the error model's bounds follow the usual reference
    for check in CHECKS:
        check(backend, case, ref, out)
    return out.records


def _make(name, factories):
    return factories.get(name) or (lambda **kw: get_backend(name, **kw))


STEP_PHASES = ("forward", "cost", "backward", "predictions")


def diagnose_cell(cell, config, factories=None, training_only=False):
    """[(toggle, passes, explanation)] for one failing cell (backend, device, dtype, profile, model).
    training_only: the cell fails in training alone, where the reference's toggles (one step's arithmetic) say
    nothing, so only the backend's are tried."""
    factories = factories or {}
    name, device, dtype, profile, model = cell
    results = []

    def rerun(toggle, explanation, **changes):
        one = replace(config, models=(model,), backends=(name,), devices=(device,), dtypes=(changes.get("dtype",
                      dtype),), profiles=(changes.get("profile", profile),))  # fmt: skip
        make = changes.get("factory")
        records = run_matrix(one, factories={name: make} if make else factories)
        results.append((toggle, _passes(records), explanation))

    other = "float32" if dtype == "float64" else "float64"
    rerun(f"dtype {other}", f"passes in {other}: the difference is one of {dtype} precision", dtype=other)
    other_profile = "default" if profile == "strict" else "strict"
    rerun(f"profile {other_profile}", f"passes with profile {other_profile}: TF32 / matmul precision",
          profile=other_profile)  # fmt: skip
    spec = SPECS_BY_NAME.get(name)
    if spec is not None and spec.framework == "jax":
        from impl_jax.adapter import make_backend

        eager = lambda **kw: make_backend(spec.variant, jit=False, **kw)  # noqa: E731
        rerun("jit off", "passes without jit: the compiled path computes otherwise", factory=eager)
    if training_only:
        return results
    case = get_case(model, config.data)
    backend = _make(name, factories)(device=device, dtype=dtype, profile=profile)
    for toggle, arithmetic, relu_one, explanation in (
        ("relu'(0) = 1", Arithmetic("core"), True, "passes with relu'(0) = 1: this backend uses relu'(0) = 1, not the "
         "course's 0"),
        ("BCE chain form", Arithmetic("chain", output_gradient="chain"), False, "passes with dZ[L] = dA[L] sigma'(Z["
         "L]): this backend differentiates the cost through the sigmoid instead of A[L] - Y"),
        ("course arithmetic", preset_for(case.model), False, "passes against the course assignment's arithmetic: this "
         "backend computes as the course does, not as the core"),
    ):  # fmt: skip
        with np.errstate(all="ignore"):
            records = _against(backend, case, _reference(case, arithmetic, relu_one), cell)
        results.append((toggle, _passes(records), explanation))
    return results


def diagnose(records, config, factories=None):
    """Lines of text: for each failing cell, the toggles that make it pass (or that none does)."""
    lines = []
    for cell in _failing_cells(records):
        mine = [r for r in records if (r["backend"], r["device"], r["dtype"], r["profile"], r["model"]) == cell]
        training_only = not any(r["status"] in FAILING and r["phase"] in STEP_PHASES for r in mine)
        results = diagnose_cell(cell, config, factories, training_only)
        passing = [(toggle, why) for toggle, ok, why in results if ok]
        label = " ".join(cell)
        if passing:
            lines += [f"DIAGNOSIS {label}: {why}" for _, why in passing]
        else:
            tried = ", ".join(toggle for toggle, _, _ in results)
            lines.append(f"DIAGNOSIS {label}: no single toggle makes it pass (tried {tried})")
    return lines


__all__ = ["diagnose", "diagnose_cell", "RunConfig"]
