"""Week 4, "Building your Deep Neural Network: Step by Step": the course's functions over the core.

Shapes: A_prev : (n[l-1], m), W : (n[l], n[l-1]), b : (n[l], 1), Z, A, dZ, dA : (n[l], m).
Caches as the course builds them: linear cache (A_prev, W, b), activation cache Z, layer cache ((A_prev, W, b), Z);
L_model_forward returns a list of L layer caches. L_model_backward returns {"dA0".."dA{L-1}", "dW1".., "db1"..},
where "dA{l}" is the gradient with respect to A[l], the input of layer l+1.

Version: v8a; the 2021 release has the same functions and numbers (COURSE_FIXTURES.md section 4).
- initialize_parameters draws with seed 1, initialize_parameters_deep with seed 3 (0.01 randn), as the course.
Arithmetic: the "course-week4" preset (reference_numpy.arithmetic), bit for bit the course's:
- sigmoid 1/(1+e^-z); sigmoid_backward dA * s * (1 - s) with s recomputed from the cached Z; relu_backward a copy of
  dA zeroed where Z <= 0 (relu'(0) = 0);
- linear_backward dW = 1./m * dZ A_prev^T, db = 1./m * sum(dZ), dA_prev = W^T dZ;
- L_model_backward the chain form: dAL = -(Y/AL - (1-Y)/(1-AL)) (the core's cost_backward), then the sigmoid
  layer and the relu layers. The course's test feeds an AL that is not sigmoid(ZL), so the core's shortcut
  dZ[L] = A[L] - Y would give other numbers there;
- compute_cost -1/m * sum(Y log AL + (1-Y) log(1-AL)), a NumPy float64 (np.squeeze of a NumPy scalar is one).
The step functions check nothing, like the course's.
"""

from reference_numpy import backward, forward
from reference_numpy.arithmetic import PRESETS
from reference_numpy.cost import compute_cost as core_compute_cost
from reference_numpy.course._shared import as_float_labels, course_initialize
from reference_numpy.update import update_parameters as core_update_parameters

ARITHMETIC = PRESETS["course-week4"]


def initialize_parameters(n_x, n_h, n_y):
    """W1 = 0.01 randn(n_h, n_x), then W2 = 0.01 randn(n_y, n_h), biases zeros; seed 1."""
    return course_initialize((n_x, n_h, n_y), "course-week4-2layer")


def initialize_parameters_deep(layer_dims):
    """W[l] = 0.01 randn(n[l], n[l-1]) for l = 1..L in order, biases zeros; seed 3."""
    return course_initialize(layer_dims, "course-week4-deep")


def linear_forward(A, W, b):
    """(Z : (n[l], m), cache (A, W, b))."""
    return forward.linear_forward(A, W, b), (A, W, b)


def linear_activation_forward(A_prev, W, b, activation, arithmetic=ARITHMETIC):
    """(A : (n[l], m), cache ((A_prev, W, b), Z)); activation is "sigmoid" or "relu"."""
    Z, A = forward.linear_activation_forward(A_prev, W, b, activation, arithmetic=arithmetic)
    return A, ((A_prev, W, b), Z)


def L_model_forward(X, parameters, arithmetic=ARITHMETIC):
    """(L-1) x [LINEAR -> RELU], then LINEAR -> SIGMOID: (AL : (1, m), caches, a list of L layer caches)."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        activation = "relu" if l < L else "sigmoid"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation, arithmetic)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y, arithmetic=ARITHMETIC):
    """The cross-entropy of AL : (1, m) against Y : (1, m): a NumPy float64 ("sum"), a 0-d array ("dot")."""
    Y = as_float_labels(Y)
    return core_compute_cost(AL, Y.reshape(1, -1) if Y.ndim == 1 else Y, arithmetic=arithmetic)


def linear_backward(dZ, cache, arithmetic=ARITHMETIC):
    """(dA_prev : (n[l-1], m), dW : (n[l], n[l-1]), db : (n[l], 1)) from the linear cache (A_prev, W, b)."""
    A_prev, W, _ = cache
    return backward.linear_backward(dZ, A_prev, W, arithmetic=arithmetic)


def relu_backward(dA, cache):
    """dZ : a copy of dA, 0 where Z <= 0 (cache is Z)."""
    return backward.activation_backward(dA, cache, "relu", arithmetic=ARITHMETIC)


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s), s = sigmoid(Z) recomputed from the cache Z."""
    return backward.activation_backward(dA, cache, "sigmoid", arithmetic=ARITHMETIC)


def linear_activation_backward(dA, cache, activation, arithmetic=ARITHMETIC):
    """(dA_prev, dW, db) through one layer, from its cache ((A_prev, W, b), Z)."""
    linear_cache, Z = cache
    dZ = backward.activation_backward(dA, Z, activation, arithmetic=arithmetic)
    return linear_backward(dZ, linear_cache, arithmetic)


def L_model_backward(AL, Y, caches, need_dA0=True, arithmetic=ARITHMETIC):
    """grads {"dA{l-1}", "dW{l}", "db{l}" for l = L..1} from AL : (1, m), Y : (1, m) and the caches.

    need_dA0=False (not the course's) skips dA0 = W1^T dZ1, which training never uses, and leaves "dA0" out.
    """
    Y = as_float_labels(Y).reshape(AL.shape)
    L = len(caches)
    grads = {}
    dA = backward.cost_backward(AL, Y)
    for l in range(L, 0, -1):
        (A_prev, W, _), Z = caches[l - 1]
        dZ = backward.activation_backward(dA, Z, "sigmoid" if l == L else "relu", arithmetic=arithmetic)
        dA, grads[f"dW{l}"], grads[f"db{l}"] = backward.linear_backward(
            dZ, A_prev, W, need_dA_prev=l > 1 or need_dA0, arithmetic=arithmetic
        )
        if dA is not None:
            grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """W[l] = W[l] - learning_rate dW[l], b[l] = b[l] - learning_rate db[l]; a new dict."""
    return core_update_parameters(parameters, grads, learning_rate)
