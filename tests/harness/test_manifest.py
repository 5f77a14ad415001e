"""The facts kept once in conformance: the record schemas (conformance.records) and the backends (registry)."""

import importlib.util

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
