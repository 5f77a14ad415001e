"""What several weeks' wrappers share: the course's seeded initialization for any layer sizes, and label casts."""

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.initializers import COURSE_MODES, SCHEMES


def course_initialize(layer_dims, mode):
    """{"W1": (n[1], n[0]), "b1": (n[1], 1), ...} drawn as the core's course mode `mode` draws them.

    The same RandomState(seed) stream, scheme and order (W1 first, C order; biases draw nothing) as
    reference_numpy.initializers.initialize_parameters(model, mode), which needs a Model and so n[L] = 1; the
    course's own tests also ask for n[L] > 1 (initialize_parameters(4, 3, 2), initialize_parameters_deep([5, 4, 3])).
    tests/test_course_training.py checks that both give the same arrays wherever the core can be asked.
    """
    if mode not in COURSE_MODES:
        raise DLRosettaError(f"course_initialize: unknown course mode {mode!r}; expected one of {sorted(COURSE_MODES)}")
    dims = tuple(layer_dims)
    if len(dims) < 2 or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in dims):
        raise DLRosettaError(f"course_initialize: layer_dims must be at least two positive integers; got {dims}")
    scheme, seed = COURSE_MODES[mode]
    rs = np.random.RandomState(seed)
    draw = SCHEMES[scheme]
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = draw(rs, dims[l], dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def as_float_labels(Y):
    """Labels as float64, on purpose: the course passes bool (randn(1, 3) > 0), uint8 (planar) and int64 (HDF5)
    labels, and 1 - Y on uint8 or bool is a trap (it wraps, or raises)."""
    return np.asarray(Y).astype(np.float64)
