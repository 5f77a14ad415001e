"""The catalogue of planted faults: what each is, where the harness must first flag it, and in which dtypes.

Each Mutant is one realistic bug planted in a real backend (conformance.mutation: torch-manual with a Fault, or
JAX in float32 posing as float64). `expect` is where the run's first failure must be: (phase, quantity, layer),
layer "L" for the output layer, None for any; a tuple of such triples where either is right (a training fault
shows in the first recorded cost after an update or, if the costs hide it, in the parameters). `dtypes` are the
dtypes where the fault's effect is above the stated threshold (100 u of the dtype): a fault that changes nothing
in float32 (dW x (1 + 1e-9) rounds away) or whose effect is below it (dW x (1 + 1e-6) in float32, about 17 u)
is not expected to be caught there. `cases` are the models it is checked on: the first in CI (a short run), all
in the full catalogue (pytest -m mutation_full).

This module is a backend module (conformance.plugins): BACKENDS has one backend per mutant, "mutant-<name>".
"""

from dataclasses import dataclass

import numpy as np

from conformance.mutation import NoX64JaxBackend, factory, with_fault

BOTH = ("float64", "float32")
_TRAINING = (("trajectory", "cost", None), ("parameters", None, None))


@dataclass(frozen=True)
class Mutant:
    name: str
    description: str
    fault: object  # a Fault, or a factory(name) -> factory(device=, dtype=, profile=) for another backend
    expect: tuple  # (phase, quantity, layer), or a tuple of them
    dtypes: tuple = BOTH
    cases: tuple = ("mixed",)

    @property
    def iterations(self):
        """Training iterations its check needs: none unless it is a fault of training only."""
        return 20 if self.expect is _TRAINING else 0

    def expectations(self):
        return self.expect if isinstance(self.expect[0], tuple) else (self.expect,)

    def matches(self, record, model_L):
        """The record is where this mutant must be flagged first."""
        for phase, quantity, layer in self.expectations():
            layer = model_L if layer == "L" else layer
            if record["phase"] == phase and quantity in (None, record["quantity"]) and layer in (None, record["layer"]):
                return True
        return False

    @property
    def backend(self):
        return f"mutant-{self.name}"

    def factory(self):
        if callable(self.fault):
            return self.fault(self.backend)
        return factory(self.backend, self.fault)


def _jax_no_x64(name):
    def make(device="cpu", dtype="float64", profile="strict"):
        return NoX64JaxBackend(name=name, device=device, dtype=dtype, profile=profile)

    return make


RELU = ("relu-zero", "deep", "two-layer-relu")
CATALOGUE = tuple(
    Mutant(*fields)
    for fields in (
        ("dW-no-1-over-m", "dW without 1/m", with_fault(dW_no_1_over_m=True), ("backward", "dW", "L")),
        ("db-no-1-over-m", "db without 1/m", with_fault(db_no_1_over_m=True), ("backward", "db", "L")),
        ("db-squeezed", "db squeezed to (n,)", with_fault(db_squeezed=True), ("backward", "db", "L")),
        ("db-axis0", "db summed over axis 0", with_fault(db_axis0=True), ("backward", "db", "L")),
        ("relu-prime-1", "relu'(0) = 1", with_fault(relu_prime_at_zero=1.0), ("backward", "dZ", None), BOTH, RELU),
        (
            "relu-max-autodiff",
            "relu as max(z, 0) under autodiff: relu'(0) = 0.5",
            with_fault(relu_prime_at_zero=0.5),
            ("backward", "dZ", None),
            BOTH,
            RELU,
        ),
        ("sigmoid-prime-a", "sigmoid' = a", with_fault(sigmoid_prime_a=True), ("backward", "dZ", 1)),
        ("cost-no-1-over-m", "the cost without 1/m", with_fault(cost_no_1_over_m=True), ("cost", "cost", None)),
        ("log-swapped", "log(a) and log(1-a) swapped", with_fault(log_swapped=True), ("cost", "cost", None)),
        ("ascent", "the update with + (ascent)", with_fault(ascent=True), _TRAINING),
        ("lr-x1.01", "the learning rate x 1.01", with_fault(lr_factor=1.01), _TRAINING),
        ("dW-x1e-3", "dW x (1 + 1e-3)", with_fault(dW_factor=1 + 1e-3), ("backward", "dW", "L")),
        ("dW-x1e-6", "dW x (1 + 1e-6)", with_fault(dW_factor=1 + 1e-6), ("backward", "dW", "L"), ("float64",)),
        ("dW-x1e-9", "dW x (1 + 1e-9)", with_fault(dW_factor=1 + 1e-9), ("backward", "dW", "L"), ("float64",)),
        ("W1-element", "W1[0, 0] x (1 + 1e-5) after each update", with_fault(W1_element_factor=1 + 1e-5), _TRAINING),
        ("b-frozen", "b never updated", with_fault(b_frozen=True), _TRAINING),
        (
            "predict-ge",
            "predictions with >= 0.5",
            with_fault(predict_ge=True),
            ("predictions", "Y_hat", None),
            BOTH,
            ("relu-zero",),
        ),
        (
            "output-relu",
            "relu on the output layer instead of sigmoid",
            with_fault(output_relu=True),
            ("forward", "A", "L"),
        ),
        (
            "tanh-prime-1-minus-a",
            "tanh' = 1 - a",
            with_fault(tanh_prime_1_minus_a=True),
            ("backward", "dZ", None),
            BOTH,
            ("mixed", "shallow"),
        ),
        (
            "float32-upcast",
            "a float32 backend computing in float64, rounding its results to float32",
            with_fault(upcast=True),
            ("forward", None, None),
            ("float32",),
            ("deep",),
        ),
        (
            "jax-no-x64",
            "a float64 JAX backend without x64 (float32 arithmetic, float64 arrays)",
            _jax_no_x64,
            ("forward", "Z", 1),
            ("float64",),
        ),
        ("no-bias", "the forward pass without + b", with_fault(no_bias=True), ("forward", "Z", 1)),
        ("lr-float32", "the learning rate rounded to float32", with_fault(lr_float32=True), _TRAINING, ("float64",)),
    )
)
MUTANTS = {m.name: m for m in CATALOGUE}
BACKENDS = {m.backend: m.factory() for m in CATALOGUE}


def lr_float32_effect(lr):
    """The relative change of a learning rate rounded to float32 (0 where it is exact there)."""
    return abs(float(np.float32(lr)) - lr) / lr
