"""The model spec: layer sizes and activations, nothing else.

Every implementation (NumPy, PyTorch, JAX) reads the same spec; none of them owns it.
"""

from dataclasses import dataclass

from reference_numpy.activations import ACTIVATIONS
from reference_numpy.errors import DLRosettaError


@dataclass(frozen=True)
class Model:
    """A fully connected network for binary classification.

    layer_dims  : (n[0], n[1], ..., n[L]); n[0] = n_x is the number of input features, n[L] = 1.
    activations : (g[1], ..., g[L]); g[L] must be "sigmoid" because the cost is binary cross-entropy.
    leaky_slope : the slope of leaky_relu for z <= 0 (used only where an activation is "leaky_relu").
    name        : a short label for reports and test ids.
    """

    layer_dims: tuple
    activations: tuple
    leaky_slope: float = 0.01
    name: str = "custom"

    def __post_init__(self):
        dims = tuple(self.layer_dims)
        acts = tuple(self.activations)
        object.__setattr__(self, "layer_dims", dims)
        object.__setattr__(self, "activations", acts)
        if len(dims) < 2:
            raise DLRosettaError(f"Model: layer_dims needs at least (n_x, n_y); got {dims}")
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in dims):
            raise DLRosettaError(f"Model: layer_dims must be positive integers; got {dims}")
        if dims[-1] != 1:
            raise DLRosettaError(f"Model: the output layer must have n[L] = 1 unit (binary labels); got {dims}")
        if len(acts) != len(dims) - 1:
            raise DLRosettaError(
                f"Model: {len(dims) - 1} layers need {len(dims) - 1} activations; got {len(acts)}: {acts}"
            )
        for a in acts:
            if a not in ACTIVATIONS:
                raise DLRosettaError(f"Model: unknown activation {a!r}; expected one of {sorted(ACTIVATIONS)}")
        if acts[-1] != "sigmoid":
            raise DLRosettaError(
                f"Model: the output activation must be 'sigmoid' (the cost is binary cross-entropy); got {acts[-1]!r}"
            )

    @property
    def L(self):
        """Number of layers with parameters (the input layer is not counted)."""
        return len(self.layer_dims) - 1

    @property
    def n_x(self):
        return self.layer_dims[0]

    def parameter_shapes(self):
        """{"W1": (n[1], n[0]), "b1": (n[1], 1), ...} in layer order."""
        shapes = {}
        for l in range(1, self.L + 1):
            shapes[f"W{l}"] = (self.layer_dims[l], self.layer_dims[l - 1])
            shapes[f"b{l}"] = (self.layer_dims[l], 1)
        return shapes

    @classmethod
    def logistic(cls, n_x):
        """Week 2: logistic regression, a single sigmoid unit (w is W1.T, b is b1)."""
        return cls((n_x, 1), ("sigmoid",), name="logistic")

    @classmethod
    def shallow(cls, n_x, n_h=4, hidden="tanh"):
        """Week 3: one hidden layer of n_h units (tanh by default), sigmoid output."""
        return cls((n_x, n_h, 1), (hidden, "sigmoid"), name="shallow")

    @classmethod
    def deep(cls, layer_dims, hidden="relu"):
        """Week 4: (L-1) x [LINEAR -> hidden] then LINEAR -> SIGMOID."""
        dims = tuple(layer_dims)
        return cls(dims, (hidden,) * (len(dims) - 2) + ("sigmoid",), name="deep")

    def describe(self):
        """A one-line human description, e.g. 'deep 12288-20-7-5-1 relu,relu,relu,sigmoid'."""
        return f"{self.name} {'-'.join(map(str, self.layer_dims))} {','.join(self.activations)}"
