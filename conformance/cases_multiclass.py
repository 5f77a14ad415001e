"""Multi-class and batch-norm cases (course 2, week 3) and their checks, in the default matrix.

The generic checks (conformance.matrix.CHECKS, conformance.trajectory) read a binary model's tensors: Z[l], A[l],
dZ[l], dW[l], db[l], dA[l], 0/1 predictions. A softmax or batch-normalized model has more and other tensors, so
it runs these checks instead (checks_for, trajectory_for), which record in the same format:
- forward:  Z[l], and on a normalized layer mu[l], sigma2[l], Z_norm[l], Z_tilde[l], then A[l];
- cost, backward: dZ[l] (dZ_tilde[l], dgamma[l], dbeta[l] on a normalized layer), dW[l], db[l], dA[l-1];
- predictions: class numbers, exact, except where the reference's two most probable classes are within rounding;
- trajectory: TRAJECTORY_STEPS steps of training: costs, every parameter, the running statistics (39), and the
  predictions with those statistics.
Record keys follow split_key's "name + layer" form: sigma2[l] is "sigmasq{l}", the running ones "mu_run{l}",
"sigmasq_run{l}" (the dicts' own keys "sigma2{l}" would read as layer 21).
"""

import numpy as np

from reference_numpy import Model, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.multiclass_data import synthetic_multiclass

TRAJECTORY_STEPS = 5  # enough for the running averages to move away from their start (0.9^5 = 0.59)
MULTICLASS_LEARNING_RATE = 0.1


def _nonzero(params, seed):
    """Initial parameters with non-zero b, gamma != 1, beta != 0: a test that sees every term of (1), (36)."""
    rs = np.random.RandomState(seed)
    for key, value in params.items():
        if key.startswith(("b", "gamma")):
            params[key] = value + rs.uniform(-0.5, 0.5, size=value.shape)
    return params


def _softmax_bn(n_x):
    return Model.softmax((n_x, 6, 5, 3), hidden="relu", batchnorm=(1,), name="softmax-bn")


def _softmax_tanh(n_x):
    return Model.softmax((n_x, 5, 4), hidden="tanh", name="softmax")


# name -> (architecture, data, init method, seed), as conformance.cases.CASE_SPECS; parameters made non-zero below
MULTICLASS_CASE_SPECS = {
    "softmax-bn": (_softmax_bn, lambda: synthetic_multiclass(n_x=4, C=3, m=24, seed=3), "he", 8),
    "softmax": (_softmax_tanh, lambda: synthetic_multiclass(n_x=3, C=4, m=20, seed=4), "xavier", 9),
}
MULTICLASS_MATRIX_MODELS = ("softmax-bn",)  # in the default run: softmax, one normalized layer, one plain
INITIAL_PARAMETERS = {name: (lambda params, seed=seed: _nonzero(params, seed)) for name, (_, _, _, seed) in
                      MULTICLASS_CASE_SPECS.items()}  # fmt: skip


def is_multiclass(model):
    return model.activations[-1] == "softmax" or bool(model.batchnorm)


def running_record_key(key):
    """The record key of a running statistic: "mu1" -> "mu_run1", "sigma21" -> "sigmasq_run1"."""
    return f"sigmasq_run{key[len('sigma2') :]}" if key.startswith("sigma2") else f"mu_run{key[len('mu') :]}"


def running_kwargs(model, running):
    """predict's keyword for a batch-normalized model's running statistics: {"running": running}, else {}."""
    return {"running": running} if model.batchnorm else {}


def forward_keys(model):
    """(dict key, record key) in computation order."""
    keys = []
    for l in range(1, model.L + 1):
        keys.append((f"Z{l}", f"Z{l}"))
        if l in model.batchnorm:
            keys += [(f"mu{l}", f"mu{l}"), (f"sigma2{l}", f"sigmasq{l}"), (f"Znorm{l}", f"Znorm{l}")]
            keys.append((f"Ztilde{l}", f"Ztilde{l}"))
        keys.append((f"A{l}", f"A{l}"))
    return keys


def backward_keys(model):
    keys = []
    for l in range(model.L, 0, -1):
        if l in model.batchnorm:
            keys += [f"dZtilde{l}", f"dgamma{l}", f"dbeta{l}", f"dZ{l}", f"dW{l}"]
        else:
            keys += [f"dZ{l}", f"dW{l}", f"db{l}"]
        keys.append(f"dA{l - 1}")
    return keys


def _compare_dict(out, phase, got, desired, keys, seconds):
    for key, record_key in keys:
        if key not in got:
            out.add(
                phase, record_key, status="fail", message=f"{key}: missing from what {phase} returned {sorted(got)}"
            )
        elif np.asarray(got[key]).dtype != np.dtype(out.dtype):
            out.add(phase, record_key, status="fail", message=f"{key}: came back as {np.asarray(got[key]).dtype}")
        else:
            kind = "backward" if key.startswith("d") else "forward"
            out.compared(phase, record_key, got[key], desired[key], kind, seconds=seconds)


def class_predictions(out, phase, key, Y_hat, desired, AL, **fields):
    """Class numbers: a disagreement is explained only where the reference's top two probabilities are within
    the forward tolerance of each other (rounding alone can swap them there)."""
    Y_hat = np.asarray(Y_hat)
    if Y_hat.shape != desired.shape:
        out.add(phase, key, status="fail", message=f"predictions: shape {Y_hat.shape}, expected {desired.shape}")
        return
    top2 = np.sort(AL, axis=0)[-2:]
    tol = out.tolerance("forward")
    near = (top2[1] - top2[0]) <= tol.atol * float(np.max(np.abs(AL))) + tol.rtol * top2[1]
    disagree = (Y_hat != desired)[0]
    unexplained = int(np.sum(disagree & ~near))
    message = f"predictions: {int(disagree.sum())} of {desired.size} differ, {unexplained} not within rounding"
    out.add(phase, key, status="pass" if unexplained == 0 else "fail", message=message,
            agreement=1 - float(disagree.mean()), **fields)  # fmt: skip


def _run(out, phase, key, fn):
    import time

    try:
        start = time.perf_counter()
        result = fn()
        return result, time.perf_counter() - start
    except Exception as exc:  # a crashing backend becomes a record
        out.error(phase, key, exc)
        return None, None


def check_forward(backend, case, ref, out):
    got, seconds = _run(out, "forward", "Z1", lambda: backend.forward(case.params, case.X, case.model))
    if got is not None:
        _compare_dict(out, "forward", got, ref["forward"], forward_keys(case.model), seconds)


def check_cost(backend, case, ref, out):
    J, seconds = _run(out, "cost", "cost", lambda: backend.cost(case.params, case.X, case.Y, case.model))
    if J is not None:
        out.compared("cost", "cost", J, ref["cost"], "cost", seconds=seconds)


def check_backward(backend, case, ref, out):
    grads, seconds = _run(
        out, "backward", f"dZ{case.model.L}", lambda: backend.gradients(case.params, case.X, case.Y, case.model)
    )
    if grads is not None:
        keys = [(key, key) for key in backward_keys(case.model)]
        _compare_dict(out, "backward", grads, ref["gradients"], keys, seconds)


def check_predictions(backend, case, ref, out):
    Y_hat, seconds = _run(out, "predictions", "Y_hat", lambda: backend.predict(case.params, case.X, case.model))
    if Y_hat is not None:
        AL = ref["forward"][f"A{case.model.L}"]
        class_predictions(out, "predictions", "Y_hat", Y_hat, ref["predict"], AL, seconds=seconds)


MULTICLASS_CHECKS = (check_forward, check_cost, check_backward, check_predictions)


def _reference_run(case, lr):
    result = NumpyBackend().train(case.params, case.X, case.Y, case.model, lr, TRAJECTORY_STEPS, 1)
    running = result.state.get("running")
    AL = NumpyBackend().forward(result.parameters, case.X, case.model, running=running)[f"A{case.model.L}"]
    Y_hat = NumpyBackend().predict(result.parameters, case.X, case.model, running=running)
    return result, AL, Y_hat


def check_trajectory(backend, case, config, out):
    """TRAJECTORY_STEPS steps (config.iterations does not apply: the running averages need only a few)."""
    lr = MULTICLASS_LEARNING_RATE
    ref, AL, ref_Y_hat = _reference_run(case, lr)
    N = TRAJECTORY_STEPS
    result, seconds = _run(out, "trajectory", "cost@0", lambda: backend.train(case.params, case.X, case.Y,
                                                                              case.model, lr, N, 1))  # fmt: skip
    if result is None:
        return
    for j, (J, J_ref) in enumerate(zip(np.asarray(result.costs), ref.costs, strict=True)):
        out.compared("trajectory", f"cost@{j}", J, J_ref, "trajectory", iteration=j, run_iterations=N)
    for key in ref.parameters:
        out.compared("parameters", key, result.parameters[key], ref.parameters[key], "parameters", iteration=N,
                     run_iterations=N)  # fmt: skip
    running = result.state.get("running", {})
    for l in case.model.batchnorm:
        for key in (f"mu{l}", f"sigma2{l}"):
            record_key = running_record_key(key)
            if key not in running:
                out.add("parameters", record_key, status="fail", message=f"train's state has no running {key}")
            else:
                out.compared("parameters", record_key, running[key], ref.state["running"][key], "parameters",
                             iteration=N, run_iterations=N)  # fmt: skip
    Y_hat, _ = _run(out, "parameters", f"Y_hat@{N}", lambda: backend.predict(
        result.parameters, case.X, case.model, **running_kwargs(case.model, running)))  # fmt: skip
    if Y_hat is not None:
        class_predictions(out, "parameters", f"Y_hat@{N}", Y_hat, ref_Y_hat, AL, iteration=N, run_iterations=N)


def checks_for(model, binary_checks):
    """The checks of a model: binary_checks (conformance.matrix.CHECKS), or these for softmax / batch norm."""
    return MULTICLASS_CHECKS if is_multiclass(model) else binary_checks


def trajectory_for(model, binary_trajectory):
    return check_trajectory if is_multiclass(model) else binary_trajectory


def initial_parameters(name, model, method, seed):
    """conformance.cases.get_case's parameters for a multi-class case: drawn, then made non-zero."""
    return INITIAL_PARAMETERS[name](initialize_parameters(model, method, seed=seed))
