"""Every tolerance of dl-rosetta, keyed by precision mode and kind of quantity, each with its reason.

float64 and float32 (IEEE) forward tensors, costs and gradients are held to per-element bounds from an error model
(C_PRODUCT, C_ELEMENTWISE, DB_SIGN_FRACTION below; conformance.error_model propagates them), training records to
the measured growth of a perturbation (SAFETY, FLOOR, trajectory_allowance). The fixed table
TOLERANCES is what tf32 and bf16 use, and the fallback where a measurement is missing (a diverging float32 run).

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

# ---- forward, cost, gradients: per-element bounds from an error model (conformance.error_model) ---------------
# float64 and float32 (IEEE matmuls) are held to per-element bounds propagated through the layers; tf32 and bf16,
# whose matmul inputs are rounded below the storage precision, keep the fixed TOLERANCES above.
ERROR_MODEL_MODES = ("float64", "float32")
# c of a product of contraction length n: C_PRODUCT (sqrt(n) + 2) u (|P||Q|)_ij. Higham and Mary's probabilistic
# bound has c of order 1; a different summation order in the other backend (BLAS blocking, pairwise sums, fused
# multiply-adds) and both sides' rounding (a float64 backend against the float64 reference) double it.
C_PRODUCT = 3.0  # measured: 2 let float64 torch-manual use 92 % on the planar model's Z1 (n = 2); 3 and + 2: ~45 %
# c of an element-wise function (sigmoid, tanh, log, exp, the products of the chain rule): C_ELEMENTWISE u |result|;
# libm and the frameworks' vectorised kernels are within a few ulps of each other (sigmoid as 1/(1+e^-z) or
# (1+tanh(z/2))/2 differ by up to ~4 u).
C_ELEMENTWISE = 4.0
# c of the cost's mean of m positive log terms (no cancellation): (C_ELEMENTWISE + C_COST_SUM (sqrt(m) + 2)) u J.
# A recursive sum's error has a standard deviation of about sqrt(m)/3 u J, so 1 is about 3 of them; pairwise and
# SIMD sums do better. Measured over the default `dlrosetta run` (2 cores of an AMD EPYC): at most 2.9 u J (the
# relu-zero case in float64, whose forward pass is exact: the logs and the mean alone), 21 % of this bound; with
# C_PRODUCT's 3 in its place the worst cost record used 9.6 %.
C_COST_SUM = 1.0
# db[l] = 1/m sum_i dZ[l](i) can cancel far below its terms; its bound follows the terms (sqrt(m) u max|dZ|) but
# never above this fraction of |db| itself: an allowance that large would let a db of the wrong sign pass.
DB_SIGN_FRACTION = 0.5
_MODEL = "error model: C_PRODUCT {p:g} (sqrt(n) + 2) u |P||Q| per product, C_ELEMENTWISE {e:g} u per element-wise op"
ERROR_MODEL_REASON = _MODEL.format(p=C_PRODUCT, e=C_ELEMENTWISE)


# A float32 result closer to the float64 reference than float32 arithmetic allows is a silent upcast (a float32
# backend computing in float64 and rounding its results). On a case where the NumPy reference run in float32 (the
# same order of operations) is at least UPCAST_MIN_ERROR u from float64 norm-wise over the forward tensors (long
# contractions: the cat-sized models' W[1] X sums 12288 terms), a genuine float32 backend lands at a comparable
# distance (its own summation order, the same u); one UPCAST_RATIO times closer computed in more than float32.
# Measured on the deep model's forward pass (float32 against float64, norm-wise): the float32 reference 4.7 u,
# torch-manual 4.6 u, jax-manual 7.4 u, torch-manual computing in float64 and rounding 0.73 u (two-layer-relu:
# 4.9, 10.7, 7.8 and 0.76 u); on the small cases every one is near 1 u: not decidable there.
UPCAST_MIN_ERROR = 3.0
UPCAST_RATIO = 2.5


def uses_error_model(dtype, matmul_precision="ieee"):
    return precision_mode(dtype, matmul_precision) in ERROR_MODEL_MODES


def db_allowance(bound, db, u):
    """The error model's bound for db, capped at DB_SIGN_FRACTION |db| (no sign flip passes), but never below
    C_ELEMENTWISE ulps of db itself."""
    return np.maximum(np.minimum(bound, DB_SIGN_FRACTION * np.abs(db)), C_ELEMENTWISE * u * np.abs(db))


def unit_roundoff(dtype, matmul_precision="ieee"):
    return UNIT_ROUNDOFF[precision_mode(dtype, matmul_precision)]


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


# ---- training: bounded by the measured growth of a perturbation ----------------------------------------------
# The reference is run twice, in float64 and in float32 (conformance.trajectory.perturbed_trajectory): the float32
# run is the float64 run with every number perturbed by one float32 ulp, and their distance at each record point
# (the largest so far: the growth of that perturbation through this run, its own Lyapunov growth, not a guess)
# is what float32 arithmetic does to this trajectory. A float32 backend may differ from the float64 reference by
# SAFETY[kind] times that; a float64 backend by the same times u64/u32 (the perturbation scaled to float64's ulp:
# training is linear in a perturbation that small). FLOOR[kind] ulps of the quantity's size (the cost; for
# parameters, |W_N| itself, whose rounding no displacement escapes) keep a trajectory that is insensitive (a
# distance of exactly 0, or a one-element b that float32 happens to get right) from a too small allowance.
# Measured over the default `dlrosetta run` (100 iterations, the binary models; 2 cores of an AMD EPYC): where the
# measured distance dominates the allowance, a backend's error is at most 0.85x it (costs) and 1.14x (parameters);
# the cost records' errors reach 10.8 u of the cost, the parameters' 76 u of max |W_N| (float64 torch-nn on the
# planar model, whose nn.Linear sums in another order).
# Costs: 4 and 16 put the worst record at 25 % of its allowance (float64 torch-nn on deep, cost@0, 3 ulps of the
# cost; float32: 24 %, jax on logistic, cost@30); 8 and 64 left it at 7.5 %: a cost 13x the largest error seen
# passed. A learning rate x (1 + 32 u) is now caught on the planar model by its costs, in both dtypes (was 64 u).
# Over 2000 iterations (the small models, record every 100) the worst cost record uses 45 % (deep-leaky, float32),
# except relu-zero's in float32 torch, off from iteration 1400 (37x; 17x with 8 and 64: not the constants).
TRAJECTORY_SAFETY = 4.0
TRAJECTORY_FLOOR = 16.0
# Parameters: 8 and 64 already put float64 torch-nn's b1 on the planar model at 59 % (float32: 18 %); not tighter.
PARAMETERS_SAFETY = 8.0
PARAMETERS_FLOOR = 64.0
SAFETY = {"trajectory": TRAJECTORY_SAFETY, "parameters": PARAMETERS_SAFETY}
FLOOR = {"trajectory": TRAJECTORY_FLOOR, "parameters": PARAMETERS_FLOOR}
_MEASURED = (
    "{c:g} x the measured distance of the float32 reference run from the float64 one (one float32 ulp of "
    "perturbation, grown through this run){scaled}, + {f:g} u of the quantity's size"
)


def trajectory_allowance(kind, dtype, matmul_precision, measured, size):
    """(Tolerance with atol 1, scale): the absolute allowance of one record point's cost (kind "trajectory") or one
    parameter's displacement W_N - W_0 ("parameters"). measured: the float32 reference's distance there (None
    where it diverged: the fixed TOLERANCES apply); size: |cost| or max |W_N| of the reference."""
    mode = precision_mode(dtype, matmul_precision)
    if measured is None or mode not in ("float64", "float32"):
        return TOLERANCES[(mode, kind)], None
    u = UNIT_ROUNDOFF[mode]
    scaled = 1.0 if mode == "float32" else UNIT_ROUNDOFF["float64"] / UNIT_ROUNDOFF["float32"]
    allowed = SAFETY[kind] * scaled * float(measured) + FLOOR[kind] * u * float(size)
    reason = _MEASURED.format(c=SAFETY[kind], f=FLOOR[kind], scaled=" x u64/u32" if scaled != 1 else "")
    return Tolerance(0.0, 1.0, reason), allowed if allowed > 0 else np.finfo(np.float64).tiny
