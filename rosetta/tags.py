"""The equation-to-code Rosetta: which lines of which implementation write which equation, read from the tags.

A tag is a comment `# (N) <text>` on its own line, directly above the statement that implements equation N
(reference_numpy/equations.py has the twelve texts). An autodiff variant marks an equation its framework computes
for it with `# (N) <text> : by <mechanism>` above the call that does it (`J.backward()`, `jax.grad(...)`).

Everything here reads the installed source files at runtime (rosetta.source: importlib finds each package's
folder without importing torch or jax, tokenize finds the comments, ast finds the statements and functions). No
copy of the code is kept anywhere, so what `dlrosetta explain` and the generated pages show is what runs.

    rosetta()                                 the installed source, parsed once: a Rosetta
    rosetta().lines(8, impl)                  [Entry] of an implementation for equation (8)
    rosetta().function_entries(name, impl)    [Entry] inside a function and what it calls, by name
    Rosetta.from_sources({module: path})      the same from other files (the tests' doctored copies)
"""

from dataclasses import dataclass
from functools import cache

from conformance.registry import EQUATION_MODULES, TAGGED_SPECS
from rosetta.source import (
    Snippet,
    Tag,
    parse_module,
    read_source,
    source_file,  # noqa: F401 (tests and rosetta's users find it here, as before)
)

# The implementations whose code carries the tags, and the modules every framework mirrors: conformance.registry's
# manifest (each spec's modules, the manual variant's modules it shares, whether it writes out every equation).
MIRRORED = EQUATION_MODULES
IMPLEMENTATIONS = TAGGED_SPECS
IMPLEMENTATIONS_BY_NAME = {impl.name: impl for impl in IMPLEMENTATIONS}

# Equations a variant may leave out, and why. (4) is the chain form of the output layer's gradient: every
# L_model_backward uses (5) instead, and only the manual variants keep (4), as cost_backward, for the course's
# step-by-step functions.
NOT_COMPUTED = {
    4: "not computed: (5) dZ[L] = A[L] - Y gives the output layer's gradient directly; only the manual variants "
    "keep (4), as cost_backward, for the course's step-by-step functions",
    15: "drawn by the reference only (reference_numpy.masks.draw_masks): every backend applies the same masks, "
    "handed to it, and draws no random numbers",
    18: "the reference's gradient checker (reference_numpy.gradcheck) checks any backend's gradients against "
    "central differences of the reference's float64 cost",
    19: "the reference's gradient checker (reference_numpy.gradcheck) measures every backend's gradients",
}
# Of those, the equations only the reference writes (a manual framework variant has no line for them either).
REFERENCE_ONLY = (15, 18, 19)

# ---- every implementation ------------------------------------------------------------------------------------


def all_modules():
    """Every module any implementation reads, in a fixed order."""
    seen = []
    for impl in IMPLEMENTATIONS:
        for module in impl.modules + impl.shares:
            if module not in seen:
                seen.append(module)
    return seen


@dataclass(frozen=True)
class Entry:
    """An implementation's line(s) for one equation: the tag, and the implementation whose code it is
    (shared_from is that other implementation's name where the code is shared, else None)."""

    tag: Tag
    shared_from: str | None = None


class Rosetta:
    """The parsed source of every implementation."""

    def __init__(self, modules):
        self.modules = modules  # {module name: Module}

    @classmethod
    def from_sources(cls, overrides=None):
        """Parse every module; overrides {module name: path} read those files instead (tests use doctored copies)."""
        overrides = overrides or {}
        return cls({name: parse_module(read_source(name, overrides.get(name))) for name in all_modules()})

    def problems(self):
        """Every malformed or misworded tag, in module order."""
        return [p for module in self.modules.values() for p in module.problems]

    def tags(self, modules):
        return [tag for name in modules for tag in self.modules[name].tags]

    def own_tags(self, impl):
        return self.tags(impl.modules)

    def lines(self, number, impl):
        """[Entry] for equation `number` in an implementation: its own tags, else the shared modules' ones."""
        own = [Entry(t) for t in self.own_tags(impl) if t.number == number]
        if own or not impl.shares:
            return own
        owner = next(i.name for i in IMPLEMENTATIONS if i.manual and set(impl.shares) <= set(i.modules))
        return [Entry(t, shared_from=owner) for t in self.tags(impl.shares) if t.number == number]

    def defines(self, impl, function):
        """The module of `impl` (own first, then shared) that defines a top-level `function`, or None."""
        for name in impl.modules + impl.shares:
            if function in self.modules[name].refs:
                return name
        return None

    def reach(self, function, impl):
        """{(module, name)} of the top-level definitions `function` refers to, transitively, within `impl`.

        Names are resolved as the variant runs them: the variant's own modules first, then the shared ones.
        So jax-autodiff's `train` (shared from impl_jax.training) steps with autodiff's cost_and_gradients,
        the name its default argument refers to, found first in impl_jax/autodiff.py.
        """
        start = self.defines(impl, function)
        if start is None:
            return set()
        seen, todo = set(), [(start, function)]
        while todo:
            module, name = todo.pop()
            if (module, name) in seen:
                continue
            seen.add((module, name))
            for ref in self.modules[module].refs.get(name, ()):
                found = self.defines(impl, ref)
                if found is not None:
                    todo.append((found, ref))
        return seen

    def function_entries(self, function, impl):
        """[Entry] of every tag inside `function` or what it calls (by name), in equation then line order."""
        reached = self.reach(function, impl)
        entries = []
        for module_name, name in reached:
            shared = module_name not in impl.modules
            owner = next(i.name for i in IMPLEMENTATIONS if i.manual and module_name in i.modules) if shared else None
            for tag in self.modules[module_name].tags:
                if tag.function == name:
                    entries.append(Entry(tag, shared_from=owner))
        return sorted(entries, key=lambda e: (e.tag.number, e.tag.path, e.tag.line))

    def functions(self):
        """Every top-level function name of every implementation, sorted."""
        return sorted({f for module in self.modules.values() for f in module.functions})

    def definition(self, module, function):
        """The Snippet of a top-level function's definition without its docstring (the activations are a few
        lines each); the line numbers are the file's, so they skip the docstring's."""
        first, last = self.modules[module].spans[function]
        snippet = self.modules[module].snippet(first, last)
        docstring = self.modules[module].docstrings.get(function)
        if docstring:
            snippet = Snippet(
                snippet.module,
                snippet.path,
                tuple((n, line) for n, line in snippet.code if not docstring[0] <= n <= docstring[1]),
            )
        return snippet

    def table_entry(self, module, table, key):
        """The Snippet of one entry of a top-level dict literal, e.g. ACTIVATION_MODULES["relu"] in impl_torch/nn.py."""
        return self.modules[module].snippet(*self.modules[module].entries[(table, key)])


@cache
def rosetta():
    """The installed source, parsed once per process."""
    return Rosetta.from_sources()
