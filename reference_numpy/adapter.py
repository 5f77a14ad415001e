"""The NumPy reference behind the backend contract (NumPy in, NumPy out).

See DESIGN.md: every backend exposes name, framework, variant, device, dtype, profile and the five calls
forward, cost, gradients, train, predict. The reference has one device (cpu) and one profile: NumPy has no
TF32 or reduced-precision matmul modes, so "strict" and "default" compute the same numbers.

Two variants: "reference" (backend "numpy", the core's careful forms) and "course" (backend "numpy-course": the same
core with each course model in its assignment's arithmetic preset, reference_numpy.arithmetic.preset_for), which the
harness compares with the reference like any other backend: how far the course's own rounding is from the core's.
"""

import contextlib

from reference_numpy import training
from reference_numpy.arithmetic import CORE, preset_for
from reference_numpy.contract import Variant, as_train_config
from reference_numpy.errors import DLRosettaError
from reference_numpy.masks import check_step, step_kwargs
from reference_numpy.validation import as_float_dtype, check_profile, check_running, prepare_inputs

_FUNCTIONS = (training.forward, training.cost, training.gradients, training.train, training.predict)
# Both variants run the same functions; the adapter hands each the arithmetic of its variant.
VARIANTS = {name: Variant(name, *_FUNCTIONS) for name in ("reference", "course")}


class NumpyBackend:
    framework = "numpy"
    matmul_precision = "ieee"  # what the matmuls really compute in; keys the tolerances with the dtype

    def __init__(self, variant="reference", device="cpu", dtype="float64", profile="strict"):
        if variant not in VARIANTS:
            raise DLRosettaError(f"numpy backend: variant must be one of {tuple(VARIANTS)}; got {variant!r}")
        if device != "cpu":
            raise DLRosettaError(f"numpy backend: device must be 'cpu' (NumPy runs on the CPU only); got {device!r}")
        self.functions = VARIANTS[variant]
        self.device = device
        self.profile = check_profile(profile, "numpy backend")
        self.variant = variant
        self.name = "numpy" if variant == "reference" else f"numpy-{variant}"
        self.dtype = as_float_dtype(dtype, "numpy backend").name

    def arithmetic(self, model, config=None):
        """The core's forms (reference), or the course assignment's preset for this model (course): for a training
        with an optimizer, mini-batches or a decaying rate, course 2's optimization assignment's."""
        if self.variant == "reference":
            return CORE
        return preset_for(model, None if config is None or config.full_batch_gd else "optimization")

    def prepare(self, params, X, model, Y=None, *, call="prepare"):
        """Check the inputs and cast them to the backend's dtype: (parameters, X, Y) as NumPy arrays."""
        return prepare_inputs(params, X, model, self.dtype, f"{self.name}.{call}", Y=Y)

    def scope(self):
        """NumPy has no precision settings to scope."""
        return contextlib.nullcontext()

    def forward(self, params, X, model, *, masks=None, keep_prob=1.0, running=None):
        params, X, _ = self.prepare(params, X, model, call="forward")
        masks = check_step(model, X.shape[1], self.dtype, f"{self.name}.forward", 0.0, masks, keep_prob)
        running = check_running(running, model, self.dtype, f"{self.name}.forward")
        kwargs = step_kwargs(0.0, masks, keep_prob) | _given(running)
        return self.functions.forward(params, X, model, self.arithmetic(model), **kwargs)

    def cost(self, params, X, Y, model, *, lambd=0.0, masks=None, keep_prob=1.0):
        params, X, Y = self.prepare(params, X, model, Y, call="cost")
        masks = check_step(model, X.shape[1], self.dtype, f"{self.name}.cost", lambd, masks, keep_prob)
        reg = step_kwargs(lambd, masks, keep_prob)
        return float(self.functions.cost(params, X, Y, model, self.arithmetic(model), **reg))

    def gradients(self, params, X, Y, model, *, lambd=0.0, masks=None, keep_prob=1.0):
        """dZ, dW, db, dA of every layer; lambd > 0 adds the L2 term to dW, masks apply dropout (regularization)."""
        params, X, Y = self.prepare(params, X, model, Y, call="gradients")
        masks = check_step(model, X.shape[1], self.dtype, f"{self.name}.gradients", lambd, masks, keep_prob)
        reg = step_kwargs(lambd, masks, keep_prob)
        return self.functions.gradients(params, X, Y, model, self.arithmetic(model), **reg)

    def train(self, params, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
        params, X, Y = self.prepare(params, X, model, Y, call="train")
        config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate,
                                 where=f"{self.name}.train")  # fmt: skip
        return self.functions.train(params, X, Y, model, config, arithmetic=self.arithmetic(model, config))

    def predict(self, params, X, model, *, running=None):
        params, X, _ = self.prepare(params, X, model, call="predict")
        running = check_running(running, model, self.dtype, f"{self.name}.predict")
        return self.functions.predict(params, X, model, self.arithmetic(model), **_given(running))


def _given(running):
    """{"running": running} where given, else {}: a variant's functions without batch norm keep their arguments."""
    return {} if running is None else {"running": running}


def available_devices():
    return ["cpu"]


def make_backend(variant, device="cpu", dtype="float64", profile="strict"):
    return NumpyBackend(variant, device=device, dtype=dtype, profile=profile)
