"""The JAX backends behind the backend contract (NumPy in, NumPy out): jax-manual and jax-autodiff.

Each variant is a record of five functions on jax arrays (reference_numpy.contract.Variant); they differ in
their gradients and in the training step (`step_fn`) traced into the compiled loop. One adapter does the
plumbing for both: input checks and the deliberate cast (prepare), the x64 and matmul-precision scopes (scope,
impl_jax.runtime), placement on the device, and the way back to NumPy with a dtype check.

Settings are scoped to each call and restored afterwards; nothing here changes JAX's global configuration.
"""

import contextlib
from functools import partial

import jax
import numpy as np

from impl_jax import autodiff, runtime, training
from reference_numpy.contract import TrainResult, Variant, as_train_config
from reference_numpy.errors import DLRosettaError
from reference_numpy.masks import check_config, check_step, step_kwargs
from reference_numpy.validation import as_float_dtype, check_profile, check_running, prepare_inputs

# (parameters, X, Y, model) -> (J, {"dWl", "dbl"}): each variant's training step, traced into the loop
STEPS = {"manual": training.cost_and_gradients, "autodiff": autodiff.cost_and_gradients}
# each variant's optimizers: written out (impl_jax.optimizers), or optax's (impl_jax.optax_optimizers)
FAMILIES = {"manual": "manual", "autodiff": "optax"}
GRADIENTS = {"manual": training.gradients, "autodiff": autodiff.gradients}
VARIANTS = {
    name: Variant(
        name,
        training.forward,
        training.cost,
        GRADIENTS[name],
        partial(training.train, step_fn=step, family=FAMILIES[name]),
        training.predict,
    )
    for name, step in STEPS.items()
}


def available_devices():
    """["cpu"], plus "cuda" where JAX sees a GPU."""
    return runtime.available_devices()


class JaxBackend:
    """One variant's five functions (self.functions) behind the contract, on one device, dtype and profile."""

    framework = "jax"

    def __init__(self, variant, device="cpu", dtype="float64", profile="strict", *, jit=True):
        if variant not in VARIANTS:
            raise DLRosettaError(f"jax backend: variant must be one of {tuple(VARIANTS)}; got {variant!r}")
        where = f"jax-{variant} backend"
        self.functions = VARIANTS[variant]
        self.variant = variant
        self.step_fn = STEPS[variant]  # the training step (the benchmark compiles and measures it)
        self.dtype = as_float_dtype(dtype, where).name
        self.profile = check_profile(profile, where)
        self.device_handle = runtime.resolve_device(device, where)  # the jax.Device
        self.device = runtime.DEVICE_ALIASES[device]  # "gpu" is reported as "cuda", the harness's name
        self.name = f"jax-{variant}"
        self.jit = bool(jit)
        self.matmul_precision = runtime.matmul_precision(self.device_handle, self.dtype, self.profile)

    def __repr__(self):
        return f"<{self.name} {self.device} {self.dtype} {self.profile}{'' if self.jit else ' jit=False'}>"

    @contextlib.contextmanager
    def scope(self):
        """x64 (float64 only), matmul precision (strict only), default device, and jit=False if asked."""
        with contextlib.ExitStack() as stack:
            stack.enter_context(runtime.x64_scope(self.dtype))
            stack.enter_context(runtime.precision_scope(self.profile, self.device_handle))
            stack.enter_context(jax.default_device(self.device_handle))
            if not self.jit:
                stack.enter_context(jax.disable_jit())
            yield

    def prepare(self, params, X, model, Y=None, *, call="prepare"):
        """Check and cast (NumPy), then place on the device: (parameters, X, Y) as jax arrays (Y may be None).
        Call it inside scope() (float64 needs x64)."""
        where = f"{self.name}.{call}"
        params, X, Y = prepare_inputs(params, X, model, self.dtype, where, Y=Y)
        params, X = self._to_device((params, X), where)
        return params, X, (None if Y is None else self._to_device(Y, where))

    # ---- NumPy <-> JAX ------------------------------------------------------------------------------------

    def _to_device(self, arrays, where):
        """NumPy arrays (already cast by prepare_inputs) -> jax arrays on the device, of exactly self.dtype."""
        out = jax.device_put(arrays, self.device_handle)
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

    # ---- the contract -------------------------------------------------------------------------------------

    def forward(self, params, X, model, *, masks=None, keep_prob=1.0, running=None):
        with self.scope():
            params, X, _ = self.prepare(params, X, model, call="forward")
            reg = self._regularization(model, X, "forward", 0.0, masks, keep_prob)
            running = self._running(running, model, "forward")
            out = self.functions.forward(params, X, model, **reg, **_given(running))
            return self._to_numpy(out, f"{self.name}.forward")

    def cost(self, params, X, Y, model, *, lambd=0.0, masks=None, keep_prob=1.0):
        with self.scope():
            params, X, Y = self.prepare(params, X, model, Y, call="cost")
            reg = self._regularization(model, X, "cost", lambd, masks, keep_prob)
            return float(self._to_numpy(self.functions.cost(params, X, Y, model, **reg), f"{self.name}.cost"))

    def gradients(self, params, X, Y, model, *, lambd=0.0, masks=None, keep_prob=1.0):
        with self.scope():
            params, X, Y = self.prepare(params, X, model, Y, call="gradients")
            reg = self._regularization(model, X, "gradients", lambd, masks, keep_prob)
            return self._to_numpy(self.functions.gradients(params, X, Y, model, **reg), f"{self.name}.gradients")

    def _regularization(self, model, X, call, lambd, masks, keep_prob):
        """The checked L2 and dropout keywords, only those that are not the defaults (so an unregularized call
        compiles and computes as before), masks on the device."""
        where = f"{self.name}.{call}"
        masks = check_step(model, X.shape[1], self.dtype, where, lambd, masks, keep_prob)
        return step_kwargs(lambd, None if masks is None else self._to_device(masks, where), keep_prob)

    def train(self, params, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
        where = f"{self.name}.train"
        with self.scope():
            params, X, Y = self.prepare(params, X, model, Y, call="train")
            config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where=where)
            config = check_config(config, model, X.shape[1], self.dtype, where)
            # the parameters on the device are ours (made from the caller's NumPy arrays): donate them
            result = self.functions.train(params, X, Y, model, config, donate=True)
            return TrainResult(
                self._to_numpy(result.parameters, where),
                self._to_numpy(result.costs, where),
                self._to_numpy(result.state, where),
            )

    def predict(self, params, X, model, *, running=None):
        with self.scope():
            params, X, _ = self.prepare(params, X, model, call="predict")
            running = self._running(running, model, "predict")
            return np.asarray(self.functions.predict(params, X, model, **_given(running)), dtype=np.int64)

    def _running(self, running, model, call):
        """Checked running statistics on the device, or None. Call it inside scope()."""
        where = f"{self.name}.{call}"
        running = check_running(running, model, self.dtype, where)
        return None if running is None else self._to_device(running, where)


def _given(running):
    """{"running": running} where given, else {}: a variant's functions without batch norm keep their arguments."""
    return {} if running is None else {"running": running}


def make_backend(variant, device="cpu", dtype="float64", profile="strict", *, jit=True):
    """A JAX backend; jit=False runs the same functions un-jitted (inside jax.disable_jit())."""
    return JaxBackend(variant, device=device, dtype=dtype, profile=profile, jit=jit)
