"""Shared fixtures: where the course's real data is, and reference results computed once per session."""

import os
from functools import cache
from pathlib import Path

import pytest

from conformance.cases import get_case
from reference_numpy.adapter import NumpyBackend

REPO = Path(__file__).resolve().parents[1]
# The course's real cat/non-cat files: never committed, read from beside the checkout (or DLROSETTA_CATVNONCAT).
CATVNONCAT = Path(os.environ.get("DLROSETTA_CATVNONCAT", REPO.parent / "shared" / "data" / "catvnoncat"))
HAVE_CATVNONCAT = (CATVNONCAT / "train_catvnoncat.h5").is_file() and (CATVNONCAT / "test_catvnoncat.h5").is_file()
needs_catvnoncat = pytest.mark.skipif(
    not HAVE_CATVNONCAT,
    reason=f"the course's cat/non-cat HDF5 files are not at {CATVNONCAT} (set DLROSETTA_CATVNONCAT to their folder)",
)


@cache
def reference_results(case_name):
    """The float64 reference's forward, cost, gradients and predictions for a case, computed once."""
    case = get_case(case_name)
    ref = NumpyBackend()
    return {
        "forward": ref.forward(case.params, case.X, case.model),
        "cost": ref.cost(case.params, case.X, case.Y, case.model),
        "gradients": ref.gradients(case.params, case.X, case.Y, case.model),
        "predict": ref.predict(case.params, case.X, case.model),
    }


@pytest.fixture(scope="session")
def catvnoncat_dir():
    if not HAVE_CATVNONCAT:
        pytest.skip(f"the course's cat/non-cat HDF5 files are not at {CATVNONCAT}")
    return CATVNONCAT
