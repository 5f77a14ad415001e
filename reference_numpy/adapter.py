"""The NumPy reference behind the backend contract (NumPy in, NumPy out).

See DESIGN.md: every backend exposes name, framework, variant, device, dtype, profile and the five calls
forward, cost, gradients, train, predict. The reference has one device (cpu) and one profile: NumPy has no
TF32 or reduced-precision matmul modes, so "strict" and "default" compute the same numbers.
"""

from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.training import check_schedule, gradients, predict, train
from reference_numpy.validation import as_float_dtype, check_profile, prepare_inputs


class NumpyBackend:
    framework = "numpy"
    variant = "reference"
    matmul_precision = "ieee"  # what the matmuls really compute in; keys the tolerances with the dtype

    def __init__(self, device="cpu", dtype="float64", profile="strict"):
        if device != "cpu":
            raise DLRosettaError(f"numpy backend: device must be 'cpu' (NumPy runs on the CPU only); got {device!r}")
        self.device = device
        self.profile = check_profile(profile, "numpy backend")
        self.name = "numpy"
        self.dtype = as_float_dtype(dtype, "numpy backend").name

    def forward(self, params, X, model):
        params, X, _ = prepare_inputs(params, X, model, self.dtype, "numpy.forward")
        _, cache = L_model_forward(X, params, model)
        return {k: v for k, v in cache.items() if k != "A0"}

    def cost(self, params, X, Y, model):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, "numpy.cost", Y=Y)
        AL, cache = L_model_forward(X, params, model)
        return float(compute_cost(AL, Y, cache[f"Z{model.L}"]))

    def gradients(self, params, X, Y, model):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, "numpy.gradients", Y=Y)
        return gradients(params, X, Y, model)

    def train(self, params, X, Y, model, learning_rate, num_iterations, record_every=100):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, "numpy.train", Y=Y)
        check_schedule(learning_rate, num_iterations, record_every, "numpy.train")
        return train(params, X, Y, model, learning_rate, num_iterations, record_every)

    def predict(self, params, X, model):
        params, X, _ = prepare_inputs(params, X, model, self.dtype, "numpy.predict")
        return predict(params, X, model)


VARIANTS = ("reference",)


def available_devices():
    return ["cpu"]


def make_backend(variant="reference", device="cpu", dtype="float64", profile="strict"):
    if variant not in VARIANTS:
        raise DLRosettaError(f"numpy backend: variant must be one of {VARIANTS}; got {variant!r}")
    return NumpyBackend(device=device, dtype=dtype, profile=profile)
