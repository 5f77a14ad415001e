"""The mutation suite: every planted fault of the catalogue (conformance.mutants), in a real backend (PyTorch manual,
JAX), loaded through the backend-module API, is caught, and first flagged at the right tensor and layer, in each
dtype where its effect is above the threshold. CI runs each mutant on its first case in a short run; the full
catalogue (every case it names, 100 iterations) runs with `pytest -m mutation_full`."""

from pathlib import Path

import pytest

import conformance
from conformance.cases import get_case
from conformance.matrix import RunConfig, failed, run_matrix
from conformance.mutants import CATALOGUE, MUTANTS
from conformance.mutation import Fault, factory
from conformance.plugins import load_backend_module

MODULE = Path(conformance.__file__).with_name("mutants.py")
# faults the harness does not catch yet, each with the reason (strict: a catch shows as an unexpected pass)
NOT_YET = {}


@pytest.fixture(scope="module")
def external():
    return load_backend_module(MODULE)  # the catalogue through the public backend-module API


def first_failure(mutant, case, dtype, external, iterations):
    config = RunConfig(models=(case,), backends=(mutant.backend,), dtypes=(dtype,), iterations=iterations,
                       record_every=10)  # fmt: skip
    records = run_matrix(config, factories={mutant.backend: external.factories[mutant.backend]})
    first = [r for r in records if r["first_failure"]]
    return records, first[0] if first else None


def assert_caught(mutant, case, dtype, external, iterations):
    records, first = first_failure(mutant, case, dtype, external, iterations)
    assert failed(records) and first is not None, f"{mutant.name} ({mutant.description}) not caught on {case} {dtype}"
    where = (first["phase"], first["quantity"], first["layer"])
    assert mutant.matches(first, get_case(case).model.L), (
        f"{mutant.name} first flagged at {where} ({first['key']}: {first['message']}), expected {mutant.expect}"
    )


CI = [(m.name, dtype) for m in CATALOGUE for dtype in m.dtypes]


@pytest.mark.parametrize(("name", "dtype"), CI, ids=[f"{n}-{d}" for n, d in CI])
def test_mutant_is_caught_at_the_right_tensor(name, dtype, external, request):
    if (name, dtype) in NOT_YET:
        request.applymarker(pytest.mark.xfail(reason=NOT_YET[(name, dtype)], strict=True))
    mutant = MUTANTS[name]
    assert_caught(mutant, mutant.cases[0], dtype, external, mutant.iterations)


FULL = [(m.name, case, dtype) for m in CATALOGUE for case in m.cases for dtype in m.dtypes]


@pytest.mark.mutation_full
@pytest.mark.parametrize(("name", "case", "dtype"), FULL, ids=[f"{n}-{c}-{d}" for n, c, d in FULL])
def test_full_catalogue(name, case, dtype, external):
    assert_caught(MUTANTS[name], case, dtype, external, 100)


@pytest.mark.parametrize("case", ["mixed", "relu-zero"])
def test_the_unmutated_backend_passes(case):
    """Fault() plants nothing: the control, held to the same harness, passes (so each catch is the fault's)."""
    config = RunConfig(models=(case,), backends=("control",), iterations=20, record_every=10)
    records = run_matrix(config, factories={"control": factory("control", Fault())})
    assert records and not failed(records), [r["message"] for r in records if r["status"] != "pass"][:3]


def test_the_catalogue_has_the_issues_23_faults_in_both_dtypes():
    assert len(CATALOGUE) >= 23
    assert sum(len(m.dtypes) for m in CATALOGUE) >= 40


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_dW_scaled_by_1_plus_100u_is_caught(dtype):
    """The README's threshold: a relative error of 100 u in dW is caught in both dtypes (issue 19's target), on the
    deep-leaky case (measured there from 54 u in float64, 64 u in float32; the README has every model's)."""
    u = {"float64": 2.0**-53, "float32": 2.0**-24}[dtype]
    config = RunConfig(models=("deep-leaky",), backends=("dW-100u",), dtypes=(dtype,), iterations=0)
    records = run_matrix(config, factories={"dW-100u": factory("dW-100u", Fault(dW_factor=1 + 100 * u))})
    first = [r for r in records if r["first_failure"]]
    assert first and first[0]["quantity"] == "dW", [r["message"] for r in records if r["key"].startswith("dW")]
