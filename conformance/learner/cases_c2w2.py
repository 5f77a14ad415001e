"""What a learner's course-2 week-2 module ("Optimization Methods") is checked on: its names, how their outputs are
named, and the inputs, the course's test cases (COURSE2_FIXTURES.md 4.3-4.4, reference_numpy.course.c2w2_test_inputs)
and random ones. conformance.learner.cases merges these tables into its own under the week id WEEK."""

import numpy as np

from reference_numpy.course import c2w2_optimization
from reference_numpy.course.c2w2_test_inputs import (
    adam_case,
    gd_case,
    initialize_velocity_case,
    mini_batch_public_case,
    momentum_case,
    moons_subset,
    params_and_grads,
)

WEEK = "c2w2_optimization"
REFERENCE = c2w2_optimization
FUNCTIONS = ("update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
             "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam", "update_lr",
             "schedule_lr_decay", "model")  # fmt: skip
OUTPUT_NAMES = {
    "update_parameters_with_momentum": ("parameters", "v"),
    "initialize_adam": ("v", "s"),
    "update_parameters_with_adam": ("parameters", "v", "s", "v_corrected", "s_corrected"),
}
# the course's own update functions rebind the entries of the dicts they are given (parameters["W1"] = ...): a
# learner's doing the same is the course's behaviour, not a mistake to point out
REBINDS_INPUTS = ("update_parameters_with_gd", "update_parameters_with_momentum", "update_parameters_with_adam")
WORK = {"model": 3}
MODEL_EPOCHS = 12  # 12 epochs of 2 mini-batches of the 100-example subset: a few milliseconds


def _adam_random(seed=31, t=7):
    """Adam after earlier steps: v and s not zero (s >= 0), t = 7, the notebook's defaults."""
    parameters, grads = params_and_grads(3, seed)
    rs = np.random.RandomState(seed + 1)
    v = {key: rs.randn(*value.shape) * 0.1 for key, value in grads.items()}
    s = {key: rs.rand(*value.shape) * 0.01 for key, value in grads.items()}
    return parameters, grads, v, s, t, 0.01, 0.9, 0.999, 1e-8


def _mini_batches_random(seed, n, m, size, dtype=np.float64):
    rs = np.random.RandomState(seed)
    X = (rs.randn(n, m) * 10).astype(dtype)
    return X, rs.rand(1, m) < 0.5, size


def _model(optimizer, *hyper, decay=None):
    """model's positional arguments on a 100-example subset of the moons, the course's other defaults."""
    X, Y = moons_subset(100, 5)
    learning_rate, beta = hyper or (0.0007, 0.9)
    args = (X, Y, [2, 5, 2, 1], optimizer, learning_rate, 64, beta, 0.9, 0.999, 1e-8, MODEL_EPOCHS, False)
    return args if decay is None else (*args, decay, 1)


CASES = {
    "update_parameters_with_gd": [("fixture", gd_case), ("fixture 2020", lambda: gd_case("2020"))],
    "random_mini_batches": [
        ("fixture (5, 7), size 2", mini_batch_public_case),
        ("int X, size 4, seed 7", lambda: (*_mini_batches_random(32, 3, 10, 4, np.int64), 7)),
        ("size over m, seed 11", lambda: (*_mini_batches_random(33, 3, 5, 8), 11)),
        ("m a multiple of the size, seed 12", lambda: (*_mini_batches_random(34, 2, 12, 4), 12)),
    ],
    "initialize_velocity": [("fixture", lambda: (initialize_velocity_case(),))],
    "update_parameters_with_momentum": [("fixture", momentum_case), ("fixture 2020", lambda: momentum_case("2020"))],
    "initialize_adam": [("fixture", lambda: (params_and_grads(2)[0],))],
    "update_parameters_with_adam": [
        ("fixture (latest)", adam_case),
        ("fixture 2021", lambda: adam_case("R2")),
        ("fixture 2020", lambda: adam_case("v1b")),
        ("random, t = 7", _adam_random),
    ],
    "update_lr": [("fixture", lambda: (0.5, 2, 1)), ("random", lambda: (0.3, 7, 0.25))],
    "schedule_lr_decay": [
        ("fixture", lambda: (0.5, 100, 1, 100)),
        ("fixture before the step", lambda: (0.5, 10, 1, 100)),
        ("fixture 0.25", lambda: (0.3, 1000, 0.25, 100)),
        ("default interval", lambda: (0.1, 2500, 1)),
    ],
    "model": [
        ("gd", lambda: _model("gd", 0.1, 0.9)),
        ("momentum", lambda: _model("momentum", 0.1, 0.9)),
        ("adam", lambda: _model("adam", 0.01, 0.9)),
        ("gd with update_lr", lambda: _model("gd", 0.1, 0.9, decay=c2w2_optimization.update_lr)),
    ],
}


# ---- known mistakes: the reference's step computed with the mistake, and what to say when the learner's matches --


def _adam_mistaken(mistake):
    def step(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        parameters, v, s = dict(parameters), dict(v), dict(s)
        v_corrected, s_corrected = {}, {}
        for key in v:
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
            corrected = mistake != "no correction"
            v_corrected[key] = v[key] / (1 - beta1**t) if corrected else v[key]
            s_corrected[key] = s[key] / (1 - beta2**t) if corrected else s[key]
            root = np.sqrt(s_corrected[key] + epsilon) if mistake == "inside" else np.sqrt(s_corrected[key]) + epsilon
            parameters[key[1:]] = parameters[key[1:]] - learning_rate * v_corrected[key] / root
        return parameters, v, s, v_corrected, s_corrected

    return step


def _momentum_without_one_minus_beta(parameters, grads, v, beta, learning_rate):
    v = {key: beta * v[key] + grads[key] for key in v}
    return {key: value - learning_rate * v["d" + key] for key, value in parameters.items()}, v


def _schedule_without_floor(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


def _schedule_every_epoch(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num)


# function -> [(the reference with a mistake made on purpose, the hint when the learner's output matches it)]
MISTAKES = {
    "update_parameters_with_adam": [
        (_adam_mistaken("inside"), "epsilon inside the square root: the course's step is "
         "alpha * v_corrected / (sqrt(s_corrected) + epsilon)"),
        (_adam_mistaken("no correction"), "no bias correction: v_corrected = v / (1 - beta1**t), "
         "s_corrected = s / (1 - beta2**t), and the step uses the corrected ones"),
    ],
    "update_parameters_with_momentum": [
        (_momentum_without_one_minus_beta, "v = beta v + dW (torch's SGD form): the course's velocity is an average, "
         "v = beta v + (1 - beta) dW"),
    ],
    "schedule_lr_decay": [
        (_schedule_without_floor, "the floor is missing: decay_rate * np.floor(epoch_num / time_interval)"),
        (_schedule_every_epoch, "the rate decays every epoch: divide epoch_num by time_interval, then floor it"),
    ],
}  # fmt: skip


def reference_variants(function, run):
    """[(variant, () -> reference output)]: Adam returns (parameters, v, s, v_corrected, s_corrected) since 2021
    and (parameters, v, s) in the 2020 notebook; either passes."""
    if function == "update_parameters_with_adam":
        return [("2021", run), ("2020, (parameters, v, s)", lambda: run()[:3])]
    return [("", run)]
