"""Stand-in for the course's gc_utils (dlrosetta check, course 2 week 1 Gradient Checking): sigmoid, relu and the
parameters' vector round trip from reference_numpy.course.c2w1_gradient_checking."""

from reference_numpy.course.c2w1_gradient_checking import (  # noqa: F401
    dictionary_to_vector,
    gradients_to_vector,
    relu,
    sigmoid,
    vector_to_dictionary,
)
