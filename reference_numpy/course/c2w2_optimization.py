"""Course 2, week 2, "Optimization Methods": the course's functions over the core (COURSE2_FIXTURES.md section 4).

The network is the core's Model.deep(layers_dims) ([2, 5, 2, 1] in the notebook): LINEAR -> RELU -> LINEAR -> RELU
-> LINEAR -> SIGMOID. X : (n_x, m), Y : (1, m); W[l] : (n[l], n[l-1]), b[l] : (n[l], 1); the gradients, the
velocity v and Adam's s are dicts with the keys "dW1", "db1", ...

Version: 2021 (5000 epochs, learning-rate decay, Adam returns the bias-corrected moments). The 2020 notebook
(Optimization_methods_v1b) ran 10000 epochs, returned (parameters, v, s) from Adam and had no decay.

Arithmetic: the "course2-optimization" preset (reference_numpy.arithmetic), bit for bit opt_utils_v1a's: sigmoid
1/(1+e^-z), the cost of a mini-batch the plain sum of -log(a) Y + -log(1-a) (1-Y) (no 1/m; the epoch's total is
divided by the training set's m), dz3 = 1./m_b (a3 - Y) with m_b the mini-batch's size, dW = dz a^T and
db = sum(dz) with no further 1/m, relu' = 1 where the cached A > 0. The optimizers are written as the notebook's
formulas: momentum without bias correction, Adam with epsilon outside the square root,
W = W - alpha * v_corrected / (sqrt(s_corrected) + epsilon), rounded in that order.

Randomness: initialize_parameters draws He weights from RandomState(3); epoch i (from 0) shuffles with
random_mini_batches(..., seed=11 + i), a RandomState of its own; Adam's t counts updates across epochs.
Differences from the course, on purpose: the update functions return new dicts and leave their inputs as they were
(the course rebinds the entries of the dicts it is given); model, random_mini_batches and the update and decay
functions check their inputs and raise DLRosettaError where the course would fail deep inside NumPy (or, for an
unknown optimizer, train nothing); opt_utils' helpers (forward_propagation, backward_propagation, compute_cost,
predict) check nothing, like the course-1 step functions.
"""

import numpy as np

from reference_numpy.arithmetic import PRESETS, course_cost
from reference_numpy.backward import L_model_backward
from reference_numpy.course import c2w2_checks as checks
from reference_numpy.course._shared import as_float_labels
from reference_numpy.course.c2w2_data import moons_dataset
from reference_numpy.forward import L_model_forward
from reference_numpy.initializers import SCHEMES
from reference_numpy.model import Model
from reference_numpy.update import update_parameters

ARITHMETIC = PRESETS["course2-optimization"]
OPTIMIZERS = ("gd", "momentum", "adam")
INIT_SEED = 3  # initialize_parameters' np.random.seed(3)
FIRST_SEED = 10  # model's seed before the loop; epoch i shuffles with FIRST_SEED + 1 + i


def load_dataset():
    """The moons: train_X : (2, 300) float64, train_Y : (1, 300) int64 (make_moons(300, noise=.2) after seed 3)."""
    return moons_dataset()


def initialize_parameters(layer_dims):
    """opt_utils' He initialisation: seed 3, W[l] = randn(n[l], n[l-1]) * sqrt(2 / n[l-1]) in layer order, b = 0."""
    dims = checks.layer_dims(layer_dims, "c2w2.initialize_parameters")
    rs = np.random.RandomState(INIT_SEED)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = SCHEMES["he"](rs, dims[l], dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def _net(parameters):
    L = len(parameters) // 2
    return Model.deep([parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)])


def forward_propagation(X, parameters):
    """(a3 : (1, m), cache (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)), four entries per layer."""
    AL, cache = L_model_forward(X, parameters, _net(parameters), ARITHMETIC)
    L = len(parameters) // 2
    flat = [
        x for l in range(1, L + 1) for x in (cache[f"Z{l}"], cache[f"A{l}"], parameters[f"W{l}"], parameters[f"b{l}"])
    ]
    return AL, tuple(flat)


def compute_cost(a3, Y):
    """The mini-batch's total cross-entropy, sum(-log(a3) Y - log(1 - a3) (1 - Y)), no 1/m: a NumPy float64."""
    return course_cost(a3, as_float_labels(Y), ARITHMETIC.cost)


def backward_propagation(X, Y, cache):
    """{"dz3", "dW3", "db3", "da2", "dz2", "dW2", "db2", "da1", "dz1", "dW1", "db1"} from forward_propagation's
    cache: dz3 = 1./m (a3 - Y), dW = dz a^T, db = sum(dz), relu' from the cached a."""
    L = len(cache) // 4
    core_cache, parameters = {"A0": X}, {}
    for l in range(1, L + 1):
        core_cache[f"Z{l}"], core_cache[f"A{l}"], parameters[f"W{l}"], parameters[f"b{l}"] = cache[4 * l - 4 : 4 * l]
    Y = as_float_labels(Y)
    grads = L_model_backward(Y, core_cache, parameters, _net(parameters), need_dA0=False, arithmetic=ARITHMETIC)
    out = {}
    for l in range(L, 0, -1):
        out.update({f"dz{l}": grads[f"dZ{l}"], f"dW{l}": grads[f"dW{l}"], f"db{l}": grads[f"db{l}"]})
        if l > 1:
            out[f"da{l - 1}"] = grads[f"dA{l - 1}"]
    return out


def predict(X, y, parameters):
    """p : (1, m) int64, 1 where a3 > 0.5; prints "Accuracy: " + str(mean(p[0, :] == y[0, :])) as the course."""
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(np.int64)
    print("Accuracy: " + str(np.mean(p[0, :] == y[0, :])))
    return p


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """[(mini_batch_X : (n_x, size), mini_batch_Y : (1, size)), ...]: the columns in the order of
    RandomState(seed).permutation(m), cut into consecutive batches, the last holding the m mod size rest.
    Keeps X's and Y's dtypes (the course's tests pass int X and bool Y); a size over m gives one batch."""
    checks.mini_batch_inputs(X, Y, mini_batch_size, seed, "c2w2.random_mini_batches")
    return _mini_batches(X, Y, mini_batch_size, seed)


def _mini_batches(X, Y, size, seed):
    m = X.shape[1]
    permutation = np.random.RandomState(seed).permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    full = m // size
    batches = [
        (shuffled_X[:, k * size : (k + 1) * size], shuffled_Y[:, k * size : (k + 1) * size]) for k in range(full)
    ]
    if m % size != 0:
        batches.append((shuffled_X[:, full * size : m], shuffled_Y[:, full * size : m]))
    return batches


def update_parameters_with_gd(parameters, grads, learning_rate):
    """W[l] = W[l] - learning_rate dW[l], b[l] = b[l] - learning_rate db[l]: a new dict (the core's step)."""
    checks.state(parameters, {"grads": grads}, "c2w2.update_parameters_with_gd")
    return update_parameters(parameters, grads, learning_rate)


def initialize_velocity(parameters):
    """v = {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    checks.state(parameters, {}, "c2w2.initialize_velocity")
    return _zeros_like(parameters)


def _zeros_like(parameters):
    L = len(parameters) // 2
    return {f"d{p}{l}": np.zeros(parameters[f"{p}{l}"].shape) for l in range(1, L + 1) for p in ("W", "b")}


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """(parameters, v): v = beta v + (1 - beta) dW, then W = W - learning_rate v (no bias correction); new dicts."""
    checks.state(parameters, {"grads": grads, "v": v}, "c2w2.update_parameters_with_momentum")
    return _momentum_step(parameters, grads, v, beta, learning_rate)


def _momentum_step(parameters, grads, v, beta, learning_rate):
    v = {key: beta * v[key] + (1 - beta) * grads[key] for key in v}
    # W = W - alpha v_dW, b = b - alpha v_db: gradient descent along the velocity
    return update_parameters(parameters, v, learning_rate), v


def initialize_adam(parameters):
    """(v, s), both {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    checks.state(parameters, {}, "c2w2.initialize_adam")
    return _zeros_like(parameters), _zeros_like(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """(parameters, v, s, v_corrected, s_corrected) after Adam's step t (t >= 1 counts the updates); new dicts.

    v = beta1 v + (1 - beta1) dW, v_corrected = v / (1 - beta1^t), s = beta2 s + (1 - beta2) dW^2,
    s_corrected = s / (1 - beta2^t), W = W - learning_rate * v_corrected / (sqrt(s_corrected) + epsilon)."""
    where = "c2w2.update_parameters_with_adam"
    checks.state(parameters, {"grads": grads, "v": v, "s": s}, where)
    checks.step(t, where)
    return _adam_step(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)


def _adam_step(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
    parameters, v, s = dict(parameters), dict(v), dict(s)
    v_corrected, s_corrected = {}, {}
    for key in v:
        v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
        v_corrected[key] = v[key] / (1 - beta1**t)
        s[key] = beta2 * s[key] + (1 - beta2) * np.power(grads[key], 2)
        s_corrected[key] = s[key] / (1 - beta2**t)
        name = key[1:]  # "dW1" -> "W1"
        # epsilon outside the root, as the notebook's formula and its 2021 tests
        parameters[name] = parameters[name] - learning_rate * v_corrected[key] / (np.sqrt(s_corrected[key]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


def update_lr(learning_rate0, epoch_num, decay_rate):
    """learning_rate0 / (1 + decay_rate * epoch_num)."""
    checks.numbers("c2w2.update_lr", learning_rate0=learning_rate0, epoch_num=epoch_num, decay_rate=decay_rate)
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)): the rate drops every time_interval."""
    where = "c2w2.schedule_lr_decay"
    checks.numbers(where, learning_rate0=learning_rate0, epoch_num=epoch_num, decay_rate=decay_rate)
    checks.positive(time_interval, "time_interval", where)
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))


def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
          epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None, decay_rate=1):  # fmt: skip
    """The trained parameters after num_epochs epochs of mini-batch gd, momentum or adam (COURSE2_FIXTURES 4.2).

    With print_cost, every 1000 epochs: "Cost after epoch %i: %f" (the sum over the epoch's mini-batches of each
    one's cost before its own update, divided by m), and with decay "learning rate after epoch %i: %f" (the rate
    decay(learning_rate0, i, decay_rate), which epoch i + 1 uses). decay is the function itself (update_lr or
    schedule_lr_decay), called with three positional arguments."""
    X, Y, net = checks.model_inputs(X, Y, layers_dims, optimizer, OPTIMIZERS, mini_batch_size, num_epochs, decay,
                                    learning_rate=learning_rate, beta=beta, beta1=beta1, beta2=beta2,
                                    epsilon=epsilon, decay_rate=decay_rate)  # fmt: skip
    t = 0
    seed = FIRST_SEED
    m = X.shape[1]
    learning_rate0 = learning_rate
    parameters = initialize_parameters(layers_dims)
    if optimizer == "momentum":
        v = _zeros_like(parameters)
    elif optimizer == "adam":
        v, s = _zeros_like(parameters), _zeros_like(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for minibatch_X, minibatch_Y in _mini_batches(X, Y, mini_batch_size, seed):
            a3, cache = L_model_forward(minibatch_X, parameters, net, ARITHMETIC)
            cost_total += course_cost(a3, minibatch_Y, ARITHMETIC.cost)
            grads = L_model_backward(minibatch_Y, cache, parameters, net, need_dA0=False, arithmetic=ARITHMETIC)
            if optimizer == "gd":
                parameters = update_parameters(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = _momentum_step(parameters, grads, v, beta, learning_rate)
            else:
                t = t + 1  # Adam's counter: updates, across epochs
                parameters, v, s, _, _ = _adam_step(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        cost_avg = cost_total / m
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print(f"Cost after epoch {i}: {cost_avg:f}")  # the course's "%i: %f"
            if decay:
                print(f"learning rate after epoch {i}: {learning_rate:f}")
    return parameters
