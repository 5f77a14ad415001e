"""Bring your own backend: backends from outside the project, checked like the project's own.

A backend module is a Python file (or an installed module) with

    BACKENDS = {"my-backend": make_backend}   # name -> factory(device=, dtype=, profile=) -> backend
    def available_devices(): ...              # optional: devices its backends run on here (default ["cpu"])

Each backend the factory returns follows the contract in DESIGN.md (name, framework, variant, device, dtype and
forward, cost, gradients, train, predict; NumPy in, NumPy out). `dlrosetta run --backend-module path.py` loads a
file; an installed package names its module (or its BACKENDS mapping) under the entry-point group
"dlrosetta.backends", and every run picks it up. Everything is validated at load, before any work: a missing
BACKENDS, a name that clashes with the project's backends, a factory that cannot build a float64 CPU backend or
builds one missing part of the contract is a DLRosettaError naming the module, the backend and what is missing.
"""

import importlib.util
import inspect
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from conformance.registry import SPECS_BY_NAME
from reference_numpy.errors import DLRosettaError

ENTRY_POINT_GROUP = "dlrosetta.backends"
ATTRIBUTES = ("name", "framework", "variant", "device", "dtype")
CALLS = ("forward", "cost", "gradients", "train", "predict")


@dataclass
class External:
    """The backends from outside the registry: factories by name, their devices and where each came from."""

    factories: dict = field(default_factory=dict)
    devices: dict = field(default_factory=dict)  # name -> list of devices
    sources: dict = field(default_factory=dict)  # name -> the module path or entry point

    def add(self, other):
        for name in other.factories:
            if name in self.factories:
                raise DLRosettaError(
                    f"backend {name!r} is defined twice: in {self.sources[name]} and in {other.sources[name]}"
                )
        self.factories.update(other.factories)
        self.devices.update(other.devices)
        self.sources.update(other.sources)
        return self


def check_backend(backend, name, dtype, where):
    """The contract's attributes and calls are there and say what was asked for."""
    missing = [a for a in ATTRIBUTES if not isinstance(getattr(backend, a, None), str)]
    missing += [c for c in CALLS if not callable(getattr(backend, c, None))]
    if missing:
        raise DLRosettaError(
            f"{where}: backend {name!r} ({type(backend).__name__}) lacks {', '.join(missing)} of the contract "
            f"(attributes {', '.join(ATTRIBUTES)} as strings; calls {', '.join(CALLS)}; see DESIGN.md)"
        )
    if backend.name != name:
        raise DLRosettaError(f"{where}: the factory for {name!r} built a backend named {backend.name!r}")
    if backend.dtype != dtype:
        raise DLRosettaError(f"{where}: backend {name!r} asked for dtype {dtype} says it is {backend.dtype}")
    return backend


def backends_of(module, where):
    """External from a module object (or a BACKENDS-like mapping), validated."""
    table = module if isinstance(module, dict) else getattr(module, "BACKENDS", None)
    if not isinstance(table, dict) or not table:
        raise DLRosettaError(f"{where}: expected a non-empty dict BACKENDS = {{name: factory}}; got {table!r:.80}")
    devices = ["cpu"]
    if callable(getattr(module, "available_devices", None)):
        devices = list(module.available_devices())
        if not devices or not all(isinstance(d, str) for d in devices):
            raise DLRosettaError(f"{where}: available_devices() must return a non-empty list of names; got {devices}")
    out = External()
    for name, factory in table.items():
        if not isinstance(name, str) or not name or name in SPECS_BY_NAME:
            raise DLRosettaError(
                f"{where}: backend name {name!r} must be a new non-empty string (not one of {list(SPECS_BY_NAME)})"
            )
        if not callable(factory):
            raise DLRosettaError(f"{where}: BACKENDS[{name!r}] must be a factory(device=, dtype=, profile=)")
        try:
            backend = factory(device=devices[0], dtype="float64", profile="strict")
        except Exception as exc:
            raise DLRosettaError(
                f"{where}: BACKENDS[{name!r}](device={devices[0]!r}, dtype='float64', profile='strict') raised "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        check_backend(backend, name, "float64", where)
        out.factories[name] = checked_factory(factory, name, where, devices)
        out.devices[name], out.sources[name] = devices, where
    return out


def checked_factory(factory, name, where, devices=("cpu",)):
    """The factory, with what it builds checked against the contract; .devices: where it runs (the run's cells)."""

    def make(device="cpu", dtype="float64", profile="strict"):
        return check_backend(factory(device=device, dtype=dtype, profile=profile), name, dtype, where)

    make.__name__, make.devices = f"make_{name}", list(devices)
    return make


def load_backend_module(path):
    """External from a Python file: its BACKENDS (and available_devices), validated."""
    path = Path(path)
    if path.suffix != ".py" or not path.is_file():
        raise DLRosettaError(f"--backend-module: expected a Python file (.py); got {str(path)!r}")
    name = f"dlrosetta_backend_module_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up by name
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise DLRosettaError(f"--backend-module {path}: importing it raised {type(exc).__name__}: {exc}") from exc
    return backends_of(module, str(path))


def entry_point_backends(group=ENTRY_POINT_GROUP):
    """External from the installed packages' entry points in `group` (each a module or a BACKENDS mapping)."""
    out = External()
    for ep in entry_points(group=group):
        where = f"entry point {ep.name} = {ep.value} ({group})"
        try:
            target = ep.load()
        except Exception as exc:
            raise DLRosettaError(f"{where}: loading it raised {type(exc).__name__}: {exc}") from exc
        if not (inspect.ismodule(target) or isinstance(target, dict)):
            raise DLRosettaError(f"{where}: expected a module or a BACKENDS dict; got {type(target).__name__}")
        out.add(backends_of(target, where))
    return out


def external_backends(paths=(), use_entry_points=True):
    """Every external backend: the installed entry points' (unless use_entry_points is False), then the files'."""
    out = entry_point_backends() if use_entry_points else External()
    for path in paths:
        out.add(load_backend_module(path))
    return out
