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
    sigmoid          "stable": exp of -|z| only (reference_numpy.activations.sigmoid)
                     "course": 1 / (1 + exp(-z))
    derivative_from  "Z": g'(Z[l]) recomputed from the cached Z
                     "A": tanh' = 1 - A^2 and the relu mask A > 0, from the cached A (sigmoid' is always from Z)
    dz_product       "core":   dZ = g'(Z) * dA
                     "course": dZ = dA * s * (1 - s) for sigmoid, a copy of dA zeroed where the mask is off for relu

Each course assignment is a preset (PRESETS); CORE is the default of every core function.
"""

from dataclasses import dataclass, fields

import numpy as np

from reference_numpy.errors import DLRosettaError

CHOICES = {
    "output_gradient": ("shortcut", "chain"),
    "one_over_m": ("quotient", "reciprocal"),
    "cost": ("careful", "sum", "dot"),
    "sigmoid": ("stable", "course"),
    "derivative_from": ("Z", "A"),
    "dz_product": ("core", "course"),
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


def preset_for(model):
    """The course preset of the assignment a model belongs to: one sigmoid unit is week 2, one tanh hidden layer
    week 3, every other network the week-4 application's (dnn_app_utils_v3) forms. Softmax and batch-normalized
    networks have no NumPy assignment (course 2's week 3 is in TensorFlow): the core's forms."""
    if model.activations[-1] == "softmax" or model.batchnorm:
        return CORE
    if model.L == 1:
        return PRESETS["course-week2"]
    if model.L == 2 and model.activations[0] == "tanh":
        return PRESETS["course-week3"]
    return PRESETS["course-week4-app"]


def scale_by_1_over_m(S, m, arithmetic):
    """S / m or 1./m * S, in S's own memory (S is a fresh product or sum; the same rounding as out of place)."""
    if arithmetic.one_over_m == "reciprocal":
        S *= 1.0 / m
    else:
        S /= m
    return S


def course_sigmoid(Z):
    """1 / (1 + e^-z), the course's formula; e^-z overflows to inf for z < -709 (float64), giving 0 exactly."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-Z))


def course_cost(AL, Y, form):
    """The course's J: "sum", -1/m * sum(Y log A + (1-Y) log(1-A)); "dot", np.squeeze(1./m * (-Y.log(A)^T - ...))."""
    m = Y.shape[1]
    with np.errstate(divide="ignore"):  # log(0) = -inf where A[L] has saturated, as in the course
        if form == "dot":
            return np.squeeze((1.0 / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T)))
        return -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
