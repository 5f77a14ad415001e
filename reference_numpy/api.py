"""The core's public functions, checked once at their entry (what `from reference_numpy import ...` gives).

Each wrapper checks its arguments (shape, dtype, range, keys) and raises DLRosettaError naming the argument, what
was expected and what it got, then calls the unchecked function of its module (reference_numpy.forward, backward,
cost, update, training), which the training loop and the adapters call directly: no checks inside a loop.
float16 and integer arrays are refused, not upcast: cast on purpose with .astype(np.float32 or np.float64).
"""

import math

import numpy as np

from reference_numpy import backward, cost, forward, optimizers, training, update
from reference_numpy.activations import ACTIVATIONS
from reference_numpy.arithmetic import CORE, get_arithmetic
from reference_numpy.contract import Optimizer, check_optimizer, check_state
from reference_numpy.errors import DLRosettaError
from reference_numpy.model import Model
from reference_numpy.validation import check_inputs, check_matrix, check_parameters, check_running, check_X, check_Y


def _model(model, where):
    if not isinstance(model, Model):
        raise DLRosettaError(f"{where}: model must be a reference_numpy.Model; got {type(model).__name__}")
    return model


def _same_dtype(where, **arrays):
    dtypes = {name: A.dtype for name, A in arrays.items()}
    if len(set(dtypes.values())) > 1:
        raise DLRosettaError(
            f"{where}: expected one float dtype; got {', '.join(f'{k} {v}' for k, v in dtypes.items())}"
        )


def _columns(where, m_name, **arrays):
    ms = {name: A.shape[1] for name, A in arrays.items()}
    if len(set(ms.values())) > 1:
        raise DLRosettaError(f"{where}: {m_name} must agree (one column per example); got {ms}")
    m = next(iter(ms.values()))
    if m == 0:
        raise DLRosettaError(f"{where}: no examples (m = 0 columns); expected m >= 1")
    return m


def _activation(activation, where):
    if activation not in ACTIVATIONS:
        raise DLRosettaError(f"{where}: activation must be one of {sorted(ACTIVATIONS)}; got {activation!r}")


def _labels(Y, AL, where):
    """Y : AL's shape (1, m), 0/1, in AL's dtype (bool and integer labels are cast here, on purpose)."""
    check_matrix("AL", AL, where, rows=1)
    return check_Y(Y, AL.shape[1], where, AL.dtype)


def _probabilities(AL, where, open_interval=False):
    check_matrix("AL", AL, where, rows=1)
    low, high = (AL <= 0, AL >= 1) if open_interval else (AL < 0, AL > 1)
    bad = low | high
    if np.any(bad):
        kind = "strictly between 0 and 1" if open_interval else "in [0, 1]"
        raise DLRosettaError(f"{where}: AL must hold probabilities {kind}; got {AL[bad][0]!r}")
    return AL


def linear_forward(A_prev, W, b):
    """A_prev : (n[l-1], m), W : (n[l], n[l-1]), b : (n[l], 1), one float dtype -> Z : (n[l], m)."""
    where = "linear_forward"
    check_matrix("W", W, where)
    check_matrix("A_prev", A_prev, where, rows=W.shape[1])
    check_matrix("b", b, where, rows=W.shape[0], cols=1)
    _columns(where, "A_prev's columns", A_prev=A_prev)
    _same_dtype(where, A_prev=A_prev, W=W, b=b)
    return forward.linear_forward(A_prev, W, b)


def linear_activation_forward(A_prev, W, b, activation, leaky_slope=0.01, arithmetic=CORE):
    """One checked layer: (Z, A), both (n[l], m)."""
    _activation(activation, "linear_activation_forward")
    linear_forward(A_prev, W, b)  # the checks; the layer is computed once, below
    return forward.linear_activation_forward(A_prev, W, b, activation, leaky_slope, get_arithmetic(arithmetic))


def L_model_forward(X, parameters, model, arithmetic=CORE):
    """X : (n_x, m) -> (AL, cache), after checking X and the parameters against the model."""
    check_inputs(parameters, X, _model(model, "L_model_forward"), "L_model_forward")
    return forward.L_model_forward(X, parameters, model, get_arithmetic(arithmetic))


def compute_cost(AL, Y, ZL=None, arithmetic=CORE):
    """AL : (1, m) probabilities in [0, 1], Y : (1, m) 0/1 labels, ZL : (1, m) logits or None -> J."""
    where = "compute_cost"
    _probabilities(AL, where)
    Y = _labels(Y, AL, where)
    if ZL is not None:
        check_matrix("ZL", ZL, where, rows=1, cols=AL.shape[1])
        _same_dtype(where, AL=AL, ZL=ZL)
    return cost.compute_cost(AL, Y, ZL, get_arithmetic(arithmetic))


def cost_backward(AL, Y):
    """AL : (1, m) strictly inside (0, 1), Y : (1, m) 0/1 labels -> dA[L] : (1, m)."""
    _probabilities(AL, "cost_backward", open_interval=True)
    return backward.cost_backward(AL, _labels(Y, AL, "cost_backward"))


def linear_backward(dZ, A_prev, W, need_dA_prev=True, arithmetic=CORE):
    """dZ : (n[l], m), A_prev : (n[l-1], m), W : (n[l], n[l-1]), one float dtype -> (dA_prev, dW, db)."""
    where = "linear_backward"
    check_matrix("W", W, where)
    check_matrix("dZ", dZ, where, rows=W.shape[0])
    check_matrix("A_prev", A_prev, where, rows=W.shape[1])
    _columns(where, "dZ and A_prev's columns", dZ=dZ, A_prev=A_prev)
    _same_dtype(where, dZ=dZ, A_prev=A_prev, W=W)
    return backward.linear_backward(dZ, A_prev, W, need_dA_prev, get_arithmetic(arithmetic))


def L_model_backward(Y, cache, parameters, model, need_dA0=True, arithmetic=CORE):
    """Gradients from Y : (1, m) and the cache of L_model_forward {"A0", "Z1", "A1", ..., "ZL", "AL"}."""
    where = "L_model_backward"
    model = _model(model, where)
    dtype = check_parameters(parameters, model, where)
    if not isinstance(cache, dict):
        raise DLRosettaError(f"{where}: cache must be the dict L_model_forward returns; got {type(cache).__name__}")
    X = cache.get("A0")
    if X is None:
        raise DLRosettaError(f"{where}: cache has no 'A0' (X); expected keys A0, Z1, A1, ..., Z{model.L}, A{model.L}")
    check_X(X, model, where, dtype=dtype)
    for l in range(1, model.L + 1):
        for key in (f"Z{l}", f"A{l}"):
            if key not in cache:
                raise DLRosettaError(f"{where}: cache has no {key!r}; expected the cache of L_model_forward")
            check_matrix(f"cache[{key!r}]", cache[key], where, rows=model.layer_dims[l], cols=X.shape[1])
    Y = check_Y(Y, X.shape[1], where, dtype)
    return backward.L_model_backward(Y, cache, parameters, model, need_dA0, get_arithmetic(arithmetic))


def gradients(parameters, X, Y, model, arithmetic=CORE):
    """Forward then backward, after checking parameters, X : (n_x, m) and Y : (1, m) 0/1 labels."""
    Y = check_inputs(parameters, X, _model(model, "gradients"), "gradients", Y=Y)
    return training.gradients(parameters, X, Y, model, get_arithmetic(arithmetic))


def predict(parameters, X, model, arithmetic=CORE, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1 (class numbers for a softmax output), after checking X, the
    parameters and a batch-normalized model's running statistics (TrainResult.state["running"]) where given."""
    dtype = check_inputs(parameters, X, _model(model, "predict"), "predict") or X.dtype
    running = check_running(running, model, dtype, "predict")
    return training.predict(parameters, X, model, get_arithmetic(arithmetic), running)


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step (a new dict, the inputs untouched), after checking that grads has dW[l], db[l] of
    W[l], b[l]'s shapes and dtype."""
    _step_inputs(parameters, grads, learning_rate, "update_parameters")
    return update.update_parameters(parameters, grads, learning_rate)


def _step_inputs(parameters, grads, learning_rate, where):
    """parameters {"W1", "b1", ...}, grads with dW[l], db[l] of their shapes and dtype, a finite rate > 0."""
    if not isinstance(parameters, dict) or not parameters:
        raise DLRosettaError(
            f"{where}: parameters must be a non-empty dict {{'W1', 'b1', ...}}; got {parameters!r:.80}"
        )
    if not isinstance(grads, dict):
        raise DLRosettaError(f"{where}: grads must be a dict {{'dW1', 'db1', ...}}; got {type(grads).__name__}")
    L = len(parameters) // 2
    expected = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    if sorted(parameters) != sorted(expected):
        raise DLRosettaError(f"{where}: parameters must have the keys {expected}; got {sorted(parameters)}")
    missing = [f"d{key}" for key in expected if f"d{key}" not in grads]
    if missing:
        raise DLRosettaError(f"{where}: grads is missing {missing} (expected dW[l], db[l] for l = 1..{L})")
    for key in expected:
        check_matrix(key, parameters[key], where)
        check_matrix(f"d{key}", grads[f"d{key}"], where, rows=parameters[key].shape[0], cols=parameters[key].shape[1])
        _same_dtype(where, **{key: parameters[key], f"d{key}": grads[f"d{key}"]})
    if not isinstance(learning_rate, (int, float)) or not math.isfinite(learning_rate) or learning_rate <= 0:
        raise DLRosettaError(f"{where}: learning_rate must be a finite number > 0; got {learning_rate!r}")


def _optimizer(optimizer, where):
    optimizer = Optimizer(optimizer) if isinstance(optimizer, str) else optimizer
    check_optimizer(optimizer, where)
    return optimizer


def initialize_optimizer_state(parameters, optimizer):
    """The optimizer's state before its first step: zeros shaped like each parameter under "v" (momentum), "s"
    (RMSprop) or both (Adam); {} for gradient descent. optimizer: a name or an Optimizer."""
    where = "initialize_optimizer_state"
    optimizer = _optimizer(optimizer, where)
    if not isinstance(parameters, dict) or not parameters:
        raise DLRosettaError(
            f"{where}: parameters must be a non-empty dict {{'W1', 'b1', ...}}; got {parameters!r:.80}"
        )
    for key, value in parameters.items():
        check_matrix(key, value, where)
    return optimizers.initialize_state(parameters, optimizer)


def optimizer_update(parameters, grads, state, t, learning_rate, optimizer):
    """One step of the optimizer: (new parameters, new state), the inputs untouched; t >= 1 counts the updates
    (Adam's bias correction). The state is checked against the optimizer and the parameters' shapes."""
    where = "optimizer_update"
    optimizer = _optimizer(optimizer, where)
    _step_inputs(parameters, grads, learning_rate, where)
    check_state(state, parameters, optimizer, where)
    if not isinstance(t, (int, np.integer)) or isinstance(t, bool) or t < 1:
        raise DLRosettaError(f"{where}: t must be an integer >= 1 (the first update is t = 1); got {t!r}")
    return optimizers.update(parameters, grads, state, int(t), learning_rate, optimizer)
