"""Stand-in for the course's testCases (dlrosetta check): course 2 week 1's test cases (Regularization, Gradient
Checking) return the course's inputs, from reference_numpy.course.c2w1_test_inputs; any other name (course 1's
testCases) is a no-op, see _test_module.py."""

from _test_module import stand_in_getattr as __getattr__  # noqa: F401

from reference_numpy.course.c2w1_test_inputs import (  # noqa: F401
    backward_propagation_with_dropout_test_case,
    backward_propagation_with_regularization_test_case,
    compute_cost_with_regularization_test_case,
    forward_propagation_with_dropout_test_case,
    gradient_check_n_test_case,
)
