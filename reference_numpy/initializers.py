"""Initial parameters, drawn once, in NumPy, for every implementation.

All draws go through an explicit np.random.RandomState(seed) (the legacy MT19937 stream the course's
np.random.seed uses), never the global RNG. Weights are drawn layer by layer, W1 first, each in C order,
in float64, then cast to the requested dtype; biases are zeros and draw nothing. That is exactly the
course's procedure, so its published initial weights come out to the bit.
"""

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.validation import as_float_dtype


def zeros(rs, n, n_prev):
    return np.zeros((n, n_prev))


def scaled_normal(rs, n, n_prev, scale=0.01):
    """W ~ N(0, 1) * 0.01, weeks 3 and 4."""
    return rs.randn(n, n_prev) * scale


def he(rs, n, n_prev):
    """W ~ N(0, 1) * sqrt(2 / n[l-1]), He et al. 2015, for relu layers."""
    return rs.randn(n, n_prev) * np.sqrt(2 / n_prev)


def xavier(rs, n, n_prev):
    """W ~ N(0, 1) / sqrt(n[l-1]), the course's "Xavier" (the application's initialize_parameters_deep).

    Glorot's own variant, sqrt(2 / (n[l-1] + n[l])), is a different scale.
    """
    return rs.randn(n, n_prev) / np.sqrt(n_prev)


def random_x10(rs, n, n_prev):
    """W ~ N(0, 1) * 10, course 2's "random" initialization: large on purpose (the sigmoid saturates)."""
    return rs.randn(n, n_prev) * 10


SCHEMES = {"zeros": zeros, "scaled_normal": scaled_normal, "he": he, "xavier": xavier, "random_x10": random_x10}

# The course's exact seeding conventions: name -> (scheme, seed). See COURSE_FIXTURES.md.
COURSE_MODES = {
    "course-week2": ("zeros", None),  # initialize_with_zeros: w = 0, b = 0
    "course-week3": ("scaled_normal", 2),  # v6c initialize_parameters reseeds with 2
    "course-week3-2021": ("scaled_normal", 3),  # 2021: nn_model seeds 3, initialize_parameters does not reseed
    "course-week4-2layer": ("scaled_normal", 1),  # initialize_parameters(n_x, n_h, n_y), also two_layer_model
    "course-week4-deep": ("scaled_normal", 3),  # step-by-step initialize_parameters_deep
    "course-app-deep": ("xavier", 1),  # the application's initialize_parameters_deep (L_layer_model)
    # course 2, week 1 (COURSE2_FIXTURES.md 1.3, 2.2): each seeds 3 once, then draws W[1], W[2], ... in order
    "course2-zeros": ("zeros", None),  # initialize_parameters_zeros
    "course2-random": ("random_x10", 3),  # initialize_parameters_random: randn * 10
    "course2-he": ("he", 3),  # initialize_parameters_he: randn * sqrt(2 / n[l-1])
    "course2-regularization": ("xavier", 3),  # reg_utils' initialize_parameters: randn / sqrt(n[l-1])
}

METHODS = sorted(SCHEMES) + sorted(COURSE_MODES)


DEFAULT_SEED = 1


def initialize_parameters(model, method="he", seed=None, dtype="float64"):
    """{"W1": (n[1], n[0]), "b1": (n[1], 1), ...} for the model, drawn with RandomState(seed).

    method : one of METHODS. seed : an int, DEFAULT_SEED when None. A course mode fixes its own seed;
    passing a different one is an error rather than a silent override.
    """
    dtype = as_float_dtype(dtype, "initialize_parameters")
    is_int = isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)
    if seed is not None and not (is_int and 0 <= seed < 2**32):
        raise DLRosettaError(
            f"initialize_parameters: seed must be None or an integer in [0, 2**32) (RandomState's seeds); got {seed!r}"
        )
    if method in COURSE_MODES:
        scheme, fixed_seed = COURSE_MODES[method]
        if seed is not None and fixed_seed is not None and seed != fixed_seed:
            raise DLRosettaError(
                f"initialize_parameters: {method!r} uses the course's seed {fixed_seed}; got seed={seed}"
            )
        seed = fixed_seed
    elif method in SCHEMES:
        scheme = method
        seed = DEFAULT_SEED if seed is None else seed
    else:
        raise DLRosettaError(f"initialize_parameters: unknown method {method!r}; expected one of {METHODS}")
    rs = np.random.RandomState(seed)
    draw = SCHEMES[scheme]
    parameters = {}
    for l in range(1, model.L + 1):
        n, n_prev = model.layer_dims[l], model.layer_dims[l - 1]
        parameters[f"W{l}"] = draw(rs, n, n_prev).astype(dtype)
        parameters[f"b{l}"] = np.zeros((n, 1), dtype=dtype)
        if l in model.batchnorm:  # gamma[l] = 1, beta[l] = 0 replace b[l] (reference_numpy.batchnorm); no draw
            del parameters[f"b{l}"]
            parameters[f"gamma{l}"], parameters[f"beta{l}"] = (
                np.ones((n, 1), dtype=dtype),
                np.zeros((n, 1), dtype=dtype),
            )
    return parameters
