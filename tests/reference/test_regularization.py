"""Course 2, week 1 in the core: L2 (13, 14), inverted dropout with the reference's masks (15-17), the course-2
initializers, the gradient checker's vector round trip and per-tensor report (18, 19), and the bad-input errors."""

import numpy as np
import pytest

from reference_numpy import DLRosettaError, Model, TrainConfig, gradients, initialize_parameters, train
from reference_numpy.adapter import NumpyBackend
from reference_numpy.contract import Regularization
from reference_numpy.gradcheck import (
    dictionary_to_vector,
    gradient_check,
    gradient_check_vector,
    gradients_to_vector,
    vector_to_dictionary,
)
from reference_numpy.masks import draw_masks

GC_MODEL = Model.deep((4, 5, 3, 1))


def gradcheck_case():
    """COURSE2_FIXTURES 3.2: seed 1; X = randn(4, 3); W1, b1, ..., W3, b3 drawn in that order; Y = [1, 1, 0]."""
    rs = np.random.RandomState(1)
    X = rs.randn(4, 3)
    params = {key: rs.randn(*shape) for key, shape in GC_MODEL.parameter_shapes().items()}
    return params, X, np.array([[1.0, 1.0, 0.0]])


def test_course2_initializers_give_the_published_weights():
    he = initialize_parameters(Model.deep((2, 4, 1)), "course2-he")
    np.testing.assert_array_equal(he["W1"][0], [1.7886284734303186, 0.43650985051198943])
    np.testing.assert_array_equal(
        he["W2"][0], [-0.030984124422056857, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]
    )
    random = initialize_parameters(Model.deep((3, 2, 1)), "course2-random")
    np.testing.assert_array_equal(random["W2"][0], [-0.8274148148245977, -6.270006768238473])
    zeros = initialize_parameters(Model.deep((3, 2, 1)), "course2-zeros")
    assert all(not v.any() for v in zeros.values())
    with pytest.raises(DLRosettaError, match="uses the course's seed 3"):
        initialize_parameters(Model.deep((3, 2, 1)), "course2-he", seed=4)


def test_the_course_mask_mode_draws_the_published_masks():
    """forward_propagation_with_dropout's test (keep_prob 0.7, [3, 2, 3, 1], m = 5): D1 and D2 as published."""
    masks = draw_masks(Model.deep((3, 2, 3, 1)), 5, 0.7, (1, 2), 3, mode="course")
    assert masks[0] is masks[2]  # reseeded every step: the same masks
    np.testing.assert_array_equal(masks[0]["D1"], [[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]])
    np.testing.assert_array_equal(masks[0]["D2"], [[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]])
    fresh = draw_masks(Model.deep((3, 2, 3, 1)), 5, 0.7, (1, 2), 2)
    assert not np.array_equal(fresh[0]["D1"], fresh[1]["D1"]) or not np.array_equal(fresh[0]["D2"], fresh[1]["D2"])


def test_dropout_forward_reproduces_the_course_test():
    rs = np.random.RandomState(1)
    X = rs.randn(3, 5)
    model = Model.deep((3, 2, 3, 1))
    params = {}
    for l in range(1, 4):
        params[f"W{l}"] = rs.randn(*model.parameter_shapes()[f"W{l}"])
        params[f"b{l}"] = rs.randn(*model.parameter_shapes()[f"b{l}"])
    masks = draw_masks(model, 5, 0.7, (1, 2), 1, mode="course")[0]
    out = NumpyBackend().forward(params, X, model, masks=masks, keep_prob=0.7)
    expected = [0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705]
    np.testing.assert_allclose(out["A3"][0, :4], expected, rtol=1e-12)
    A1 = [[0, 0, 3.05706487, 3.72429505, 0], [0, 5.94299915, 1.1293003, 2.09276446, 0]]
    np.testing.assert_allclose(out["A1"], A1, atol=6e-9)


def test_l2_cost_and_gradient_terms():
    params, X, Y = gradcheck_case()
    ref = NumpyBackend()
    lambd, m = 0.7, 3
    squares = sum(np.sum(params[f"W{l}"] ** 2) for l in (1, 2, 3))
    np.testing.assert_allclose(
        ref.cost(params, X, Y, GC_MODEL, lambd=lambd) - ref.cost(params, X, Y, GC_MODEL), lambd / (2 * m) * squares
    )
    plain, l2 = ref.gradients(params, X, Y, GC_MODEL), ref.gradients(params, X, Y, GC_MODEL, lambd=lambd)
    for l in (1, 2, 3):
        np.testing.assert_allclose(l2[f"dW{l}"], plain[f"dW{l}"] + lambd / m * params[f"W{l}"], rtol=1e-14)
        np.testing.assert_array_equal(l2[f"db{l}"], plain[f"db{l}"])  # biases are not regularized


def test_no_regularization_is_bitwise_the_plain_loop():
    params, X, Y = gradcheck_case()
    a = train(params, X, Y, GC_MODEL, TrainConfig(0.1, 5, 1))
    b = train(params, X, Y, GC_MODEL, TrainConfig(0.1, 5, 1, regularization=Regularization(lambd=0.0)))
    assert all(np.array_equal(a.parameters[k], b.parameters[k]) for k in params)
    assert np.array_equal(a.costs, b.costs)


def test_the_vector_round_trip_for_any_layer_sizes():
    model = Model.deep((3, 4, 2, 2, 1))
    params = initialize_parameters(model, "he", seed=2)
    theta, keys = dictionary_to_vector(params)
    assert theta.shape == (sum(v.size for v in params.values()), 1) and keys[0] == "W1" and keys[-1] == "b4"
    back = vector_to_dictionary(theta, model)
    assert all(np.array_equal(back[k], params[k]) for k in params)
    grads = {f"d{k}": v * 2 for k, v in params.items()}
    np.testing.assert_array_equal(gradients_to_vector(grads, model), 2 * theta)
    with pytest.raises(DLRosettaError, match=r"expected \(\d+, 1\)"):
        vector_to_dictionary(theta[:-1], model)


def test_the_checker_names_exactly_the_planted_bugs():
    """The course's backward_propagation_n bugs, planted in the core's gradients: dW2 x2, db1 x4."""
    params, X, Y = gradcheck_case()
    grads = gradients(params, X, Y, GC_MODEL)
    clean = gradient_check_vector(params, grads, X, Y, GC_MODEL)
    assert clean.difference < 2e-7 and clean.suspects == []
    grads["dW2"] = grads["dW2"] * 2
    grads["db1"] = grads["db1"] * 4
    buggy = gradient_check_vector(params, grads, X, Y, GC_MODEL)
    np.testing.assert_allclose(buggy.difference, 0.2850931567761623, rtol=1e-8)
    assert buggy.suspects == ["db1", "dW2"] and "MISTAKE" in buggy.report()
    assert gradient_check(params, X, Y, GC_MODEL, grads).suspects == ["db1", "dW2"]


def test_the_checker_with_l2_and_fixed_masks():
    params, X, Y = gradcheck_case()
    masks = draw_masks(GC_MODEL, 3, 0.8, (1, 2), 1)[0]
    step = dict(lambd=0.7, masks=masks, keep_prob=0.8)
    grads = NumpyBackend().gradients(params, X, Y, GC_MODEL, **step)
    result = gradient_check_vector(params, grads, X, Y, GC_MODEL, epsilon=1e-6, **step)
    assert result.difference < 1e-6 and result.suspects == []
    without_l2 = NumpyBackend().gradients(params, X, Y, GC_MODEL, masks=masks, keep_prob=0.8)
    assert gradient_check_vector(params, without_l2, X, Y, GC_MODEL, **step).suspects == ["dW1", "dW2", "dW3"]


BAD = {
    "negative lambd": (dict(regularization=Regularization(lambd=-0.1)), "lambd must be >= 0"),
    "keep_prob 0": (dict(regularization=Regularization(keep_prob=0.0, dropout_layers=(1,))), r"keep_prob must be"),
    "keep_prob above 1": (dict(regularization=Regularization(keep_prob=1.5)), r"must be a number in \(0, 1\]"),
    "no masks": (dict(regularization=Regularization(keep_prob=0.5, dropout_layers=(1,))), "masks must be given"),
    "output layer": ("output", "dropout on the output layer 3"),
    "no such layer": ("layer 7", "layer 7 is not a hidden layer"),
    "wrong count": ("count", r"one dict per training step \(2\)"),
    "wrong shape": ("shape", r"has shape \(5, 2\); expected \(5, 3\)"),
    "not 0/1": ("values", "must hold only 0 and 1"),
    "wrong keys": ("keys", r"expected \['D1', 'D2'\]"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_regularization_is_refused_by_name(case):
    params, X, Y = gradcheck_case()
    spec, message = BAD[case]
    if isinstance(spec, dict):
        config = TrainConfig(0.1, 2, 1, **spec)
    else:
        layers = {"output": (3,), "layer 7": (7,)}.get(spec, (1, 2))
        reg = Regularization(keep_prob=0.5, dropout_layers=layers)
        masks = [{"D1": np.ones((5, 3)), "D2": np.ones((3, 3))}] * 2
        if spec == "count":
            masks = masks[:1]
        elif spec == "shape":
            masks = [{"D1": np.ones((5, 2)), "D2": np.ones((3, 3))}] * 2
        elif spec == "values":
            masks = [{"D1": np.full((5, 3), 2.0), "D2": np.ones((3, 3))}] * 2
        elif spec == "keys":
            masks = [{"D1": np.ones((5, 3))}] * 2
        config = TrainConfig(0.1, 2, 1, regularization=reg, masks=tuple(masks))
    with pytest.raises(DLRosettaError, match=message):
        train(params, X, Y, GC_MODEL, config)
