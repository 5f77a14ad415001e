"""Loading what a learner wrote, not what their script does.

From a .py file or a notebook (.ipynb) this keeps imports, function and class definitions and constant
assignments, and skips everything else: top-level calls (training, plotting, the course's test calls), loops,
IPython magics and shell escapes (`%matplotlib inline`, `!pip install`, `get_ipython().run_line_magic(...)`).
Each kept statement runs on its own, so one that fails (a name defined by a skipped cell) is skipped and noted.
The course's helper modules a learner imports (lr_utils, dnn_utils, ...) come from conformance/learner/standins
when the learner's folder does not have them.
"""

import ast
import json
import re
import sys
import types
from pathlib import Path

from reference_numpy.errors import DLRosettaError

STANDINS = Path(__file__).parent / "standins"
STANDIN_NAMES = tuple(sorted(p.stem for p in STANDINS.glob("*.py") if not p.stem.startswith("_")))
# calls a constant assignment may make: building a literal array or number, nothing that computes much
CONSTANT_CALLS = {"array", "asarray", "zeros", "ones", "float32", "float64", "int", "float", "str", "list", "tuple",
                  "dict", "set", "range", "len", "sqrt", "exp", "log"}  # fmt: skip
MAGIC = re.compile(r"^\s*(%|!)")
# libraries a notebook imports for plots, pictures and data, not for the graded functions: where one is not
# installed, a no-op stand-in takes its place so the functions that plot still run
OPTIONAL = {"matplotlib", "PIL", "scipy", "sklearn", "imageio", "skimage", "seaborn", "IPython", "h5py", "pandas"}


class _NoOp(types.ModuleType):
    """A stand-in module whose every attribute, call and item is itself (plt.plot(...).show() does nothing)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __setitem__(self, key, value):
        pass


def _stand_in_for(node, exc):
    """Put no-op modules in sys.modules for an optional library an import statement could not find."""
    missing = getattr(exc, "name", None) or ""
    if not isinstance(exc, ImportError) or missing.split(".")[0] not in OPTIONAL:
        return None
    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    for name in names:
        parts = name.split(".")
        for k in range(1, len(parts) + 1):
            sys.modules.setdefault(".".join(parts[:k]), _NoOp(".".join(parts[:k])))
    return missing


def _cells(path):
    """The source cells of a .py file (one cell) or a notebook's code cells, magics cut out, plus what was cut."""
    skipped = []
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            raw = [c for c in notebook["cells"] if c.get("cell_type") == "code"]
        except (ValueError, KeyError, TypeError) as exc:
            raise DLRosettaError(f"{path}: not a Jupyter notebook (expected JSON with 'cells'): {exc}") from exc
        cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in raw]
    else:
        cells = [path.read_text(encoding="utf-8", errors="replace")]
    kept = []
    for i, cell in enumerate(cells):
        if cell.lstrip().startswith("%%"):
            skipped.append(f"cell {i + 1}: cell magic {cell.strip().splitlines()[0]!r}")
            continue
        lines = []
        for line in cell.splitlines():
            if MAGIC.match(line):
                skipped.append(f"magic or shell escape {line.strip()!r}")
                line = ""  # keep the line numbers
            lines.append(line)
        kept.append("\n".join(lines))
    return kept, skipped


def _calls_only_constants(node):
    for sub in ast.walk(node):
        if isinstance(sub, ast.Lambda):
            continue
        if isinstance(sub, ast.Call):
            f = sub.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name not in CONSTANT_CALLS:
                return False
    return True


def _is_main_guard(node):
    return isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) and "__name__" in ast.unparse(node.test)


def keep(statements, skipped):
    """The statements that define things; what is skipped goes into `skipped` as 'line N: text'."""
    kept = []
    for node in statements:
        text = ast.unparse(node).splitlines()[0][:70] if not isinstance(node, ast.FunctionDef) else ""
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            kept.append(node)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            kept.append(node)  # a docstring
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            if _calls_only_constants(node.value):
                kept.append(node)
            else:
                skipped.append(f"line {node.lineno}: {text}")
        elif isinstance(node, ast.If | ast.Try) and not _is_main_guard(node):
            inner = [keep(body, skipped) for body in _bodies(node)]
            if any(inner):
                kept.append(_rebuilt(node, inner))
        else:
            skipped.append(f"line {node.lineno}: {text}")
    return kept


def _bodies(node):
    if isinstance(node, ast.If):
        return [node.body, node.orelse]
    return [node.body, *[h.body for h in node.handlers], node.orelse, node.finalbody]


def _rebuilt(node, inner):
    fill = [ast.Pass()]
    if isinstance(node, ast.If):
        node.body, node.orelse = inner[0] or fill, inner[1]
    else:
        node.body = inner[0] or fill
        for h, body in zip(node.handlers, inner[1:-2], strict=True):
            h.body = body or fill
        node.orelse, node.finalbody = inner[-2], inner[-1]
    return node


def _parsed(path, cells, skipped):
    """[(cell label, ast.Module)]: a cell that does not parse is skipped; so is, in a .py file that does not parse
    as a whole, each top-level block that does not (an exported notebook with one broken cell still loads)."""
    notebook = path.suffix == ".ipynb"
    pieces = [(f"cell {i + 1}" if notebook else "", source) for i, source in enumerate(cells)]
    trees = []
    for label, source in pieces:
        try:
            trees.append((label, ast.parse(source, filename=str(path))))
            continue
        except SyntaxError as exc:
            skipped.append(f"{label or 'the file'}: syntax error at line {exc.lineno}: {exc.msg}")
            if notebook:
                continue
        for start, block in _blocks(source):
            try:
                trees.append((label, ast.parse("\n" * start + block, filename=str(path))))
            except SyntaxError as exc:
                skipped.append(f"line {exc.lineno}: syntax error, its block skipped: {exc.msg}")
    return trees


def _blocks(source):
    """(first line index, text) of the top-level blocks of a source: a new block at each line that starts in
    column 0 with a name, a decorator or a comment."""
    lines = source.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z_@#]", line)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    return [(a, "\n".join(lines[a:b])) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def load_into(module, path, notes):
    """Run the kept statements of `path` in `module`'s namespace, one at a time; notes gets what was skipped.

    Catches BaseException: a learner's sys.exit() or a recursion at import skips that statement, no more."""
    cells, skipped = _cells(path)
    for label, tree in _parsed(path, cells, skipped):
        here = []
        kept = keep(tree.body, here)
        prefix = f"{label}, " if label else ""
        skipped += [prefix + note for note in here]
        for node in kept:
            where = f"{path}[{label}]" if label else str(path)
            code = compile(ast.Module(body=[node], type_ignores=[]), where, "exec")
            try:
                exec(code, module.__dict__)  # (the learner's own definitions: what check is for)
            except BaseException as exc:  # (SystemExit, KeyboardInterrupt from their code)
                missing = _stand_in_for(node, exc)
                if missing:
                    exec(code, module.__dict__)
                    skipped.append(f"{prefix}line {node.lineno}: {missing} is not installed: a no-op stand-in")
                else:
                    skipped.append(f"{prefix}line {node.lineno}: failed, {type(exc).__name__}: {exc}"[:160])
    notes.extend(skipped)


def load_module(path, notes=None):
    """Import the learner's file as a fresh module (definitions only, see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise DLRosettaError(f"{path}: no such file; expected a Python file or notebook with the course's functions")
    if path.suffix not in (".py", ".ipynb"):
        raise DLRosettaError(f"{path}: expected a .py file or a .ipynb notebook")
    notes = [] if notes is None else notes
    name = "dlrosetta_learner_" + re.sub(r"\W", "_", path.stem)
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module  # dataclasses and pickling look a module up by name
    folder = str(path.parent.resolve())
    sys.path.insert(0, folder)  # its own helpers (dnn_utils.py ...) first
    sys.path.append(str(STANDINS))  # then the course's helpers, where the learner has none
    try:
        load_into(module, path, notes)
    finally:
        sys.path.remove(folder)
    return module


def defined_here(module, name):
    """A callable the module has that did not come from a stand-in (those are the reference, not the learner's)."""
    fn = getattr(module, name, None)
    if not callable(fn):
        return False
    for standin in STANDIN_NAMES:
        loaded = sys.modules.get(standin)
        if loaded is not None and str(getattr(loaded, "__file__", "")).startswith(str(STANDINS)):
            if getattr(loaded, name, None) is fn:
                return False
    return True
