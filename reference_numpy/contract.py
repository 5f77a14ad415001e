"""The backend contract: one training configuration in, one training result out, a variant as five functions.

Every backend's `train` takes a TrainConfig (or the legacy learning_rate, num_iterations, record_every) and
returns a TrainResult; `predict` returns class labels of shape (1, m). Labels Y are (1, m) of 0/1 for a binary
model or (C, m) one-hot for a model with C outputs (reference_numpy.validation.check_Y).

Behind the contract: gradient descent, momentum, RMSprop and Adam (reference_numpy.optimizers), full batch or
mini-batches cut from the reference's permutations (reference_numpy.minibatches), a constant or decaying learning
rate. L2 and dropout with the reference's masks are where the course's week 1 lands: a non-default value of those
is refused, by name.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.masks import check_keep_prob, check_lambd

OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
SCHEDULES = ("constant", "inverse", "scheduled")
# the optimizer state's parts (reference_numpy.optimizers), and those an update adds for inspection
STATE_KEYS = {"gd": (), "momentum": ("v",), "rmsprop": ("s",), "adam": ("v", "s")}
EXTRA_STATE_KEYS = {"adam": ("v_corrected", "s_corrected")}


def check_schedule(learning_rate, num_iterations, record_every, where):
    """learning_rate > 0 and finite, num_iterations >= 0, record_every >= 1 (integers)."""
    if not isinstance(learning_rate, (int, float)) or not math.isfinite(learning_rate) or learning_rate <= 0:
        raise DLRosettaError(f"{where}: learning_rate must be a finite number > 0; got {learning_rate!r}")
    for name, value, low in (("num_iterations", num_iterations, 0), ("record_every", record_every, 1)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
            raise DLRosettaError(f"{where}: {name} must be an integer >= {low}; got {value!r}")


@dataclass(frozen=True)
class Optimizer:
    """The optimizer and its hyper-parameters (momentum's beta, Adam's beta1, beta2, epsilon)."""

    name: str = "gd"
    beta: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8


@dataclass(frozen=True)
class Schedule:
    """The learning rate of each epoch from alpha0: "constant", "inverse" (alpha0 / (1 + decay_rate epoch)) or
    "scheduled" (alpha0 / (1 + decay_rate floor(epoch / time_interval))); reference_numpy.optimizers."""

    kind: str = "constant"
    decay_rate: float | None = None
    time_interval: int = 1000


@dataclass(frozen=True)
class Regularization:
    """L2 (lambd) and inverted dropout (keep_prob on the hidden layers in dropout_layers)."""

    lambd: float = 0.0
    keep_prob: float = 1.0
    dropout_layers: tuple = ()


@dataclass(frozen=True, eq=False)  # eq=False: it may hold arrays (permutations, masks)
class TrainConfig:
    """How to train. num_iterations counts iterations (full batch) or epochs (mini-batches).

    optimizer may be given as a name ("gd") or an Optimizer; permutations (one (m,) int64 per epoch) and masks
    (dropout masks per iteration and layer) are drawn by the reference and handed to every backend.
    """

    learning_rate: float
    num_iterations: int
    record_every: int = 100
    optimizer: Optimizer = Optimizer()
    batch_size: int | None = None
    permutations: tuple | None = None
    schedule: Schedule = Schedule()
    regularization: Regularization = Regularization()
    masks: tuple | None = None

    def __post_init__(self):
        if isinstance(self.optimizer, str):
            object.__setattr__(self, "optimizer", Optimizer(self.optimizer))
        if isinstance(self.schedule, str):
            object.__setattr__(self, "schedule", Schedule(self.schedule))

    def check(self, where):
        """The schedule's checks, the optimizer's and the mini-batches', then every field not supported yet."""
        check_schedule(self.learning_rate, self.num_iterations, self.record_every, where)
        check_optimizer(self.optimizer, where)
        check_decay(self.schedule, where)
        check_minibatches(self.batch_size, self.permutations, self.num_iterations, where)
        self.check_regularization(where)
        return self

    def check_regularization(self, where):
        """lambd >= 0, keep_prob in (0, 1], dropout_layers layer numbers, and with keep_prob < 1 one mask dict per
        training step (their shapes are checked against the model and data by regularization.check_config)."""
        reg = self.regularization
        if not isinstance(reg, Regularization):
            form = "Regularization(lambd=, keep_prob=, dropout_layers=)"
            raise DLRosettaError(
                f"{where}: regularization must be a {form}; got {reg!r:.60} (L2 of 0.7: Regularization(lambd=0.7))"
            )
        check_lambd(reg.lambd, where)
        check_keep_prob(reg.keep_prob, where)
        if not isinstance(reg.dropout_layers, tuple):
            raise DLRosettaError(f"{where}: dropout_layers must be a tuple of layers; got {reg.dropout_layers!r}")
        dropout = reg.keep_prob < 1
        if dropout and not reg.dropout_layers:
            raise DLRosettaError(f"{where}: keep_prob={reg.keep_prob} < 1 needs dropout_layers, e.g. (1, 2)")
        if dropout != (self.masks is not None):
            raise DLRosettaError(
                f"{where}: masks must be given exactly when keep_prob < 1 (draw them with "
                f"reference_numpy.regularization.draw_masks); got keep_prob={reg.keep_prob}, masks={self.masks!r:.40}"
            )
        if dropout and (not isinstance(self.masks, tuple) or len(self.masks) != self.num_iterations):
            count = len(self.masks) if isinstance(self.masks, tuple) else type(self.masks).__name__
            raise DLRosettaError(
                f"{where}: masks must be a tuple of one dict per training step ({self.num_iterations}); got {count}"
            )
        if (dropout or reg.lambd > 0) and not self.full_batch_gd:
            raise DLRosettaError(
                f"{where}: L2 and dropout are supported with full-batch gradient descent at a constant rate only "
                f"(not yet with optimizer {self.optimizer.name!r}, batch_size {self.batch_size}, schedule "
                f"{self.schedule.kind!r})"
            )

    @property
    def full_batch_gd(self):
        """Plain full-batch gradient descent at a constant rate: the loop that stays bit for bit what it was."""
        return self.optimizer.name == "gd" and self.batch_size is None and self.schedule.kind == "constant"

    def static(self):
        """The hashable part (no arrays): what a compiled loop closes over (JAX's static arguments)."""
        return StaticConfig(self.optimizer, self.schedule, self.batch_size, int(self.num_iterations),
                            int(self.record_every), self.permutations is not None)  # fmt: skip


@dataclass(frozen=True)
class StaticConfig:
    """TrainConfig without its arrays: hashable, so JAX can compile a loop for it (TrainConfig.static())."""

    optimizer: Optimizer
    schedule: Schedule
    batch_size: int | None
    num_iterations: int
    record_every: int
    shuffled: bool


def _number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def check_optimizer(optimizer, where):
    """A known optimizer; beta, beta1, beta2 in [0, 1); epsilon > 0 (finite numbers)."""
    if not isinstance(optimizer, Optimizer):
        raise DLRosettaError(f"{where}: optimizer must be a name or an Optimizer; got {optimizer!r}")
    if optimizer.name not in OPTIMIZERS:
        raise DLRosettaError(f"{where}: optimizer must be one of {OPTIMIZERS}; got {optimizer.name!r}")
    for name in ("beta", "beta1", "beta2"):
        value = getattr(optimizer, name)
        if not _number(value) or not 0 <= value < 1:
            raise DLRosettaError(f"{where}: optimizer {name} must be a number in [0, 1); got {value!r}")
    if not _number(optimizer.epsilon) or not math.isfinite(optimizer.epsilon) or optimizer.epsilon <= 0:
        raise DLRosettaError(f"{where}: optimizer epsilon must be a finite number > 0; got {optimizer.epsilon!r}")


def check_decay(schedule, where):
    """A known kind; a decay ("inverse", "scheduled") needs a finite decay_rate >= 0; time_interval >= 1."""
    if not isinstance(schedule, Schedule):
        raise DLRosettaError(f"{where}: schedule must be a kind or a Schedule; got {schedule!r}")
    if schedule.kind not in SCHEDULES:
        raise DLRosettaError(f"{where}: schedule kind must be one of {SCHEDULES}; got {schedule.kind!r}")
    if schedule.kind == "constant":
        return
    rate = schedule.decay_rate
    if rate is None or not _number(rate) or not math.isfinite(rate) or rate < 0:
        raise DLRosettaError(
            f"{where}: a {schedule.kind!r} decay needs a decay_rate, a finite number >= 0; got {rate!r}"
        )
    interval = schedule.time_interval
    if not isinstance(interval, (int, np.integer)) or isinstance(interval, bool) or interval < 1:
        raise DLRosettaError(f"{where}: schedule time_interval must be an integer >= 1; got {interval!r}")


def check_minibatches(batch_size, permutations, num_epochs, where, m=None):
    """batch_size: None (full batch) or an integer >= 1; permutations: None, or with a batch_size one (m,)
    integer permutation of 0..m-1 per epoch (m checked where known)."""
    if batch_size is not None and (
        not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size < 1
    ):
        raise DLRosettaError(f"{where}: batch_size must be None (full batch) or an integer >= 1; got {batch_size!r}")
    if permutations is None:
        if batch_size is not None:
            raise DLRosettaError(
                f"{where}: batch_size={batch_size} needs the reference's permutations, one per epoch: "
                "permutations=reference_numpy.minibatches.course_permutations(m, num_epochs)"
            )
        return
    if batch_size is None:
        raise DLRosettaError(f"{where}: permutations are for mini-batches; give a batch_size too")
    if not isinstance(permutations, (tuple, list)) or len(permutations) != num_epochs:
        got = len(permutations) if isinstance(permutations, (tuple, list)) else type(permutations).__name__
        raise DLRosettaError(f"{where}: permutations must be a tuple of {num_epochs} arrays (one per epoch); got {got}")
    if num_epochs == 0:
        return
    P = np.asarray(permutations) if len({np.shape(p) for p in permutations}) == 1 else None
    if P is None or P.ndim != 2 or P.dtype.kind not in "iu" or (m is not None and P.shape[1] != m):
        shapes = sorted({str(np.shape(p)) for p in permutations})
        raise DLRosettaError(
            f"{where}: permutations must be integer arrays of shape ({'m' if m is None else m},); got shapes "
            f"{', '.join(shapes)}{'' if P is None else f' of {P.dtype}'}"
        )
    if not (np.sort(P, axis=1) == np.arange(P.shape[1])).all():
        bad = int(np.flatnonzero(~(np.sort(P, axis=1) == np.arange(P.shape[1])).all(axis=1))[0])
        raise DLRosettaError(f"{where}: permutations[{bad}] is not a permutation of 0..{P.shape[1] - 1}")


def check_state(state, parameters, optimizer, where):
    """An optimizer state for `parameters`: the optimizer's parts (reference_numpy.optimizers.STATE_KEYS), each
    with a "dW1", "db1", ... entry shaped like its parameter."""
    parts, extra = STATE_KEYS[optimizer.name], EXTRA_STATE_KEYS.get(optimizer.name, ())
    if not isinstance(state, dict) or not set(parts) <= set(state) or not set(state) <= set(parts + extra):
        got = sorted(state) if isinstance(state, dict) else type(state).__name__
        raise DLRosettaError(f"{where}: the {optimizer.name} state must have the keys {list(parts)}; got {got}")
    expected = {f"d{key}": np.shape(value) for key, value in parameters.items()}
    for part in parts:
        given = state[part]
        if not isinstance(given, dict) or set(given) != set(expected):
            got = sorted(given) if isinstance(given, dict) else type(given).__name__
            raise DLRosettaError(f"{where}: state[{part!r}] must have the keys {sorted(expected)}; got {got}")
        for key, shape in expected.items():
            if np.shape(given[key]) != shape:
                raise DLRosettaError(
                    f"{where}: state[{part!r}][{key!r}] must have shape {shape}; got {np.shape(given[key])}"
                )


def as_train_config(config=None, num_iterations=None, record_every=100, *, learning_rate=None, where):
    """A checked TrainConfig from a TrainConfig or the legacy (learning_rate, num_iterations, record_every).

    A number in `config`'s place is the legacy positional learning rate: train(p, X, Y, model, 0.1, 100, 10).
    """
    if isinstance(config, TrainConfig):
        if num_iterations is not None or learning_rate is not None or record_every != 100:
            raise DLRosettaError(
                f"{where}: pass either a TrainConfig or (learning_rate, num_iterations, record_every), not both"
            )
        return config.check(where)
    if config is not None and learning_rate is not None:
        raise DLRosettaError(f"{where}: learning_rate given twice ({config!r} and learning_rate={learning_rate!r})")
    learning_rate = config if config is not None else learning_rate
    if learning_rate is None or num_iterations is None:
        raise DLRosettaError(
            f"{where}: expected a TrainConfig or learning_rate and num_iterations; got learning_rate="
            f"{learning_rate!r}, num_iterations={num_iterations!r}"
        )
    check_schedule(learning_rate, num_iterations, record_every, where)
    return TrainConfig(learning_rate, num_iterations, record_every)


@dataclass(frozen=True, eq=False)
class TrainResult:
    """parameters after training; costs : (ceil(num_iterations / record_every),), J at iterations 0, k, 2k, ...
    each before that iteration's update; state: the optimizer's ({} for gradient descent).

    Unpacks as the old pair: params, costs = backend.train(...); result[0] is the parameters.
    """

    parameters: dict
    costs: object
    state: dict = field(default_factory=dict)

    def __iter__(self):
        return iter((self.parameters, self.costs))

    def __getitem__(self, index):
        return (self.parameters, self.costs)[index]

    def __len__(self):
        return 2


@dataclass(frozen=True)
class Variant:
    """One backend variant: five pure functions on framework arrays, in the course's layout.

    forward(parameters, X, model) -> {"Z1", "A1", ..., "ZL", "AL"}; cost(parameters, X, Y, model) -> J (0-d);
    gradients(parameters, X, Y, model) -> {"dZl", "dWl", "dbl", "dAl"}; train(parameters, X, Y, model, config)
    -> TrainResult; predict(parameters, X, model) -> (1, m) class labels.
    """

    name: str
    forward: Callable
    cost: Callable
    gradients: Callable
    train: Callable
    predict: Callable
