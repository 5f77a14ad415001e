"""How the equations are rounded: the core's careful forms, or a course assignment's own, bit for bit.

The math is the same everywhere; the forms differ in what they round and in what order, so a long chaotic run
(the planar flower after ~7000 iterations) can end elsewhere. Each switch picks one form:

    output_gradient  "shortcut": (5) dZ[L] = A[L] - Y
                     "chain":    (4) dA[L] = -(Y / A[L] - (1-Y) / (1 - A[L])), then (6) through sigma'
    one_over_m       "quotient":   dW = (dZ A^T) / m, db = sum(dZ) / m
                     "reciprocal": dW = 1./m * (dZ A^T), db = 1./m * sum(dZ)  (a product by the reciprocal)
    cost             "careful": finite where the sigmoid saturates (reference_numpy.cost)
                     "sum":     -1/m * sum(Y log A + (1-Y) log(1-A))
                     "dot":     1./m * (-Y . log(A)^T - (1-Y) . log(1-A)^T)  (dnn_app_utils_v3)
                     "nansum":  1./m * nansum(-log(A) Y - log(1-A) (1-Y))  (course 2: 0 log 0 terms dropped)
    sigmoid          "stable": exp of -|z| only (reference_numpy.activations.sigmoid)
                     "course": 1 / (1 + exp(-z))
    derivative_from  "Z": g'(Z[l]) recomputed from the cached Z
                     "A": tanh' = 1 - A^2 and the relu mask A > 0, from the cached A (sigmoid' is always from Z)
    dz_product       "core":   dZ = g'(Z) * dA
                     "course": dZ = dA * s * (1 - s) for sigmoid, a copy of dA zeroed where the mask is off for relu
    one_over_m_at    "dW":     dW and db carry the 1/m (course 1, and course 2's regularization)
                     "output": dZ[L] = 1./m (A[L] - Y) carries it, dW = dZ A^T and db = sum(dZ) none (course 2's
                               optimization: m is the mini-batch's)
    (cost "total":  -sum(Y log A + (1-Y) log(1-A)) over the mini-batch, no 1/m: course 2's optimization, whose
                    epoch cost divides the epoch's total by the training set's m)

Each course assignment is a preset (PRESETS); CORE is the default of every core function.
"""

from dataclasses import dataclass, fields

import numpy as np

from reference_numpy.errors import DLRosettaError

CHOICES = {
    "output_gradient": ("shortcut", "chain"),
    "one_over_m": ("quotient", "reciprocal"),
    "cost": ("careful", "sum", "dot", "total", "nansum"),
    "sigmoid": ("stable", "course"),
    "derivative_from": ("Z", "A"),
    "dz_product": ("core", "course"),
    "one_over_m_at": ("dW", "output"),
}


@dataclass(frozen=True)
class Arithmetic:
    name: str
    output_gradient: str = "shortcut"
    one_over_m: str = "quotient"
    cost: str = "careful"
    sigmoid: str = "stable"
    derivative_from: str = "Z"
    dz_product: str = "core"
    one_over_m_at: str = "dW"

    def __post_init__(self):
        for field in fields(self):
            if field.name in CHOICES and getattr(self, field.name) not in CHOICES[field.name]:
                raise DLRosettaError(
                    f"Arithmetic {self.name!r}: {field.name} must be one of {CHOICES[field.name]}; "
                    f"got {getattr(self, field.name)!r}"
                )

    def differences(self):
        """{switch: (core's form, this form)} where this preset departs from the core."""
        return {
            f.name: (getattr(CORE, f.name), getattr(self, f.name))
            for f in fields(self)
            if f.name in CHOICES and getattr(self, f.name) != getattr(CORE, f.name)
        }


CORE = Arithmetic("core")
_COURSE = dict(one_over_m="reciprocal", cost="sum", sigmoid="course", dz_product="course")
PRESETS = {
    "core": CORE,
    # week 2: dw = 1/m X (A - Y)^T, db = 1/m sum(A - Y)
    "course-week2": Arithmetic("course-week2", **_COURSE),
    # week 3: dZ2 = A2 - Y, dZ1 = W2^T dZ2 * (1 - A1^2) with A1 from the cache
    "course-week3": Arithmetic("course-week3", **_COURSE, derivative_from="A"),
    # week 4 step by step: dAL, then sigmoid_backward and relu_backward (mask on Z)
    "course-week4": Arithmetic("course-week4", **_COURSE, output_gradient="chain"),
    # week 4 application (dnn_app_utils_v3): as step by step, with the dot-product cost
    "course-week4-app": Arithmetic("course-week4-app", **{**_COURSE, "cost": "dot"}, output_gradient="chain"),
    # course 2, optimization (opt_utils_v1a): dz3 = 1./m (a3 - Y), dW = dz a^T, relu' from A, the cost a plain sum
    "course2-optimization": Arithmetic(
        "course2-optimization", **{**_COURSE, "cost": "total"}, derivative_from="A", one_over_m_at="output"
    ),
}


# Where the course presets write an equation otherwise than the core (for explain and the docs).
EQUATION_FORMS = {
    2: "sigmoid: the core takes exp(-|z|) only (no overflow); the course writes 1 / (1 + exp(-z)), "
    "an ulp apart for z < 0",
    3: "the core keeps J finite where A[L] saturates; the course takes -1/m * sum(...) (weeks 2-4) or, in the week-4 "
    "application, 1./m * (-Y.log(A)^T - (1-Y).log(1-A)^T) with dot products",
    5: "the core uses dZ[L] = A[L] - Y everywhere; the week-4 course code goes through (4) dA[L] and sigmoid_backward, "
    "dZ = dA * s * (1 - s)",
    6: "week 3 takes tanh' = 1 - A1^2 from the cache's A1; week 4's relu_backward zeroes a copy of dA where Z <= 0",
    8: "the core divides, dW = (dZ A^T) / m; the course multiplies by the reciprocal, 1./m * (dZ A^T): the two round "
    "differently",
    9: "the core divides, db = sum(dZ) / m; the course multiplies, 1./m * sum(dZ)",
}


def get_arithmetic(name):
    if isinstance(name, Arithmetic):
        return name
    if name not in PRESETS:
        raise DLRosettaError(f"unknown arithmetic preset {name!r}; expected one of {sorted(PRESETS)}")
    return PRESETS[name]


def preset_for(model, training=None):
    """The course preset of the assignment a model belongs to: one sigmoid unit is week 2, one tanh hidden layer
    week 3, every other network the week-4 application's (dnn_app_utils_v3) forms; training="optimization" (an
    optimizer, mini-batches or a decay) course 2's optimization assignment's (opt_utils_v1a). Softmax and
    batch-normalized networks have no NumPy assignment (course 2's week 3 is in TensorFlow): the core's forms."""
    if model.activations[-1] == "softmax" or model.batchnorm:
        return CORE
    if training == "optimization":
        return PRESETS["course2-optimization"]
    if model.L == 1:
        return PRESETS["course-week2"]
    if model.L == 2 and model.activations[0] == "tanh":
        return PRESETS["course-week3"]
    return PRESETS["course-week4-app"]


def scale_by_1_over_m(S, m, arithmetic):
    """S / m or 1./m * S, in S's own memory (S is a fresh product or sum; the same rounding as out of place);
    S itself where the 1/m sits in the output layer's dZ[L] instead (one_over_m_at "output")."""
    if arithmetic.one_over_m_at == "output":
        return S
    if arithmetic.one_over_m == "reciprocal":
        S *= 1.0 / m
    else:
        S /= m
    return S


def scale_output_gradient(dZL, m, arithmetic):
    """dZ[L] as the backward pass starts from it: itself, or 1./m * dZ[L] (in its own memory) where the 1/m sits
    there (one_over_m_at "output")."""
    if arithmetic.one_over_m_at != "output":
        return dZL
    dZL *= 1.0 / m
    return dZL


def course_sigmoid(Z):
    """1 / (1 + e^-z), the course's formula; e^-z overflows to inf for z < -709 (float64), giving 0 exactly."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-Z))


def course_cost(AL, Y, form):
    """The course's J: "sum", -1/m * sum(Y log A + (1-Y) log(1-A)); "dot", np.squeeze(1./m * (-Y.log(A)^T - ...));
    "total", -sum(Y log A + (1-Y) log(1-A)) without the 1/m (bit for bit opt_utils' sum of -log(a) Y + -log(1-a)
    (1-Y): negation is exact)."""
    m = Y.shape[1]
    if form == "nansum":
        # 0 log 0 = 0 * -inf = nan is dropped by nansum; a saturated wrong prediction still costs +inf
        with np.errstate(divide="ignore", invalid="ignore"):
            logprobs = np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y)
            return 1.0 / m * np.nansum(logprobs)
    with np.errstate(divide="ignore"):  # log(0) = -inf where A[L] has saturated, as in the course
        if form == "total":
            return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
        if form == "dot":
            return np.squeeze((1.0 / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T)))
        return -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


# ---- course 2 (Improving Deep Neural Networks), week 1: COURSE2_FIXTURES.md section 0.4 -------------------------
# The three-layer helpers of init_utils, reg_utils and gc_utils: sigmoid 1/(1+e^-z), the relu mask taken on the
# activation, the 1/m as a product by 1./m; they differ in the cost and in where the 1/m goes.
_COURSE2 = dict(sigmoid="course", derivative_from="A")
# reg_utils: dZ3 = A3 - Y, dW = 1./m * dZ A^T, db = 1./m * sum(dZ); J = 1./m * nansum(...)
PRESETS["course2-regularization"] = Arithmetic("course2-regularization", **_COURSE2, one_over_m="reciprocal",
                                               cost="nansum")  # fmt: skip
# the gradient-checking notebook: as reg_utils, with a plain sum in the cost
PRESETS["course2-gradient-checking"] = Arithmetic("course2-gradient-checking", **_COURSE2, one_over_m="reciprocal",
                                                  cost="sum")  # fmt: skip
# init_utils: dz3 = 1./m * (a3 - Y), dW = dz a^T, db = sum(dz), J = 1./m * nansum(...)
COURSE2_INITIALIZATION = Arithmetic("course2-initialization", **_COURSE2, one_over_m_at="output", cost="nansum")


def output_layer_dZ(AL, Y, arithmetic):
    """(5) dZ[L] = A[L] - Y, or 1./m * (A[L] - Y) where the arithmetic folds the 1/m into it (one_over_m_at
    "output"): the same product as scale_output_gradient, out of place."""
    return scale_output_gradient(AL - Y, Y.shape[1], arithmetic)


def course_l2_cost(weights, m, lambd):
    """The course's L2 term, (1/m) * (lambd/2) * (sum W1^2 + sum W2^2 + ...), summed in layer order."""
    total = np.sum(np.square(weights[0]))
    for W in weights[1:]:
        total = total + np.sum(np.square(W))
    return (1 / m) * (lambd / 2) * total


def course_l2_gradient(W, m, lambd):
    """The course's gradient term added to dW[l]: (lambd / m) * W[l]."""
    return (lambd / m) * W


def course_dropout(A, D, keep_prob):
    """Inverted dropout as the course writes it: A * D, then / keep_prob (D an int 0/1 mask, A's shape)."""
    A = A * D
    return A / keep_prob
