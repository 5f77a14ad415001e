"""Every backend's optimizers against the reference, and the frameworks' own optimizers' conventions measured.

The harness's optimizer cases (conformance.cases_optimization) run on every backend in float64: epoch costs,
final parameters and optimizer state within tolerance. Then, one update at a time on the course's test case,
what torch.optim's and optax's conventions do where they differ from the course's, and that the documented
mapping (impl_torch/nn.py, impl_jax/optax_optimizers.py) removes the difference up to rounding.
"""

import numpy as np
import pytest

from conformance.cases_optimization import OPTIMIZATION_CASES, check_optimization
from conformance.matrix import CellRecords
from conformance.registry import get_backend, list_backends
from reference_numpy.contract import Optimizer
from reference_numpy.optimizers import initialize_state, update


@pytest.mark.parametrize("case", sorted(OPTIMIZATION_CASES))
@pytest.mark.parametrize("backend_name", list_backends())
def test_every_backend_trains_each_optimizer_as_the_reference(backend_name, case):
    backend = get_backend(backend_name)
    out = CellRecords(backend_name, "cpu", "float64", "strict", "ieee", case, None)
    check_optimization(backend, case, out)
    failing = [f"{r['key']}: {r['message'] or r['fraction_used']}" for r in out.records if r["status"] != "pass"]
    assert failing == [], failing
    phases = {r["phase"] for r in out.records}
    assert phases == {"trajectory", "parameters"} | ({"state"} if case != "gd-minibatch" else set())
    # float64, an exact mapping: far inside the tolerance, not merely within it
    assert max(r["fraction_used"] or 0 for r in out.records) < 1e-3


def course_case():
    """The course's W2 (3, 3) test case (seed 1): parameters and gradients."""
    rs = np.random.RandomState(1)
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 3), "b2": (3, 1)}
    params = {key: rs.randn(*shape) for key, shape in shapes.items()}
    grads = {f"d{key}": rs.randn(*shape) for key, shape in shapes.items()}
    return params, grads


def reference_steps(optimizer, alpha, steps=3):
    params, grads = course_case()
    state = initialize_state(params, optimizer)
    for t in range(1, steps + 1):
        params, state = update(params, grads, state, t, alpha, optimizer)
    return params, state


def torch_steps(make, steps=3):
    """`steps` torch.optim steps with the course case's gradients (the same every step)."""
    import torch

    params, grads = course_case()
    tensors = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    opt = make(list(tensors.values()))
    for _ in range(steps):
        for key, tensor in tensors.items():
            tensor.grad = torch.tensor(grads[f"d{key}"])
        opt.step()
    return {key: tensor.detach().numpy() for key, tensor in tensors.items()}


def worst(a, b):
    return max(float(np.max(np.abs(a[key] - b[key]))) for key in a)


def test_torch_sgd_momentum_is_the_courses_with_the_rate_times_one_minus_beta():
    import torch

    expected, _ = reference_steps(Optimizer("momentum", beta=0.9), 0.01)
    mapped = torch_steps(lambda p: torch.optim.SGD(p, lr=0.01 * (1 - 0.9), momentum=0.9))
    assert worst(mapped, expected) < 1e-15
    plain = torch_steps(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9))  # v = beta v + dW: 1 / (1 - beta) x
    assert worst(plain, expected) > 1e-2
    # dampening = beta (buf = beta buf + (1 - beta) dW) is no mapping: torch skips it on the first step (buf = dW)
    damped = torch_steps(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, dampening=0.9))
    assert worst(damped, expected) > 1e-3


def test_torch_rmsprop_and_adam_put_epsilon_where_the_course_does():
    import torch

    rms = Optimizer("rmsprop", beta2=0.9, epsilon=1e-2)  # a large epsilon: its placement shows
    expected, _ = reference_steps(rms, 0.01)
    got = torch_steps(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-2))
    assert worst(got, expected) < 1e-15
    adam = Optimizer("adam", beta1=0.8, beta2=0.888, epsilon=1e-2)
    expected, _ = reference_steps(adam, 0.02)
    got = torch_steps(lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.888), eps=1e-2))
    assert worst(got, expected) < 1e-15


def optax_steps(tx, steps=3):
    import jax
    import optax

    params, grads = course_case()
    with jax.enable_x64(True):
        state = tx.init(params)
        for _ in range(steps):
            updates, state = tx.update({key: grads[f"d{key}"] for key in params}, state, params)
            params = optax.apply_updates(params, updates)
        return {key: np.asarray(value) for key, value in params.items()}


def test_optax_rmsprop_puts_epsilon_inside_the_root_by_default():
    import optax

    rms = Optimizer("rmsprop", beta2=0.9, epsilon=1e-2)
    expected, _ = reference_steps(rms, 0.01)
    mapped = optax_steps(optax.rmsprop(0.01, decay=0.9, eps=1e-2, eps_in_sqrt=False))
    assert worst(mapped, expected) < 1e-15
    default = optax_steps(optax.rmsprop(0.01, decay=0.9, eps=1e-2))  # dW / sqrt(s + epsilon)
    assert worst(default, expected) > 1e-4


def test_optax_adam_and_sgd_momentum_after_the_mapping():
    import optax

    adam = Optimizer("adam", beta1=0.8, beta2=0.888, epsilon=1e-2)
    expected, _ = reference_steps(adam, 0.02)
    assert worst(optax_steps(optax.adam(0.02, b1=0.8, b2=0.888, eps=1e-2)), expected) < 1e-15
    inside = optax_steps(optax.adam(0.02, b1=0.8, b2=0.888, eps=0.0, eps_root=1e-2))  # the other placement
    assert worst(inside, expected) > 1e-5
    expected, _ = reference_steps(Optimizer("momentum", beta=0.9), 0.01)
    assert worst(optax_steps(optax.sgd(0.01 * (1 - 0.9), momentum=0.9)), expected) < 1e-15
