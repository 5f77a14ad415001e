"""Known divergences: data with a reason each (known_divergences.toml), applied as expected failures, per record.

An entry matches records by backend (a glob, or a list of globs), dtype, device, profile, model, phase, quantity
(e.g. "cost", "W1") and the iteration from which it applies (from_iteration: a training record of an earlier
iteration is held to its tolerance; min_iterations, the run's length, is still understood). Where a matched record
fails, it becomes "xfail" with the entry's reason. Strictness is per backend: a strict entry none of whose matched
records fail for one backend (cell: backend, device, dtype, profile) turns that backend's records into "xpass",
which fails the run (the divergence is gone for that backend: narrow the entry). A record bit-identical to the
reference (an error of exactly 0) is never matched: an entry cannot apply to a backend that rounds like the
reference there. An entry may be strict = false only with a reason why the outcome can go either way.
"""

import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from reference_numpy.errors import DLRosettaError

KNOWN_DIVERGENCES = Path(__file__).with_name("known_divergences.toml")
_FIELDS = {"id", "backends", "dtypes", "devices", "profiles", "models", "phases", "quantities", "from_iteration",
           "min_iterations", "strict", "reason", "why_not_strict"}  # fmt: skip


@dataclass(frozen=True)
class Divergence:
    id: str
    reason: str
    backends: str | tuple = "*"  # a glob, or several
    dtypes: tuple = field(default=())  # empty: any
    devices: tuple = ()
    profiles: tuple = ()
    models: tuple = ()
    phases: tuple = ()
    quantities: tuple = ()
    from_iteration: int = 0  # training records from this iteration on (earlier ones keep their tolerance)
    min_iterations: int = 0  # only training runs at least this long (for trajectory and parameters records)
    strict: bool = True
    why_not_strict: str = ""

    def matches(self, r):
        def among(values, value):
            return not values or value in values

        globs = (self.backends,) if isinstance(self.backends, str) else self.backends
        # a record's own iteration; a whole run's context (pytest's marks) has none: the run's length stands for it
        iteration = r["iteration"] if "iteration" in r else r.get("run_iterations")
        return (
            any(fnmatch(r["backend"], glob) for glob in globs)
            and among(self.quantities, r.get("quantity"))
            and (self.from_iteration == 0 or (iteration is not None and iteration >= self.from_iteration))
            and r.get("max_abs_error") != 0
            and among(self.dtypes, r["dtype"])
            and among(self.devices, r["device"])
            and among(self.profiles, r["profile"])
            and among(self.models, r["model"])
            and among(self.phases, r["phase"])
            and (self.min_iterations == 0 or (r.get("run_iterations") or 0) >= self.min_iterations)
        )


def load_divergences(path=KNOWN_DIVERGENCES):
    """The entries of a known-divergences file, each checked for its fields and a reason."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    entries = []
    for i, raw in enumerate(data.get("divergence", [])):
        unknown = set(raw) - _FIELDS
        if unknown or not raw.get("id") or not raw.get("reason"):
            raise DLRosettaError(
                f"{path}: divergence #{i + 1} needs 'id' and 'reason' and only the fields {sorted(_FIELDS)}"
                + (f"; unknown {sorted(unknown)}" if unknown else "")
            )
        if raw.get("strict", True) is False and not raw.get("why_not_strict"):
            raise DLRosettaError(f"{path}: divergence {raw['id']!r} is not strict; say why in 'why_not_strict'")
        entries.append(Divergence(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}))
    return entries


def divergence_for(context, entries=None):
    """The first known divergence matching one check's context (a dict with the record fields it matches on:
    backend, dtype, device, profile, model, phase, run_iterations), or None. For pytest's xfail marks."""
    entries = load_divergences() if entries is None else entries
    return next((entry for entry in entries if entry.matches(context)), None)


def apply_known_divergences(records, entries=None):
    """Mark failing records that a known divergence explains as "xfail"; a strict entry that no longer happens for
    a backend turns that backend's matched records into "xpass"."""
    entries = load_divergences() if entries is None else entries
    for entry in entries:
        by_backend = {}
        for r in records:
            if entry.matches(r) and r["status"] in ("pass", "fail"):
                cell = (r["backend"], r["device"], r["dtype"], r["profile"])
                by_backend.setdefault(cell, []).append(r)
        for (backend, *_), matched in by_backend.items():
            failing = [r for r in matched if r["status"] == "fail"]
            for r in failing:
                r["status"], r["known_divergence"] = "xfail", f"{entry.id}: {entry.reason}"
            if not failing and entry.strict:
                for r in matched:
                    r["status"] = "xpass"
                    r["known_divergence"] = entry.id
                    r["message"] = (f"known divergence {entry.id!r} did not occur for {backend}: remove it or narrow "
                                    "its backends in known_divergences.toml")  # fmt: skip
    return records
