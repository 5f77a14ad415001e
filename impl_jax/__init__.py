"""The same equations in JAX: manual backprop, jax.grad, and a compiled training loop, on CPU and GPU.

Modules mirror reference_numpy (activations, forward, cost, backward, update, training) with the same function
names and equation tags; autodiff.py is the jax.grad variant, config.py the x64/precision/device scopes, and
adapter.py the backends jax-manual and jax-autodiff. Importing this package changes no JAX setting: float64
runs enable x64 only inside their own calls (see impl_jax.runtime).
"""

from impl_jax.activations import ACTIVATIONS, get_activation
from impl_jax.backward import L_model_backward, cost_backward, linear_backward
from impl_jax.cost import compute_cost
from impl_jax.forward import L_model_forward, linear_activation_forward, linear_forward
from impl_jax.training import gradients, predict, train
from impl_jax.update import update_parameters

__all__ = [
    "ACTIVATIONS",
    "L_model_backward",
    "L_model_forward",
    "compute_cost",
    "cost_backward",
    "get_activation",
    "gradients",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "predict",
    "train",
    "update_parameters",
]
