"""Where the tensors live and in what precision: devices, dtypes, the precision profiles, NumPy <-> torch.

This is the framework-specific plumbing of the adapter (see DESIGN.md); the equations never see it.

Precision profiles (torch 2.13):
- "strict": float32 matrix products in IEEE float32, never TF32 or bfloat16, and deterministic algorithms, set
  around each adapter call and restored afterwards. torch 2.13 has two APIs for the first part, the legacy
  `torch.backends.cuda.matmul.allow_tf32`, `torch.backends.cudnn.allow_tf32`, `torch.set_float32_matmul_precision`
  and the current `fp32_precision` settings (`torch.backends.cuda.matmul.fp32_precision = "ieee"` ...). Mixing them
  is an error in 2.13: once a new-API setting differs from what the legacy flags imply, reading a legacy flag
  (`allow_tf32`, `get_float32_matmul_precision()`) raises RuntimeError. So this module uses the current API only and
  restores every value it changed, which leaves the legacy flags readable for code that uses them.
  Which settings: `torch.backends.cuda.matmul` (cuBLAS, CUDA) and `torch.backends.mkldnn.matmul` (oneDNN, CPU:
  set to "bf16", e.g. by `set_float32_matmul_precision("medium")`, it makes CPU float32 matmuls run in bfloat16
  on CPUs with AVX512-BF16/AMX, which this project's CI machine has). The cuDNN settings (`allow_tf32` of old,
  `torch.backends.cudnn.conv/rnn.fp32_precision` now) govern convolutions and RNNs only; these networks have
  none, so they are left alone.
  Deterministic algorithms: `torch.use_deterministic_algorithms(True)`; on CUDA torch then requires cuBLAS's
  deterministic workspace setting, CUBLAS_WORKSPACE_CONFIG=:4096:8 (torch's reproducibility notes), which is set
  for the call where the environment has none.
- "default": nothing is set; whatever torch does out of the box (or what the caller configured) applies, so a
  report can show its effect.
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
def precision_profile(profile, device):
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


def matmul_precision(device, dtype, profile):
    """What float32 matmuls on `device` really compute in under `profile` now: "ieee", "tf32" or "bf16".

    float64 is always "ieee". Under "strict" float32 is "ieee" by construction. Under "default" it is read from
    torch's current settings: on CUDA, "tf32" where cuBLAS may use TF32 and the GPU has TF32 tensor cores
    (compute capability 8.0 or later); on the CPU, "bf16" where oneDNN is asked for bfloat16 and the CPU supports
    it (measured on an AVX512-BF16 CPU: errors of 1e-1 instead of 1e-5 on a 300-term product). oneDNN's CPU
    "tf32" setting made no difference on that CPU and is reported as "ieee"; a CPU where it does would need a
    measurement here.
    """
    if dtype != torch.float32 or profile == "strict":
        return "ieee"
    if device.type == "cuda":
        tf32 = torch.backends.cuda.matmul.fp32_precision == "tf32"
        return "tf32" if tf32 and torch.cuda.get_device_capability(device) >= (8, 0) else "ieee"
    bf16 = torch.backends.mkldnn.matmul.fp32_precision == "bf16"
    return "bf16" if bf16 and torch.ops.mkldnn._is_mkldnn_bf16_supported() else "ieee"


def synchronize(device):
    """Wait for the device's queued work (timing only; results never need it, a copy to the host waits anyway)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
