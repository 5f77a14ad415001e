"""The dropout masks: (15) drawn once, in NumPy, by the reference, and handed to every backend (TrainConfig.masks),
as initial parameters are; and the checks of what a caller hands in (regularization strength, keep_prob, the layers
dropped, the masks' keys, shapes and values), made once at each entry point.
"""

import dataclasses
import math

import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.minibatches import batch_bounds

# How the masks are drawn, each from an explicit RandomState:
# "fresh":  one RandomState(seed) for the whole run, step after step, layer after layer (new masks every step);
# "course": the course's forward_propagation_with_dropout, which calls np.random.seed(1) at every call and draws
#           rand(n[l], m) in layer order: a RandomState(seed) per step, so every step has the same masks.
MASK_MODES = ("fresh", "course")
COURSE_DROPOUT_SEED = 1


def draw_masks(model, m, keep_prob, dropout_layers, num_steps, seed=COURSE_DROPOUT_SEED, mode="fresh",
               dtype="float64"):  # fmt: skip
    """The dropout masks of a training run: a tuple of num_steps dicts {"D<l>": (n[l], m) 0/1 arrays of dtype}
    for l in dropout_layers (hidden layers, 1..L-1), drawn with rand(n[l], m) < keep_prob in layer order.

    mode "fresh" draws every step's masks from one RandomState(seed); "course" reseeds at every step (the same
    dict for every step, as the course's training draws the same masks every iteration).
    """
    where = "draw_masks"
    check_dropout(model, keep_prob, dropout_layers, where)
    if mode not in MASK_MODES:
        raise DLRosettaError(f"{where}: mode must be one of {MASK_MODES}; got {mode!r}")
    for name, value, low in (("m", m, 1), ("num_steps", num_steps, 0), ("seed", seed, 0)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
            raise DLRosettaError(f"{where}: {name} must be an integer >= {low}; got {value!r}")

    def one_step(rs):
        masks = {}
        for l in sorted(dropout_layers):
            # (15) D[l] = 1{rand(A[l].shape) < keep_prob}
            D = (rs.rand(model.layer_dims[l], m) < keep_prob).astype(dtype)
            masks[f"D{l}"] = D
        return masks

    if mode == "course":
        step = one_step(np.random.RandomState(seed))
        return (step,) * num_steps
    rs = np.random.RandomState(seed)
    return tuple(one_step(rs) for _ in range(num_steps))


# ---- checks, once at each entry point ------------------------------------------------------------------------


def check_lambd(lambd, where):
    if not isinstance(lambd, (int, float, np.floating)) or isinstance(lambd, bool) or not math.isfinite(lambd):
        raise DLRosettaError(f"{where}: lambd must be a finite number >= 0 (the L2 strength); got {lambd!r}")
    if lambd < 0:
        raise DLRosettaError(f"{where}: lambd must be >= 0 (the L2 strength); got {lambd!r}")


def check_keep_prob(keep_prob, where):
    ok = isinstance(keep_prob, (int, float, np.floating)) and not isinstance(keep_prob, bool)
    if not ok or not math.isfinite(keep_prob) or not 0 < keep_prob <= 1:
        raise DLRosettaError(f"{where}: keep_prob must be a number in (0, 1] (1: no dropout); got {keep_prob!r}")


def check_dropout(model, keep_prob, dropout_layers, where):
    """keep_prob in (0, 1]; dropout_layers hidden layers of the model (1..L-1), each at most once."""
    check_keep_prob(keep_prob, where)
    layers = tuple(dropout_layers)
    hidden = tuple(range(1, model.L))
    for l in layers:
        if not isinstance(l, (int, np.integer)) or isinstance(l, bool):
            raise DLRosettaError(f"{where}: dropout_layers must hold layer numbers; got {l!r} in {layers}")
        if l == model.L:
            raise DLRosettaError(
                f"{where}: dropout on the output layer {l} is not allowed (the course drops hidden units only); "
                f"expected layers among {hidden}"
            )
        if l not in hidden:
            raise DLRosettaError(f"{where}: layer {l} is not a hidden layer of {model.describe()}; expected {hidden}")
    if len(set(layers)) != len(layers):
        raise DLRosettaError(f"{where}: dropout_layers names a layer twice: {layers}")


def check_masks(masks, model, m, dtype, where, dropout_layers=None):
    """One step's masks: a dict {"D<l>": (n[l], m) array of 0/1 in dtype} for hidden layers l (those of
    dropout_layers where given). Returns it (None stays None)."""
    if masks is None:
        return None
    if not isinstance(masks, dict):
        raise DLRosettaError(f"{where}: masks must be a dict {{'D1': (n[1], m) array, ...}}; got {type(masks)}")
    layers = []
    for key in masks:
        if not (isinstance(key, str) and key.startswith("D") and key[1:].isdigit()):
            raise DLRosettaError(f"{where}: mask key {key!r}; expected 'D<l>' for a hidden layer l, e.g. 'D1'")
        layers.append(int(key[1:]))
    check_dropout(model, 1.0, layers, where)
    if dropout_layers is not None and sorted(layers) != sorted(dropout_layers):
        expected = [f"D{l}" for l in sorted(dropout_layers)]
        raise DLRosettaError(f"{where}: masks have the keys {sorted(masks)}; expected {expected} (dropout_layers)")
    for key, D in masks.items():
        n = model.layer_dims[int(key[1:])]
        if not isinstance(D, np.ndarray) or D.shape != (n, m):
            shape = getattr(D, "shape", type(D).__name__)
            raise DLRosettaError(f"{where}: mask {key} has shape {shape}; expected ({n}, {m}) (n[l], m)")
        if D.dtype.kind != "f":
            raise DLRosettaError(f"{where}: mask {key} is {D.dtype}; expected a float array of 0/1 (the data's dtype)")
        if not np.all((D == 0) | (D == 1)):
            raise DLRosettaError(f"{where}: mask {key} must hold only 0 and 1; got {D[(D != 0) & (D != 1)][0]!r}")
    return masks


def check_step(model, m, dtype, where, lambd=0.0, masks=None, keep_prob=1.0):
    """One forward/cost/gradients call's regularization: lambd >= 0, keep_prob in (0, 1], masks for hidden layers
    of shape (n[l], m), 0/1 floats; returns the masks cast to dtype (or None). Masks with keep_prob 1 are refused."""
    check_lambd(lambd, where)
    check_keep_prob(keep_prob, where)
    check_week3_alone(model, where, lambd, 1.0 if masks is None else keep_prob)
    masks = check_masks(masks, model, m, dtype, where)
    if masks and keep_prob == 1:
        raise DLRosettaError(f"{where}: masks given with keep_prob = 1; expected keep_prob in (0, 1) with masks")
    return {key: D.astype(dtype, copy=False) for key, D in masks.items()} if masks else None


def check_week3_alone(model, where, lambd=0.0, keep_prob=1.0):
    """A softmax output or batch normalization (course 2, week 3) trains without L2 or dropout, for now: every
    backend refuses the combination by name. Both train with every optimizer, mini-batches and a decaying rate."""
    if model.activations[-1] != "softmax" and not model.batchnorm:
        return
    if lambd > 0 or keep_prob < 1:
        raise DLRosettaError(
            f"{where}: a softmax output or batch normalization ({model.describe()}) is not supported with L2 or "
            f"dropout yet; got lambd={lambd}, keep_prob={keep_prob}"
        )


def step_kwargs(lambd=0.0, masks=None, keep_prob=1.0):
    """The regularization keywords that are not the defaults: {} for a plain call, which then calls the variant's
    function exactly as before regularization existed."""
    kwargs = {} if lambd == 0 else {"lambd": lambd}
    return kwargs | ({} if masks is None else {"masks": masks, "keep_prob": keep_prob})


def check_config(config, model, m, dtype, where):
    """A TrainConfig's regularization against the model and data: dropout_layers hidden layers, one mask dict per
    step with the keys D<l> of dropout_layers, each (n[l], m) of 0/1 floats. Returns the config with its masks cast
    to dtype (a dict repeated, as the course's mode repeats one, is checked and cast once)."""
    reg = config.regularization
    check_dropout(model, reg.keep_prob, reg.dropout_layers, where)
    check_week3_alone(model, where, reg.lambd, reg.keep_prob)
    sizes = [b - a for a, b in batch_bounds(m, config.batch_size)] if model.batchnorm else [m]
    if min(sizes) == 1 < m:  # a batch-normalized mini-batch of one example
        which = "last " if sizes[0] > 1 else ""
        raise DLRosettaError(
            f"{where}: batch normalization with batch_size={config.batch_size} on m={m} examples leaves a {which}"
            "mini-batch of 1 example (sigma^2 = 0: Z_norm = 0 whatever Z); choose a batch size that leaves at least 2"
        )
    if config.masks is None:
        return config
    done = {}
    for i, step in enumerate(config.masks):
        if id(step) not in done:
            check_masks(step, model, m, dtype, f"{where}: masks[{i}]", reg.dropout_layers)
            done[id(step)] = {key: D.astype(dtype, copy=False) for key, D in step.items()}
    return dataclasses.replace(config, masks=tuple(done[id(step)] for step in config.masks))
