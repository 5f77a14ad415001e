"""The generic checks of conformance/checks.py, once for every backend, device found here and dtype.

What is particular to one framework (layouts, precision profiles, device synchronisation, jit, x64) stays in
test_torch.py and test_jax.py. CUDA cells are marked gpu; they exist only where a framework sees a GPU.
"""

import numpy as np
import pytest

from conformance.checks import CHECKS, backend_checks
from conformance.registry import list_backends

CELLS = backend_checks()


def _marks(cell):
    marks = [pytest.mark.gpu] if "-cuda" in cell.id else []
    return marks + ([pytest.mark.skip(reason=cell.skip)] if cell.skip else [])


@pytest.mark.parametrize("make, check", [pytest.param(c.make, c.check, id=c.id, marks=_marks(c)) for c in CELLS])
def test_check(make, check):
    check.run(make() if check.needs == "backend" else make)


def test_every_check_runs_on_every_backend():
    """No check is dropped for a backend: each runs on each backend importable here, in each of its dtypes, unless
    exempt with a reason."""
    ids = {c.id: c.skip for c in CELLS}
    assert len(ids) == len(CELLS), "two cells share an id"
    for check in CHECKS:
        for name in list_backends():
            wanted = [f"{check.name}-{name}"] if check.needs == "factory" else [
                f"{check.name}-{name}-{dtype}-cpu" for dtype in check.dtypes
            ]  # fmt: skip
            for cell_id in wanted:
                assert cell_id in ids, f"{cell_id} is not generated"
                assert ids[cell_id] == check.exempt.get(name), cell_id
    assert all(len(reason) > 40 for check in CHECKS for reason in check.exempt.values()), "an exemption says why"


def test_a_planted_fault_fails_its_check():
    """The `factories` hook: a backend whose relu'(0) is JAX's naive 1/2 fails relu_prime_at_zero and nothing
    about construction; a backend that accepts a NaN in X fails bad_input."""
    from reference_numpy.adapter import make_backend

    class HalfAtZero:
        def __init__(self, backend):
            self._backend = backend

        def __getattr__(self, name):
            return getattr(self._backend, name)

        def gradients(self, params, X, Y, model):
            grads = dict(self._backend.gradients(params, X, Y, model))
            Z1 = self._backend.forward(params, X, model)["Z1"]
            grads["dZ1"] = grads["dZ1"] + 0.5 * grads["dA1"] * (Z1 == 0)
            return grads

    class AcceptsNaN(HalfAtZero):
        def forward(self, params, X, model):
            return self._backend.forward(params, np.nan_to_num(X), model)  # no check: NaN becomes 0

    def factory(wrapper):
        return lambda device="cpu", dtype="float64", profile="strict": wrapper(
            make_backend("reference", device=device, dtype=dtype, profile=profile)
        )

    cells = {
        c.id: c
        for c in backend_checks(names=[], dtypes=("float64",), factories={"numpy-half": factory(HalfAtZero),
                                                                          "numpy-nan": factory(AcceptsNaN)})
    }  # fmt: skip
    failing = cells["relu_prime_at_zero-numpy-half-float64-cpu"]
    with pytest.raises(AssertionError, match="dZ1: MISMATCH"):
        failing.check.run(failing.make())
    passing = cells["construction_errors-numpy-half"]
    passing.check.run(passing.make)
    nan = cells["bad_input-NaN_in_X-numpy-nan-float64-cpu"]
    with pytest.raises(AssertionError, match="accepted NaN in X"):
        nan.check.run(nan.make())
