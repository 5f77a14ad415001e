"""The run matrix: models x backends x devices x dtypes x profiles, every tensor against the reference.

Each cell yields tidy records (plain dicts, one per compared quantity) in computation order: forward Z1, A1, ...,
the cost, backward dZL, dWL, dbL, dA(L-1), ..., predictions, then the training trajectory (the cost at each
record point, the final parameters, the predictions after training). A backend that raises or returns the wrong
thing becomes records with status "error" or "fail"; the run goes on.
"""

import re
import time
import traceback
from dataclasses import asdict, dataclass

import numpy as np

from conformance.cases import (
    DEFAULT_LEARNING_RATE,
    LEARNING_RATES,
    MATRIX_MODELS,
    get_case,
    reference_bounds,
    reference_results,
)
from conformance.cases_multiclass import checks_for, trajectory_for
from conformance.cases_optimization import DEFAULT_OPTIMIZATION_CASES, OPTIMIZATION_CASES, check_optimization
from conformance.cases_regularization import REGULARIZATION_CASES, check_regularization_case
from conformance.compare import backward_keys, compare, compare_predictions, forward_keys, own_threshold_mismatches
from conformance.divergences import apply_known_divergences
from conformance.records import FAILING, RECORD_FIELDS
from conformance.registry import SPECS_BY_NAME, available_devices, get_backend, list_backends
from conformance.tolerances import (
    ERROR_MODEL_REASON,
    Tolerance,
    atol_scale,
    db_allowance,
    kind_of,
    precision_mode,
    tolerance,
    unit_roundoff,
    uses_error_model,
)
from conformance.trajectory import check_trajectory, own_output
from conformance.upcast import check_upcast
from reference_numpy.training import accuracy
from reference_numpy.validation import FLOAT_DTYPES

# the dtypes a run may ask for, by name: float64 (the reference's) first
DTYPES = tuple(sorted((dtype.name for dtype in FLOAT_DTYPES), reverse=True))


@dataclass
class RunConfig:
    """What to run. None for backends/devices means every one discovered here."""

    models: tuple = MATRIX_MODELS + DEFAULT_OPTIMIZATION_CASES
    backends: tuple | None = None
    devices: tuple | None = None
    dtypes: tuple = DTYPES
    profiles: tuple = ("strict",)
    iterations: int = 100
    record_every: int = 10
    learning_rate: float | None = None  # None: each model's own (cases.LEARNING_RATES)
    data: str | None = None  # None: each model on its own case data; else a dataset name or folder

    def learning_rate_for(self, model):
        if self.learning_rate is not None:
            return self.learning_rate
        return LEARNING_RATES.get(model, DEFAULT_LEARNING_RATE)

    def cells(self, extra=()):
        """(backend, device, dtype, profile) to run, in a fixed order; devices discovered, not assumed.

        extra: names of backends given to run_matrix directly (planted faults, a learner's module, a backend module),
        or {name: devices}; CPU where not said.
        A device in self.devices that a backend cannot use here is left out for that backend (see skipped).
        """
        out = []
        for name, devices, _ in self._backend_devices(extra):
            for device in devices:
                for dtype in self.dtypes:
                    for profile in self.profiles:
                        out.append((name, device, dtype, profile))
        return out

    def skipped(self, extra=()):
        """[{"backend", "device", "reason"}] for each device asked for that a backend cannot use here."""
        return [dict(backend=name, device=device, reason=f"{name} runs on {', '.join(found)} here, not on {device}")
                for name, _, (found, missing) in self._backend_devices(extra) for device in missing]  # fmt: skip

    def _backend_devices(self, extra):
        """(backend, devices to run, (devices found, devices asked for but not found)) per backend."""
        backends = self.backends or tuple(list_backends()) + tuple(extra)
        out = []
        for name in backends:
            found = available_devices(name) if name in SPECS_BY_NAME else list(_extra_devices(extra, name))
            asked = self.devices or found
            usable = [d for d in asked if d in found]
            out.append((name, usable, (found, [d for d in asked if d not in found])))
        return out


def _extra_devices(extra, name):
    return extra.get(name, ["cpu"]) if isinstance(extra, dict) else ["cpu"]


def split_key(key):
    """ "dW2" -> ("dW", 2); "cost" -> ("cost", None)."""
    match = re.fullmatch(r"([a-zA-Z_]+?)(\d+)", key)
    return (match.group(1), int(match.group(2))) if match else (key, None)


def error_text(exc):
    """The exception and the last place it passed through, in one line."""
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" (at {frame.filename.split('/')[-1]}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


class CellRecords:
    """Collects the records of one backend cell on one model, numbering them in computation order."""

    def __init__(self, name, device, dtype, profile, matmul_precision, model, data, backend=None):
        spec = SPECS_BY_NAME.get(name)
        self.dtype, self.matmul_precision = dtype, matmul_precision
        framework = spec.framework if spec else str(getattr(backend, "framework", "external"))
        variant = spec.variant if spec else str(getattr(backend, "variant", name))
        self.common = dict(
            backend=name, framework=framework, variant=variant,
            device=device, dtype=dtype, profile=profile, matmul_precision=matmul_precision, model=model,
            data=data or "case",
        )  # fmt: skip
        self.data = data
        self.records = []

    def tolerance(self, kind):
        return tolerance(kind, self.dtype, self.matmul_precision)

    def near_threshold(self, AL_reference, bound_AL):
        """The forward allowance at A[L] within which rounding alone can move an output across 0.5."""
        if bound_AL is None:
            return self.tolerance("forward")
        return Tolerance(0.0, 1.0, ERROR_MODEL_REASON), bound_AL

    def bounds(self, case):
        """The error model's per-element bounds for this cell's precision, or None where it keeps fixed tolerances."""
        if not uses_error_model(self.dtype, self.matmul_precision):
            return None
        mode = precision_mode(self.dtype, self.matmul_precision)
        return reference_bounds(case.name, self.data, mode)

    def add(self, phase, key, **fields):
        quantity, layer = split_key(key.split("@")[0])
        record = dict.fromkeys(RECORD_FIELDS)
        record.update(self.common, phase=phase, key=key, quantity=quantity, layer=layer, order=len(self.records))
        record.update(first_failure=False, **fields)
        self.records.append(record)
        return record

    def compared(self, phase, key, actual, desired, kind, scale=None, allowed=None, **fields):
        if phase in ("cost", "trajectory") and both_infinite(actual, desired):
            message = (f"{key}: {float(actual)} as in the reference: a saturated sigmoid at finite parameters (the "
                       "course's arithmetic, not divergence)")  # fmt: skip
            return self.add(phase, key, status="pass", message=message, **fields)
        tol = self.tolerance(kind) if isinstance(kind, str) else kind  # a kind, or a Tolerance made for this record
        with np.errstate(all="ignore"):  # inf or NaN from a backend is a finding, recorded, not a warning
            c = compare(key, actual, desired, tol, scale=scale, allowed=allowed)
        numbers = asdict(c)
        numbers.pop("key"), numbers.pop("shape_ok")
        numbers["worst_index"] = str(list(numbers["worst_index"]))
        return self.add(phase, key, status="pass" if c.passed else "fail", **numbers, **fields)

    def error(self, phase, key, exc):
        return self.add(phase, key, status="error", message=error_text(exc))

    def compared_dict(self, phase, out, keys, desired, seconds, bounds=None):
        if not isinstance(out, dict):
            self.add(phase, keys[0], status="error", message=f"{phase} returned {type(out).__name__}, not a dict")
            return
        for key in keys:
            if key not in out:
                self.add(phase, key, status="fail", message=f"{key}: missing from what {phase} returned {sorted(out)}")
            elif np.asarray(out[key]).dtype != np.dtype(self.dtype):
                self.add(phase, key, status="fail", message=f"{key}: came back as {np.asarray(out[key]).dtype}, "
                         f"expected {self.dtype} (no silent dtype change)")  # fmt: skip
            elif bounds is not None:
                allowed = bounds[key]
                if key.startswith("db"):
                    allowed = db_allowance(allowed, desired[key], unit_roundoff(self.dtype, self.matmul_precision))
                tol = Tolerance(0.0, 0.0, ERROR_MODEL_REASON)
                self.compared(phase, key, out[key], desired[key], tol, allowed=allowed, seconds=seconds)
            else:
                scale = atol_scale(key, desired) if phase == "backward" else None
                self.compared(phase, key, out[key], desired[key], kind_of(key), scale=scale, seconds=seconds)

    def predictions(self, phase, key, Y_hat, desired, AL_reference, Y, AL_own=None, **fields):
        """Y_hat against the reference's (explained only near 0.5) and, given AL_own (the backend's own A[L] at the
        same parameters), against its own A[L] > 0.5 exactly."""
        near = self.near_threshold(AL_reference, fields.pop("bound_AL", None))
        n_disagree, unexplained, message = compare_predictions(Y_hat, desired, AL_reference, near)
        own = own_threshold_mismatches(Y_hat, AL_own) if AL_own is not None and unexplained == 0 else 0
        if own:
            message = (f"predictions: {own} of {desired.size} differ from this backend's own A[L] > 0.5 (a tie "
                       "A[L] = 0.5 predicts 0: is the threshold >= 0.5?); " + message)  # fmt: skip
        record = self.add(phase, key, status="pass" if unexplained == 0 and not own else "fail", message=message,
                          agreement=1 - n_disagree / desired.size, **fields)  # fmt: skip
        if np.shape(Y_hat) == desired.shape:
            record.update(accuracy=accuracy(np.asarray(Y_hat), Y), reference_accuracy=accuracy(desired, Y))


def both_infinite(actual, desired):
    """Two scalars, both infinite with the same sign."""
    a, d = np.asarray(actual, dtype=np.float64), np.asarray(desired, dtype=np.float64)
    return a.size == 1 and d.size == 1 and bool(np.isinf(a).all() and a.ravel()[0] == d.ravel()[0])


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def check_forward(backend, case, ref, out):
    """Every Z[l], A[l] of backend.forward against the reference's."""
    try:
        forward, seconds = _timed(lambda: backend.forward(case.params, case.X, case.model))
        out.compared_dict("forward", forward, forward_keys(case.model.L), ref["forward"], seconds, out.bounds(case))
        if out.dtype == "float32" and precision_mode(out.dtype, out.matmul_precision) == "float32":
            check_upcast(forward, case, ref, out)
    except Exception as exc:  # a crashing backend becomes a record, never stops the run
        out.error("forward", "A1", exc)


def check_cost(backend, case, ref, out):
    try:
        J, seconds = _timed(lambda: backend.cost(case.params, case.X, case.Y, case.model))
        bounds = out.bounds(case)
        if bounds is None:
            out.compared("cost", "cost", J, ref["cost"], "cost", seconds=seconds)
        else:
            tol = Tolerance(0.0, 0.0, ERROR_MODEL_REASON)
            out.compared("cost", "cost", J, ref["cost"], tol, allowed=bounds["cost"], seconds=seconds)
    except Exception as exc:
        out.error("cost", "cost", exc)


def check_backward(backend, case, ref, out):
    """Every dZ[l], dW[l], db[l], dA[l-1] of backend.gradients, layer L down to 1."""
    try:
        grads, seconds = _timed(lambda: backend.gradients(case.params, case.X, case.Y, case.model))
        out.compared_dict("backward", grads, backward_keys(case.model.L), ref["gradients"], seconds, out.bounds(case))
    except Exception as exc:
        out.error("backward", f"dZ{case.model.L}", exc)


def check_predictions(backend, case, ref, out):
    try:
        Y_hat, seconds = _timed(lambda: backend.predict(case.params, case.X, case.model))
        AL = ref["forward"][f"A{case.model.L}"]
        own = own_output(backend, case.params, case)
        bounds = out.bounds(case)
        bound = None if bounds is None else bounds[f"A{case.model.L}"]
        out.predictions("predictions", "Y_hat", Y_hat, ref["predict"], AL, case.Y, AL_own=own, seconds=seconds,
                        bound_AL=bound)  # fmt: skip
    except Exception as exc:
        out.error("predictions", "Y_hat", exc)


CHECKS = (check_forward, check_cost, check_backward, check_predictions)  # computation order


def mark_first_failures(records):
    """In each cell (backend, device, dtype, profile, model), flag the first record in computation order that
    fails or errs without a known divergence to explain it: where the trouble enters."""
    flagged = set()
    for r in records:  # records are in computation order within each cell
        cell = (r["backend"], r["device"], r["dtype"], r["profile"], r["model"], r["data"])
        if r["status"] in ("fail", "error", "diverged") and cell not in flagged:
            r["first_failure"] = True
            flagged.add(cell)
    return records


def cell_name(name, device, dtype, profile, model=None):
    return " ".join(str(x) for x in (name, device, dtype, profile, model) if x is not None)


def run_matrix(config=None, on_cell=None, factories=None, on_done=None, stop=None):
    """Run every cell; returns the list of records.

    on_cell(description) is called before each cell (backend, device, dtype, profile on one model), on_done(
    description, records of the cell) after it. stop(), when given, is asked before each cell: True ends the run
    there (an interrupted run), with the records of the cells done so far.
    factories: {name: callable(device=, dtype=, profile=) -> backend} for backends outside the registry,
    such as a learner's wrapped module or a deliberately broken one in the tests.
    """
    config = config or RunConfig()
    factories = factories or {}
    records = []
    extra = {name: list(getattr(make, "devices", ["cpu"])) for name, make in factories.items()}
    for name, device, dtype, profile in config.cells(extra=extra):
        if stop is not None and stop():
            break
        try:
            make = factories.get(name) or (lambda **kw: get_backend(name, **kw))  # noqa: B023 (called at once)
            backend = make(device=device, dtype=dtype, profile=profile)
        except Exception as exc:  # a backend that cannot even be built: one error record per model
            for model in config.models:
                description = cell_name(name, device, dtype, profile, model)
                if on_cell:
                    on_cell(description)
                out = CellRecords(name, device, dtype, profile, None, model, config.data)
                out.error("setup", "backend", exc)
                records += out.records
                if on_done:
                    on_done(description, out.records)
            continue
        matmul_precision = getattr(backend, "matmul_precision", "ieee")
        for model in config.models:
            if stop is not None and stop():
                break
            description = cell_name(name, device, dtype, profile, model)
            if on_cell:
                on_cell(description)
            out = CellRecords(name, device, dtype, profile, matmul_precision, model, config.data, backend)
            if model in OPTIMIZATION_CASES:  # mini-batches and optimizers (conformance.cases_optimization)
                check_optimization(backend, model, out)
            elif model in REGULARIZATION_CASES:  # course 2: L2 and dropout, on their own data
                check_regularization_case(backend, model, config, out)
            else:
                case = get_case(model, config.data)
                for check in checks_for(case.model, CHECKS):
                    check(backend, case, reference_results(model, config.data), out)
                if config.iterations > 0:
                    trajectory_for(case.model, check_trajectory)(backend, case, config, out)
            records += out.records
            if on_done:
                on_done(description, out.records)
    return mark_first_failures(apply_known_divergences(records))


def summary(records):
    """Counts by status and the first failure of each failing cell, as lines of text."""
    counts = {}
    for r in records:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    lines = ["records: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))]
    for r in records:
        cell = f"{r['backend']} {r['device']} {r['dtype']} {r['profile']} {r['model']}"
        if r["first_failure"] and r["status"] in FAILING:
            lines.append(f"FIRST FAILURE {cell}: {r['phase']} {r['key']}: {r['message']}")
        elif r["status"] == "xpass":
            lines.append(f"XPASS {cell} {r['key']}: {r['message']}")
        elif r["status"] == "diverged" and not r["first_failure"]:
            lines.append(f"DIVERGED {cell}: {r['message']}")
        elif r["key"] == "divergence" and r["status"] == "pass":
            lines.append(f"DIVERGING RUN {cell}: {r['message']}")
    return lines


def failed(records):
    return any(r["status"] in FAILING for r in records)
