"""The inputs the course's course-2 week-1 tests call its functions with (COURSE2_FIXTURES.md sections 2.3 and 3.2),
under the names of the course's testCases, and small training problems of the assignments' shapes: every seeded
input is drawn as the course draws it (RandomState(seed), then randn in the course's order), never from the
global RNG. conformance.learner checks a learner's functions on them; the testCases stand-in returns them.
"""

import numpy as np

from reference_numpy.course import _course2

Y5 = np.array([[1, 1, 0, 1, 0]])
# the fixed caches of the course's backward tests (8 decimals, as the course writes them)
_Z1 = np.array([[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
                [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]])  # fmt: skip
_W1 = np.array([[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]])
_B1 = np.array([[1.14472371], [0.90159072]])
_W2 = np.array([[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]])
_B2 = np.array([[0.53035547], [-0.69166075], [-0.39675353]])
_W3, _B3 = np.array([[-0.6871727, -0.84520564, -0.67124613]]), np.array([[-0.0126646]])


def _parameters_2_3_1(rs):
    """W1 (2, 3), b1 (2, 1), W2 (3, 2), b2 (3, 1), W3 (1, 3), b3 (1, 1), drawn in that order."""
    return {"W1": rs.randn(2, 3), "b1": rs.randn(2, 1), "W2": rs.randn(3, 2), "b2": rs.randn(3, 1),
            "W3": rs.randn(1, 3), "b3": rs.randn(1, 1)}  # fmt: skip


def compute_cost_with_regularization_test_case():
    """(a3, Y, parameters): seed 1, the parameters drawn, a3 as the course writes it."""
    a3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    return a3, Y5.copy(), _parameters_2_3_1(np.random.RandomState(1))


def backward_propagation_with_regularization_test_case():
    """(X, Y, cache): seed 1, X = randn(3, 5), and the course's fixed 12-tuple cache."""
    X = np.random.RandomState(1).randn(3, 5)
    A1 = np.array([[0, 3.32524635, 2.13994541, 2.60700654, 0], [0, 4.1600994, 0.79051021, 1.46493512, 0]])
    Z2 = np.array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
                   [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075],
                   [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]])  # fmt: skip
    A2 = np.vstack([Z2[:1], np.zeros((2, 5))])
    Z3 = np.array([[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]])
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    return X, Y5.copy(), (_Z1, A1, _W1, _B1, Z2, A2, _W2, _B2, Z3, A3, _W3, _B3)


def forward_propagation_with_dropout_test_case():
    """(X, parameters): seed 1, X = randn(3, 5), then the parameters."""
    rs = np.random.RandomState(1)
    X = rs.randn(3, 5)
    return X, _parameters_2_3_1(rs)


def backward_propagation_with_dropout_test_case():
    """(X, Y, cache): seed 1, X = randn(3, 5), and the course's fixed 14-tuple cache (boolean masks)."""
    X = np.random.RandomState(1).randn(3, 5)
    D1 = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 0]], dtype=bool)
    A1 = np.array([[0, 0, 4.27989081, 5.21401307, 0], [0, 8.32019881, 1.58102041, 2.92987024, 0]])
    Z2 = np.array([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
                   [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
                   [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]])  # fmt: skip
    D2 = np.array([[1, 0, 1, 0, 1], [0, 1, 0, 1, 1], [0, 0, 1, 0, 0]], dtype=bool)
    A2 = np.array([[1.06071093, 0, 8.21049603, 0, 1.06071093], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
    Z3 = np.array([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]])
    A3 = np.array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]])
    return X, Y5.copy(), (_Z1, D1, A1, _W1, _B1, Z2, D2, A2, _W2, _B2, Z3, A3, _W3, _B3)


def gradient_check_n_test_case():
    """(X, Y, parameters): seed 1, X = randn(4, 3), Y = [1, 1, 0] (rank 1, as the course), then W1 .. b3."""
    rs = np.random.RandomState(1)
    X = rs.randn(4, 3)
    Y = np.array([1, 1, 0])
    parameters = {"W1": rs.randn(5, 4), "b1": rs.randn(5, 1), "W2": rs.randn(3, 5), "b2": rs.randn(3, 1),
                  "W3": rs.randn(1, 3), "b3": rs.randn(1, 1)}  # fmt: skip
    return X, Y, parameters


# ---- random cases of the same shapes ----------------------------------------------------------------------------


def regularization_random(seed, m=7, dims=(3, 4, 3, 1)):
    """(X, Y, parameters, the plain forward's cache) for a random problem of the network's shapes."""
    from reference_numpy.course import c2w1_regularization as reg

    rs = np.random.RandomState(seed)
    X = rs.randn(dims[0], m)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"], parameters[f"b{l}"] = rs.randn(dims[l], dims[l - 1]), rs.randn(dims[l], 1) * 0.1
    Y = (rs.rand(1, m) > 0.5).astype(np.int64)
    _, cache = reg.forward_propagation(X, parameters)
    return X, Y, parameters, cache


def circles_problem(m=120):
    """(X, Y): the first m points of the course's training circles (int64 labels)."""
    X, y = _course2.make_circles(np.random.RandomState(1), 300, 0.05)
    return X.T[:, :m].copy(), y[:m].reshape(1, -1)


def football_like_problem(seed=5, m=80):
    """(X, Y): m points of data.mat's kind (2 features in about [-0.8, 0.8], uint8 labels), generated."""
    rs = np.random.RandomState(seed)
    X = rs.uniform(-0.8, 0.8, size=(2, m))
    Y = ((X[0] + 0.2 * np.sin(6 * X[1])) > 0).astype(np.uint8).reshape(1, -1)
    return X, Y
