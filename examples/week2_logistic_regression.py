# %% [markdown]
# # Week 2: logistic regression on the cat pictures, in NumPy, PyTorch and JAX
#
# The course's first assignment trains a single sigmoid unit to tell cat pictures from the rest. Here the same
# model is trained three ways from the same initial parameters: with the NumPy reference (the course's
# equations, written out), with PyTorch and with JAX. Then the conformance harness checks, tensor by tensor,
# that they computed the same numbers.
#
# This file is a plain Python script in jupytext's "percent" format: run it with
# `python examples/week2_logistic_regression.py` from the repository's root, or open it as a notebook in
# Jupyter or VS Code, where each `# %%` starts a cell. `DLROSETTA_EXAMPLES_FAST=1` runs a few iterations only
# (the tests do that); `DLROSETTA_EXAMPLES_OUT` says where the harness writes its records and report.

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
ITERATIONS = 10 if FAST else 2000  # the course trains for 2000 iterations
RECORD_EVERY = 5 if FAST else 100
LEARNING_RATE = 0.005  # the course's
OUT = os.environ.get("DLROSETTA_EXAMPLES_OUT", "results-week2")
pd.set_option("display.width", 160)

# %% [markdown]
# ## The data
#
# `get_dataset("auto")` reads the course's `train_catvnoncat.h5` and `test_catvnoncat.h5` from the folder
# named by `$DLROSETTA_DATA` (or `./datasets`). Without them it generates synthetic 64 x 64 pictures in the
# same layout, so everything below runs anywhere. Each picture becomes one column of X, as in the course.

# %%
data = get_dataset("auto")
print(data.description)
X, Y = data.X_train, data.Y_train  # X : (12288, m) in [0, 1], Y : (1, m) of 0/1
print("X", X.shape, " Y", Y.shape, " X_test", data.X_test.shape)

# %% [markdown]
# ## The NumPy reference
#
# Logistic regression is the one-layer case of the course's network: W1 : (1, 12288) is the course's w^T and
# b1 : (1, 1) its b. The course starts from zeros (`initialize_with_zeros`), which is the initializer mode
# "course-week2". `train` is the course's loop: forward, cost, backward, update.

# %%
model = Model.logistic(X.shape[0])
params0 = initialize_parameters(model, "course-week2")
params, costs = train(params0, X, Y, model, LEARNING_RATE, ITERATIONS, record_every=RECORD_EVERY)
print(f"cost at iteration 0: {costs[0]:.6f}, at iteration {(len(costs) - 1) * RECORD_EVERY}: {costs[-1]:.6f}")

# %% [markdown]
# ## The same model in PyTorch and JAX
#
# Each backend takes NumPy arrays and returns NumPy arrays (the harness's contract); inside, the code is plain
# torch or jax on tensors: impl_torch/training.py (written out), impl_torch/autodiff.py (`J.backward()`),
# impl_torch/nn.py (`nn.Linear`, `BCEWithLogitsLoss`, `torch.optim.SGD`), impl_jax/training.py (written out)
# and impl_jax/autodiff.py (`jax.grad`). All of them start from the same `params0`. To see which line of
# each computes, say, dW: `dlrosetta explain dW`.

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
# `conformance.compare.compare` is the harness's comparison: the reference is the desired value, and the
# tolerance (conformance/tolerances.py) says how far rounding alone can move a float64 parameter after
# training. A fraction of the tolerance used at most 1 passes.

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
# ## The harness: every tensor, every backend, float64 and float32
#
# `run_matrix` runs the harness's "logistic" case (this model and data, started from small random weights:
# from zeros every Z would be 0, too weak a test) on every backend in float64 and float32 (float64 only in the
# fast mode). It compares Z and A, the cost, dZ, dW, db and dA, the predictions, and a short training run, each
# against the float64 reference, and writes one record per comparison. `reports` turns them into tables.

# %%
config = RunConfig(
    models=("logistic",),
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
# Which tensor comes closest to its tolerance, and on which backend:

# %%
print(reports.quantity_table(df).to_string(index=False))

# %% [markdown]
# The full report (Markdown and HTML, with plots) is one call away; open `report.html` in a browser.

# %%
print(reports.write_reports(OUT))
