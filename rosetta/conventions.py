"""Where the frameworks' conventions differ from the course's, and what the implementations do about it.

Each Note is shown on the generated pages under the first of its equations that the page shows, on the pages of
the models it concerns. The text is Markdown-lite: `code` and **bold** only (rosetta.pages renders it to HTML).
The claims are the ones the code makes in its docstrings and the tests check (tests/test_impl_torch.py,
tests/test_impl_jax.py); each note names the file to read for more.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    title: str
    text: str
    equations: tuple  # shown under the first of these that the page has; () for every equation: at the top
    models: tuple = ("logistic", "shallow", "deep")  # the pages it appears on


# Measured with the course presets against the core (reference_numpy.arithmetic), float64, on a 2-core Xeon,
# numpy 2.4.6 / OpenBLAS 0.3.31: the largest relative difference of any final parameter, and the accuracies.
COURSE_ARITHMETIC_MEASURED = (
    "Measured, course preset against the core, float64: week 3's nn_model on the flower (v6c seed) keeps its "
    "weights within 1.4e-14 (relative) of the core's for 7000 iterations; then the run turns chaotic, by 8000 the "
    "weights differ by about 100 %, and it ends at 90.75 % accuracy (the course's) where the core ends at 90.5 %. "
    "With the 2021 seed the weights end 1.4e-4 apart, both at 90.75 %. Week 2's model on the cat pictures, 2000 "
    "iterations: weights within 1.6e-11, costs within 4.4e-16, the same 99.04 % training accuracy. Week 4's "
    "two_layer_model, 2500 iterations: weights within 2.0e-10, costs within 4.3e-14, the same 100 %; "
    "L_layer_model, 500 iterations: weights within 3.8e-11, costs within 3.4e-16, the same 80.4 %. Where a run is "
    "not chaotic, the forms part by a few units of rounding per step; where it is, they decide the final numbers."
)

NOTES = (
    Note(
        "The course's own arithmetic: where its rounding differs from the core's (backend numpy-course)",
        "The course's code and the reference compute the same equations but round them differently: the course "
        "multiplies by the reciprocal (`1./m * np.dot(dZ, A_prev.T)`) where the core divides, writes the sigmoid as "
        "`1 / (1 + np.exp(-z))`, goes through (4) dA[L] and `sigmoid_backward` in week 4 where the core uses (5), "
        "takes tanh' from the cached A1 in week 3 and, in the week-4 application, the cost with dot products. "
        "`reference_numpy.course` computes each assignment's forms bit for bit (a preset of switches of the same "
        "core, reference_numpy/arithmetic.py), and the backend `numpy-course` runs them in `dlrosetta run` against "
        "the reference. " + COURSE_ARITHMETIC_MEASURED,
        equations=(8,),
    ),
    Note(
        "Default dtypes: float64 here, float32 in torch and JAX",
        "The reference computes in float64, NumPy's default. torch makes float32 tensors from Python floats "
        "(`torch.tensor([1.0])`, `torch.zeros(n)`: `torch.get_default_dtype()`), although `torch.tensor(a float64 "
        "array)` stays float64. JAX computes in float32 unless x64 is enabled: `jnp.asarray(a float64 array)` "
        "silently gives float32. So the adapters pass the dtype explicitly (impl_torch/runtime.py), and the JAX "
        "backends run float64 calls inside `jax.enable_x64(True)`, scoped to the call (impl_jax/runtime.py). "
        "Labels too: the course's files hold Y as integers, and `1 - Y` on uint8 wraps around, so every "
        "implementation casts Y to the float dtype first.",
        equations=(),
    ),
    Note(
        "torch.nn: the same weight layout, the batch as rows, the bias without its column",
        "`nn.Linear(n[l-1], n[l]).weight` has shape (n[l], n[l-1]), the course's layout, so W[l] is copied into it "
        "unchanged. What differs is the side the examples are on: torch.nn takes one example per row, X^T : (m, "
        "n_x), and computes Z[l]^T = A[l-1]^T W[l]^T + b[l]^T, the transpose of (1); every Z[l], A[l] it produces "
        "is (m, n[l]). Its bias is a vector (n[l],), added to every row, where the course keeps b[l] : (n[l], 1) "
        "and never squeezes it (a rank-1 array is the course's classic bug). impl_torch/nn.py converts at its "
        "boundary: `bias = b[:, 0]`, `db = bias.grad[:, None]`, `dZ = m * Z_rows.grad.T`.",
        equations=(1,),
    ),
    Note(
        "Matrix product precision: TF32 and friends",
        "On NVIDIA GPUs since Ampere, a float32 matrix product may round its inputs to TF32 (10 mantissa bits: "
        "relative error about 5e-4 instead of 6e-8). JAX's default precision does so for float32 on those GPUs "
        '(`jax.default_matmul_precision("highest")` turns it off); torch does not by default for matmuls but '
        'can be told to (`torch.backends.cuda.matmul.fp32_precision = "tf32"`, or the older '
        '`torch.set_float32_matmul_precision("high")`), and on some CPUs `"medium"` makes float32 matmuls run '
        "in bfloat16. NumPy has no such mode. The harness's strict profile pins IEEE float32 in both frameworks "
        "for each call and restores the settings; the default profile leaves the framework's choice, and the "
        "backend reports what its matmuls really used (`matmul_precision`), which picks the tolerance "
        "(conformance/tolerances.py). The run measured here was on a CPU, in the strict profile.",
        equations=(),
    ),
    Note(
        "relu'(0): the course says 0; so do torch.relu and this jnp.where, but not jnp.maximum",
        "The course's relu_backward sets dZ = 0 where Z <= 0, so relu'(0) = 0, and the manual variants write "
        "exactly that: `(Z > 0)`. Autodiff picks its own value at the kink: torch.relu's backward gives 0 (but "
        "`torch.clamp(z, min=0)` gives 1); in JAX `jnp.maximum(z, 0)` differentiates to 0.5 at z = 0, because "
        "JAX splits a tie between the two arguments, while `jax.nn.relu` has its own rule giving 0. So impl_jax "
        "writes relu as `jnp.where(Z > 0, Z, 0)`, whose derivative at 0 is 0 (impl_jax/activations.py). Z[l] is "
        "exactly 0 more often than one might think: a black picture with zero biases gives Z[1] = 0 (the "
        "harness's relu-zero case checks every backend there).",
        equations=(2, 6),
        models=("deep",),
    ),
    Note(
        "tanh'(z) = 1 - tanh(z)^2 from A[l]",
        "tanh is smooth, so there is no convention to choose: the course's dZ1 = W2^T dZ2 * (1 - A1^2) is (6) "
        "with g'(Z) = 1 - tanh(Z)^2 = 1 - A^2. The torch manual variant reuses A[l] from the forward pass for it; "
        "NumPy and JAX recompute tanh(Z); autograd and jax.grad differentiate tanh with the same formula.",
        equations=(2, 6),
        models=("shallow",),
    ),
    Note(
        "BCEWithLogitsLoss is the course's cost, computed from Z[L]",
        "`nn.BCEWithLogitsLoss()` takes the logits Z[L], not A[L], and computes y softplus(-z) + (1 - y) "
        "softplus(z) in a form that cannot overflow; its default mean reduction is the 1/m. Wherever A[L] is "
        "strictly inside (0, 1) it is the course's J up to rounding. Where the sigmoid rounds A[L] to exactly 0 or "
        "1 (z > 36.7 in float64, 16.6 in float32) the course's formula takes log(0); the reference and the manual "
        "variants switch to the same softplus form for those terms only, so every implementation stays finite "
        "and agrees (reference_numpy/cost.py). `nn.BCELoss` on A[L] would instead clamp each log at -100.",
        equations=(3,),
    ),
    Note(
        "(5) folds (4) into the sigmoid",
        "For a sigmoid output and the cross-entropy cost, dA[L] g'(Z[L]) = -(Y/A - (1-Y)/(1-A)) A (1-A) = A - Y. "
        "Every L_model_backward here uses (5) directly: it is exact algebra and stays finite where A[L] saturates, "
        "where (4) divides by 0. The manual variants keep (4) as `cost_backward` for the course's step-by-step "
        "functions; autodiff variants differentiate the cost itself and get (5) without writing it.",
        equations=(4, 5),
    ),
    Note(
        "Where the 1/m goes: the course's dZ, dA against autograd's gradients",
        "The course's dZ[l] and dA[l] are derivatives of m J: it puts the 1/m into dW[l] and db[l] only. Autograd "
        "and jax.grad differentiate J itself, so the gradient they hold for Z[l] is dZ[l] / m, while W.grad and "
        "b.grad are exactly dW[l] and db[l]. The autograd, torch.nn and autodiff variants multiply their "
        'intermediates by m (`grads[f"dZ{l}"] = m * cache[f"Z{l}"].grad`), so every implementation returns '
        "the course's quantities and the harness compares like with like.",
        equations=(5, 6, 7, 8, 9),
    ),
    Note(
        "dA[0] is the gradient with respect to X",
        "(7) at l = 1 gives dA[0] = W[1]^T dZ[1], which training never uses. The gradients call returns it (and "
        "the harness compares it); the training loops skip it (`need_dA0=False`), and the autodiff variants "
        "differentiate with respect to the parameters only when they train.",
        equations=(7,),
        models=("shallow", "deep"),
    ),
    Note(
        "db[l] is a mean over the batch that can cancel",
        "db[l] sums m terms of dZ[l] that can cancel to far below their size (db2 of the shallow model on the "
        "flower is about 1e-5, from terms near 0.5), so its rounding error follows the terms, not the result: the "
        "harness measures db[l]'s absolute tolerance in units of max |dZ[l]| (conformance/tolerances.py). Keep "
        "the column: `np.sum(dZ, axis=1, keepdims=True)`, `torch.sum(dZ, dim=1, keepdim=True)`.",
        equations=(9,),
    ),
    Note(
        "torch updates in place",
        "The torch manual and autograd variants update with `p.sub_(grad, alpha=lr)`, as `torch.optim.SGD` does "
        "(without momentum or weight decay SGD is exactly (10) and (11)): no new tensors per iteration, and W[l] - "
        "alpha dW[l] rounded once rather than twice, one rounding apart from the reference. The parameters after "
        "training therefore carry a tolerance (conformance/tolerances.py), and so does every training trajectory.",
        equations=(10, 11),
    ),
    Note(
        "A tie at 0.5 predicts 0; integer dtypes",
        "Y_hat = 1 where A[L] > 0.5, strictly, in every implementation. JAX without x64 has no int64, so its "
        "predict returns int32 and the adapter casts to int64. When an implementation's A[L] rounds to the other "
        "side of 0.5 the predictions differ: the harness counts a disagreement as explained when the reference's "
        "A[L] is within the forward tolerance of 0.5.",
        equations=(12,),
    ),
    # course 2, week 2: the frameworks' optimizers against the course's (tests/backends/test_backend_optimizers.py
    # measures each on the course's test case, 3 steps, float64)
    Note(
        "torch.optim.SGD and optax.sgd: momentum without 1 - beta, so the rate is alpha (1 - beta)",
        "Both keep `buf = beta buf + dW` (the first step sets buf = dW) and step `W - lr buf`. By induction buf = "
        "v_dW / (1 - beta), so `lr = alpha (1 - beta)` gives the course's step exactly, up to rounding (measured: "
        "0 and 0 difference after 3 steps of the course's test case); the state v_dW is (1 - beta) times torch's "
        "momentum_buffer (optax's trace). Without the rescaling the step is 10 times the course's at beta = 0.9 "
        "(8.4e-2 apart after 3 steps); torch's `dampening=beta` is no substitute, since torch skips the dampening "
        "on the first step (4.0e-2 apart). impl_torch/nn.py, impl_jax/optax_optimizers.py.",
        equations=(20,),
        models=("momentum",),
    ),
    Note(
        "optax.rmsprop puts epsilon inside the root by default",
        "The course's (23) divides by `sqrt(s) + epsilon`; torch.optim.RMSprop does the same, but optax.rmsprop "
        "computes `dW / sqrt(s + epsilon)` unless `eps_in_sqrt=False`, which the jax-autodiff variant passes. "
        "Measured on the course's test case, 3 steps: with epsilon 1e-2 the default lands 2.8e-2 from the "
        "course's parameters, with 1e-8 still 1.6e-5; with eps_in_sqrt=False, 2.2e-16 (rounding).",
        equations=(23,),
        models=("rmsprop",),
    ),
    Note(
        "Adam: epsilon outside the root, in the course, torch.optim.Adam and optax.adam",
        "The course's notebook and its 2021 tests divide by `sqrt(s_corrected) + epsilon`; torch.optim.Adam "
        "(`exp_avg_sq.sqrt() / sqrt(1 - beta2^t) + eps`) and optax.adam (`eps`, with `eps_root=0`) put it in the "
        "same place, so both are the course's up to rounding (measured: 2.8e-17 and 0 after 3 steps). Inside the "
        "root (`sqrt(s_corrected + epsilon)`, optax's eps_root) is another optimizer: 2.6e-2 apart with the test's "
        "epsilon 1e-2, and one revision of the course's public tests expects exactly those values "
        "(COURSE2_FIXTURES.md, 4.4).",
        equations=(27,),
        models=("adam",),
    ),
    Note(
        "The decay is applied after each epoch",
        "The course's model() calls the decay function after epoch i, so epochs 0 and 1 both run at alpha0 and "
        "epoch i + 1 at alpha0 / (1 + decay_rate i). Every loop here does the same "
        "(reference_numpy.optimizers.epoch_learning_rate); torch.nn sets the epoch's rate in the optimizer's "
        "param_groups, JAX computes it from the traced epoch inside the compiled loop.",
        equations=(28, 29),
        models=("gd-minibatch", "momentum", "adam"),
    ),
    Note(
        "The softmax cross-entropy: a mean here, a sum in the course's TensorFlow assignment",
        "(32) averages over the m examples, like (3), so (5) dZ[L] = A[L] - Y and the 1/m of (8), (9) carry over "
        "from the sigmoid unchanged. The week-3 assignment's `compute_total_loss` sums over a mini-batch instead: "
        "it adds the batches' totals over an epoch and divides by m once, so a smaller last batch is not weighed "
        "more (an older revision took the mean per batch). `reference_numpy.course.c2w3_softmax` has both, with "
        "the assignment's published values. `F.cross_entropy` takes logits and class numbers and averages; the "
        "reference computes log A[L] from Z[L] (log-softmax, shifted by the column maximum) for the same reason "
        "BCEWithLogitsLoss works from logits: it stays finite where A[L] underflows.",
        equations=(32,),
        models=("softmax-bn",),
    ),
    Note(
        "torch.nn.BatchNorm1d: rows, the new value's momentum, an unbiased running variance",
        "BatchNorm1d takes (m, n[l]) and normalizes each column over the rows: the transpose of the course's Z[l] : "
        "(n[l], m). Its weight and bias are gamma[l], beta[l] without their column, (n[l],). Its momentum is the "
        "weight of the NEW batch statistic (default 0.1), the course's beta the weight of the OLD average, so the "
        "torch.nn variant passes momentum = 1 - beta (0.9 -> 0.1); its eps default 1e-5 is the reference's "
        "bn_epsilon. It normalizes with the biased variance (1/m), as the course, but averages the UNBIASED one "
        "(1/(m-1)) into running_var. The variant undoes that step by step, for mini-batches of any size: after each "
        "training step it recovers the batch's unbiased variance u from two readings of running_var, u = "
        "(running_var - beta previous) / (1 - beta), and averages u (m_b - 1)/m_b as (39) does "
        "(RunningInCourseForm). It refuses a training batch of one example, as the reference does. "
        "impl_torch/nn_layers.py; the JAX variants write (34)-(39) out with jax.numpy.",
        equations=(34, 39),
        models=("softmax-bn",),
    ),
)


def notes_for(model, equations):
    """{equation: [Note]} for a page: each note of the model under the first of its equations the page shows;
    the notes about every equation under None (the top of the page)."""
    placed = {}
    for note in NOTES:
        if model not in note.models:
            continue
        shown = [n for n in note.equations if n in equations]
        if shown or not note.equations:
            placed.setdefault(shown[0] if shown else None, []).append(note)
    return placed
