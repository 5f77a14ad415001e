"""What a page says, as data: for each equation the lines of every implementation (read from the source by
rosetta.tags), the activations' definitions, the conventions that differ there, how closely each backend agreed
with the reference in a run; the shapes of this model, and the index's tables. markdown and html lay it out."""

from dataclasses import dataclass, field

import pandas as pd

from conformance.registry import ACTIVATION_MODULES
from reference_numpy.equations import EQUATIONS
from reports.loading import run_info
from reports.report import config_line
from rosetta.agreement import agreement_table, equation_records, keys_by_model
from rosetta.conventions import notes_for
from rosetta.notation import concrete_shapes, math_html, shape_line
from rosetta.pages.spec import PAGES, PageSpec
from rosetta.source import dedent_code, location
from rosetta.tags import IMPLEMENTATIONS, IMPLEMENTATIONS_BY_NAME, NOT_COMPUTED


@dataclass(frozen=True)
class CodeBlock:
    """One implementation's lines for an equation (or an activation's definition), or why it has none."""

    label: str  # "PyTorch manual"
    heading: str  # "linear_backward()", "gradients(), by autograd", "relu()"
    path: str = ""  # "impl_torch/backward.py"
    code: tuple = ()  # ((line number, code dedented), ...)
    reason: str = ""  # where there is no code: why
    shared_with: str = ""  # the implementation whose code this is, shown above it on the page ("PyTorch manual")

    @property
    def location(self):
        return location(self.path, self.code) if self.code else ""

    @property
    def link(self):
        """The file from docs/, with GitHub's line anchor: '../impl_torch/backward.py#L28-L29'."""
        first, last = self.code[0][0], self.code[-1][0]
        return f"../{self.path}#L{first}" + (f"-L{last}" if last != first else "")


@dataclass
class Section:
    number: int
    blocks: list  # [CodeBlock]
    activations: list = field(default_factory=list)  # [(title, [CodeBlock])]
    notes: list = field(default_factory=list)  # [conventions.Note]
    measured: pd.DataFrame = field(default_factory=pd.DataFrame)
    measured_keys: str = ""

    @property
    def tag(self):
        return f"# ({self.number}) {EQUATIONS[self.number]}"

    @property
    def math(self):
        return math_html(EQUATIONS[self.number])


@dataclass
class Page:
    spec: PageSpec
    sections: list
    run: dict  # run.json of the records
    source: str  # the results folder, as given
    counts: dict  # {status: records} of this model in the run
    notes: list = field(default_factory=list)  # [conventions.Note] about every equation, shown at the top


def equation_blocks(number, rosetta):
    """Every implementation's CodeBlocks for an equation, in IMPLEMENTATIONS order."""
    blocks = []
    for impl in IMPLEMENTATIONS:
        entries = rosetta.lines(number, impl)
        if not entries:
            blocks.append(CodeBlock(impl.label, "", reason=NOT_COMPUTED.get(number, "no line tagged")))
        for entry in entries:
            tag = entry.tag
            heading = f"{tag.function}()" if tag.function else "module level"
            if tag.mechanism:
                heading += f", by {tag.mechanism}"
            shared = IMPLEMENTATIONS_BY_NAME[entry.shared_from].label if entry.shared_from else ""
            blocks.append(CodeBlock(impl.label, heading, tag.path, dedent_code(tag.code), shared_with=shared))
    return blocks


def activation_blocks(rosetta, name, prime=False, with_nn=True):
    """The definitions of activation `name` (or its derivative) in each framework, and torch.nn's module for g."""
    function = f"{name}_prime" if prime else name
    blocks = []
    for label, module in ACTIVATION_MODULES:
        snippet = rosetta.definition(module, function)
        blocks.append(CodeBlock(label, f"{function}()", snippet.path, dedent_code(snippet.code)))
    if with_nn and not prime:
        snippet = rosetta.table_entry("impl_torch.nn", "ACTIVATION_MODULES", name)
        blocks.append(
            CodeBlock("PyTorch torch.nn", f"ACTIVATION_MODULES[{name!r}]", snippet.path, dedent_code(snippet.code))
        )
    return blocks


def activations_for(number, model, rosetta):
    """[(title, blocks)] of the activations equation (2) or (6) uses in this model."""
    hidden = sorted(set(model.activations[:-1]))
    if number == 2:
        out = [(f"g = {name} (hidden layers)", activation_blocks(rosetta, name)) for name in hidden]
        # torch.nn has no sigmoid module at the output: BCEWithLogitsLoss applies it inside the cost (3)
        return out + [("g = sigmoid (output layer)", activation_blocks(rosetta, "sigmoid", with_nn=False))]
    if number == 6:
        return [(f"g' = {name}' (hidden layers)", activation_blocks(rosetta, name, prime=True)) for name in hidden]
    return []


def build_section(number, spec, rosetta, records):
    section = Section(number, equation_blocks(number, rosetta))
    if number in (2, 6):
        section.activations = activations_for(number, spec.model, rosetta)
    if records is not None:
        section.measured = agreement_table(records, number, model=spec.name)
        section.measured_keys = keys_by_model(equation_records(records[records["model"] == spec.name], number))
    return section


def build_pages(rosetta, records=None, source=""):
    """The three model pages, from the source and (where given) a run's records."""
    pages = []
    for spec in PAGES:
        notes = notes_for(spec.name, spec.equations)
        sections = []
        for number in spec.equations:
            section = build_section(number, spec, rosetta, records)
            section.notes = notes.get(number, [])
            sections.append(section)
        counts = {}
        if records is not None:
            of_model = records[records["model"] == spec.name]
            counts = {str(k): int(v) for k, v in of_model["status"].value_counts(sort=False).items() if v}
        run = run_info(records) if records is not None else {}
        pages.append(Page(spec, sections, run, source, counts, notes=notes.get(None, [])))
    return pages


# ---- shapes ------------------------------------------------------------------------------------------------


def shapes_here(number, spec):
    """'dW1 : (20, 12288), dW2 : (7, 20), ...' for this page's model."""
    shapes = concrete_shapes(number, spec.model.layer_dims, spec.m)
    return ", ".join(f"{key} : {shape}" if shape else f"{key} : a scalar" for key, shape in shapes)


def layer_table(spec):
    """One row per layer: n[l], g[l], and the shapes of W[l], b[l], Z[l] and A[l] for this model."""
    rows = [
        {
            "layer l": 0,
            "n[l]": spec.model.layer_dims[0],
            "g[l]": "",
            "W[l]": "",
            "b[l]": "",
            "Z[l], A[l]": f"A[0] = X : ({spec.model.layer_dims[0]}, {spec.m})",
        }
    ]
    for l in range(1, spec.model.L + 1):
        n, n_prev = spec.model.layer_dims[l], spec.model.layer_dims[l - 1]
        rows.append(
            {
                "layer l": l,
                "n[l]": n,
                "g[l]": spec.model.activations[l - 1],
                "W[l]": f"({n}, {n_prev})",
                "b[l]": f"({n}, 1)",
                "Z[l], A[l]": f"({n}, {spec.m})",
            }
        )
    return pd.DataFrame(rows)


def run_sentence(run, source):
    """Where the measurements come from, in one sentence (run: run.json of the records, {} for none)."""
    if not run:
        return "No run's records were given: the pages show the code only."
    fp = run.get("fingerprint", {})
    versions = ", ".join(f"{k} {fp[k]}" for k in ("numpy", "torch", "jax") if fp.get(k))
    return (
        f"Measured in `{source}`: a run of `dlrosetta run` ({config_line(run)}) made {fp.get('created', '?')} "
        f"on {fp.get('cpu', 'an unknown CPU')} with {versions}. Each backend is compared with the float64 NumPy "
        "reference on this model's tensors; a record passes when it uses at most all of its tolerance "
        "(fraction used <= 1)."
    )


# ---- the index -----------------------------------------------------------------------------------------------

REFRESH = "dlrosetta docs --out docs --results docs/run"


def equations_table(link_ext="md"):
    """One row per equation: its tag text, what it computes, and the pages that show it."""
    rows = []
    for number, text in EQUATIONS.items():
        pages = [spec for spec in PAGES if number in spec.equations]
        links = ", ".join(f"[{spec.name}]({spec.name}.{link_ext}#eq-{number})" for spec in pages)
        rows.append({"(N)": f"({number})", "equation": text, "shapes": shape_line(number), "pages": links})
    return pd.DataFrame(rows)


def implementations_table():
    """One row per implementation: its backend name, its files, and the files it shares."""
    rows = []
    for impl in IMPLEMENTATIONS:
        own = ", ".join(m.replace(".", "/") + ".py" for m in impl.modules)
        if impl.manual:
            own = impl.modules[0].split(".")[0] + "/{" + ",".join(m.split(".")[1] for m in impl.modules) + "}.py"
        shares = ", ".join(m.split(".")[1] for m in impl.shares)
        rows.append(
            {"implementation": impl.label, "backend": impl.name, "files": own, "runs the manual code of": shares}
        )
    return pd.DataFrame(rows)


INDEX_INTRO = (
    'The equations of the course "Neural Networks and Deep Learning", each next to the lines of code that '
    "compute it in the NumPy reference, in PyTorch (written out, with autograd, with torch.nn) and in JAX "
    "(written out, with jax.grad), and next to how closely those lines agreed with the reference in a run. "
    "Every line shown is read from the source under its tag, a comment `# (N) <equation>` directly above it; "
    "tests/test_tags.py checks that the tags are the same in every implementation, and a test regenerates these "
    "pages and fails if they differ from the committed ones."
)
