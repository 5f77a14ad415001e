"""The training check of a cell: config.iterations of training from the same initial parameters as the reference,
the cost at every record point, the final parameters and the predictions after training.

Divergence is a verdict of its own: parameters (or gradients, which the update carries into them) that become inf
or NaN. A backend that diverges gets a record with status "diverged" naming the first iteration whose update left a
parameter non-finite, unless the reference diverges at that same iteration: then the record passes, as agreement on
a diverging run, and says so. An infinite cost at finite parameters is not divergence (a saturated sigmoid).
"""

import time

import numpy as np

import reference_numpy
from conformance.registry import get_backend
from conformance.tolerances import trajectory_allowance

_TRAJECTORIES = {}


def all_finite(params):
    return all(np.isfinite(np.asarray(value)).all() for value in params.values())


def divergence_iteration(train, params, num_iterations, chunk):
    """The first iteration (0-based) whose update leaves a parameter non-finite, or None if none does.

    train(params, n) -> the parameters after n more iterations. Called only where the final parameters are not
    finite: it retrains in chunks of `chunk` iterations, then one at a time inside the chunk that diverged.
    """
    done, step = 0, max(1, chunk)
    while done < num_iterations:
        n = min(step, num_iterations - done)
        after = train(params, n)
        if all_finite(after):
            params, done = after, done + n
        elif n == 1:
            return done
        else:
            step = 1
    return None


def train_checked(params, X, Y, model, lr, iterations, record_every, on_iteration=None):
    """The reference's train, record_every iterations at a time (the same arithmetic and costs as one call), with
    the parameters checked for inf/NaN after each stretch: (params, costs, None), or at the first non-finite one
    (params before that stretch, costs so far, the iteration whose update made it non-finite)."""
    costs, done = [], 0
    with np.errstate(over="ignore", invalid="ignore"):
        while done < iterations:
            n = min(record_every, iterations - done)
            step = None if on_iteration is None else (lambda i, offset=done: on_iteration(offset + i))
            after, stretch = reference_numpy.train(params, X, Y, model, lr, n, record_every, on_iteration=step)
            if not all_finite(after):
                one = lambda p, k: reference_numpy.train(p, X, Y, model, lr, k, k)[0]  # noqa: E731
                costs.append(stretch[0])
                return params, np.array(costs, dtype=X.dtype), done + divergence_iteration(one, params, n, 1)
            costs.extend(stretch)
            params, done = after, done + n
    return params, np.array(costs, dtype=X.dtype), None


def _divergence(backend, case, lr, config, params):
    """None where params (after config.iterations) are finite, else the first diverging iteration."""
    if all_finite(params):
        return None
    train = lambda p, n: backend.train(p, case.X, case.Y, case.model, lr, n, n)[0]  # noqa: E731
    found = divergence_iteration(train, case.params, config.iterations, config.record_every)
    return found if found is not None else config.iterations - 1  # non-finite at the end: by the last iteration


def reference_trajectory(case, config):
    """The float64 reference's training run for a case: (params, costs, predictions, A[L], diverging iteration or
    None); computed once."""
    lr = config.learning_rate_for(case.name)
    key = (case.name, config.data, config.iterations, config.record_every, lr)
    if key not in _TRAJECTORIES:
        ref = get_backend("numpy")
        with np.errstate(all="ignore"):  # a diverging run overflows on its way: its verdict says so
            params, costs = ref.train(case.params, case.X, case.Y, case.model, lr, config.iterations,
                                      config.record_every)  # fmt: skip
            diverged = _divergence(ref, case, lr, config, params)
        if diverged is not None:  # nothing to compare the final parameters with: the record says why
            _TRAJECTORIES[key] = (params, costs, None, None, diverged)
        else:
            AL = ref.forward(params, case.X, case.model)[f"A{case.model.L}"]
            _TRAJECTORIES[key] = (params, costs, ref.predict(params, case.X, case.model), AL, diverged)
    return _TRAJECTORIES[key]


def perturbed_trajectory(case, config):
    """The reference's training run in float32 (every number perturbed by float32 rounding): (costs, parameters) as
    float64, or None where it diverges. Its distance from the float64 run is the measured growth of a perturbation
    of one float32 ulp through this run, which the trajectory tolerances follow (tolerances.trajectory_allowance).
    """
    lr = config.learning_rate_for(case.name)
    key = ("float32", case.name, config.data, config.iterations, config.record_every, lr)
    if key not in _TRAJECTORIES:
        ref = get_backend("numpy", dtype="float32")
        with np.errstate(all="ignore"):
            params, costs = ref.train(case.params, case.X, case.Y, case.model, lr, config.iterations,
                                      config.record_every)  # fmt: skip
        finite = all_finite(params) and np.isfinite(costs).all()
        _TRAJECTORIES[key] = (np.asarray(costs, np.float64), {k: v.astype(np.float64) for k, v in params.items()}) \
            if finite else None  # fmt: skip
    return _TRAJECTORIES[key]


def displacement(params, initial, dtype):
    """W_N - W_0 per parameter, in float64, from the initial parameters as this dtype holds them (the float32 cast
    of W_0 is not part of what training moved)."""
    return {k: np.asarray(v, np.float64) - initial[k].astype(dtype).astype(np.float64) for k, v in params.items()}


def own_output(backend, params, case):
    """The backend's own A[L] at these parameters, or None where its forward pass fails (recorded elsewhere)."""
    try:
        return np.asarray(backend.forward(params, case.X, case.model)[f"A{case.model.L}"])
    except Exception:  # noqa: BLE001 (the forward check records what went wrong)
        return None


def timed_training(out, train):
    """(params, costs as an array, seconds) of train(), or None where it raised (recorded as cost@0's error)."""
    try:
        start = time.perf_counter()
        with np.errstate(all="ignore"):
            params, costs = train()
        seconds = time.perf_counter() - start
    except Exception as exc:
        out.error("trajectory", "cost@0", exc)
        return None
    return params, np.asarray(costs), seconds


def compare_costs(out, costs, ref_costs, growth, record_every, N, seconds, limit=None):
    """The cost at each record point (iteration j * record_every, up to `limit`) against the reference's, within
    the measured growth of a perturbation (growth: the float32 reference run's (costs, params), or None); False
    where the costs have the wrong shape (recorded)."""
    if costs.shape != ref_costs.shape:
        out.add("trajectory", "cost@0", status="fail", message=f"costs of shape {costs.shape}, not {ref_costs.shape}")
        return False
    for j, (J, J_ref) in enumerate(zip(costs, ref_costs, strict=True)):
        if limit is not None and j * record_every > limit:
            break
        measured = None if growth is None else np.max(np.abs(growth[0][: j + 1] - ref_costs[: j + 1]))
        tol, scale = trajectory_allowance("trajectory", out.dtype, out.matmul_precision, measured, abs(J_ref))
        out.compared("trajectory", f"cost@{j * record_every}", J, J_ref, tol, scale=scale, iteration=j * record_every,
                     run_iterations=N, seconds=seconds if j == 0 else None)  # fmt: skip
    return True


def compare_displacements(out, params, ref_params, initial, growth, N):
    """Each final parameter as the displacement W_N - W_0 (what training did) against the reference's, within the
    measured growth of a perturbation (growth as in compare_costs)."""
    moved = displacement(ref_params, initial, np.float64)
    for key in ref_params:
        if key not in params:
            out.add("parameters", key, status="fail", message=f"train returned no {key}", run_iterations=N)
            continue
        actual = displacement({key: params[key]}, initial, out.dtype)[key]
        measured = None if growth is None else np.max(np.abs(growth[1][key] - initial[key] - moved[key]))
        tol, scale = trajectory_allowance("parameters", out.dtype, out.matmul_precision, measured,
                                          np.max(np.abs(ref_params[key])))  # fmt: skip
        out.compared("parameters", key, actual, moved[key], tol, scale=scale, iteration=N, run_iterations=N)


def check_trajectory(backend, case, config, out):
    """config.iterations of training from the same initial parameters: costs, final parameters (compared as the
    displacement W_N - W_0, what training did), predictions."""
    ref_params, ref_costs, ref_predict, ref_AL, ref_diverged = reference_trajectory(case, config)
    growth = perturbed_trajectory(case, config)
    N, k, lr = config.iterations, config.record_every, config.learning_rate_for(case.name)
    trained = timed_training(out, lambda: backend.train(case.params, case.X, case.Y, case.model, lr, N, k))
    if trained is None:
        return
    params, costs, seconds = trained
    try:
        with np.errstate(all="ignore"):
            diverged = _divergence(backend, case, lr, config, params) if isinstance(params, dict) else None
    except Exception as exc:  # retraining to find the diverging iteration failed
        out.error("trajectory", "cost@0", exc)
        return
    # the cost at iteration i is taken before i's update: from finite parameters up to the first divergence
    limit = min(d for d in (diverged, ref_diverged, N) if d is not None)
    if not compare_costs(out, costs, ref_costs, growth, k, N, seconds, limit):
        return
    if diverged is not None or ref_diverged is not None:
        _divergence_record(out, diverged, ref_diverged, N, lr)
        return
    compare_displacements(out, params, ref_params, case.params, growth, N)
    try:
        Y_hat = backend.predict(params, case.X, case.model)
        out.predictions("parameters", f"Y_hat@{N}", Y_hat, ref_predict, ref_AL, case.Y, iteration=N, run_iterations=N,
                        AL_own=own_output(backend, params, case))  # fmt: skip
    except Exception as exc:
        out.error("parameters", f"Y_hat@{N}", exc)


def _divergence_record(out, diverged, ref_diverged, N, lr):
    """The verdict of a cell where this backend, the reference or both diverged."""
    advice = f"learning rate {lr}: a smaller one keeps the parameters finite"
    if diverged == ref_diverged:
        status = "pass"
        message = (f"agreement on a diverging run: the parameters turn non-finite at iteration {diverged} here and "
                   f"in the reference ({advice})")  # fmt: skip
    elif ref_diverged is None:
        status = "diverged"
        message = f"the parameters turn non-finite at iteration {diverged}; the reference's stay finite for {N}"
    elif diverged is None:
        status = "fail"
        message = f"the reference diverges at iteration {ref_diverged} ({advice}); this backend stays finite"
    else:
        status = "diverged"
        message = (
            f"the parameters turn non-finite at iteration {diverged}, the reference's at {ref_diverged} ({advice})"
        )
    out.add("trajectory", "divergence", status=status, message=message, iteration=diverged, run_iterations=N)
