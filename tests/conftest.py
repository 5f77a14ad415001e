"""Shared fixtures: where the course's real data is."""

import os
from pathlib import Path

import pytest

import dlrosetta  # noqa: F401  (first: it sets OpenBLAS's thread timeout before NumPy loads)
from reference_numpy.datasets import DATA_ENV, DEFAULT_DATA_DIR, has_catvnoncat

REPO = Path(__file__).resolve().parents[1]
# The course's real cat/non-cat files, never committed: where the README says (the folder $DLROSETTA_DATA names,
# else ./datasets, as the library looks), else beside the checkout in ../shared/data/catvnoncat.
_WHERE = [Path(os.environ[DATA_ENV])] if os.environ.get(DATA_ENV) else [REPO / DEFAULT_DATA_DIR]
_WHERE.append(REPO.parent / "shared" / "data" / "catvnoncat")
CATVNONCAT = next((folder for folder in _WHERE if has_catvnoncat(folder)), _WHERE[0])
HAVE_CATVNONCAT = has_catvnoncat(CATVNONCAT)
needs_catvnoncat = pytest.mark.skipif(
    not HAVE_CATVNONCAT,
    reason=f"the course's cat/non-cat HDF5 files are not in {' or '.join(map(str, _WHERE))} (set {DATA_ENV} to "
    "the folder that holds train_catvnoncat.h5 and test_catvnoncat.h5)",
)


@pytest.fixture(scope="session")
def catvnoncat_dir():
    if not HAVE_CATVNONCAT:
        pytest.skip(f"the course's cat/non-cat HDF5 files are not in {' or '.join(map(str, _WHERE))} (set {DATA_ENV})")
    return CATVNONCAT
