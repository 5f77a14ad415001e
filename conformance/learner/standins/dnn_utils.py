"""Stand-in for the course's dnn_utils (dlrosetta check): its four helpers, from reference_numpy.

sigmoid(Z) and relu(Z) return (A, cache = Z); relu_backward(dA, cache) and sigmoid_backward(dA, cache) return dZ."""

from reference_numpy import activations


def sigmoid(Z):
    return activations.sigmoid(Z), Z


def relu(Z):
    return activations.relu(Z), Z


def sigmoid_backward(dA, cache):
    # (6) dZ[l] = dA[l] * g'(Z[l])
    return dA * activations.sigmoid_prime(cache)


def relu_backward(dA, cache):
    # (6) dZ[l] = dA[l] * g'(Z[l]), relu'(0) = 0
    return dA * activations.relu_prime(cache)
