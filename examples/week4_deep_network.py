# %% [markdown]
# # Week 4: a deep network for cat pictures, in NumPy, PyTorch and JAX
#
# The course's application assignment trains a 4-layer network, 12288-20-7-5-1 (relu, relu, relu, sigmoid),
# on the cat/non-cat pictures. Here it is trained with the NumPy reference, with PyTorch and with JAX from the
# same initial parameters, and the harness checks every tensor of every layer.
#
# A plain Python script in jupytext's "percent" format: run it with `python examples/week4_deep_network.py`
# from the repository's root, or open it as a notebook (each `# %%` is a cell). `DLROSETTA_EXAMPLES_FAST=1`
# runs a few iterations only; `DLROSETTA_EXAMPLES_OUT` says where the harness writes its records and report.

# %%
import os
from dataclasses import asdict

import pandas as pd

import reports
from conformance.compare import compare
from conformance.fingerprint import fingerprint
from conformance.matrix import RunConfig, run_matrix
from conformance.records import RECORD_FIELDS, write_run
from conformance.registry import get_backend
from conformance.tolerances import tolerance
from reference_numpy import Model, TrainConfig, accuracy, initialize_parameters, predict, train
from reference_numpy.datasets import get_dataset

FAST = os.environ.get("DLROSETTA_EXAMPLES_FAST") == "1"
ITERATIONS = 10 if FAST else 2500  # the course's L_layer_model runs 2500 iterations
RECORD_EVERY = 5 if FAST else 100
LEARNING_RATE = 0.0075  # the course's
OUT = os.environ.get("DLROSETTA_EXAMPLES_OUT", "results-week4")
pd.set_option("display.width", 160)

# %% [markdown]
# ## The data
#
# The course's `train_catvnoncat.h5` and `test_catvnoncat.h5` where `$DLROSETTA_DATA` (or `./datasets`) has
# them, else synthetic 64 x 64 pictures in the same layout: X : (12288, 209), one picture per column.

# %%
data = get_dataset("auto")
print(data.description)
X, Y = data.X_train, data.Y_train
print("X", X.shape, " Y", Y.shape, " X_test", data.X_test.shape)

# %% [markdown]
# ## The NumPy reference
#
# "course-app-deep" is the application's `initialize_parameters_deep`: W[l] ~ N(0, 1) / sqrt(n[l-1]) with
# seed 1, so the initial weights are the course's to the bit. (Run `dlrosetta train` for the course's printout.)

# %%
model = Model.deep((X.shape[0], 20, 7, 5, 1), hidden="relu")
params0 = initialize_parameters(model, "course-app-deep")
params, costs = train(params0, X, Y, model, LEARNING_RATE, ITERATIONS, record_every=RECORD_EVERY)
print(model.describe())
print(f"cost at iteration 0: {costs[0]:.6f}, at iteration {(len(costs) - 1) * RECORD_EVERY}: {costs[-1]:.6f}")

# %% [markdown]
# ## The same network in PyTorch and JAX
#
# From the same `params0`, five more backends. The one thing to watch in a relu network is relu'(0): the course
# says 0, torch.relu's backward agrees, and JAX's `jnp.maximum(z, 0)` would say 0.5, which is why impl_jax
# writes relu with `jnp.where` (`dlrosetta explain 6`, and docs/deep.md).

# %%
BACKENDS = ["torch-manual", "torch-autograd", "torch-nn", "jax-manual", "jax-autodiff"]
trained = {"numpy": (params, costs)}
# one training configuration for every backend (the contract: README, "Design notes")
train_config = TrainConfig(LEARNING_RATE, ITERATIONS, RECORD_EVERY)
for name in BACKENDS:
    trained[name] = get_backend(name).train(params0, X, Y, model, train_config)

iterations = pd.Index(range(0, ITERATIONS, RECORD_EVERY), name="iteration")
cost_table = pd.DataFrame({name: c for name, (_, c) in trained.items()}, index=iterations)
print(cost_table.tail(5).to_string(float_format=lambda v: f"{v:.12f}"))

# %% [markdown]
# ## Do they agree? A few records by hand
#
# The final parameters of each backend against the reference's (float64 tolerance for parameters after
# training; at most 1 of it used passes), and the accuracies the course prints.

# %%
rows = []
for name, (p, _) in trained.items():
    checks = [compare(key, p[key], params[key], tolerance("parameters", "float64")) for key in params]
    worst = max(checks, key=lambda c: c.fraction_used)
    rows.append(
        {
            "backend": name,
            "worst key": worst.key,
            "max abs error": worst.max_abs_error,
            "fraction of tolerance used": worst.fraction_used,
            "passes": all(c.passed for c in checks),
            "train accuracy": accuracy(predict(p, X, model), Y),
            "test accuracy": accuracy(predict(p, data.X_test, model), data.Y_test),
        }
    )
print(pd.DataFrame(rows).to_string(index=False))

# %% [markdown]
# ## The harness: every tensor of every layer, float64 and float32
#
# The harness's "deep" case is this network, data and initializer. `run_matrix` compares Z1..Z4, A1..A4, the
# cost, dZ4 down to dA0, the predictions and a short training run on every backend (float64 only in the fast
# mode). A float32 run of this model drifts from float64 after a few hundred iterations, because its cost
# oscillates at the course's learning rate: conformance/known_divergences.toml says so, with numbers.

# %%
config = RunConfig(
    models=("deep",),
    data="auto",
    dtypes=("float64",) if FAST else ("float64", "float32"),
    iterations=min(ITERATIONS, 100),
    record_every=min(RECORD_EVERY, 10),
)
records = run_matrix(config)
write_run(OUT, records, RECORD_FIELDS, {"config": asdict(config), "fingerprint": fingerprint()})
df = reports.load(OUT)
summary = reports.cell_summary(df)
print(summary[["backend", "dtype", "records", "status", "worst_fraction_used", "worst_key"]].to_string(index=False))

# %% [markdown]
# Layer by layer, the worst fraction of its tolerance each tensor used, over every backend:

# %%
print(reports.quantity_table(df).to_string(index=False))

# %% [markdown]
# The full report, with plots, in Markdown and HTML:

# %%
print(reports.write_reports(OUT))
