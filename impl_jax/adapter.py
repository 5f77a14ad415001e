"""The JAX backends behind the backend contract (NumPy in, NumPy out): jax-manual and jax-autodiff.

One base class does the plumbing for both variants: input checks and the deliberate cast (the reference's
prepare_inputs), the x64 and matmul-precision scopes (impl_jax.runtime), placement on the device, the call of
a jitted function, and the way back to NumPy with a dtype check. A variant only names its two functions:
`gradients` (every intermediate) and `step_fn` (the training step's cost and gradients).

Settings are scoped to each call and restored afterwards; nothing here changes JAX's global configuration.
"""

import contextlib

import jax
import numpy as np

from impl_jax import autodiff, runtime, training
from reference_numpy.errors import DLRosettaError
from reference_numpy.training import check_schedule
from reference_numpy.validation import as_float_dtype, check_profile, prepare_inputs

VARIANTS = ("manual", "autodiff")


def available_devices():
    """["cpu"], plus "cuda" where JAX sees a GPU."""
    return runtime.available_devices()


class JaxBackend:
    framework = "jax"
    variant = None  # set by the subclasses
    gradients_fn = None  # jitted (parameters, X, Y, model) -> every gradient and intermediate
    step_fn = None  # (parameters, X, Y, model) -> (J, {"dWl", "dbl"}), traced into the training loop

    def __init__(self, device="cpu", dtype="float64", profile="strict", jit=True):
        where = f"jax-{self.variant} backend"
        self.dtype = as_float_dtype(dtype, where).name
        self.profile = check_profile(profile, where)
        self._device = runtime.find_device(device, where)
        self.device = runtime.DEVICE_ALIASES[device]  # "gpu" is reported as "cuda", the harness's name
        self.name = f"jax-{self.variant}"
        self.jit = bool(jit)
        self.matmul_precision = runtime.matmul_precision(self._device, self.dtype, self.profile)

    def __repr__(self):
        return f"<{self.name} {self.device} {self.dtype} {self.profile}{'' if self.jit else ' jit=False'}>"

    @contextlib.contextmanager
    def scope(self):
        """x64 (float64 only), matmul precision (strict only), default device, and jit=False if asked."""
        with contextlib.ExitStack() as stack:
            stack.enter_context(runtime.x64_scope(self.dtype))
            stack.enter_context(runtime.precision_scope(self.profile))
            stack.enter_context(jax.default_device(self._device))
            if not self.jit:
                stack.enter_context(jax.disable_jit())
            yield

    # ---- NumPy <-> JAX ------------------------------------------------------------------------------------

    def _to_device(self, arrays, where):
        """NumPy arrays (already cast by prepare_inputs) -> jax arrays on the device, of exactly self.dtype."""
        out = jax.device_put(arrays, self._device)
        for array in jax.tree.leaves(out):
            self._check_dtype(array, where)
        return out

    def _to_numpy(self, tree, where):
        out = jax.tree.map(np.asarray, jax.device_get(tree))
        for array in jax.tree.leaves(out):
            self._check_dtype(array, where)
        return out

    def _check_dtype(self, array, where):
        if array.dtype != self.dtype:
            raise DLRosettaError(
                f"{where}: JAX produced {array.dtype} where {self.dtype} was asked for; float64 needs x64 "
                f"(jax.enable_x64), which could not be enabled here"
            )

    def _inputs(self, params, X, model, where, Y=None):
        params, X, Y = prepare_inputs(params, X, model, self.dtype, where, Y=Y)
        params, X = self._to_device((params, X), where)
        return params, X, (None if Y is None else self._to_device(Y, where))

    # ---- the contract -------------------------------------------------------------------------------------

    def forward(self, params, X, model):
        where = f"{self.name}.forward"
        with self.scope():
            params, X, _ = self._inputs(params, X, model, where)
            return self._to_numpy(training.forward(params, X, model), where)

    def cost(self, params, X, Y, model):
        where = f"{self.name}.cost"
        with self.scope():
            params, X, Y = self._inputs(params, X, model, where, Y=Y)
            return float(self._to_numpy(training.cost(params, X, Y, model), where))

    def gradients(self, params, X, Y, model):
        where = f"{self.name}.gradients"
        with self.scope():
            params, X, Y = self._inputs(params, X, model, where, Y=Y)
            return self._to_numpy(self.gradients_fn(params, X, Y, model), where)

    def train(self, params, X, Y, model, learning_rate, num_iterations, record_every=100):
        where = f"{self.name}.train"
        with self.scope():
            params, X, Y = self._inputs(params, X, model, where, Y=Y)
            check_schedule(learning_rate, num_iterations, record_every, where)
            # the parameters on the device are ours (made from the caller's NumPy arrays): donate them
            params, costs = training.train(
                params, X, Y, model, float(learning_rate), int(num_iterations), int(record_every),
                step_fn=self.step_fn, donate=True,
            )  # fmt: skip
            return self._to_numpy(params, where), self._to_numpy(costs, where)

    def predict(self, params, X, model):
        where = f"{self.name}.predict"
        with self.scope():
            params, X, _ = self._inputs(params, X, model, where)
            return np.asarray(training.predict(params, X, model), dtype=np.int64)


class ManualBackend(JaxBackend):
    """Forward, cost, backward and update written out with jax.numpy, equation by equation."""

    variant = "manual"
    gradients_fn = staticmethod(training.gradients)
    step_fn = staticmethod(training.cost_and_gradients)


class AutodiffBackend(JaxBackend):
    """Forward and cost written out; gradients and the intermediates dZ, dA by jax.grad."""

    variant = "autodiff"
    gradients_fn = staticmethod(autodiff.gradients)
    step_fn = staticmethod(autodiff.cost_and_gradients)


BACKENDS = {"manual": ManualBackend, "autodiff": AutodiffBackend}


def make_backend(variant, device="cpu", dtype="float64", profile="strict", jit=True):
    """A JAX backend; jit=False runs the same functions un-jitted (inside jax.disable_jit())."""
    if variant not in BACKENDS:
        raise DLRosettaError(f"jax backend: variant must be one of {VARIANTS}; got {variant!r}")
    return BACKENDS[variant](device=device, dtype=dtype, profile=profile, jit=jit)
