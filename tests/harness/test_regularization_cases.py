"""Course 2, week 1 cases in the harness: every backend agrees with the reference, tensor by tensor, on L2 and on
the same dropout masks, in float64 and float32, and the gradient checker passes on every backend's gradients."""

import pytest

from conformance.cases_regularization import check_regularization_case, circles, get_regularization_case
from conformance.matrix import CellRecords, RunConfig
from conformance.registry import get_backend, list_backends

BACKENDS = [name for name in list_backends() if name != "numpy-course"]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", BACKENDS)
def test_every_regularized_quantity_agrees(name, dtype):
    backend = get_backend(name, dtype=dtype)
    for case in ("c2-dropout", "c2-gradcheck"):  # the second has L2 and dropout together
        out = CellRecords(name, "cpu", dtype, "strict", backend.matmul_precision, case, None)
        check_regularization_case(backend, case, RunConfig(iterations=20), out)
        bad = [(r["key"], r["message"]) for r in out.records if r["status"] != "pass"]
        assert not bad, f"{name} {dtype} {case}: {bad}"
        keys = {r["key"] for r in out.records}
        assert {"cost", "dW1", "A1", "cost@1", "W1"} <= keys
        if case == "c2-dropout":
            assert {"D1", "D2"} <= keys
        if case == "c2-gradcheck":
            assert "gradcheck" in keys and {"D1", "D2", "J_L2"} <= keys


def test_the_circles_are_the_courses():
    X, Y = circles(300, 1)
    assert X.shape == (2, 300) and Y.sum() == 150
    expected = [[-0.07741354010048114, 0.43186959584803564, 0.07916502322979652],
                [0.8526022642742742, -0.8721450395952108, 0.8406610985900007]]  # fmt: skip
    assert abs(X[:, :3] - expected).max() < 1e-15
    assert get_regularization_case("c2-dropout").masks["D1"].shape == (20, 211)
