"""The facts kept once in conformance: the record schemas (conformance.records) and the backends (registry)."""

import importlib.util
import os
import subprocess
import sys

from conformance.records import (
    BENCH_CATEGORICAL,
    BENCH_FIELDS,
    BENCH_LATER_FIELDS,
    BENCH_TEXT,
    FAILING,
    LEARNER_FIELDS,
    LEARNER_FRAME_FIELDS,
    RECORD_BOOLEAN,
    RECORD_CATEGORICAL,
    RECORD_FIELDS,
    RECORD_FLOAT,
    RECORD_INTEGER,
    RECORD_STRING,
    STATUSES,
)
from conformance.registry import ACTIVATION_MODULES, FRAMEWORKS, SPECS, TAGGED_SPECS, bench_module


def test_every_record_field_has_exactly_one_type():
    typed = [*RECORD_CATEGORICAL, *RECORD_INTEGER, *RECORD_FLOAT, *RECORD_BOOLEAN, *RECORD_STRING, "status"]
    assert sorted(typed) == sorted(RECORD_FIELDS)


def test_failing_statuses_are_statuses_in_their_order():
    assert [s for s in STATUSES if s in FAILING] == list(FAILING)
    assert "pass" not in FAILING and "xfail" not in FAILING and "diverged" in FAILING


def test_learner_and_bench_schemas_are_consistent():
    assert set(LEARNER_FRAME_FIELDS) <= set(LEARNER_FIELDS)
    assert set(BENCH_CATEGORICAL) | set(BENCH_TEXT) | set(BENCH_LATER_FIELDS) <= set(BENCH_FIELDS)
    assert len(set(BENCH_FIELDS)) == len(BENCH_FIELDS) and len(set(RECORD_FIELDS)) == len(RECORD_FIELDS)


def test_every_module_the_manifest_names_exists():
    named = {spec.module for spec in SPECS} | {bench_module(f) for f in FRAMEWORKS}
    named |= {m for spec in SPECS for m in (*spec.modules, *spec.shares)} | {m for _, m in ACTIVATION_MODULES}
    assert [m for m in sorted(named) if importlib.util.find_spec(m) is None] == []


def test_specs_name_known_frameworks_once():
    assert {spec.framework for spec in SPECS} == set(FRAMEWORKS)
    assert len({spec.name for spec in SPECS}) == len(SPECS)
    assert all(spec.manual for spec in TAGGED_SPECS if spec.variant in ("reference", "manual"))


def test_activation_modules_are_labelled_with_the_variants_reading_them():
    assert ACTIVATION_MODULES == (
        ("NumPy reference", "reference_numpy.activations"),
        ("PyTorch manual, autograd", "impl_torch.activations"),
        ("JAX manual, autodiff", "impl_jax.activations"),
    )


def test_importing_conformance_sets_no_environment_variable_and_the_command_line_does():
    """The OpenBLAS thread timeout is the command line's setting (dlrosetta/__init__.py), not a library import's."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"}
    code = "import os, {}; print(os.environ.get('OPENBLAS_THREAD_TIMEOUT'))"
    lines = [
        subprocess.run(
            [sys.executable, "-c", code.format(m)], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for m in ("conformance, reports, rosetta", "dlrosetta")
    ]
    assert lines == ["None", "4"]
