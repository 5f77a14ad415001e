"""Shared fixtures: where the course's real data is."""

import os
from pathlib import Path

import pytest

import conformance  # noqa: F401  (first: it sets OpenBLAS's thread timeout before NumPy loads)

REPO = Path(__file__).resolve().parents[1]
# The course's real cat/non-cat files: never committed, read from beside the checkout (or DLROSETTA_CATVNONCAT).
CATVNONCAT = Path(os.environ.get("DLROSETTA_CATVNONCAT", REPO.parent / "shared" / "data" / "catvnoncat"))
HAVE_CATVNONCAT = (CATVNONCAT / "train_catvnoncat.h5").is_file() and (CATVNONCAT / "test_catvnoncat.h5").is_file()
needs_catvnoncat = pytest.mark.skipif(
    not HAVE_CATVNONCAT,
    reason=f"the course's cat/non-cat HDF5 files are not at {CATVNONCAT} (set DLROSETTA_CATVNONCAT to their folder)",
)


@pytest.fixture(scope="session")
def catvnoncat_dir():
    if not HAVE_CATVNONCAT:
        pytest.skip(f"the course's cat/non-cat HDF5 files are not at {CATVNONCAT}")
    return CATVNONCAT
