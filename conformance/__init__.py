"""The conformance harness: every backend against the NumPy reference, tensor by tensor."""

from conformance.learner import check_module, check_path
from conformance.matrix import RunConfig, run_matrix
from conformance.registry import available_devices, get_backend, list_backends

__all__ = ["RunConfig", "available_devices", "check_module", "check_path", "get_backend", "list_backends", "run_matrix"]
