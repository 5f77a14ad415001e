"""Tag parity and name parity: the implementations say the same equations in the same places.

Each check returns a list of problems (sentences naming the file, line or function and what was expected); an
empty list means the code agrees. tests/test_tags.py runs them on the installed source and on doctored copies.

- tag_problems: every tag has the exact text of its equation (reference_numpy/equations.py), optionally followed
  by ' : by <mechanism>', and stands directly above a code line; every equation is tagged in the reference;
  every manual implementation tags, in each function the reference tags, the same equations (no missing, no
  extra, no ': by' marks: a manual variant writes the equation out); every autodiff variant covers every
  equation it computes, by its own tags or through the manual modules it shares, and tags the backward
  equations (5) to (9) itself, written out or marked as done by its framework.
- name_problems: impl_torch and impl_jax have the reference's mirrored modules, with the same public function
  names (apart from the few listed in NOT_MIRRORED, each with its reason) and the same activation table.
"""

from collections import defaultdict

from reference_numpy.equations import EQUATIONS
from rosetta.tags import IMPLEMENTATIONS, MIRRORED, NOT_COMPUTED

REFERENCE = IMPLEMENTATIONS[0]
# The equations an autodiff variant's framework computes for it: it must tag each one itself.
BACKWARD = (5, 6, 7, 8, 9)

# Public functions of the reference that the frameworks do not mirror, and why.
NOT_MIRRORED = {
    ("training", "check_schedule"): "checks plain Python arguments; every adapter calls the reference's",
    ("training", "record_points"): "a list of Python ints; impl_torch imports the reference's, and impl_jax's "
    "compiled loop needs only their count, a static shape",
    ("training", "accuracy"): "compares NumPy predictions, which every adapter returns",
}


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
        for function in sorted(set(expected) | set(found), key=str):
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


# ---- names ---------------------------------------------------------------------------------------------------


def public_functions(module):
    """The public functions a module defines (not imported), in order."""
    return [name for name in module.functions if not name.startswith("_")]


def name_problems(rosetta):
    """impl_torch and impl_jax mirror the reference's modules: the same public function names, the same table."""
    problems = []
    for impl in IMPLEMENTATIONS[1:]:
        if not impl.manual:
            continue
        for module in MIRRORED:
            reference = rosetta.modules[f"reference_numpy.{module}"]
            own = rosetta.modules[mirror(impl, module)]
            missing = [
                name
                for name in public_functions(reference)
                if name not in own.refs and (module, name) not in NOT_MIRRORED  # defined there, not imported
            ]
            if missing:
                problems.append(
                    f"{own.source.display} lacks {', '.join(missing)}, which "
                    f"{reference.source.display} defines (same names in every framework)"
                )
            for table, keys in reference.tables.items():  # ACTIVATIONS: the same activations everywhere
                theirs = own.tables.get(table)
                if theirs is None:
                    problems.append(f"{own.source.display}: no {table} table, which {reference.source.display} has")
                elif sorted(theirs) != sorted(keys):
                    problems.append(
                        f"{own.source.display}: {table} has {sorted(theirs)}; "
                        f"{reference.source.display} has {sorted(keys)}"
                    )
    for (module, name), _reason in NOT_MIRRORED.items():
        if name not in public_functions(rosetta.modules[f"reference_numpy.{module}"]):
            problems.append(f"NOT_MIRRORED lists reference_numpy.{module}.{name}, which is gone: remove it")
    return problems
