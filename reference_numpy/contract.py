"""The backend contract: one training configuration in, one training result out, a variant as five functions.

Every backend's `train` takes a TrainConfig (or the legacy learning_rate, num_iterations, record_every) and
returns a TrainResult; `predict` returns class labels of shape (1, m). Labels Y are (1, m) of 0/1 for a binary
model or (C, m) one-hot for a model with C outputs (reference_numpy.validation.check_Y).

Only full-batch gradient descent exists behind the contract today. The other fields are where the course's
second part lands (optimizers with their state, mini-batches with the reference's permutations, learning-rate
schedules, L2 and dropout with the reference's masks): a non-default value of any of them is refused, by name.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.masks import check_keep_prob, check_lambd

OPTIMIZERS = ("gd",)
SCHEDULES = ("constant",)
NOT_YET = "not yet: only gradient descent (optimizer 'gd', full batch, constant rate, no regularization)"


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
    """alpha_t from alpha_0: "constant" today."""

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

    def check(self, where):
        """The schedule's checks, then every field that is not plain full-batch gradient descent, by name."""
        check_schedule(self.learning_rate, self.num_iterations, self.record_every, where)
        if not isinstance(self.optimizer, Optimizer):
            raise DLRosettaError(f"{where}: optimizer must be a name or an Optimizer; got {self.optimizer!r}")
        for name, default in (
            ("optimizer", Optimizer()),
            ("schedule", Schedule()),
        ):
            if getattr(self, name) != default:
                raise DLRosettaError(f"{where}: {name}={getattr(self, name)!r}: {NOT_YET}")
        for name in ("batch_size", "permutations"):
            if getattr(self, name) is not None:
                raise DLRosettaError(f"{where}: {name}={getattr(self, name)!r:.60}: {NOT_YET}")
        self.check_regularization(where)
        return self

    def check_regularization(self, where):
        """lambd >= 0, keep_prob in (0, 1], dropout_layers layer numbers, and with keep_prob < 1 one mask dict per
        training step (their shapes are checked against the model and data by regularization.check_config)."""
        reg = self.regularization
        if not isinstance(reg, Regularization):
            raise DLRosettaError(f"{where}: regularization must be a Regularization; got {reg!r:.60}")
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
