"""What JAX needs set around a computation: x64 for float64, matmul precision, the device.

Nothing here changes JAX's global configuration. Each setting is a context manager scoped to one adapter call
and restored on exit, so importing impl_jax (or running a float64 backend) leaves a user's float32 work alone:

- float64 needs x64. JAX truncates float64 arrays to float32 unless `jax_enable_x64` is on, so a float64 call
  runs inside `jax.enable_x64(True)` (jax >= 0.8's context manager; jax.experimental.enable_x64 is gone).
- The "strict" profile runs inside `jax.default_matmul_precision("highest")`: float32 dots in full float32
  (on a GPU JAX's default is TF32, 10 mantissa bits). "default" leaves JAX's (or the user's) setting alone.
- Devices are named as the harness names them: "cpu" and "cuda" ("gpu" is accepted for "cuda").
"""

import contextlib

import jax

from reference_numpy.errors import DLRosettaError

DEVICE_ALIASES = {"cpu": "cpu", "cuda": "cuda", "gpu": "cuda"}


def _jax_devices(platform):
    """JAX's devices of a platform ("cpu", "cuda"), or [] where JAX has no such backend here."""
    try:
        return jax.devices(platform)
    except RuntimeError:  # "Unknown backend cuda": no GPU build, or no GPU visible
        return []


def available_devices():
    """["cpu"], plus "cuda" where JAX sees an NVIDIA GPU."""
    return ["cpu"] + (["cuda"] if _jax_devices("cuda") else [])


def resolve_device(device, where):
    """The jax.Device for "cpu" / "cuda" / "gpu" (the first one of its kind), or a DLRosettaError naming what exists."""
    name = DEVICE_ALIASES.get(device) if isinstance(device, str) else None
    found = _jax_devices(name) if name is not None else []
    if not found:
        present = [str(d) for d in jax.devices()]
        raise DLRosettaError(
            f"{where}: device {device!r} is not available to JAX here; available devices: {available_devices()} "
            f"(JAX sees {present}; 'cuda' needs a GPU and a CUDA build of jaxlib)"
        )
    return found[0]


def x64_scope(dtype):
    """Inside: float64 arrays stay float64 (for dtype "float64"); outside, the caller's setting is back.

    float32 work runs under whatever the caller has set: float32 inputs stay float32 either way.
    """
    return jax.enable_x64(True) if dtype == "float64" else contextlib.nullcontext()


def precision_scope(profile, device):
    """Inside: "highest" matmul precision for the strict profile; JAX's (or the caller's) default otherwise.
    `device` is unused (JAX's setting is not per device); the same signature as impl_torch.runtime's."""
    return jax.default_matmul_precision("highest") if profile == "strict" else contextlib.nullcontext()


def matmul_precision(device, dtype, profile):
    """ "tf32" where float32 matmuls of this backend really round their inputs to TF32, "ieee" otherwise.

    JAX's default precision for float32 dots on an NVIDIA GPU of compute capability >= 8.0 (Ampere and later)
    is TF32; on the CPU, in float64, under the strict profile or a user's own "highest"/"float32" setting it is
    full IEEE precision.
    """
    if dtype != "float32" or profile == "strict" or device.platform not in ("gpu", "cuda"):
        return "ieee"
    if jax.config.jax_default_matmul_precision in ("highest", "float32", "HIGHEST", "FLOAT32"):
        return "ieee"
    capability = getattr(device, "compute_capability", None)
    try:
        major = int(str(capability).split(".")[0])
    except ValueError:
        return "tf32"  # an unknown GPU: assume JAX's default, TF32, rather than promise IEEE
    return "tf32" if major >= 8 else "ieee"
