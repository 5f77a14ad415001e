"""Where the tensors live and in what precision: devices, dtypes, the precision profiles, NumPy <-> torch.

The framework-specific plumbing of the adapter; the equations never see it.

Precision profiles:
- "strict": float32 matrix products in IEEE float32 (never TF32 or bfloat16) on cuBLAS (CUDA) and oneDNN (CPU),
  and deterministic algorithms (with cuBLAS's deterministic workspace on CUDA), set around each adapter call and
  restored afterwards. Only torch's current `fp32_precision` settings are touched (mixing them with the legacy
  `allow_tf32` flags is an error in recent torch), and only the values that are not already IEEE. cuDNN's settings
  govern convolutions and RNNs, which these networks do not have. Whether float32 matmuls really run in reduced
  precision is measured by a probe product (matmul_precision), not assumed from a setting.
- "default": nothing is set; what torch does out of the box (or what the caller configured) applies, so a report
  can show its effect.
"""

import os
from contextlib import contextmanager

import torch

from reference_numpy.errors import DLRosettaError

TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64}


def available_devices():
    """["cpu"], plus "cuda" where torch sees a CUDA GPU."""
    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


def resolve_device(device, where):
    """ "cpu", "cuda" or "cuda:N" (or a torch.device) -> torch.device; anything that cannot run here is an error."""
    present = available_devices()
    if not isinstance(device, (str, torch.device)):
        raise DLRosettaError(f"{where}: device must be a string such as 'cpu' or 'cuda'; got {device!r}")
    try:
        dev = torch.device(device)
    except RuntimeError as exc:
        raise DLRosettaError(f"{where}: unknown device {device!r}; devices here: {present}") from exc
    if dev.type == "cpu" and dev.index in (None, 0):
        return torch.device("cpu")
    if dev.type != "cuda":
        raise DLRosettaError(f"{where}: device {device!r} is not supported; expected one of {present}")
    if not torch.cuda.is_available():
        raise DLRosettaError(
            f"{where}: device {device!r} asked for, but torch {torch.__version__} sees no CUDA GPU here "
            f"(built with CUDA {torch.version.cuda}); devices here: {present}"
        )
    if dev.index is not None and dev.index >= torch.cuda.device_count():
        raise DLRosettaError(
            f"{where}: device {device!r} asked for, but torch sees {torch.cuda.device_count()} CUDA GPU(s) "
            f"(cuda:0 to cuda:{torch.cuda.device_count() - 1})"
        )
    return dev


# ---- NumPy <-> torch, at the adapter's boundary only ------------------------------------------------------


def to_torch(array, dtype, device):
    """A NumPy array as a new tensor on `device` (always a copy: the caller's array is never written).

    The memory layout is kept (the course's X from flatten_images is column-major, and both layouts are fast
    for torch's matmul); an array that is neither row- nor column-contiguous is made row-contiguous here,
    once, instead of inside every matmul.
    """
    tensor = torch.tensor(array, dtype=dtype, device=device)
    if tensor.ndim == 2 and not (tensor.is_contiguous() or tensor.T.is_contiguous()):
        tensor = tensor.contiguous()
    return tensor


def to_numpy(tensor):
    """A tensor as a NumPy array of the same dtype (one device-to-host copy where it is on a GPU)."""
    return tensor.detach().cpu().numpy()


# ---- precision profiles --------------------------------------------------------------------------------------

# The float32 matmul settings the strict profile pins to "ieee" (torch 2.13's current API; see the docstring).
MATMUL_SETTINGS = (torch.backends.cuda.matmul, torch.backends.mkldnn.matmul)
IEEE_VALUES = ("ieee", "none")  # "none": not set anywhere up the tree, and for matmuls torch's default is IEEE
CUBLAS_DETERMINISTIC = ":4096:8"


@contextmanager
def precision_scope(profile, device):
    """Apply the profile around one adapter call on `device`; "default" changes nothing."""
    if profile != "strict":
        yield
        return
    # the getters return the effective value (a setting left "none" inherits its parent's): only what is not
    # already IEEE is changed, and it is given back the value read here
    saved = [(setting, setting.fp32_precision) for setting in MATMUL_SETTINGS]
    deterministic = (
        torch.are_deterministic_algorithms_enabled(),
        torch.is_deterministic_algorithms_warn_only_enabled(),
    )
    workspace = os.environ.get("CUBLAS_WORKSPACE_CONFIG")
    try:
        for setting, value in saved:
            if value not in IEEE_VALUES:
                setting.fp32_precision = "ieee"
        if workspace is None and device.type == "cuda":
            os.environ["CUBLAS_WORKSPACE_CONFIG"] = CUBLAS_DETERMINISTIC
        torch.use_deterministic_algorithms(True)
        yield
    finally:
        torch.use_deterministic_algorithms(deterministic[0], warn_only=deterministic[1])
        if workspace is None and device.type == "cuda":
            os.environ.pop("CUBLAS_WORKSPACE_CONFIG", None)
        for setting, value in reversed(saved):
            if value not in IEEE_VALUES:
                setting.fp32_precision = value


# The probe product: a row of k copies of x times a column of ones is k x exactly in IEEE float32 (k x needs 13
# significant bits). 1 + 2^-12 survives neither TF32 (10 mantissa bits) nor bfloat16 (7), 1 + 2^-9 survives TF32
# only, so the two sums tell the three apart. 64 x 256 x 64 is above oneDNN's minimum size for its own kernels.
PROBE_SHAPE = (64, 256, 64)
PROBE_VALUES = {"any": 1 + 2.0**-12, "tf32": 1 + 2.0**-9}
_PROBED = {}


def classify_probe(sums):
    """ "ieee", "tf32" or "bf16" from the probe's sums {"any": k x1, "tf32": k x2} (float, as the matmul gave)."""
    k = PROBE_SHAPE[1]
    if sums["any"] == k * PROBE_VALUES["any"]:
        return "ieee"
    return "tf32" if sums["tf32"] == k * PROBE_VALUES["tf32"] else "bf16"


def probe_matmul_precision(device):
    """What float32 matmuls on `device` compute in under the settings in force now: "ieee", "tf32" or "bf16".

    Measured with a probe product (PROBE_VALUES), not read from a flag: a CPU can report bfloat16 support and still
    compute a "bf16" matmul in IEEE float32 (measured: an AMD EPYC with AVX512-BF16, torch 2.13). Cached per device
    and per value of the settings.
    """
    key = (str(device), tuple(setting.fp32_precision for setting in MATMUL_SETTINGS))
    if key not in _PROBED:
        m, k, n = PROBE_SHAPE
        ones = torch.ones((k, n), dtype=torch.float32, device=device)
        sums = {}
        for name, x in PROBE_VALUES.items():
            A = torch.full((m, k), x, dtype=torch.float32, device=device)
            sums[name] = float(torch.matmul(A, ones).max())
        _PROBED[key] = classify_probe(sums)
    return _PROBED[key]


def matmul_precision(device, dtype, profile):
    """What float32 matmuls on `device` really compute in under `profile` now: "ieee", "tf32" or "bf16".

    float64 is always "ieee". float32 is measured under the profile's settings (probe_matmul_precision): under
    "strict" that is IEEE wherever the profile works; under "default" whatever torch's current settings give on
    this hardware (a CUDA GPU of compute capability 8.0+ with TF32 allowed, a CPU whose oneDNN uses bfloat16).
    """
    if dtype != torch.float32:
        return "ieee"
    with precision_scope(profile, device):
        return probe_matmul_precision(device)


def synchronize(device):
    """Wait for the device's queued work (timing only; results never need it, a copy to the host waits anyway)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
