"""The NumPy reference of dl-rosetta, in the course's notation. Everything else is judged against it.

The functions here check their arguments once, at entry (reference_numpy.api); the modules' own functions
(reference_numpy.forward, backward, ...) do not, and are what loops call.
"""

from reference_numpy.activations import ACTIVATIONS, get_activation
from reference_numpy.api import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    cost_backward,
    gradients,
    initialize_optimizer_state,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    optimizer_update,
    predict,
    update_parameters,
)
from reference_numpy.arithmetic import PRESETS, Arithmetic
from reference_numpy.contract import Optimizer, Schedule, TrainConfig, TrainResult
from reference_numpy.errors import DLRosettaError
from reference_numpy.gradcheck import gradient_check
from reference_numpy.initializers import METHODS, initialize_parameters
from reference_numpy.model import Model
from reference_numpy.training import accuracy, train

__all__ = [
    "ACTIVATIONS",
    "PRESETS",
    "Arithmetic",
    "DLRosettaError",
    "Optimizer",
    "Schedule",
    "TrainConfig",
    "TrainResult",
    "METHODS",
    "Model",
    "L_model_backward",
    "L_model_forward",
    "accuracy",
    "compute_cost",
    "cost_backward",
    "get_activation",
    "gradient_check",
    "gradients",
    "initialize_optimizer_state",
    "initialize_parameters",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "optimizer_update",
    "predict",
    "train",
    "update_parameters",
]
