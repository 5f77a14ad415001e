"""The NumPy reference behind the backend contract (NumPy in, NumPy out).

See DESIGN.md: every backend exposes name, framework, variant, device, dtype, profile and the five calls
forward, cost, gradients, train, predict. The reference has one device (cpu) and one profile: NumPy has no
TF32 or reduced-precision matmul modes, so "strict" and "default" compute the same numbers.

Two variants: "reference" (backend "numpy", the core's careful forms) and "course" (backend "numpy-course": the same
core with each course model in its assignment's arithmetic preset, reference_numpy.arithmetic.preset_for), which the
harness compares with the reference like any other backend: how far the course's own rounding is from the core's.
"""

from reference_numpy.arithmetic import CORE, preset_for
from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.training import check_schedule, gradients, predict, train
from reference_numpy.validation import as_float_dtype, check_profile, prepare_inputs


class NumpyBackend:
    framework = "numpy"
    matmul_precision = "ieee"  # what the matmuls really compute in; keys the tolerances with the dtype

    def __init__(self, device="cpu", dtype="float64", profile="strict", variant="reference"):
        if device != "cpu":
            raise DLRosettaError(f"numpy backend: device must be 'cpu' (NumPy runs on the CPU only); got {device!r}")
        self.device = device
        self.profile = check_profile(profile, "numpy backend")
        self.variant = variant
        self.name = "numpy" if variant == "reference" else f"numpy-{variant}"
        self.dtype = as_float_dtype(dtype, "numpy backend").name

    def arithmetic(self, model):
        """The core's forms (reference), or the course assignment's preset for this model (course)."""
        return CORE if self.variant == "reference" else preset_for(model)

    def forward(self, params, X, model):
        params, X, _ = prepare_inputs(params, X, model, self.dtype, f"{self.name}.forward")
        _, cache = L_model_forward(X, params, model, self.arithmetic(model))
        return {k: v for k, v in cache.items() if k != "A0"}

    def cost(self, params, X, Y, model):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, f"{self.name}.cost", Y=Y)
        arithmetic = self.arithmetic(model)
        AL, cache = L_model_forward(X, params, model, arithmetic)
        return float(compute_cost(AL, Y, cache[f"Z{model.L}"], arithmetic))

    def gradients(self, params, X, Y, model):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, f"{self.name}.gradients", Y=Y)
        return gradients(params, X, Y, model, self.arithmetic(model))

    def train(self, params, X, Y, model, learning_rate, num_iterations, record_every=100):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, f"{self.name}.train", Y=Y)
        check_schedule(learning_rate, num_iterations, record_every, f"{self.name}.train")
        return train(
            params, X, Y, model, learning_rate, num_iterations, record_every, arithmetic=self.arithmetic(model)
        )

    def predict(self, params, X, model):
        params, X, _ = prepare_inputs(params, X, model, self.dtype, f"{self.name}.predict")
        return predict(params, X, model, self.arithmetic(model))


VARIANTS = ("reference", "course")


def available_devices():
    return ["cpu"]


def make_backend(variant="reference", device="cpu", dtype="float64", profile="strict"):
    if variant not in VARIANTS:
        raise DLRosettaError(f"numpy backend: variant must be one of {VARIANTS}; got {variant!r}")
    return NumpyBackend(device=device, dtype=dtype, profile=profile, variant=variant)
