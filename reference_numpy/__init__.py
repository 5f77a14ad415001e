"""The NumPy reference of dl-rosetta, in the course's notation. Everything else is judged against it."""

from reference_numpy.activations import ACTIVATIONS, get_activation
from reference_numpy.backward import L_model_backward, cost_backward, linear_backward
from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward, linear_activation_forward, linear_forward
from reference_numpy.gradcheck import gradient_check
from reference_numpy.initializers import METHODS, initialize_parameters
from reference_numpy.model import Model
from reference_numpy.training import accuracy, gradients, predict, train
from reference_numpy.update import update_parameters

__all__ = [
    "ACTIVATIONS",
    "DLRosettaError",
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
    "initialize_parameters",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "predict",
    "train",
    "update_parameters",
]
