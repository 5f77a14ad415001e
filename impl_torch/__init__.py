"""The same equations in PyTorch: manual backprop, autograd, and idiomatic torch.nn, on CPU and CUDA.

Modules mirror reference_numpy (activations, forward, cost, backward, update, training) with the same function
names and equation tags, on torch tensors in the course's layout; together they are the manual variant.
autograd.py takes the gradients from J.backward(), nn.py is the network as a PyTorch user writes it (nn.Linear,
nn.BCEWithLogitsLoss, torch.optim.SGD), device.py holds devices, dtypes and the precision profiles, and
adapter.py the backends torch-manual, torch-autograd and torch-nn. Importing this package changes no torch
setting: the strict profile sets its flags only inside each adapter call and restores them.
"""

from impl_torch.activations import ACTIVATIONS, get_activation
from impl_torch.backward import L_model_backward, cost_backward, linear_backward
from impl_torch.cost import compute_cost
from impl_torch.forward import L_model_forward, linear_activation_forward, linear_forward
from impl_torch.training import gradients, predict, train
from impl_torch.update import update_parameters

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
