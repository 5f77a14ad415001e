"""The environment a run happened in, so two reports from two machines can be compared."""

import os
import platform
import sys
from datetime import UTC, datetime

import numpy as np

MALLOC_VARIABLES = ("MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def _torch_info():
    try:
        import torch
    except ImportError:
        return {"torch": None}
    # torch 2.13's current precision API (fp32_precision: "ieee", "tf32", "bf16" or "none" = inherit); reading the
    # legacy flags (allow_tf32, get_float32_matmul_precision) raises once the two APIs disagree (impl_torch.runtime)
    info = {
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_cuda_available": torch.cuda.is_available(),
        "torch_fp32_precision": torch.backends.fp32_precision,
        "torch_cuda_matmul_fp32_precision": torch.backends.cuda.matmul.fp32_precision,
        "torch_mkldnn_matmul_fp32_precision": torch.backends.mkldnn.matmul.fp32_precision,
        "torch_cudnn_conv_fp32_precision": torch.backends.cudnn.conv.fp32_precision,
    }
    if torch.cuda.is_available():
        info["torch_cuda"] = torch.version.cuda
        info["torch_cuda_devices"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return info


def _jax_info():
    try:
        import jax
    except ImportError:
        return {"jax": None}
    return {
        "jax": jax.__version__,
        "jax_backend": jax.default_backend(),
        "jax_devices": [f"{d.platform}:{getattr(d, 'device_kind', '')}" for d in jax.devices()],
        "jax_enable_x64": bool(jax.config.jax_enable_x64),
        "jax_default_matmul_precision": str(jax.config.jax_default_matmul_precision),
    }


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fingerprint():
    """A flat dict of versions, devices, precision flags and thread counts (JSON-serialisable)."""
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    info = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu": _cpu_name(),
        "cpu_count": os.cpu_count(),
        "numpy": np.__version__,
        "numpy_blas": f"{blas.get('name', '?')} {blas.get('version', '')}".strip(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "openblas_thread_timeout": os.environ.get("OPENBLAS_THREAD_TIMEOUT"),
        # glibc's allocator settings change the time of every step with arrays over 32 MB (see README, bench)
        "malloc_settings": " ".join(f"{k}={os.environ[k]}" for k in MALLOC_VARIABLES if k in os.environ) or None,
    }
    info.update(_torch_info())
    info.update(_jax_info())
    return info
