"""The harness tests' markers: the full mutation catalogue runs on demand only."""

import pytest

FULL = "mutation_full"
FULL_REASON = (
    "the full mutation catalogue (every mutant on every case it names, both dtypes, 100 iterations: minutes) runs on "
    "demand: pytest -m mutation_full tests/harness/test_mutation.py"
)


def pytest_configure(config):
    config.addinivalue_line("markers", f"{FULL}: {FULL_REASON}")


def pytest_collection_modifyitems(config, items):
    if FULL in (config.getoption("-m") or ""):
        return
    for item in items:
        if FULL in item.keywords:
            item.add_marker(pytest.mark.skip(reason=FULL_REASON))
