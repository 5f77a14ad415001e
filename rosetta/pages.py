"""The equation-to-code pages: one per course model, in Markdown and self-contained HTML, built from the tags.

For each equation the page shows: the equation (typeset with HTML only, rosetta.notation), its tag as it appears
in the code, the shapes of its symbols in general and for this model, the lines of every implementation that
compute it (read from the installed source by rosetta.tags), the conventions that differ there
(rosetta.conventions), and how closely each backend agreed with the reference in a run (rosetta.agreement).

    build_pages(records)                -> [Page]   what the pages say, as data
    render_markdown(page), docs_html.render_html(page)
    write_docs(out_dir, results_dir)    -> the files written (index + one page per model, .md and .html)

The pages depend only on the source and the records given, never on the clock or the machine that renders
them, so `dlrosetta docs --out docs --results docs/run` reproduces the committed docs/ byte for byte.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reference_numpy.equations import EQUATIONS
from reference_numpy.model import Model
from reports.formatting import display_frame
from reports.loading import load, run_info
from reports.report import config_line
from rosetta.agreement import agreement_table, equation_records, keys_by_model
from rosetta.conventions import notes_for
from rosetta.notation import concrete_shapes, math_html, shape_line
from rosetta.tags import IMPLEMENTATIONS, IMPLEMENTATIONS_BY_NAME, NOT_COMPUTED, dedent_code, location


@dataclass(frozen=True)
class PageSpec:
    """A course model's page. model and m are the harness's case of the same name (conformance.cases; a test
    checks they agree), so the records of that model are about these very shapes."""

    name: str  # the file name and the records' model
    title: str
    week: str
    model: Model
    m: int  # examples in the case's data
    equations: tuple  # what the course computes for this model (see each spec)
    intro: str


PAGES = (
    PageSpec(
        "logistic",
        "Logistic regression",
        "Week 2",
        Model.logistic(12288),
        209,
        # week 2 goes straight from A - Y to dw, db: no (4), and with one layer no (6) and no (7)
        equations=(1, 2, 3, 5, 8, 9, 10, 11, 12),
        intro="One sigmoid unit on the cat/non-cat pictures (64 x 64 x 3 = 12288 features). Here it is the L = 1 "
        "case of the same network as the other pages: W[1] : (1, 12288) is the course's w^T and b[1] : (1, 1) its "
        "b, so (8) dW[1] = 1/m dZ[1] A[0]^T = 1/m (A - Y) X^T is the transpose of the course's dw = 1/m X (A - Y)^T. "
        "The course starts from zeros; the harness starts from small random (Xavier) weights instead, because "
        "with zeros every Z is 0 and a transposed or mis-scaled line could go unnoticed.",
    ),
    PageSpec(
        "shallow",
        "A shallow network",
        "Week 3",
        Model.shallow(2, 4),
        400,
        # week 3 writes dZ2 = A2 - Y, then dZ1 = W2^T dZ2 * (1 - A1^2): (5), (7) and (6), no (4)
        equations=(1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12),
        intro="One hidden layer of 4 tanh units and a sigmoid output, on the planar 'flower' (2 features, 400 "
        "points), learning rate 1.2: the course's nn_model.",
    ),
    PageSpec(
        "deep",
        "A deep network",
        "Week 4",
        Model.deep((12288, 20, 7, 5, 1)),
        209,
        # week 4's L_model_backward starts from dAL, the chain form (4): every equation
        equations=tuple(EQUATIONS),
        intro="The L-layer network of the week 4 application, 12288-20-7-5-1: relu in the three hidden layers, "
        "a sigmoid at the output, on the cat/non-cat pictures, learning rate 0.0075.",
    ),
)
PAGES_BY_NAME = {page.name: page for page in PAGES}


# ---- what a page says ----------------------------------------------------------------------------------------


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


# the activation functions' definitions: which module of which implementation, for g and for g'
ACTIVATION_MODULES = (
    ("NumPy reference", "reference_numpy.activations"),
    ("PyTorch manual, autograd", "impl_torch.activations"),
    ("JAX manual, autodiff", "impl_jax.activations"),
)


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


# ---- Markdown ----------------------------------------------------------------------------------------------


def markdown_table(frame):
    """A pipe table with the reports' number formatting; '|' inside a value is escaped."""
    shown = display_frame(frame)
    header = "| " + " | ".join(map(str, shown.columns)) + " |"
    lines = [header, "|" + "|".join("---" for _ in shown.columns) + "|"]
    for row in shown.itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines)


def markdown_block(block, first=True):
    """A block under its implementation's name (first=False: the same implementation again, name left out)."""
    label = f"**{block.label}**" if first else "&nbsp;&nbsp;&nbsp;&nbsp;and"
    if not block.code:
        return f"{label}: {block.reason}."
    if block.shared_with:
        return f"{label} · `{block.heading}`: the {block.shared_with} line above ([`{block.location}`]({block.link}))."
    code = "\n".join(line for _, line in block.code)
    return f"{label} · `{block.heading}` · [`{block.location}`]({block.link})\n\n```python\n{code}\n```"


def grouped(blocks):
    """[(block, first)]: first is False for a block of the same implementation as the one before it."""
    return [(block, i == 0 or blocks[i - 1].label != block.label) for i, block in enumerate(blocks)]


def nav_markdown(current):
    links = ["[index](index.md)"] + [
        f"**{spec.title}**" if spec.name == current else f"[{spec.title}]({spec.name}.md)" for spec in PAGES
    ]
    return " · ".join(links)


def section_markdown(section, spec):
    parts = [
        f'<a id="eq-{section.number}"></a>\n\n## ({section.number}) {section.math}',
        f"In the code: `{section.tag}`",
        f"Shapes: {shape_line(section.number)}. Here: {shapes_here(section.number, spec)}.",
    ]
    parts += [markdown_block(block, first) for block, first in grouped(section.blocks)]
    for title, blocks in section.activations:
        parts.append(f"#### {title}")
        parts += [markdown_block(block) for block in blocks]
    for note in section.notes:
        parts.append(f"> **{note.title}.** {note.text}")
    if not section.measured.empty:
        parts.append(f"Measured on {section.measured_keys}:\n\n{markdown_table(section.measured)}")
    elif section.number == 4:
        parts.append("Not measured: no backend returns dA[L] (every L_model_backward starts from (5)).")
    return "\n\n".join(parts)


def render_markdown(page):
    """One model's page as GitHub-flavoured Markdown (the equations typeset with <sup>/<sub>)."""
    spec = page.spec
    counts = ", ".join(f"{n} {status}" for status, n in page.counts.items()) or "none"
    parts = [
        f"# {spec.title} ({spec.week}): the equations in NumPy, PyTorch and JAX",
        nav_markdown(spec.name),
        "<!-- Generated by `dlrosetta docs` from the equation tags in the source and the records in "
        f"{page.source or 'no run'}; do not edit by hand. -->",
        spec.intro,
        f"Model `{spec.model.describe()}`, m = {spec.m} examples. Every line of code below is read from the "
        "installed source, under its tag `# (N) ...`; `dlrosetta explain N` prints the same in a terminal.",
        markdown_table(layer_table(spec)),
        run_sentence(page.run, page.source) + f" Records of this model: {counts}.",
        *[f"> **{note.title}.** {note.text}" for note in page.notes],
        "Equations: " + " · ".join(f"[({s.number})](#eq-{s.number})" for s in page.sections),
    ]
    parts += [section_markdown(section, spec) for section in page.sections]
    return "\n\n".join(parts) + "\n"


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


def render_index_markdown(pages):
    """The index: the pages, the twelve equations, the implementations, the run."""
    run, source = (pages[0].run, pages[0].source) if pages else ({}, "")
    parts = [
        "# dl-rosetta: the course's equations in NumPy, PyTorch and JAX",
        nav_markdown("index"),
        f"<!-- Generated by `dlrosetta docs`; do not edit by hand. Refresh with: {REFRESH} -->",
        INDEX_INTRO,
        "## The pages\n\n" + "\n".join(f"- [{s.title}]({s.name}.md) ({s.week}): {s.intro}" for s in PAGES),
        "## The equations\n\n" + markdown_table(equations_table("md")),
        "## The implementations\n\n" + markdown_table(implementations_table()),
        "## The measurements\n\n" + run_sentence(run, source),
        "## In a terminal\n\n```\ndlrosetta explain 8               # an equation, by its number\n"
        "dlrosetta explain dW              # a quantity\ndlrosetta explain L_model_backward  # a function: "
        "the equations in it and in what it calls\ndlrosetta explain --list\n```\n\nRegenerate these pages "
        f"after changing the code: `{REFRESH}`.",
    ]
    return "\n\n".join(parts) + "\n"


# ---- files ---------------------------------------------------------------------------------------------------


def render_all(rosetta, records=None, source=""):
    """{file name: text} of every page, rendered in memory: index.md/.html and <model>.md/.html."""
    from rosetta.pages_html import render_html, render_index_html

    pages = build_pages(rosetta, records, source)
    files = {"index.md": render_index_markdown(pages), "index.html": render_index_html(pages)}
    for page in pages:
        files[f"{page.spec.name}.md"] = render_markdown(page)
        files[f"{page.spec.name}.html"] = render_html(page)
    return files


def write_docs(out_dir, rosetta, records=None, source=""):
    """Render every page, then write each (a temporary file renamed into place). Returns the paths written."""
    from conformance.records import atomic_write

    files = render_all(rosetta, records, source)
    return [atomic_write(Path(out_dir) / name, lambda f, text=text: f.write(text)) for name, text in files.items()]


# The columns of the records the pages read; slim_run blanks the others (messages, timings, worst elements) and
# keeps 6 significant digits of the numbers (the pages show 3).
ROUNDED = ("max_abs_error", "fraction_used", "agreement")
PAGE_COLUMNS = (
    "backend",
    "framework",
    "variant",
    "device",
    "dtype",
    "profile",
    "matmul_precision",
    "model",
    "data",
    "phase",
    "key",
    "quantity",
    "layer",
    "iteration",
    "order",
    "status",
    "first_failure",
    "max_abs_error",
    "fraction_used",
    "agreement",
    "run_iterations",
    "known_divergence",
)


def slim_run(from_dir, to_dir):
    """Copy a run's records.csv and run.json, keeping the rows of the pages' models and the columns the pages
    read (the rest left empty, the numbers to 6 significant digits), so that a committed copy stays small.
    Nothing is recomputed."""
    from conformance.records import RECORDS_FILE, RUN_FILE, atomic_write

    from_dir, to_dir = Path(from_dir), Path(to_dir)
    records = load(from_dir)  # checks the schema and the columns
    raw = pd.read_csv(from_dir / RECORDS_FILE, dtype=str, keep_default_na=False, na_filter=False)
    raw = raw[raw["model"].isin([spec.name for spec in PAGES])]
    for column in raw.columns:
        if column not in PAGE_COLUMNS:
            raw[column] = ""
        elif column in ROUNDED:
            raw[column] = [text if text == "" else f"{float(text):.6g}" for text in raw[column]]
    run = dict(run_info(records))
    run["slimmed"] = (
        f"rows of the models {', '.join(spec.name for spec in PAGES)} only; columns other than "
        f"{', '.join(PAGE_COLUMNS)} left empty, {', '.join(ROUNDED)} to 6 significant digits "
        "(dlrosetta docs --save-run)"
    )
    atomic_write(to_dir / RECORDS_FILE, lambda f: raw.to_csv(f, index=False, lineterminator="\n"))
    atomic_write(to_dir / RUN_FILE, lambda f: f.write(json.dumps(run, indent=2) + "\n"))
    return to_dir
