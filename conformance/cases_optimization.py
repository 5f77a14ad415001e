"""The optimizer cases (course 2, week 2): mini-batch training with momentum, RMSprop, Adam and a decaying rate,
every backend against the reference epoch by epoch, then its parameters and optimizer state tensor by tensor.

Each case trains the course's [2, 5, 2, 1] network (relu, relu, sigmoid; He initialisation, seed 3) on the
course's moons, (2, 300), with the course's batch size 64 (four batches of 64 and one of 44) and the course's
permutations (epoch i shuffles with seed 11 + i), for a few epochs. A torch-nn or jax-autodiff backend trains
with its framework's optimizer (torch.optim, optax) mapped to the course's; the others with the equations
written out. Records: the epoch costs (phase "trajectory", key cost@e), the final parameters ("parameters"),
the optimizer's state ("state": v_dW1, s_db2, v_corrected_dW1, ...; the state is (1 - beta) torch's momentum
buffer for torch.optim.SGD, see impl_torch/nn.py), and the predictions after training.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

from conformance import cases_multiclass
from reference_numpy import Model, TrainConfig, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.contract import Optimizer, Schedule
from reference_numpy.course.c2w2_data import moons_dataset
from reference_numpy.minibatches import course_permutations
from reference_numpy.multiclass_data import synthetic_multiclass

M, BATCH_SIZE = 300, 64  # the moons' size and the course's batch size: batches of 64, 64, 64, 64, 44
MODEL = Model.deep((2, 5, 2, 1))  # the course's layers_dims for the moons


@dataclass(frozen=True)
class OptimizationCase:
    """An optimizer, a rate and a schedule: TrainConfig for `epochs` epochs of the case's mini-batches."""

    optimizer: Optimizer
    learning_rate: float
    schedule: Schedule = Schedule()
    epochs: int = 8
    batchnorm: bool = False  # the softmax-bn network on 3 classes (MULTICLASS) instead of the moons' network

    def config(self, m=M):
        return TrainConfig(self.learning_rate, self.epochs, 1, optimizer=self.optimizer, batch_size=BATCH_SIZE,
                           permutations=course_permutations(m, self.epochs), schedule=self.schedule)  # fmt: skip


# The course's hyper-parameters, with rates larger than its 0.0007 so that a few epochs move the parameters
# visibly (a wrong line shows); decays with a short interval so that they take effect within the run.
OPTIMIZATION_CASES = {
    "gd-minibatch": OptimizationCase(Optimizer("gd"), 0.1, Schedule("inverse", decay_rate=0.5)),
    "momentum": OptimizationCase(Optimizer("momentum", beta=0.9), 0.1, Schedule("scheduled", 1.0, time_interval=3)),
    "rmsprop": OptimizationCase(Optimizer("rmsprop", beta2=0.999), 0.01),
    "adam": OptimizationCase(Optimizer("adam"), 0.01, Schedule("inverse", decay_rate=0.2)),
    # course 2, week 3 on week 2's loop: a softmax output and a batch-normalized layer, each mini-batch normalized
    # by its own statistics, the running averages (39) after every batch, the last batch (22) smaller
    "adam-softmax-bn": OptimizationCase(Optimizer("adam"), 0.01, Schedule("inverse", decay_rate=0.2), batchnorm=True),
}
DEFAULT_OPTIMIZATION_CASES = ("adam",)  # in the default `dlrosetta run` (JAX compiles each case: ~1.5 s a cell)


def moons_data():
    """X : (2, 300) float64, Y : (1, 300) 0/1 float64: the course's own moons (np.random.seed(3), make_moons(300,
    noise=.2), drawn bit for bit as scikit-learn draws them, reference_numpy.course.c2w2_data), contiguous."""
    X, Y = moons_dataset()
    return np.ascontiguousarray(X), Y.astype(np.float64)


MULTICLASS_M = 150  # batches of 64, 64 and 22


@cache
def optimization_inputs(batchnorm=False):
    """(model, params, X, Y) of the optimizer cases, read-only: the moons' network on the moons, or (batchnorm)
    the softmax-bn case's network (conformance.cases_multiclass) on 3 synthetic classes."""
    if batchnorm:
        model = Model.softmax((4, 6, 5, 3), hidden="relu", batchnorm=(1,))
        X, Y = synthetic_multiclass(n_x=4, C=3, m=MULTICLASS_M, seed=5)
        params = cases_multiclass.initial_parameters("softmax-bn", model, "he", 8)
    else:
        model, (X, Y) = MODEL, moons_data()
        params = initialize_parameters(MODEL, "he", seed=3)
    for array in (X, Y, *params.values()):
        array.setflags(write=False)
    return model, params, X, Y


@cache
def reference_run(name):
    """The float64 reference's TrainResult, its predictions and its A[L] (with the running statistics it
    trained, if any) for a case, computed once."""
    case = OPTIMIZATION_CASES[name]
    model, params, X, Y = optimization_inputs(case.batchnorm)
    result = NumpyBackend().train(params, X, Y, model, case.config(X.shape[1]))
    running = cases_multiclass.running_kwargs(model, result.state.get("running"))
    AL = NumpyBackend().forward(result.parameters, X, model, **running)[f"A{model.L}"]
    return result, NumpyBackend().predict(result.parameters, X, model, **running), AL


def state_items(state):
    """[(key, array)] of an optimizer state in a fixed order: v_dW1, v_db1, ..., s_dW1, ..., v_corrected_dW1, ...;
    batch norm's running statistics as mu_run1, sigmasq_run1 (the record keys of conformance.cases_multiclass)."""
    items = []
    for part in sorted(state):
        if part == "running":
            items += [(cases_multiclass.running_record_key(key), value) for key, value in state[part].items()]
        else:
            items += [(f"{part}_{key}", value) for key, value in state[part].items()]
    return items


def check_optimization(backend, name, out):
    """One backend on one optimizer case: epoch costs, final parameters, optimizer state, predictions."""
    case = OPTIMIZATION_CASES[name]
    model, params, X, Y = optimization_inputs(case.batchnorm)
    ref, ref_predict, AL = reference_run(name)
    try:
        result = backend.train(params, X, Y, model, case.config(X.shape[1]))
    except Exception as exc:  # a crashing backend becomes a record
        out.error("trajectory", "cost@0", exc)
        return
    costs = np.asarray(result.costs)
    if costs.shape != ref.costs.shape:
        out.add("trajectory", "cost@0", status="fail", message=f"costs of shape {costs.shape}, not {ref.costs.shape}")
        return
    for epoch, (J, J_ref) in enumerate(zip(costs, ref.costs, strict=True)):
        out.compared("trajectory", f"cost@{epoch}", J, J_ref, "trajectory", iteration=epoch, run_iterations=case.epochs)
    for key, desired in ref.parameters.items():
        actual = result.parameters.get(key)
        if actual is None:
            out.add("parameters", key, status="fail", message=f"train returned no {key}", run_iterations=case.epochs)
        else:
            out.compared("parameters", key, actual, desired, "parameters", iteration=case.epochs,
                         run_iterations=case.epochs)  # fmt: skip
    state = dict(state_items(result.state)) if isinstance(result.state, dict) else {}
    for key, desired in state_items(ref.state):
        if key not in state:
            out.add("state", key, status="fail", message=f"{key}: not in the optimizer state {sorted(state)}")
        else:
            out.compared("state", key, state[key], desired, "parameters", iteration=case.epochs,
                         run_iterations=case.epochs)  # fmt: skip
    try:
        Y_hat = backend.predict(
            result.parameters, X, model, **cases_multiclass.running_kwargs(model, result.state.get("running"))
        )
        fields = dict(iteration=case.epochs, run_iterations=case.epochs)
        if case.batchnorm:  # class numbers
            cases_multiclass.class_predictions(out, "parameters", f"Y_hat@{case.epochs}", Y_hat, ref_predict, AL,
                                               **fields)  # fmt: skip
        else:
            out.predictions("parameters", f"Y_hat@{case.epochs}", Y_hat, ref_predict, AL, Y, **fields)
    except Exception as exc:
        out.error("parameters", f"Y_hat@{case.epochs}", exc)
