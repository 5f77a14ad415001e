"""Course 2, week 3: the published numbers of the TensorFlow assignment that NumPy reproduces (COURSE2_FIXTURES.md
section 5), and the course-style batch-norm functions against the core and central differences."""

import numpy as np
import pytest

from reference_numpy.course import c2w3_softmax as c2w3
from reference_numpy.errors import DLRosettaError

PRED = np.array(
    [
        [2.4048107, 5.0334096],
        [-0.7921977, -4.1523376],
        [0.9447198, -0.46802214],
        [1.158121, 3.9810789],
        [4.768706, 2.3220146],
        [6.1481323, 3.909829],
    ]
)


def test_one_hot_matrix_2021_is_a_flat_vector():
    assert np.array_equal(c2w3.one_hot_matrix(1, C=4), [0, 1, 0, 0])
    assert np.array_equal(c2w3.one_hot_matrix([2], C=5), [0, 0, 1, 0, 0])
    assert np.array_equal(c2w3.one_hot_matrix([2], C=4), [0, 0, 1, 0])  # the older 2021 revision's test


def test_one_hot_matrix_2020_encodes_columns():
    Y = c2w3.one_hot_matrix([1, 2, 3, 0, 2, 1], C=4, version="2020")
    assert Y.shape == (4, 6)
    assert np.array_equal(Y, np.eye(4)[:, [1, 2, 3, 0, 2, 1]])


def test_total_loss_sums_over_examples():
    constant_columns = np.array([[1.0, 0, 0], [1, 0, 0], [1, 0, 0]])
    assert c2w3.compute_total_loss(constant_columns, np.eye(3)) == pytest.approx(3 * np.log(3), rel=1e-12)
    labels = np.zeros((6, 2))
    labels[5, 0] = labels[0, 1] = 1
    total = c2w3.compute_total_loss(PRED, labels)
    assert total == pytest.approx(0.8102870565438538, rel=1e-12)
    assert total == pytest.approx(0.810287, abs=6e-7)  # the notebook's Expected


def test_older_revision_takes_the_mean():
    labels = np.zeros((6, 2))
    labels[5, 0] = labels[0, 1] = 1
    assert c2w3.compute_cost(PRED, labels) == pytest.approx(0.4051435, abs=5e-8)


def test_the_core_cost_is_the_mean_of_the_courses_total():
    from reference_numpy.softmax import softmax, softmax_cost

    labels = np.zeros((6, 2))
    labels[5, 0] = labels[0, 1] = 1
    J = softmax_cost(softmax(PRED), labels, PRED)
    assert J == pytest.approx(c2w3.compute_total_loss(PRED, labels) / 2, rel=1e-14)


def test_softmax_columns_sum_to_one_and_are_shift_stable():
    A = c2w3.softmax(np.array([[1000.0, 0.0], [1001.0, 1.0]]))
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A.sum(axis=0), 1, rtol=1e-15)
    np.testing.assert_allclose(A[:, 0], A[:, 1], rtol=1e-15)


def test_batchnorm_forward_normalizes_each_unit_over_the_batch():
    rs = np.random.RandomState(1)
    Z = rs.randn(3, 8) * 4 + 2
    gamma, beta = rs.randn(3, 1), rs.randn(3, 1)
    Z_tilde, cache = c2w3.batchnorm_forward(Z, gamma, beta, epsilon=1e-8)
    Z_norm = cache[0]
    np.testing.assert_allclose(Z_norm.mean(axis=1), 0, atol=1e-15)
    np.testing.assert_allclose(Z_norm.var(axis=1), 1, rtol=1e-7)  # sigma2 / (sigma2 + eps)
    np.testing.assert_allclose(Z_tilde, gamma * Z_norm + beta, rtol=1e-15)


def test_batchnorm_backward_agrees_with_central_differences():
    rs = np.random.RandomState(2)
    Z, gamma, beta = rs.randn(3, 5), rs.randn(3, 1), rs.randn(3, 1)
    R = rs.randn(3, 5)  # J = 1/m sum(R * Z_tilde), so the course-scale dZ_tilde (of m J) is R

    def J(Z, gamma, beta):
        return float(np.sum(R * c2w3.batchnorm_forward(Z, gamma, beta)[0]) / Z.shape[1])

    _, cache = c2w3.batchnorm_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = c2w3.batchnorm_backward(R, cache)
    eps = 1e-7
    for array, grad, scale in ((Z, dZ, 1 / Z.shape[1]), (gamma, dgamma, 1), (beta, dbeta, 1)):
        approx = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            keep = array[index]
            array[index] = keep + eps
            plus = J(Z, gamma, beta)
            array[index] = keep - eps
            minus = J(Z, gamma, beta)
            array[index] = keep
            approx[index] = (plus - minus) / (2 * eps)
        difference = np.linalg.norm(grad * scale - approx) / (np.linalg.norm(grad * scale) + np.linalg.norm(approx))
        assert difference < 2e-7


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: c2w3.batchnorm_forward(np.ones((2, 1)), np.ones((2, 1)), np.zeros((2, 1))), "batch of one"),
        (lambda: c2w3.batchnorm_forward(np.ones((2, 3)), np.ones((2, 1)), np.zeros((2, 1)), 0.0), "epsilon"),
        (lambda: c2w3.one_hot_matrix([4], C=4), "0..3"),
        (lambda: c2w3.compute_total_loss(np.ones((3, 2)), np.ones((2, 3))), "shape"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(DLRosettaError, match=message):
        call()
