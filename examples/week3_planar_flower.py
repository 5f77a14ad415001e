# %% [markdown]
# # Week 3: a shallow network on the planar flower, in NumPy, PyTorch and JAX
#
# The course's second assignment separates the red and blue petals of a "flower" of 400 points, which no
# straight line can do, with one hidden layer of 4 tanh units. Here the same network is trained with the NumPy
# reference, with PyTorch and with JAX, from the same initial parameters, and the harness checks that every
# tensor agrees.
#
# A plain Python script in jupytext's "percent" format: run it with `python examples/week3_planar_flower.py`
# from the repository's root, or open it as a notebook (each `# %%` is a cell). `DLROSETTA_EXAMPLES_FAST=1`
# runs a few iterations only; `DLROSETTA_EXAMPLES_OUT` says where the harness writes its records and report.

# %%
import os
from dataclasses import asdict

import pandas as pd

import reports
from conformance.compare import compare
from conformance.divergences import load_divergences
from conformance.fingerprint import fingerprint
from conformance.matrix import RunConfig, run_matrix
from conformance.records import RECORD_FIELDS, write_run
from conformance.registry import get_backend
from conformance.tolerances import tolerance
from reference_numpy import Model, TrainConfig, accuracy, initialize_parameters, predict, train
from reference_numpy.datasets import get_dataset

FAST = os.environ.get("DLROSETTA_EXAMPLES_FAST") == "1"
ITERATIONS = 10 if FAST else 10000  # the course's nn_model runs 10000 iterations
RECORD_EVERY = 5 if FAST else 1000
LEARNING_RATE = 1.2  # the course's
OUT = os.environ.get("DLROSETTA_EXAMPLES_OUT", "results-week3")
pd.set_option("display.width", 160)

# %% [markdown]
# ## The data
#
# The flower is generated exactly as the course's `load_planar_dataset` does (its seed, its order of random
# draws), so X and Y are the course's to the bit: X : (2, 400), one point per column, Y : (1, 400).

# %%
data = get_dataset("planar")
print(data.description)
X, Y = data.X_train, data.Y_train
print("X", X.shape, " Y", Y.shape, " red/blue:", int((Y == 0).sum()), int((Y == 1).sum()))

# %% [markdown]
# ## The NumPy reference
#
# `Model.shallow(2, 4)`: 2 inputs, 4 tanh units, 1 sigmoid output. "course-week3" is the course's
# `initialize_parameters` (small random weights, seed 2, zero biases).

# %%
model = Model.shallow(X.shape[0], 4, hidden="tanh")
params0 = initialize_parameters(model, "course-week3")
params, costs = train(params0, X, Y, model, LEARNING_RATE, ITERATIONS, record_every=RECORD_EVERY)
print(model.describe())
print(f"cost at iteration 0: {costs[0]:.6f}, at iteration {(len(costs) - 1) * RECORD_EVERY}: {costs[-1]:.6f}")
print(f"train accuracy: {accuracy(predict(params, X, model), Y):.2%}")

# %% [markdown]
# ## The same network in PyTorch and JAX
#
# Five more backends, each from `params0`: torch written out, torch autograd, torch.nn (an `nn.Sequential` of
# `nn.Linear` and `nn.Tanh`), JAX written out, JAX with `jax.grad`. `dlrosetta explain 6` shows the line of
# each that computes dZ[1] = dA[1] * tanh'(Z[1]), the step where the course writes `(1 - np.power(A1, 2))`.

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
# First the cost curves: each backend's relative difference from the reference at every record point. In the
# course's full run they agree to about 1e-13 up to iteration 7000, then part ways by 1e-4: from iteration
# ~7750 this run is chaotic, and rounding differences of 1e-16 grow without bound. The harness knows it as a
# known divergence, data with a reason (conformance/known_divergences.toml):

# %%
relative = cost_table.sub(cost_table["numpy"], axis=0).abs().div(cost_table["numpy"], axis=0)
print(relative.drop(columns="numpy").to_string(float_format=lambda v: f"{v:.1e}"))
chaos = next(d for d in load_divergences() if d.id == "planar-chaos")
print(f"{chaos.id} (training runs of {chaos.min_iterations} iterations or more): {chaos.reason}")

# %% [markdown]
# Then the final parameters of each backend against the reference's, with the harness's comparison and its
# float64 tolerance for parameters after training (at most 1 of the tolerance used passes). After the chaotic
# stretch they differ by far more than rounding, and the table says which known divergence explains it.

# %%
rows = []
for name, (p, _) in trained.items():
    checks = [compare(key, p[key], params[key], tolerance("parameters", "float64")) for key in params]
    worst = max(checks, key=lambda c: c.fraction_used)
    passes = all(c.passed for c in checks)
    rows.append(
        {
            "backend": name,
            "worst key": worst.key,
            "max abs error": worst.max_abs_error,
            "fraction of tolerance used": worst.fraction_used,
            "passes": passes,
            "known divergence": chaos.id if not passes and ITERATIONS >= chaos.min_iterations else "",
            "train accuracy": accuracy(predict(p, X, model), Y),
        }
    )
print(pd.DataFrame(rows).to_string(index=False))

# %% [markdown]
# ## The harness: every tensor, every backend, float64 and float32
#
# The harness's "shallow" case is this network on the flower, from the same initializer. `run_matrix` compares
# every Z[l], A[l], dZ[l], dW[l], db[l], dA[l-1], the cost, the predictions and a short training run (float64
# only in the fast mode) and writes one record per comparison; `reports` makes tables of them.

# %%
config = RunConfig(
    models=("shallow",),
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
# db2 is the tensor to watch on this model: it is the mean of 400 terms near 0.5 that cancel to about 1e-5,
# so its tolerance is measured in units of max |dZ2| rather than of db2 itself (conformance/tolerances.py).

# %%
table = reports.quantity_table(df)
print(table[table["phase"] == "backward"].to_string(index=False))

# %% [markdown]
# The full report, with plots, in Markdown and HTML:

# %%
print(reports.write_reports(OUT))
