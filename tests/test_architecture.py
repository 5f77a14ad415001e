"""The architecture, asserted from the source: data flows one way and every package is installed.

Layers (a module imports only its own layer or a lower one; impl_torch and impl_jax never each other):

    0 reference_numpy   1 impl_torch, impl_jax   2 conformance   3 reports   4 rosetta   5 dlrosetta

The import graph is read with `ast` from every module, function-local imports included (a lazy import against the
flow is still a dependency against it), and must hold no cycle between modules (Tarjan's strongly connected
components). `importlib.import_module(name)` with a constant name counts; with a variable name (the registry's
lazy adapters) it cannot be read and is intended not to count.
"""

import ast
import fnmatch
import shutil
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = {"reference_numpy": 0, "impl_torch": 1, "impl_jax": 1, "conformance": 2, "reports": 3, "rosetta": 4,
          "dlrosetta": 5}  # fmt: skip
# Package data: files a package reads at run time that are not modules of a package.
PACKAGE_DATA = {"conformance": ["*.toml"], "conformance.learner": ["standins/*.py"]}

# Violations on the redesign base that other chunks of issue 15 remove. Strict: a listed violation that is no longer
# found fails the test too, so this list is kept current (delete the entry when its fix lands).
KNOWN = {}  # violations accepted for now, each with its reason (none today)


# ---- the checker ----------------------------------------------------------------------------------------------


def dotted(path, root):
    """'conformance/bench/run.py' -> 'conformance.bench.run'; a package's __init__.py is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root, packages):
    """{dotted name: path} of every module under the packages (standins/ and other data folders included)."""
    return {dotted(path, root): path for package in packages for path in sorted((root / package).rglob("*.py"))}


def _known_prefix(name, known):
    """The longest dotted prefix of `name` that is a module here (a package means its __init__), or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return None


def imports(tree, me, is_package, known):
    """(line, module) for every import of a module here anywhere in the tree, function-local ones too."""
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package `me` is in (or is)
                package = me.split(".") if is_package else me.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            target = _known_prefix(name, known)
            if target is not None and target != me:
                yield node.lineno, target


def strongly_connected(graph):
    """Tarjan's algorithm (iterative): the strongly connected components of {node: set(successors)}."""
    index, low, on_stack, stack, components, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter[0]
                    counter[0] += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def side_effects(path, root):
    """Statements of a package's __init__.py other than a docstring, imports and `__all__` (e.g. setting os.environ)."""
    tree = ast.parse(path.read_text())
    found = []
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]:
            continue
        found.append(f"side effect: {path.relative_to(root)}:{node.lineno} runs a statement ({type(node).__name__})")
    return found


def architecture_problems(root, layers=LAYERS):
    """Every import against the data flow, every import cycle, every side effect of importing conformance."""
    known = modules(root, layers)
    graph, problems = {me: set() for me in known}, []
    for me, path in known.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, target in imports(tree, me, path.name == "__init__.py", known):
            graph[me].add(target)
            a, b = me.split(".")[0], target.split(".")[0]
            if a != b and layers[b] >= layers[a]:
                problems.append(
                    f"against the flow: {path.relative_to(root)}:{line}: {me} ({a}, layer {layers[a]}) imports "
                    f"{target} ({b}, layer {layers[b]})"
                )
    for component in strongly_connected(graph):
        if len(component) > 1:
            problems.append("cycle: " + " -> ".join(component))
    if (root / "conformance" / "__init__.py").exists():
        problems += side_effects(root / "conformance" / "__init__.py", root)
    return problems


# ---- the tests ------------------------------------------------------------------------------------------------


def test_data_flows_one_way_without_cycles():
    problems = architecture_problems(REPO)
    new = [p for p in problems if p not in KNOWN]
    gone = [k for k in KNOWN if k not in problems]
    assert not new, "imports against the architecture:\n" + "\n".join(new)
    assert not gone, "fixed (delete from KNOWN in tests/test_architecture.py):\n" + "\n".join(gone)


def _copy_packages(tmp_path):
    for package in LAYERS:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_checker_finds_a_back_edge_and_a_cycle(tmp_path):
    """A doctored copy: conformance/cases.py imports reports (against the flow, function-local), and two modules of
    reference_numpy import each other (a cycle)."""
    root = _copy_packages(tmp_path)
    before = set(architecture_problems(root))
    cases = root / "conformance" / "cases.py"
    cases.write_text(
        cases.read_text() + "\n\ndef _doctored():\n    from reports import loading\n\n    return loading\n"
    )
    errors = root / "reference_numpy" / "errors.py"
    errors.write_text(errors.read_text() + "\nfrom . import equations  # noqa\n")
    equations = root / "reference_numpy" / "equations.py"
    equations.write_text(equations.read_text() + "\nimport reference_numpy.errors  # noqa\n")
    added = set(architecture_problems(root)) - before
    back = [p for p in added if p.startswith("against the flow: conformance/cases.py:")]
    assert back and "conformance.cases (conformance, layer 2) imports reports.loading (reports, layer 3)" in back[0]
    assert any(p.startswith("cycle: ") and "reference_numpy.equations" in p and "reference_numpy.errors" in p
               for p in added), added  # fmt: skip


def test_the_checker_sees_impl_torch_importing_impl_jax(tmp_path):
    root = _copy_packages(tmp_path)
    update = root / "impl_torch" / "update.py"
    update.write_text(update.read_text() + "\nimport importlib\n\nimportlib.import_module('impl_jax.update')\n")
    assert any("impl_torch.update (impl_torch, layer 1) imports impl_jax.update (impl_jax, layer 1)" in p
               for p in architecture_problems(root))  # fmt: skip


def test_tarjan_on_small_graphs():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert sorted(strongly_connected(graph)) == [["a", "b", "c"], ["d"], ["e"]]


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_folder_is_installed():
    """pyproject.toml lists packages explicitly: a folder with an __init__.py missing there is not installed."""
    listed = set(_pyproject()["packages"])
    folders = {dotted(init, REPO) for package in LAYERS for init in (REPO / package).rglob("__init__.py")}
    assert folders - listed == set(), f"add to [tool.setuptools] packages: {sorted(folders - listed)}"
    assert listed - folders == set(), f"listed packages without a folder: {sorted(listed - folders)}"


@pytest.mark.parametrize("package", sorted(PACKAGE_DATA))
def test_package_data_is_declared(package):
    """Files read at run time (divergences, learner stand-ins) are package data, each pattern matching files."""
    declared = _pyproject()["package-data"].get(package, [])
    folder = REPO.joinpath(*package.split("."))
    for pattern in PACKAGE_DATA[package]:
        assert pattern in declared, f"{package}: {pattern!r} is not in [tool.setuptools.package-data]: {declared}"
        assert list(folder.glob(pattern)), f"{package}: {pattern!r} matches no file in {folder}"


def test_every_data_file_is_package_data():
    """A file under the packages that is not a module of a package (a .toml, the learner's stand-in modules) must
    match a [tool.setuptools.package-data] pattern of its nearest package, or an installed copy lacks it."""
    declared = _pyproject()["package-data"]
    missing = []
    for package in LAYERS:
        for path in sorted((REPO / package).rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            if path.suffix == ".py" and (path.parent / "__init__.py").exists():
                continue  # a module
            owner = next(p for p in path.parents if (p / "__init__.py").exists())
            name, relative = dotted(owner / "__init__.py", REPO), path.relative_to(owner)
            if not any(fnmatch.fnmatch(relative.as_posix(), pattern) for pattern in declared.get(name, [])):
                missing.append(f"{path.relative_to(REPO)} (package {name}: {declared.get(name, [])})")
    assert not missing, "not package data:\n" + "\n".join(missing)
