"""The conformance harness: every backend against the NumPy reference, tensor by tensor."""

import os

# OpenBLAS's (NumPy's) idle threads spin for a while after each product and take the CPUs from the next library's
# threads: on 2 cores torch's first-layer products (20 x 12288 x 209) took 5.9 ms right after NumPy's instead of
# 2.4 ms; with a short timeout, 1.9 ms. Only before NumPy is loaded does it count, so the command line (and the
# tests' conftest) sets it first; a user's own setting wins.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

from conformance.learner import check_module, check_path
from conformance.matrix import RunConfig, run_matrix
from conformance.registry import available_devices, get_backend, list_backends

__all__ = ["RunConfig", "available_devices", "check_module", "check_path", "get_backend", "list_backends", "run_matrix"]
