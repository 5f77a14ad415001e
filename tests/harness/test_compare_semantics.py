"""conformance.compare: numpy.testing's criterion made total (exact equality, NaN, zero tolerance)."""

import numpy as np
import pytest

from conformance.compare import compare
from conformance.tolerances import Tolerance

STRICT = Tolerance(rtol=1e-7, atol=0.0, reason="test: no absolute allowance")


def test_the_criterion_is_atol_plus_rtol_times_the_reference():
    tol = Tolerance(rtol=1e-3, atol=1e-2, reason="test")  # atol in units of max |desired| = 10
    desired = np.array([10.0, 1.0])
    assert compare("x", desired + [0.0, 0.1 + 1e-3 - 1e-9], desired, tol).passed  # 0.1 + 1e-3 * 1 allowed
    c = compare("x", desired + [0.0, 0.1 + 1e-3 + 1e-6], desired, tol)
    assert not c.passed and c.n_mismatched == 1 and c.n_elements == 2 and c.worst_index == (1,)


def test_exact_equality_passes_with_a_zero_tolerance():
    zeros = np.zeros((1, 3))
    c = compare("Y_prediction_test", zeros, zeros, Tolerance(0.0, 0.0, "none"))
    assert c.passed and c.fraction_used == 0.0 and c.n_mismatched == 0
    c = compare("x", np.array([0.0, 2.0, np.inf]), np.array([0.0, 2.0, np.inf]), Tolerance(0.0, 0.0, "none"))
    assert c.passed and c.fraction_used == 0.0


def test_zero_error_against_a_zero_allowance_uses_nothing_and_any_error_uses_everything():
    c = compare("x", np.array([0.0, 1e-300]), np.array([0.0, 0.0]), STRICT)
    assert not c.passed and c.fraction_used == np.inf and c.worst_index == (1,)


@pytest.mark.parametrize(
    ("actual", "desired", "passes"),
    [
        ([np.nan, 1.0], [np.nan, 1.0], True),  # NaN where the reference has NaN
        ([np.nan, 1.0], [1.0, 1.0], False),  # NaN where a number is expected
        ([1.0, 1.0], [np.nan, 1.0], False),  # a number where the reference has NaN
        ([1.0, np.nan], [np.nan, 1.0], False),  # NaNs at other places
        ([np.inf, 1.0], [-np.inf, 1.0], False),
    ],
)
def test_nan_passes_only_where_the_reference_has_nan_at_the_same_place(actual, desired, passes):
    c = compare("x", np.array(actual), np.array(desired), STRICT)
    assert c.passed is passes
    assert c.fraction_used == (0.0 if passes else np.inf)


def test_a_zero_d_array_a_numpy_float_and_a_python_float_compare_alike():
    for actual in (0.6931471805599453, np.float64(0.6931471805599453), np.array(0.6931471805599453)):
        for desired in (np.log(2.0), np.array(np.log(2.0)), float(np.log(2.0))):
            c = compare("cost", actual, desired, STRICT)
            assert c.shape_ok and c.passed, (type(actual), type(desired))
    assert not compare("cost", np.array([[0.69]]), 0.69, STRICT).shape_ok


def test_the_message_gives_actual_and_expected_at_the_worst_element_the_count_and_the_tolerance():
    c = compare("dW1", np.array([[1.0, 2.5]]), np.array([[1.0, 2.0]]), STRICT)
    assert "1 / 2 elements off" in c.message and "worst element [0, 1]: 2.5 vs expected 2.0" in c.message
    assert "allowed 0 + 1e-07 |expected|" in c.message
