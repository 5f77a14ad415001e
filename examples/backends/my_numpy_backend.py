"""A backend written outside dl-rosetta, checked by it:
`dlrosetta run --backend-module examples/backends/my_numpy_backend.py`.

This is the template for your own framework (TensorFlow, MLX, tinygrad, ...): a module with BACKENDS, a dict of
factories, each building an object with the contract's attributes and five calls, NumPy in and NumPy out. It
imports nothing from dl-rosetta: the model arrives as an object with `L`, `activations` and `leaky_slope`, the
parameters as a dict {"W1", "b1", ...} of float64 arrays, X as (n_x, m) and Y as (1, m).
"""

import numpy as np

G = {  # activation -> (g, g'(z)); relu'(0) = 0 as in the course
    "sigmoid": (lambda z, s: 1 / (1 + np.exp(-z)), lambda z, s: (1 / (1 + np.exp(-z))) * (1 - 1 / (1 + np.exp(-z)))),
    "tanh": (lambda z, s: np.tanh(z), lambda z, s: 1 - np.tanh(z) ** 2),
    "relu": (lambda z, s: np.maximum(z, 0), lambda z, s: (z > 0).astype(z.dtype)),
    "leaky_relu": (lambda z, s: np.where(z > 0, z, s * z), lambda z, s: np.where(z > 0, 1.0, s).astype(z.dtype)),
    "identity": (lambda z, s: z, lambda z, s: np.ones_like(z)),
}


class MyNumpyBackend:
    framework, variant = "my-numpy", "plain"

    def __init__(self, device="cpu", dtype="float64", profile="strict"):
        if device != "cpu" or dtype not in ("float32", "float64"):
            raise ValueError(f"my-numpy runs on the cpu in float32 or float64; got {device}, {dtype}")
        self.name, self.device, self.dtype, self.profile = "my-numpy", device, dtype, profile

    def _cast(self, params, X, Y=None):
        t = np.dtype(self.dtype)
        params = {k: np.asarray(v, dtype=t) for k, v in params.items()}
        return params, np.asarray(X, dtype=t), None if Y is None else np.asarray(Y, dtype=t)

    def _forward(self, params, X, model):
        cache, A = {"A0": X}, X
        for l in range(1, model.L + 1):
            Z = params[f"W{l}"] @ A + params[f"b{l}"]
            A = G[model.activations[l - 1]][0](Z, model.leaky_slope)
            cache[f"Z{l}"], cache[f"A{l}"] = Z, A
        return cache

    def forward(self, params, X, model):
        params, X, _ = self._cast(params, X)
        cache = self._forward(params, X, model)
        return {k: v for k, v in cache.items() if k != "A0"}

    def _cost(self, AL, Y):
        m = Y.shape[1]
        return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)

    def cost(self, params, X, Y, model):
        params, X, Y = self._cast(params, X, Y)
        return self._cost(self._forward(params, X, model)[f"A{model.L}"], Y)

    def _gradients(self, params, X, Y, model):
        cache, grads, m, L = self._forward(params, X, model), {}, X.shape[1], model.L
        dZ = cache[f"A{L}"] - Y
        for l in range(L, 0, -1):
            if l < L:
                dZ = grads[f"dA{l}"] * G[model.activations[l - 1]][1](cache[f"Z{l}"], model.leaky_slope)
            grads[f"dZ{l}"] = dZ
            grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T / m
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
            grads[f"dA{l - 1}"] = params[f"W{l}"].T @ dZ
        return grads

    def gradients(self, params, X, Y, model):
        return self._gradients(*self._cast(params, X, Y), model)

    def train(self, params, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
        if hasattr(config, "learning_rate"):  # a TrainConfig
            lr, num_iterations, record_every = config.learning_rate, config.num_iterations, config.record_every
        else:  # the legacy form: learning_rate, num_iterations, record_every
            lr = config if config is not None else learning_rate
        params, X, Y = self._cast(params, X, Y)
        costs = []
        for i in range(num_iterations):
            if i % record_every == 0:
                costs.append(self._cost(self._forward(params, X, model)[f"A{model.L}"], Y))
            grads = self._gradients(params, X, Y, model)
            params = {k: v - lr * grads["d" + k] for k, v in params.items()}
        return params, np.array(costs, dtype=self.dtype)

    def predict(self, params, X, model):
        params, X, _ = self._cast(params, X)
        return (self._forward(params, X, model)[f"A{model.L}"] > 0.5).astype(np.int64)


BACKENDS = {"my-numpy": MyNumpyBackend}


def available_devices():
    return ["cpu"]
