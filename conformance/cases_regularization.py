"""Course 2, week 1 cases: the three assignments' networks and data, with L2 and inverted dropout, every backend
against the reference tensor by tensor on the same dropout masks (drawn once, here, by the reference).

- "c2-init":       [2, 10, 5, 1] on the circles (the initialization assignment's data), He as the course seeds it;
- "c2-l2":         [2, 20, 3, 1] on data.mat (or a generated stand-in of its shapes), lambd = 0.7;
- "c2-dropout":    the same network, keep_prob = 0.86 on layers 1 and 2, the course's masks (reseeded every step);
- "c2-gradcheck":  the gradient-checking model [4, 5, 3, 1] on its 3 inputs, lambd = 0.7 and fixed masks: each
                   backend's gradients through the reference's gradient checker (the course's difference).

Each cell records the masks applied ("D<l>") and A[l] after dropout, the cost with the L2 term and the L2 term
itself ("J_L2": the backend's cost with and without lambd), every dZ, dW (with the L2 term), db, dA, the
predictions (no dropout), then a short trajectory (config.iterations // 10 steps, every step's cost) and the
final parameters; the gradient-check case adds one "gradcheck" record.
"""

import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from conformance.trajectory import compare_costs, compare_displacements, timed_training
from reference_numpy import Model, TrainConfig, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.contract import Regularization
from reference_numpy.gradcheck import SUSPECT_THRESHOLD, gradient_check_vector
from reference_numpy.masks import draw_masks

DATA_MAT = Path(__file__).resolve().parents[2] / "shared" / "data" / "course2" / "data.mat"


@dataclass(frozen=True, eq=False)
class RegularizationCase:
    """A case (conformance.cases.Case's fields) with its regularization and one step's dropout masks."""

    name: str
    model: Model
    params: dict
    X: np.ndarray
    Y: np.ndarray
    regularization: Regularization = Regularization()
    masks: dict | None = None  # the masks of the forward/cost/gradients checks (the first step's)
    mask_mode: str = "course"
    learning_rate: float = 0.3
    step: dict = field(default_factory=dict)  # keyword arguments of forward/cost/gradients

    def config(self, iterations, record_every=1):
        """The TrainConfig of a run of `iterations` steps, with this case's masks drawn for each."""
        reg = self.regularization
        masks = None
        if reg.keep_prob < 1:
            masks = draw_masks(self.model, self.X.shape[1], reg.keep_prob, reg.dropout_layers, iterations,
                               mode=self.mask_mode)  # fmt: skip
        return TrainConfig(self.learning_rate, iterations, record_every, regularization=reg, masks=masks)


def circles(n, seed, noise=0.05, factor=0.8):
    """The course's circles data (COURSE2_FIXTURES 1.1): X : (2, n), Y : (1, n) float64, from RandomState(seed)."""
    rs = np.random.RandomState(seed)
    n_out = n // 2
    n_in = n - n_out
    a_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    a_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    points = np.vstack([np.column_stack([np.cos(a_out), np.sin(a_out)]),
                        np.column_stack([factor * np.cos(a_in), factor * np.sin(a_in)])])  # fmt: skip
    labels = np.hstack([np.zeros(n_out), np.ones(n_in)])
    idx = rs.permutation(n)
    points, labels = points[idx], labels[idx]
    points = points + rs.normal(scale=noise, size=(n, 2))
    return points.T.copy(), labels.reshape(1, n)


def regularization_data():
    """data.mat's training set (2, 211) where ../shared/data/course2/data.mat is, else a stand-in of its shapes:
    two noisy interleaved groups in [-0.75, 0.75]^2 from RandomState(2), 106 positives as in data.mat."""
    if DATA_MAT.is_file():
        from scipy.io import loadmat

        data = loadmat(DATA_MAT)
        return data["X"].T.astype(np.float64), data["y"].T.astype(np.float64)
    rs = np.random.RandomState(2)
    X = rs.uniform(-0.75, 0.75, size=(2, 211))
    score = np.sin(4 * X[0]) * 0.3 - X[1] + 0.1 * rs.randn(211)
    Y = (score > np.sort(score)[211 - 106 - 1]).astype(np.float64).reshape(1, 211)
    return X, Y


def _gradcheck_case():
    """The gradient-checking assignment's test case: seed 1; X = randn(4, 3), then W1, b1, ..., W3, b3 drawn."""
    rs = np.random.RandomState(1)
    X = rs.randn(4, 3)
    model = Model.deep((4, 5, 3, 1))
    params = {key: rs.randn(*shape) for key, shape in model.parameter_shapes().items()}
    # Labels [1, 1, 1], not the course's [1, 1, 0]: there the third example has a = 0.99997 with y = 0, where
    # log(1 - a) cancels; jax-autodiff's float32 dZ3 is then 1e-3 off the reference (its derivative of
    # log(1 - sigmoid(z)) divides by the rounded 1 - a) and the reference's own float64 cost only good to 1e-13.
    return model, params, X, np.array([[1.0, 1.0, 1.0]])


@cache
def get_regularization_case(name):
    """The case `name` of REGULARIZATION_CASES, its arrays read-only (a backend that writes into them fails)."""
    if name == "c2-init":
        X, Y = circles(300, 1)
        model = Model.deep((2, 10, 5, 1))
        case = RegularizationCase(name, model, initialize_parameters(model, "course2-he"), X, Y, learning_rate=0.01)
    elif name in ("c2-l2", "c2-dropout"):
        X, Y = regularization_data()
        model = Model.deep((2, 20, 3, 1))
        params = initialize_parameters(model, "course2-regularization")
        reg = Regularization(lambd=0.7) if name == "c2-l2" else Regularization(keep_prob=0.86, dropout_layers=(1, 2))
        case = RegularizationCase(name, model, params, X, Y, reg)
    elif name == "c2-gradcheck":
        model, params, X, Y = _gradcheck_case()
        reg = Regularization(lambd=0.7, keep_prob=0.8, dropout_layers=(1, 2))
        case = RegularizationCase(name, model, params, X, Y, reg, mask_mode="fresh")
    else:
        raise KeyError(name)
    reg = case.regularization
    masks = case.config(1).masks[0] if reg.keep_prob < 1 else None
    step = {"lambd": reg.lambd, "masks": masks, "keep_prob": reg.keep_prob} if masks else {"lambd": reg.lambd}
    case = RegularizationCase(**{**case.__dict__, "masks": masks, "step": step})
    for array in (case.X, case.Y, *case.params.values(), *(masks or {}).values()):
        array.setflags(write=False)
    return case


REGULARIZATION_CASES = ("c2-init", "c2-l2", "c2-dropout", "c2-gradcheck")
# in `dlrosetta run`'s default matrix: one case with L2, dropout and the gradient check together (each JAX cell
# compiles its forward, cost, gradients, predict and loop anew: about 1.8 s of CPU per cell, 7 s for the four)
DEFAULT_REGULARIZATION_MODELS = ("c2-gradcheck",)


def forward_kwargs(case):
    return {key: value for key, value in case.step.items() if key != "lambd"}


@cache
def reference_regularization_results(name):
    """The float64 reference's forward, cost, L2 term, gradients and predictions for a case, computed once."""
    case, ref = get_regularization_case(name), NumpyBackend()
    cost = ref.cost(case.params, case.X, case.Y, case.model, **case.step)
    plain = ref.cost(case.params, case.X, case.Y, case.model, **forward_kwargs(case))
    return {
        "forward": ref.forward(case.params, case.X, case.model, **forward_kwargs(case)),
        "cost": cost,
        "J_L2": cost - plain,
        "gradients": ref.gradients(case.params, case.X, case.Y, case.model, **case.step),
        "predict": ref.predict(case.params, case.X, case.model),
    }


@cache
def reference_regularization_trajectory(name, iterations):
    case = get_regularization_case(name)
    params, costs = NumpyBackend().train(case.params, case.X, case.Y, case.model, case.config(iterations))
    return params, costs


@cache
def perturbed_regularization_trajectory(name, iterations):
    """The reference's run in float32 on the same masks, as float64 (costs, params), or None where it diverges: the
    measured growth of a perturbation (conformance.trajectory.perturbed_trajectory's, for these cases)."""
    case = get_regularization_case(name)
    with np.errstate(all="ignore"):
        params, costs = NumpyBackend(dtype="float32").train(case.params, case.X, case.Y, case.model,
                                                            case.config(iterations))  # fmt: skip
    if not (all(np.isfinite(v).all() for v in params.values()) and np.isfinite(costs).all()):
        return None
    return np.asarray(costs, np.float64), {k: v.astype(np.float64) for k, v in params.items()}


def check_regularization_case(backend, name, config, out):
    """Every regularized quantity of one backend cell on case `name`, as records in computation order (out is the
    cell's conformance.matrix.CellRecords)."""
    from conformance.compare import backward_keys, forward_keys

    case, ref = get_regularization_case(name), reference_regularization_results(name)
    L = case.model.L
    mask_keys = [f"D{l}" for l in case.regularization.dropout_layers if case.masks]
    try:
        start = time.perf_counter()
        forward = backend.forward(case.params, case.X, case.model, **forward_kwargs(case))
        out.compared_dict("forward", forward, mask_keys + forward_keys(L), ref["forward"], time.perf_counter() - start)
    except Exception as exc:  # a crashing backend becomes a record, never stops the run
        out.error("forward", "A1", exc)
    try:
        J = backend.cost(case.params, case.X, case.Y, case.model, **case.step)
        out.compared("cost", "cost", J, ref["cost"], "cost")
        if case.regularization.lambd:
            plain = backend.cost(case.params, case.X, case.Y, case.model, **forward_kwargs(case))
            out.compared("cost", "J_L2", J - plain, ref["J_L2"], "cost")
    except Exception as exc:
        out.error("cost", "cost", exc)
    try:
        start = time.perf_counter()
        grads = backend.gradients(case.params, case.X, case.Y, case.model, **case.step)
        out.compared_dict("backward", grads, backward_keys(L), ref["gradients"], time.perf_counter() - start)
        if name == "c2-gradcheck":
            _gradcheck_record(case, grads, out)
    except Exception as exc:
        out.error("backward", f"dZ{L}", exc)
    try:
        Y_hat = backend.predict(case.params, case.X, case.model)
        out.predictions("predictions", "Y_hat", Y_hat, ref["predict"], ref["forward"][f"A{L}"], case.Y)
    except Exception as exc:
        out.error("predictions", "Y_hat", exc)
    if config.iterations > 0:
        _trajectory(backend, case, max(1, config.iterations // 10), out)


def _gradcheck_record(case, grads, out):
    """The reference's gradient checker on this backend's gradients: passes where no tensor is a suspect."""
    result = gradient_check_vector(case.params, grads, case.X, case.Y, case.model, **case.step)
    status = "pass" if not result.suspects else "fail"
    message = (f"difference {result.difference:.3e} (the course's measure); tensors above {SUSPECT_THRESHOLD:g}: "
               f"{', '.join(result.suspects) or 'none'}")  # fmt: skip
    out.add("backward", "gradcheck", status=status, message=message, max_rel_error=result.difference,
            rtol=SUSPECT_THRESHOLD)  # fmt: skip


def _trajectory(backend, case, iterations, out):
    """A short run (every step's cost) from the same parameters and masks: the costs and the final parameters as
    the displacement W_N - W_0, within the measured growth of a perturbation (conformance.trajectory's checks)."""
    ref_params, ref_costs = reference_regularization_trajectory(case.name, iterations)
    growth = perturbed_regularization_trajectory(case.name, iterations)
    trained = timed_training(out, lambda: backend.train(case.params, case.X, case.Y, case.model,
                                                        case.config(iterations)))  # fmt: skip
    if trained is None:
        return
    params, costs, seconds = trained
    if compare_costs(out, costs, ref_costs, growth, 1, iterations, seconds):
        compare_displacements(out, params, ref_params, case.params, growth, iterations)
