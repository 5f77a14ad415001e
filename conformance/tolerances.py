"""Every tolerance of dl-rosetta, keyed by precision mode and kind of quantity, each with its reason.

Precision modes: "float64", "float32" (IEEE float32 matmuls), "tf32" (float32 storage, matmul inputs rounded
to 10 mantissa bits: what a GPU does by default in JAX, and in PyTorch when TF32 is allowed), "bf16" (float32
storage, matmul inputs rounded to 7 mantissa bits: oneDNN on a CPU with bfloat16 units when torch is asked for
"medium" float32 matmul precision).
Unit roundoff u: float64 2^-53 = 1.1e-16, float32 2^-24 = 6.0e-8, tf32 2^-11 = 4.9e-4, bf16 2^-8 = 3.9e-3
(the last two for matmul inputs only).

A comparison passes where |actual - desired| <= atol * max|desired| + rtol * |desired| elementwise (see
compare.py: atol is in units of the reference tensor's scale). The desired values are always the float64
NumPy reference, so a float32 tolerance measures the whole float32 error, not a difference between frameworks.

How the sizes were chosen (measured on this project's cases; see `dlrosetta run` reports for today's numbers):
- One matrix product of contraction length n has error about sqrt(n) u relative to the size of its terms
  (n u in the worst case). Our longest contraction is n = 12288 (W[1] X), so ~110 u typically; four layers
  and a different summation order (BLAS blocking, framework kernels) add a few times that.
  Measured float32 against float64: forward at most 27 u of the tensor's scale.
- Backward sums over the m examples and can cancel: db2 of the planar model is the mean of 400 terms near 0.5
  that cancel to ~1e-5, so its error follows the terms, not the result. db[l]'s atol is therefore in units
  of max |dZ[l]| (atol_scale). Measured float32 against float64, in those units: at most 11 u (dW1 of the
  deep model); in units of max |db2| the same error was 5900 u.
- Training repeats the step thousands of times and the course's learning rates run the deep model at the edge
  of stability (its cost oscillates). Measured in float64: a 1e-13 relative change of the initial weights
  moves the 2500-iteration cost curve by 1.6e-13 (the linear regime), a 1e-7 change moves it by 7 %. So
  float64 trajectories agree tightly, while a float32 trajectory of the deep model agrees with float64 to
  ~1e-7 for the first few hundred iterations and then drifts by up to 41 % (measured on the synthetic set).
"""

from dataclasses import dataclass

import numpy as np

from reference_numpy.errors import DLRosettaError

UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24, "tf32": 2.0**-11, "bf16": 2.0**-8}


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float  # in units of max |desired| of the tensor compared
    reason: str


def _u(mode, multiple):
    return multiple * UNIT_ROUNDOFF[mode]


_ROUNDING = "rounding of products with contraction length up to 12288 through up to 4 layers (measured <= 27 u)"
_CANCELLING = (
    "one more product per layer and sums over m examples that cancel, db[l] measured in units of max |dZ[l]| "
    "(measured float32 against float64: <= 11 u)"
)
_TRAJ64 = (
    "2500 iterations of per-step rounding ~1e3 u, amplified where the deep model's cost oscillates; "
    "linear regime (a 1e-13 change of the initial weights moves the costs by 1.6e-13)"
)
_TRAJ32 = (
    "float32 trajectories agree with float64 to ~1e-7 relative for the first few hundred iterations, then "
    "the deep model's oscillating cost amplifies rounding (drift up to 41 % by 2500 iterations: see "
    "known_divergences.toml); runs longer than that are compared, reported and expected to leave this"
)
_TF32 = (
    "matmul inputs rounded to 10 mantissa bits (u = 4.9e-4): ~sqrt(n) u relative to the terms for "
    "contraction length n; not measured here (no GPU on this project's CI)"
)

_BF16 = (
    "matmul inputs rounded to 7 mantissa bits (u = 3.9e-3), oneDNN on this project's CPU (AVX512-BF16) with "
    "torch.backends.mkldnn.matmul.fp32_precision = 'bf16'; measured on the deep model: forward 0.4 % of the "
    "tensors' scale, cost 4e-4, final parameters after 30 iterations 11 % (small models' products stay float32)"
)
_BF16_BACKWARD = (
    _BF16 + "; backward: dZ2 of the deep model off by 45 % of its scale elementwise (6.5 % norm-wise), bfloat16 "
    "inputs lose the gradients' small components: elementwise agreement means little beyond this bound"
)

TOLERANCES = {
    # (mode, kind): Tolerance
    ("float64", "forward"): Tolerance(_u("float64", 2**10), _u("float64", 2**10), _ROUNDING),
    ("float64", "backward"): Tolerance(_u("float64", 2**10), _u("float64", 2**10), _CANCELLING),
    ("float64", "cost"): Tolerance(_u("float64", 2**10), 0.0, "a mean of m log terms of the forward output"),
    ("float64", "trajectory"): Tolerance(1e-9, 0.0, _TRAJ64),
    ("float64", "parameters"): Tolerance(1e-9, 1e-10, _TRAJ64),
    ("float32", "forward"): Tolerance(_u("float32", 2**10), _u("float32", 2**10), _ROUNDING),
    ("float32", "backward"): Tolerance(_u("float32", 2**10), _u("float32", 2**10), _CANCELLING),
    ("float32", "cost"): Tolerance(_u("float32", 2**10), 0.0, "a mean of m log terms of the forward output"),
    ("float32", "trajectory"): Tolerance(1e-4, 0.0, _TRAJ32),
    ("float32", "parameters"): Tolerance(1e-3, 1e-4, _TRAJ32),
    ("tf32", "forward"): Tolerance(1e-2, 1e-2, _TF32),
    ("tf32", "backward"): Tolerance(3e-2, 3e-2, _TF32 + "; " + _CANCELLING),
    ("tf32", "cost"): Tolerance(1e-2, 0.0, _TF32),
    ("tf32", "trajectory"): Tolerance(5e-2, 0.0, _TF32 + "; " + _TRAJ32),
    ("tf32", "parameters"): Tolerance(5e-2, 1e-2, _TF32 + "; " + _TRAJ32),
    ("bf16", "forward"): Tolerance(5e-2, 5e-2, _BF16),
    ("bf16", "backward"): Tolerance(1.0, 1.0, _BF16_BACKWARD),
    ("bf16", "cost"): Tolerance(1e-1, 0.0, _BF16),
    ("bf16", "trajectory"): Tolerance(2e-1, 0.0, _BF16),
    ("bf16", "parameters"): Tolerance(3e-1, 1e-1, _BF16),
}

KINDS = ("forward", "backward", "cost", "trajectory", "parameters")


def precision_mode(dtype, matmul_precision="ieee"):
    """The mode for a backend: its dtype and what its matmuls really compute in ("ieee", "tf32" or "bf16")."""
    if dtype == "float64":
        return "float64"
    if dtype == "float32":
        if matmul_precision not in ("ieee", "tf32", "bf16"):
            raise DLRosettaError(f"precision_mode: matmul precision {matmul_precision!r} has no tolerances")
        return "float32" if matmul_precision == "ieee" else matmul_precision
    raise DLRosettaError(f"precision_mode: dtype must be 'float32' or 'float64'; got {dtype!r}")


def tolerance(kind, dtype, matmul_precision="ieee"):
    """The tolerance for a kind of quantity ("forward", "backward", "cost", "trajectory", "parameters")."""
    if kind not in KINDS:
        raise DLRosettaError(f"tolerance: kind must be one of {KINDS}; got {kind!r}")
    return TOLERANCES[(precision_mode(dtype, matmul_precision), kind)]


def atol_scale(key, desired):
    """The unit of a tensor's atol: None (its own max |desired|), except for db[l], max |dZ[l]|.

    db[l] is the mean of dZ[l]'s m terms and can cancel far below them (db2 of the planar model is 1e-5, from
    terms near 0.5): its rounding error follows the size of the terms, not of the result.
    desired : the reference's gradients {"dZl", "dbl", ...}.
    """
    if key.startswith("db"):
        return float(np.max(np.abs(desired["dZ" + key[2:]])))
    return None


def kind_of(key):
    """The kind of a tensor key: "Z2"/"A2" forward, "dW1"/"db1"/"dZ3"/"dA0" backward."""
    return "backward" if key.startswith("d") else "forward"
