"""The equation-to-code Rosetta: which lines of which implementation write which equation, read from the tags.

A tag is a comment `# (N) <text>` on its own line, directly above the statement that implements equation N
(reference_numpy/equations.py has the twelve texts). An autodiff variant marks an equation its framework computes
for it with `# (N) <text> : by <mechanism>` above the call that does it (`J.backward()`, `jax.grad(...)`).

Everything here reads the installed source files at runtime: importlib finds each package's folder (without
importing torch or jax), tokenize finds the comments, ast finds the statements and functions. No copy of the code
is kept anywhere, so what `dlrosetta explain` and the generated pages show is what runs.

    rosetta()                                 the installed source, parsed once: a Rosetta
    rosetta().lines(8, impl)                  [Entry] of an implementation for equation (8)
    rosetta().function_entries(name, impl)    [Entry] inside a function and what it calls, by name
    Rosetta.from_sources({module: path})      the same from other files (the tests' doctored copies)
"""

import ast
import importlib.util
import io
import re
import textwrap
import tokenize
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reference_numpy.equations import EQUATIONS
from reference_numpy.errors import DLRosettaError

# The modules every framework mirrors, with the same file names and function names (tests/test_tags.py).
MIRRORED = ("activations", "forward", "cost", "backward", "update", "training")


@dataclass(frozen=True)
class Implementation:
    """One way of computing the equations: a backend's code, as modules.

    modules: its own modules, where its tags are. shares: modules of its framework's manual variant whose code it
    runs for the equations it does not tag itself (the autograd variant differentiates the manual variant's
    forward pass and cost, and updates with its update_parameters). manual: it writes out every equation the
    reference writes, in functions of the same names.
    """

    name: str  # the backend's name in conformance.registry, e.g. "torch-autograd"
    label: str  # for people, e.g. "PyTorch autograd"
    modules: tuple
    shares: tuple = ()
    manual: bool = False


def _mirrored(package):
    return tuple(f"{package}.{module}" for module in MIRRORED)


IMPLEMENTATIONS = (
    Implementation("numpy", "NumPy reference", _mirrored("reference_numpy"), manual=True),
    Implementation("torch-manual", "PyTorch manual", _mirrored("impl_torch"), manual=True),
    Implementation(
        "torch-autograd",
        "PyTorch autograd",
        ("impl_torch.autodiff",),
        shares=("impl_torch.forward", "impl_torch.cost", "impl_torch.update", "impl_torch.training"),
    ),
    Implementation("torch-nn", "PyTorch torch.nn", ("impl_torch.nn",)),
    Implementation("jax-manual", "JAX manual", _mirrored("impl_jax"), manual=True),
    Implementation(
        "jax-autodiff",
        "JAX autodiff",
        ("impl_jax.autodiff",),
        shares=("impl_jax.forward", "impl_jax.cost", "impl_jax.update", "impl_jax.training"),
    ),
)
IMPLEMENTATIONS_BY_NAME = {impl.name: impl for impl in IMPLEMENTATIONS}

# Equations a variant may leave out, and why. (4) is the chain form of the output layer's gradient: every
# L_model_backward uses (5) instead, and only the manual variants keep (4), as cost_backward, for the course's
# step-by-step functions.
NOT_COMPUTED = {
    4: "not computed: (5) dZ[L] = A[L] - Y gives the output layer's gradient directly; only the manual variants "
    "keep (4), as cost_backward, for the course's step-by-step functions",
}

# `# (N) text` exactly, with an optional ` : by <mechanism>` after the equation's text.
TAG = re.compile(r"# \((\d+)\) (\S.*)$")
# Anything that looks like it means to be a tag: `#(8)`, `#  ( 8 )`, `# (8)dW ...`: checked, never skipped.
TAG_LIKE = re.compile(r"#\s*\(\s*\d+\s*\)")
BY = " : by "


@dataclass(frozen=True)
class Tag:
    """One tag comment and the statement under it.

    code: ((line number, source line), ...) of the implementing statement, plus the statements right after it
    that update the same name (`dW = dZ @ A_prev.T` then `dW /= m`). function: the top-level function the tag
    is in (None at module level).
    """

    number: int
    text: str  # after "(N) ", e.g. "dW[l] = 1/m dZ[l] A[l-1]^T : by autograd"
    module: str
    path: str  # as shown: "impl_torch/backward.py"
    line: int  # the comment's line (1-based)
    code: tuple
    function: str | None

    @property
    def mechanism(self):
        """ "autograd" for a tag ending in " : by autograd"; None where the line writes the equation out."""
        return self.text.split(BY, 1)[1] if BY in self.text else None

    @property
    def location(self):
        return location(self.path, self.code)


def location(path, code):
    """'impl_torch/backward.py:28-29' for code lines 28 and 29 of that file; ':28' alone for one line."""
    first, last = code[0][0], code[-1][0]
    return f"{path}:{first}" if first == last else f"{path}:{first}-{last}"


def dedent_code(code):
    """((line number, line), ...) with their common indentation removed, so a statement starts at the margin."""
    numbers = [n for n, _ in code]
    lines = textwrap.dedent("\n".join(line for _, line in code)).splitlines()
    return tuple(zip(numbers, lines, strict=True))


@dataclass(frozen=True)
class Snippet:
    """Lines of a source file that are not under a tag: a function's definition, an entry of a table."""

    module: str
    path: str
    code: tuple  # ((line number, source line), ...)

    @property
    def location(self):
        return location(self.path, self.code)


@dataclass(frozen=True)
class Source:
    """A module's source file: what it is called, where it was read from, its text."""

    module: str  # "impl_torch.backward"
    path: Path  # the file read
    text: str

    @property
    def display(self):
        """The path shown to people: relative to the package's parent folder, the same on every machine."""
        return self.module.replace(".", "/") + ".py"


def source_file(module):
    """The installed source file of `module`, found with importlib without importing it (nor torch, nor jax)."""
    top, _, rest = module.partition(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise DLRosettaError(f"{module}: package {top!r} is not importable here (is dl-rosetta installed?)")
    for folder in spec.submodule_search_locations:
        path = Path(folder, *rest.split(".")).with_suffix(".py") if rest else Path(folder, "__init__.py")
        if path.is_file():
            return path
    raise DLRosettaError(f"{module}: no source file in {list(spec.submodule_search_locations)}")


def read_source(module, path=None):
    """The Source of `module`, from `path` where given (a test's doctored copy), else the installed file."""
    path = Path(path) if path is not None else source_file(module)
    return Source(module, path, path.read_text(encoding="utf-8"))


# ---- one module: its tags, its problems, its functions -------------------------------------------------------


@dataclass
class Module:
    """What one source file holds: tags, malformed tags, and the top-level names it defines.

    refs: {top-level name: names it refers to} for the functions and assignments it defines (not imports:
    `cost = jax.jit(model_cost)` refers to model_cost), so that calls can be followed by name.
    tables: {name: keys} of top-level dict literals with string keys (the ACTIVATIONS table).
    """

    source: Source
    tags: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    refs: dict = field(default_factory=dict)
    functions: list = field(default_factory=list)  # top-level functions, in order
    tables: dict = field(default_factory=dict)
    spans: dict = field(default_factory=dict)  # {top-level function or table: (first line, last line)}
    entries: dict = field(default_factory=dict)  # {(table, key): (first line, last line)} of dict literals
    docstrings: dict = field(default_factory=dict)  # {top-level function: (first line, last line) of its docstring}

    def snippet(self, first, last):
        lines = self.source.text.splitlines()
        return Snippet(
            self.source.module, self.source.display, tuple((n, lines[n - 1].rstrip()) for n in range(first, last + 1))
        )


def comments(text):
    """[(line number, column, comment text)] of every comment, found by the tokenizer (not inside strings)."""
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [(tok.start[0], tok.start[1], tok.string) for tok in tokens if tok.type == tokenize.COMMENT]


def _statement_index(tree):
    """{first line: [(statement, the body list it is in, its index there)]}, outermost first."""
    index = {}
    for node in ast.walk(tree):
        for body_name in ("body", "orelse", "finalbody", "handlers"):
            body = getattr(node, body_name, None)
            if not isinstance(body, list):
                continue
            for i, stmt in enumerate(body):
                if isinstance(stmt, ast.stmt):
                    index.setdefault(stmt.lineno, []).append((stmt, body, i))
    return index


def _assigned_names(stmt):
    """The plain names a statement assigns to (`dW = ...`, `dW /= m`, `J, grads = ...`)."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
    names = set()
    for target in targets:
        for node in ast.walk(target) if target is not None else ():
            if isinstance(node, ast.Name):
                names.add(node.id)
    return names


def _statement_lines(stmt):
    """The lines a statement spans; a compound statement (if, for, with) only its header."""
    body = getattr(stmt, "body", None)
    last = body[0].lineno - 1 if isinstance(body, list) and body else stmt.end_lineno
    return range(stmt.lineno, last + 1)


def _code_under(line, statements, lines, tag_lines):
    """The statement that starts on `line`, and the siblings right after it that update the same names."""
    stmt, body, i = statements[line][-1]  # innermost: `dW = ...` rather than the for loop around it
    numbers = list(_statement_lines(stmt))
    names = _assigned_names(stmt) if isinstance(stmt, ast.Assign | ast.AugAssign) else set()
    for following in body[i + 1 :]:
        between = range(numbers[-1] + 1, following.lineno)
        if any(n in tag_lines for n in between) or not isinstance(following, ast.Assign | ast.AugAssign):
            break
        if not names or not _assigned_names(following) <= names:
            break
        numbers += list(_statement_lines(following))
    return tuple((n, lines[n - 1].rstrip()) for n in numbers)


def _function_at(tree):
    """{line: name of the top-level function spanning it}."""
    spans = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            for n in range(first, node.end_lineno + 1):
                spans[n] = node.name
    return spans


def _top_level(tree, module):
    """Fill module.refs, functions, spans, docstrings, tables and entries from the top-level statements."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module.functions.append(node.name)
            module.spans[node.name] = (node.lineno, node.end_lineno)
            if ast.get_docstring(node, clean=False) is not None:
                module.docstrings[node.name] = (node.body[0].lineno, node.body[0].end_lineno)
            bound = [node.name]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            bound = sorted(_assigned_names(node))
            if isinstance(node.value, ast.Dict):
                pairs = [
                    (k.value, v)
                    for k, v in zip(node.value.keys, node.value.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                ]
                for name in bound:
                    module.tables[name] = [key for key, _ in pairs]
                    module.entries.update({(name, key): (value.lineno, value.end_lineno) for key, value in pairs})
        else:
            continue
        used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        for name in bound:
            module.refs[name] = used - {name}


def parse_module(source):
    """The tags, tag problems and top-level names of one source file."""
    module = Module(source)
    try:
        tree = ast.parse(source.text)
        found = comments(source.text)
    except (SyntaxError, tokenize.TokenError) as exc:
        module.problems.append(f"{source.display}: cannot be parsed ({exc})")
        return module
    lines = source.text.splitlines()
    statements = _statement_index(tree)
    functions = _function_at(tree)
    _top_level(tree, module)
    tag_lines = {n for n, _, text in found if TAG_LIKE.match(text)}
    for number_line, column, text in found:
        if not TAG_LIKE.match(text):
            continue
        where = f"{source.display}:{number_line}"
        if lines[number_line - 1][:column].strip():
            module.problems.append(f"{where}: a tag must stand on its own line, above the code: {text!r}")
            continue
        match = TAG.match(text)
        if not match:
            module.problems.append(f"{where}: malformed tag {text!r}; expected '# (N) <equation text>'")
            continue
        number, body = int(match.group(1)), match.group(2)
        problem = wording_problem(number, body)
        if problem:
            module.problems.append(f"{where}: {problem}")
            continue
        code_line = number_line + 1
        while code_line in tag_lines:  # several tags may stand over one line (J.backward() does (5) to (9))
            code_line += 1
        if code_line not in statements:
            module.problems.append(f"{where}: tag ({number}) has no code line under it")
            continue
        code = _code_under(code_line, statements, lines, tag_lines)
        function = functions.get(number_line)
        module.tags.append(Tag(number, body, source.module, source.display, number_line, code, function))
    return module


def wording_problem(number, body):
    """Why `# (number) body` is not a valid tag, or None: the exact text, optionally ' : by <mechanism>'."""
    if number not in EQUATIONS:
        return f"tag ({number}): there is no equation ({number}); equations are (1) to ({max(EQUATIONS)})"
    expected = EQUATIONS[number]
    if body == expected:
        return None
    if body.startswith(expected + BY) and body[len(expected + BY) :].strip():
        return None
    return f"tag ({number}) reads {body!r}; expected {expected!r} (or {expected + BY}<mechanism>')"


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
