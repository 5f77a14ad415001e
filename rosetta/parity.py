"""Tag parity and name parity: the implementations say the same equations in the same places.

Each check returns a list of problems (sentences naming the file, line or function and what was expected); an
empty list means the code agrees. tests/test_tags.py runs them on the installed source and on doctored copies.

- tag_problems: every tag has the exact text of its equation (reference_numpy/equations.py), optionally followed
  by ' : by <mechanism>', and stands directly above a code line; every equation is tagged in the reference;
  every manual implementation tags, in each function the reference tags, the same equations (no missing, no
  extra, no ': by' marks: a manual variant writes the equation out); every autodiff variant covers every
  equation it computes, by its own tags or through the manual modules it shares, and tags the backward
  equations (5) to (9) itself, written out or marked as done by its framework.
- mirror_problems: impl_torch and impl_jax have the reference's mirrored files (the equation modules, adapter,
  bench) and share a framework-only pair (autodiff, runtime), with the same public functions and the same
  positional parameters and defaults (read with ast), the same activation table, and backend classes with the
  same contract methods; what differs is listed in NOT_MIRRORED or EXTRAS, each with its reason.
"""

import ast
from collections import defaultdict

from reference_numpy.equations import EQUATIONS
from reference_numpy.errors import DLRosettaError
from rosetta.tags import IMPLEMENTATIONS, MIRRORED, NOT_COMPUTED, read_source

REFERENCE = IMPLEMENTATIONS[0]
# The equations an autodiff variant's framework computes for it: it must tag each one itself.
BACKWARD = (5, 6, 7, 8, 9)


def mirror(impl, module):
    """The module of a manual implementation that mirrors reference_numpy.<module>, e.g. "impl_jax.cost"."""
    return next(m for m in impl.modules if m.endswith(f".{module}"))


def _listed(numbers):
    return " ".join(f"({n})" for n in sorted(numbers))


def _by_function(tags):
    """{function name: {equation numbers tagged in it}} (None for module level)."""
    out = defaultdict(set)
    for tag in tags:
        out[tag.function].add(tag.number)
    return out


def reference_problems(rosetta):
    """The reference writes every equation out, once somewhere, and marks none ': by'."""
    tags = rosetta.own_tags(REFERENCE)
    problems = [
        f"{t.path}:{t.line}: the reference writes every equation out; remove ' : by {t.mechanism}'"
        for t in tags
        if t.mechanism
    ]
    missing = set(EQUATIONS) - {t.number for t in tags}
    if missing:
        problems.append(f"reference_numpy: no tag for {_listed(missing)}; every equation is tagged in the reference")
    return problems


def manual_problems(rosetta, impl):
    """A manual implementation: in each mirrored module and function, the reference's tags, written out."""
    problems = []
    for module in MIRRORED:
        reference_tags = rosetta.modules[f"reference_numpy.{module}"].tags
        own = rosetta.modules[mirror(impl, module)]
        own_tags, path = own.tags, own.source.display
        for t in own_tags:
            if t.mechanism:
                problems.append(
                    f"{t.path}:{t.line}: a manual implementation writes ({t.number}) out; "
                    f"' : by {t.mechanism}' belongs in an autodiff variant"
                )
        expected, found = _by_function(reference_tags), _by_function(own_tags)
        package = own.source.module.split(".")[0]
        for function in sorted(set(expected) | set(found), key=str):
            if function and _excepted(package, module, function, NOT_MIRRORED):
                continue  # not mirrored there, with its reason
            missing = expected.get(function, set()) - found.get(function, set())
            extra = found.get(function, set()) - expected.get(function, set())
            where = f"{path}: {function}()" if function else f"{path}: module level"
            if missing:
                problems.append(
                    f"{where} lacks the tag(s) {_listed(missing)} that reference_numpy.{module}."
                    f"{function} has above the same step"
                )
            if extra:
                problems.append(
                    f"{where} has tag(s) {_listed(extra)} that reference_numpy.{module}.{function} does not have there"
                )
    return problems


def autodiff_problems(rosetta, impl):
    """An autodiff variant covers every equation it computes and tags the backward ones itself."""
    own = {t.number for t in rosetta.own_tags(impl)}
    shared = {t.number for t in rosetta.tags(impl.shares)}
    problems = []
    missing_backward = set(BACKWARD) - own
    if missing_backward:
        problems.append(
            f"{impl.name} ({', '.join(impl.modules)}): no tag for {_listed(missing_backward)}; mark what "
            "the framework computes, e.g. '# (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd'"
        )
    uncovered = set(EQUATIONS) - own - shared - set(NOT_COMPUTED)
    if uncovered:
        problems.append(
            f"{impl.name}: {_listed(uncovered)} neither tagged in {', '.join(impl.modules)} nor in the "
            f"modules it shares ({', '.join(impl.shares) or 'none'})"
        )
    return problems


def tag_problems(rosetta):
    """Every tag problem of every implementation: [] when the tags agree."""
    problems = rosetta.problems() + reference_problems(rosetta)
    for impl in IMPLEMENTATIONS[1:]:
        problems += manual_problems(rosetta, impl) if impl.manual else autodiff_problems(rosetta, impl)
    return problems


# ---- the mirror: files, public names, signatures -------------------------------------------------------------

MIRRORED_FILES = MIRRORED + ("adapter", "bench")
FRAMEWORK_PAIR = ("autodiff", "runtime")  # framework-only files, the same in both frameworks
FRAMEWORKS = ("impl_torch", "impl_jax")
BACKEND_CLASSES = {"reference_numpy": "NumpyBackend", "impl_torch": "TorchBackend", "impl_jax": "JaxBackend"}
CONTRACT_METHODS = ("forward", "cost", "gradients", "train", "predict", "prepare", "scope")

# Parameters of the reference's functions that the frameworks do not take, and why: a name for every function,
# (module, function, name) for one.
REFERENCE_ONLY_PARAMETERS = {
    "arithmetic": "the course's arithmetic presets (reference_numpy.arithmetic) are the reference's: the "
    "frameworks compute in one form, compared with the reference's core",
    ("backward", "activation_backward", "A"): "A[l], read only under a course preset that takes g' from A (arithmetic)",
}

# Public functions of the reference that a framework does not mirror, and why: (module, name) for both,
# (package, module, name) for one.
NOT_MIRRORED = {
    ("training", "record_points"): "a list of Python ints; impl_torch imports the reference's, and impl_jax's "
    "compiled loop needs only their count, a static shape",
    ("training", "accuracy"): "compares NumPy predictions, which every adapter returns",
    ("activations", "activation_pair"): "the one table lookup, which every framework's get_activation calls",
    ("activations", "overridden"): "patches the reference's table for the learner checker; no framework needs it",
    ("regularization", "l2_active"): "a test on a Python number (is lambd a plain 0?), which the frameworks import",
    ("softmax", "labels_of"): "one-hot NumPy labels back to class numbers, for accuracy on NumPy predictions",
    ("batchnorm", "check_batch"): "the batch-size check before any arithmetic: the frameworks import the reference's",
    ("batchnorm", "parameter_layout"): "key bookkeeping of a parameters dict, imported by every framework's update",
    ("impl_jax", "update", "update_parameters_in_place"): "JAX arrays are immutable: the compiled loop reuses "
    "buffers by donation instead (training.train_loop_donating)",
}

# Public functions a framework has beyond the reference (or, in the framework pair, beyond the other framework).
EXTRAS = {
    ("impl_jax", "backward", "transposed"): "W[l]^T as an explicit copy, so XLA's CPU dot matches NumPy's rounding",
    ("impl_jax", "training", "model_cost"): "the unjitted J that jax.grad differentiates (cost is its jitted form)",
    ("impl_jax", "training", "cost_and_gradients"): "the manual variant's step, traced into the compiled loop",
    ("impl_jax", "training", "train_loop"): "the compiled loop (one XLA while loop) that train calls",
    ("impl_jax", "training", "train_loop_donating"): "the same loop reusing the parameters' buffers",
    ("impl_jax", "training", "step_regularization"): "one step's L2 and dropout keywords inside the compiled loop",
    ("impl_jax", "training", "regularization_tree"): "L2 and the stacked dropout masks as the compiled loop's pytree",
    ("impl_jax", "bench", "compiled_flops"): "XLA's own flop count of a compiled step; only JAX has one",
    ("impl_torch", "training", "cost_record"): "the costs preallocated on the device, shared by the three loops",
    ("impl_torch", "autodiff", "leaves"): "fresh leaf tensors for autograd; JAX differentiates functions",
    ("impl_torch", "autodiff", "train"): "torch's eager loop around J.backward(); the JAX variant trains through "
    "training.train with this module's step (impl_jax.autodiff.cost_and_gradients)",
    ("impl_jax", "autodiff", "cost_and_gradients"): "the autodiff variant's step, traced into training.train's loop",
    ("impl_torch", "runtime", "to_torch"): "NumPy -> tensor on a device; JAX's device_put needs no helper",
    ("impl_torch", "runtime", "to_numpy"): "tensor -> NumPy, detached and on the CPU",
    ("impl_torch", "runtime", "classify_probe"): "reads the probe product's sums (matmul_precision measures)",
    ("impl_torch", "runtime", "probe_matmul_precision"): "the probe product itself: torch's CPU bf16 needs it",
    ("impl_torch", "runtime", "synchronize"): "waits for a CUDA device; JAX's block_until_ready is per array",
    ("impl_jax", "runtime", "x64_scope"): "float64 needs JAX's x64 switch; torch has float64 always",
    # course 2, week 2: the mini-batch loops
    ("impl_torch", "training", "train_epochs"): "the epochs of mini-batches with any optimizer, shared by the "
    "manual and autograd variants (the reference's is private: one variant)",
    ("impl_torch", "training", "permutation_tensors"): "the reference's permutations as one tensor on the device",
    ("impl_torch", "training", "cost_and_gradients"): "the manual variant's step, which train_epochs calls",
    ("impl_jax", "training", "epochs_loop"): "the compiled epochs of mini-batches (lax.scan) that train calls",
    ("impl_jax", "training", "epochs_loop_donating"): "the same loop reusing the parameters' buffers",
}


def signature(node, drop=()):
    """((name, default source or None), ...) of a def's positional parameters, without those in `drop`."""
    args = node.args.posonlyargs + node.args.args
    defaults = [None] * (len(args) - len(node.args.defaults)) + [ast.unparse(d) for d in node.args.defaults]
    return tuple((a.arg, d) for a, d in zip(args, defaults, strict=True) if a.arg not in drop)


def _shown(name, sig):
    return name + "(" + ", ".join(p if d is None else f"{p}={d}" for p, d in sig) + ")"


def _wrapped(value, defs):
    """The def a top-level assignment wraps: cost = jax.jit(model_cost, ...) -> model_cost's node."""
    if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name):
        return defs.get(value.args[0].id)
    return None


def _dropped(module, function):
    """The reference's own parameters of reference_numpy.<module>.<function>, left out of the comparison."""
    return {
        key if isinstance(key, str) else key[2]
        for key in REFERENCE_ONLY_PARAMETERS
        if isinstance(key, str) or key[:2] == (module, function)
    }


def public(tree, module=None):
    """{name: signature} of the public top-level functions a module defines (defs, and lower-case names assigned
    a wrapped def such as jax.jit(f)); {Class.method: signature} for public classes' public methods. With
    `module` (the reference's), its own parameters (REFERENCE_ONLY_PARAMETERS) are left out."""

    def drop(function):
        return _dropped(module, function) if module else ()

    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            out[node.name] = signature(node, drop(node.name))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            wrapped = _wrapped(node.value, defs)
            if not name.startswith("_") and name.islower() and wrapped is not None:
                out[name] = signature(wrapped, drop(name))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    out[f"{node.name}.{item.name}"] = signature(item, drop(item.name))[1:]  # without self
    return out


def tables(tree):
    """{name: sorted keys} of top-level dict literals with string keys (the ACTIVATIONS table)."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and len(node.targets) == 1:
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            if keys and isinstance(node.targets[0], ast.Name):
                out[node.targets[0].id] = sorted(keys)
    return out


class _Files:
    """Parsed source files, read once: the installed ones, or the doctored copies in `overrides`."""

    def __init__(self, overrides):
        self.overrides, self.trees, self.problems = overrides or {}, {}, []

    def tree(self, module):
        if module not in self.trees:
            try:
                self.trees[module] = ast.parse(read_source(module, self.overrides.get(module)).text)
            except (DLRosettaError, OSError, SyntaxError) as exc:
                self.problems.append(f"{module.replace('.', '/')}.py: no such file or not parseable ({exc})")
                self.trees[module] = None
        return self.trees[module]


def _classes(functions, package):
    """The contract methods of the backend class, as {method: signature}, and the rest without classes."""
    cls = BACKEND_CLASSES[package]
    methods = {k.split(".", 1)[1]: v for k, v in functions.items() if k.startswith(f"{cls}.")}
    plain = {k: v for k, v in functions.items() if "." not in k}
    return methods, plain


def _excepted(package, module, name, table):
    return (package, module, name) in table or (module, name) in table


def _compare(problems, path, theirs_path, own, theirs, package, module, *, other_extras=None):
    """own vs theirs (the reference, or the other framework): missing names, differing signatures, extras."""
    for name, sig in theirs.items():
        if other_extras is not None and (other_extras, module, name) in EXTRAS:
            continue
        if other_extras is None and _excepted(package, module, name, NOT_MIRRORED):
            continue
        if name not in own:
            problems.append(f"{path} lacks {_shown(name, sig)}, which {theirs_path} defines")
        elif own[name] != sig:
            problems.append(f"{path}: {_shown(name, own[name])} but {theirs_path} has {_shown(name, sig)}")
    for name in own.keys() - theirs.keys():
        if (package, module, name) not in EXTRAS:
            problems.append(
                f"{path}: {name} is not in {theirs_path}: add it there, or to EXTRAS in rosetta/parity.py with a reason"
            )


def mirror_problems(overrides=None):
    """Every way impl_torch and impl_jax fail to mirror the reference (and each other): [] when they agree.

    overrides: {module name: path} reads those files instead of the installed ones (the tests' doctored copies).
    """
    files = _Files(overrides)
    problems = []
    for module in MIRRORED_FILES:
        ref_tree = files.tree(f"reference_numpy.{module}")
        if ref_tree is None:
            continue
        ref_path = f"reference_numpy/{module}.py"
        ref = public(ref_tree, module)
        for package in FRAMEWORKS:
            tree = files.tree(f"{package}.{module}")
            if tree is None:
                continue
            path = f"{package}/{module}.py"
            own, theirs = public(tree), ref
            if module == "adapter":
                ref_methods, theirs = _classes(ref, "reference_numpy")
                own_methods, own = _classes(own, package)
                for method in CONTRACT_METHODS:
                    a, b = own_methods.get(method), ref_methods.get(method)
                    if a != b:
                        problems.append(
                            f"{path}: {BACKEND_CLASSES[package]}.{_shown(method, a or ())}"
                            f"{' is missing' if a is None else ''} but {ref_path} has "
                            f"{BACKEND_CLASSES['reference_numpy']}.{_shown(method, b or ())}"
                        )
            _compare(problems, path, ref_path, own, theirs, package, module)
            for table, keys in tables(ref_tree).items():  # ACTIVATIONS: the same activations everywhere
                theirs = tables(tree).get(table)
                if theirs is None:
                    problems.append(f"{path}: no {table} table, which {ref_path} has")
                elif theirs != keys:
                    problems.append(f"{path}: {table} has {theirs}; {ref_path} has {keys}")
    for module in FRAMEWORK_PAIR:
        trees = {package: files.tree(f"{package}.{module}") for package in FRAMEWORKS}
        if None in trees.values():
            continue
        (a, b) = FRAMEWORKS
        own, theirs = public(trees[a]), public(trees[b])
        _compare(problems, f"{a}/{module}.py", f"{b}/{module}.py", own, theirs, a, module, other_extras=b)
    problems += _stale_entries(files)
    return files.problems + problems


def _stale_entries(files):
    """Every NOT_MIRRORED and EXTRAS entry still names a function that exists."""
    problems = []
    for key in NOT_MIRRORED:
        module, name = key[-2:]
        packages = [key[0]] if len(key) == 3 else ["reference_numpy"]
        tree = files.tree(f"reference_numpy.{module}")
        if tree is None or name not in public(tree):
            problems.append(f"NOT_MIRRORED lists reference_numpy.{module}.{name}, which is gone: remove it")
        elif len(key) == 3 and name in public(files.tree(f"{packages[0]}.{module}") or ast.Module([], [])):
            problems.append(f"NOT_MIRRORED lists {'.'.join(key)}, which exists now: remove the entry")
    for package, module, name in EXTRAS:
        tree = files.tree(f"{package}.{module}")
        if tree is not None and name not in public(tree):
            problems.append(f"EXTRAS lists {package}.{module}.{name}, which is gone: remove it")
    return problems
