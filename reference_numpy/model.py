"""The model spec: layer sizes and activations, nothing else.

Every implementation (NumPy, PyTorch, JAX) reads the same spec; none of them owns it.
"""

from dataclasses import dataclass

from reference_numpy.activations import ACTIVATIONS
from reference_numpy.errors import DLRosettaError


@dataclass(frozen=True)
class Model:
    """A fully connected network for binary or multi-class classification.

    layer_dims  : (n[0], n[1], ..., n[L]); n[0] = n_x is the number of input features, n[L] = 1 (sigmoid
                  output, binary labels) or n[L] = C >= 2 (softmax output, one-hot labels (C, m)).
    activations : (g[1], ..., g[L]); g[L] is "sigmoid" (binary cross-entropy) or "softmax" (its cross-entropy).
    leaky_slope : the slope of leaky_relu for z <= 0 (used only where an activation is "leaky_relu").
    name        : a short label for reports and test ids.
    batchnorm   : the hidden layers l (1 <= l < L) that are batch-normalized (reference_numpy.batchnorm): their
                  parameters are W[l], gamma[l], beta[l] (no b[l]).
    bn_epsilon  : the epsilon of (35), > 0 (the course gives no value; 1e-5 is PyTorch's and Keras's default).
    bn_momentum : the course's beta of the running averages (39), the weight of the OLD value, in [0, 1).
    """

    layer_dims: tuple
    activations: tuple
    leaky_slope: float = 0.01
    name: str = "custom"
    batchnorm: tuple = ()
    bn_epsilon: float = 1e-5
    bn_momentum: float = 0.9

    def __post_init__(self):
        dims = tuple(self.layer_dims)
        acts = tuple(self.activations)
        object.__setattr__(self, "layer_dims", dims)
        object.__setattr__(self, "activations", acts)
        if isinstance(self.batchnorm, (list, tuple)) and all(isinstance(l, int) for l in self.batchnorm):
            object.__setattr__(self, "batchnorm", tuple(sorted(self.batchnorm)))
        if len(dims) < 2:
            raise DLRosettaError(f"Model: layer_dims needs at least (n_x, n_y); got {dims}")
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in dims):
            raise DLRosettaError(f"Model: layer_dims must be positive integers; got {dims}")
        if len(acts) != len(dims) - 1:
            raise DLRosettaError(
                f"Model: {len(dims) - 1} layers need {len(dims) - 1} activations; got {len(acts)}: {acts}"
            )
        for i, a in enumerate(acts):
            if a not in ACTIVATIONS and not (a == "softmax" and i == len(acts) - 1):
                raise DLRosettaError(f"Model: unknown activation {a!r}; expected one of {sorted(ACTIVATIONS)}")
        check_output(dims, acts[-1])
        check_batchnorm(self, len(dims) - 1)

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
            if l in self.batchnorm:
                shapes[f"gamma{l}"] = shapes[f"beta{l}"] = (self.layer_dims[l], 1)
            else:
                shapes[f"b{l}"] = (self.layer_dims[l], 1)
        return shapes

    @property
    def C(self):
        """The number of classes: 2 for a sigmoid output, n[L] for a softmax output."""
        return self.layer_dims[-1] if self.activations[-1] == "softmax" else 2

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

    @classmethod
    def softmax(cls, layer_dims, hidden="relu", batchnorm=(), **options):
        """Week 3 of course 2: (L-1) x [LINEAR -> hidden] then LINEAR -> SOFTMAX over n[L] = C classes."""
        dims = tuple(layer_dims)
        acts = (hidden,) * (len(dims) - 2) + ("softmax",)
        return cls(dims, acts, name=options.pop("name", "softmax"), batchnorm=tuple(batchnorm), **options)

    def describe(self):
        """A one-line human description, e.g. 'deep 12288-20-7-5-1 relu,relu,relu,sigmoid'."""
        text = f"{self.name} {'-'.join(map(str, self.layer_dims))} {','.join(self.activations)}"
        return text + (f" bn{','.join(map(str, self.batchnorm))}" if self.batchnorm else "")


def check_output(dims, output):
    """sigmoid over n[L] = 1 unit, or softmax over n[L] = C >= 2 classes."""
    if output == "sigmoid" and dims[-1] != 1:
        raise DLRosettaError(
            f"Model: a sigmoid output layer has n[L] = 1 unit (binary labels); got {dims} (use 'softmax' for C classes)"
        )
    if output == "softmax" and dims[-1] < 2:
        raise DLRosettaError(f"Model: a softmax output layer needs n[L] = C >= 2 classes; got {dims}")
    if output not in ("sigmoid", "softmax"):
        raise DLRosettaError(
            f"Model: the output activation must be 'sigmoid' (binary cross-entropy) or 'softmax' (its categorical "
            f"cross-entropy); got {output!r}"
        )


def check_batchnorm(model, L):
    """batchnorm: distinct hidden layers 1..L-1; bn_epsilon > 0; bn_momentum in [0, 1)."""
    layers = model.batchnorm
    if not isinstance(layers, tuple) or not all(isinstance(l, int) and not isinstance(l, bool) for l in layers):
        raise DLRosettaError(f"Model: batchnorm must be a tuple of layer numbers; got {layers!r}")
    if L in layers:
        raise DLRosettaError(
            f"Model: batch normalization is for hidden layers 1..{L - 1}; the output layer {L} feeds the "
            f"cost and is not normalized (got batchnorm={layers})"
        )
    if any(l < 1 or l >= L for l in layers) or len(set(layers)) != len(layers):
        raise DLRosettaError(f"Model: batchnorm must list distinct hidden layers in 1..{L - 1}; got {layers}")
    eps, beta = model.bn_epsilon, model.bn_momentum
    if not isinstance(eps, (int, float)) or isinstance(eps, bool) or not eps > 0 or eps == float("inf"):
        raise DLRosettaError(
            f"Model: bn_epsilon must be a finite number > 0 (it keeps sqrt(sigma2 + eps) > 0); got {eps!r}"
        )
    if not isinstance(beta, (int, float)) or isinstance(beta, bool) or not 0 <= beta < 1:
        raise DLRosettaError(
            f"Model: bn_momentum (the course's beta, weight of the old average) must be in [0, 1); got {beta!r}"
        )
