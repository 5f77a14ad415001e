"""Week 4, "Building your Deep Neural Network: Step by Step": the course's functions over the core.

Shapes: A_prev : (n[l-1], m), W : (n[l], n[l-1]), b : (n[l], 1), Z, A, dZ, dA : (n[l], m).
Caches as the course builds them: linear cache (A_prev, W, b), activation cache Z, layer cache ((A_prev, W, b), Z);
L_model_forward returns a list of L layer caches. L_model_backward returns {"dA0".."dA{L-1}", "dW1".., "db1"..},
where "dA{l}" is the gradient with respect to A[l], the input of layer l+1.

Version: v8a; the 2021 release has the same functions and numbers (COURSE_FIXTURES.md section 4).
- initialize_parameters draws with seed 1, initialize_parameters_deep with seed 3 (0.01 randn), as the course.
- relu_backward / sigmoid_backward are the core's activation_backward (relu'(z) = 0 for z <= 0; sigmoid' recomputed
  from the cached Z).
- L_model_backward uses the chain form: dAL = -(Y/AL - (1-Y)/(1-AL)) (the core's cost_backward), then the sigmoid
  layer and the relu layers. The course's test feeds an AL that is not sigmoid(ZL), so the core's shortcut
  dZ[L] = A[L] - Y would give other numbers there.
- compute_cost returns a NumPy float64 scalar (the course's np.squeeze of a sum).
The step functions check nothing, like the course's.
"""

from reference_numpy import backward, forward
from reference_numpy.cost import compute_cost as core_compute_cost
from reference_numpy.course._shared import as_float_labels, course_initialize
from reference_numpy.update import update_parameters as core_update_parameters


def initialize_parameters(n_x, n_h, n_y):
    """W1 = 0.01 randn(n_h, n_x), then W2 = 0.01 randn(n_y, n_h), biases zeros; seed 1."""
    return course_initialize((n_x, n_h, n_y), "course-week4-2layer")


def initialize_parameters_deep(layer_dims):
    """W[l] = 0.01 randn(n[l], n[l-1]) for l = 1..L in order, biases zeros; seed 3."""
    return course_initialize(layer_dims, "course-week4-deep")


def linear_forward(A, W, b):
    """(Z : (n[l], m), cache (A, W, b))."""
    return forward.linear_forward(A, W, b), (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """(A : (n[l], m), cache ((A_prev, W, b), Z)); activation is "sigmoid" or "relu"."""
    Z, A = forward.linear_activation_forward(A_prev, W, b, activation)
    return A, ((A_prev, W, b), Z)


def L_model_forward(X, parameters):
    """(L-1) x [LINEAR -> RELU], then LINEAR -> SIGMOID: (AL : (1, m), caches, a list of L layer caches)."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        activation = "relu" if l < L else "sigmoid"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """The cross-entropy of AL : (1, m) against Y : (1, m), as a NumPy float64 scalar."""
    return core_compute_cost(AL, as_float_labels(Y))[()]


def linear_backward(dZ, cache):
    """(dA_prev : (n[l-1], m), dW : (n[l], n[l-1]), db : (n[l], 1)) from the linear cache (A_prev, W, b)."""
    A_prev, W, _ = cache
    return backward.linear_backward(dZ, A_prev, W)


def linear_activation_backward(dA, cache, activation):
    """(dA_prev, dW, db) through one layer, from its cache ((A_prev, W, b), Z)."""
    linear_cache, Z = cache
    return linear_backward(backward.activation_backward(dA, Z, activation), linear_cache)


def L_model_backward(AL, Y, caches, need_dA0=True):
    """grads {"dA{l-1}", "dW{l}", "db{l}" for l = L..1} from AL : (1, m), Y : (1, m) and the caches.

    need_dA0=False (not the course's) skips dA0 = W1^T dZ1, which training never uses, and leaves "dA0" out.
    """
    Y = as_float_labels(Y).reshape(AL.shape)
    L = len(caches)
    grads = {}
    dA = backward.cost_backward(AL, Y)
    for l in range(L, 0, -1):
        (A_prev, W, _), Z = caches[l - 1]
        dZ = backward.activation_backward(dA, Z, "sigmoid" if l == L else "relu")
        dA, grads[f"dW{l}"], grads[f"db{l}"] = backward.linear_backward(dZ, A_prev, W, need_dA_prev=l > 1 or need_dA0)
        if dA is not None:
            grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """W[l] = W[l] - learning_rate dW[l], b[l] = b[l] - learning_rate db[l]; a new dict."""
    return core_update_parameters(parameters, grads, learning_rate)
