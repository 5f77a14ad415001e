"""The conformance harness: every backend against the NumPy reference, tensor by tensor."""

from conformance.registry import available_devices, get_backend, list_backends

__all__ = ["available_devices", "get_backend", "list_backends"]
