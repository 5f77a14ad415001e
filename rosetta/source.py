"""Reading one source file: its tags, its malformed tags, its top-level functions and tables, as data.

    read_source(module)       the installed file of a module (found by importlib, not imported): a Source
    parse_module(source)      its tags (Tag), problems, functions, references and table entries: a Module
    wording_problem(n, text)  why `# (n) text` is not a valid tag, or None

A tag is a comment `# (N) <text>` on its own line, directly above the statement that implements equation N; the
tokenizer finds the comments (never inside strings), ast the statements. rosetta.tags puts every implementation's
modules together.
"""

import ast
import importlib.util
import io
import re
import textwrap
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from reference_numpy.equations import EQUATIONS
from reference_numpy.errors import DLRosettaError

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
