"""The generated pages: docs/ is what `dlrosetta docs` makes from the source and docs/run, byte for byte; the pages
fetch nothing; the code they show is the source's; each page's model is the harness's case of that name."""

import difflib
import os
import re
from pathlib import Path

import pytest

from conformance.cases import get_case
from conformance.cases_optimization import MODEL as OPTIMIZATION_MODEL
from conformance.cases_optimization import OPTIMIZATION_CASES, optimization_inputs
from dlrosetta.cli import main
from reference_numpy.equations import EQUATIONS
from reports.loading import load
from rosetta.conventions import NOTES
from rosetta.notation import math_html, shape_line
from rosetta.pages import PAGE_COLUMNS, PAGES, REFRESH, slim_run

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
RUN = DOCS / "run"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The pages as the refresh command writes them (from the repository's root: the pages name docs/run)."""
    out = tmp_path_factory.mktemp("docs")
    here = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(["docs", "--out", str(out), "--results", "docs/run"]) == 0
    finally:
        os.chdir(here)
    return out


def page_files(folder):
    return sorted(p.name for p in Path(folder).iterdir() if p.is_file())


def test_docs_are_up_to_date(regenerated):
    """The committed pages are exactly what the command writes now: the code or docs/run changed otherwise."""
    refresh = f"regenerate them with: {REFRESH}   (or PYTHONPATH=. python -m dlrosetta.cli docs ...)"
    assert page_files(DOCS) == page_files(regenerated), f"docs/ has other files than the command writes; {refresh}"
    for name in page_files(regenerated):
        new, old = (regenerated / name).read_bytes(), (DOCS / name).read_bytes()
        if new != old:
            diff = difflib.unified_diff(
                old.decode().splitlines(), new.decode().splitlines(), "docs/" + name, "regenerated", n=1, lineterm=""
            )
            pytest.fail(f"docs/{name} is out of date; {refresh}\n" + "\n".join(list(diff)[:40]))


def test_the_committed_docs_stay_small():
    total = sum(p.stat().st_size for p in DOCS.rglob("*") if p.is_file())
    # ten pages and their run: 1.12 MB in all when the softmax-bn page (course 2, week 3) joined the three
    # course-1 pages, the regularization page and the four optimizer pages (docs/run/records.csv 432 kB of it)
    assert total < 1_250_000, f"docs/ holds {total} bytes"


@pytest.mark.parametrize("name", [f"{spec.name}.html" for spec in PAGES] + ["index.html"])
def test_html_pages_fetch_nothing(regenerated, name):
    text = (regenerated / name).read_text(encoding="utf-8")
    for forbidden in ("<script", "<link", "<img", "@import", "url(", "src=", "http://", "https://", "<iframe"):
        assert forbidden not in text, f"{name} contains {forbidden!r}"
    for target in re.findall(r'href="([^"]*)"', text):
        assert target.startswith(("#", "../", *[f"{s.name}.html" for s in PAGES], "index.html")), target


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_each_page_shows_its_models_equations(regenerated, spec):
    text = (regenerated / f"{spec.name}.md").read_text(encoding="utf-8")
    shown = [int(n) for n in re.findall(r'^<a id="eq-(\d+)"></a>$', text, flags=re.MULTILINE)]
    assert shown == list(spec.equations)
    for number in spec.equations:
        assert f"In the code: `# ({number}) {EQUATIONS[number]}`" in text
    if spec.name in OPTIMIZATION_CASES:  # an optimizer's page: its update, not the network's equations
        assert max(spec.equations) >= 10 and not {1, 2, 6, 7} & set(spec.equations)
        return
    if min(spec.equations) > 12:  # course 2's page: its own equations; (1) to (12) are on the course-1 pages
        return
    assert (6 in spec.equations) == (spec.model.L > 1) and (7 in spec.equations) == (spec.model.L > 1)
    hidden = set(spec.model.activations[:-1])
    assert ("#### g = relu (hidden layers)" in text) == ("relu" in hidden)
    assert ("#### g = tanh (hidden layers)" in text) == ("tanh" in hidden)
    assert ("relu'(0)" in text) == ("relu" in hidden)


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_the_code_on_the_pages_is_the_source(regenerated, spec):
    """Every code block under a link `path:first-last` is those lines of that file, dedented."""
    text = (regenerated / f"{spec.name}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"\[`(\S+\.py):(\d+)(?:-(\d+))?`\]\([^)]*\)\n\n```python\n(.*?)\n```", text, flags=re.DOTALL)
    assert len(blocks) > (5 if spec.name in OPTIMIZATION_CASES else 20)
    for path, first, last, code in blocks:
        lines = (REPO / path).read_text(encoding="utf-8").splitlines()
        shown = code.splitlines()
        assert shown[0].strip() == lines[int(first) - 1].strip(), f"{path}:{first}"
        assert shown[-1].strip() == lines[int(last or first) - 1].strip(), f"{path}:{last}"
        assert all(line.strip() in (s.strip() for s in lines) for line in shown)


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_the_pages_models_are_the_harness_cases(spec):
    if spec.name in OPTIMIZATION_CASES:
        model, _, X, _ = optimization_inputs(OPTIMIZATION_CASES[spec.name].batchnorm)
        assert model == OPTIMIZATION_MODEL == spec.model and X.shape[1] == spec.m
        return
    case = get_case(spec.name)
    assert case.model == spec.model and case.X.shape[1] == spec.m


def test_the_measured_tables_come_from_the_records(regenerated):
    """On the deep page, torch-nn float32's worst fraction for (8) is the max over the deep model's dW records."""
    df = load(RUN)
    rows = df[
        (df["model"] == "deep") & (df["quantity"] == "dW") & (df["backend"] == "torch-nn") & (df["dtype"] == "float32")
    ]
    text = (regenerated / "deep.md").read_text(encoding="utf-8")
    section = text.split('<a id="eq-8"></a>')[1].split('<a id="eq-9"></a>')[0]
    line = next(line for line in section.splitlines() if line.startswith("| torch-nn | float32 |"))
    assert f"| {rows['fraction_used'].max():.3g} | {rows['max_abs_error'].max():.3g} |" in line


def test_notes_name_equations_and_models_that_exist():
    for note in NOTES:
        assert set(note.equations) <= set(EQUATIONS) and set(note.models) <= {spec.name for spec in PAGES}


def test_equations_are_typeset_from_their_text():
    assert shape_line(8) == "dW[l] : (n[l], n[l-1]), dZ[l] : (n[l], m), A[l-1] : (n[l-1], m)"
    assert math_html(EQUATIONS[8]) == (
        "dW<sup>[l]</sup> = <sup>1</sup>&frasl;<sub>m</sub> dZ<sup>[l]</sup> A<sup>[l−1]T</sup>"
    )
    assert math_html(EQUATIONS[9]).endswith("∑<sub>i</sub> dZ<sup>[l](i)</sup>")
    for text in EQUATIONS.values():  # every layer index is typeset, nothing is left in brackets on the line
        assert "[" not in re.sub(r"<sup>.*?</sup>", "", math_html(text))


def test_save_run_keeps_the_pages_rows_and_columns(tmp_path):
    slim = slim_run(RUN, tmp_path / "slim")
    df, again = load(RUN), load(slim)
    assert len(again) == len(df) and set(again["model"]) == {spec.name for spec in PAGES}
    for column in ("message", "seconds", "worst_index", "rtol"):
        assert again[column].isna().all() and column not in PAGE_COLUMNS
    assert again["fraction_used"].equals(df["fraction_used"])
    assert "slimmed" in again.attrs["run"]


def test_a_changed_line_of_code_changes_the_pages(tmp_path):
    """The drift check can fail: the pages follow the source, here a doctored copy of impl_torch/backward.py."""
    from rosetta.pages import render_all
    from rosetta.tags import Rosetta, source_file

    text = source_file("impl_torch.backward").read_text(encoding="utf-8")
    assert "    dW /= m" in text
    copy = tmp_path / "backward.py"
    copy.write_text(text.replace("    dW /= m", "    dW = dW / m"), encoding="utf-8")
    files = render_all(Rosetta.from_sources({"impl_torch.backward": copy}), load(RUN), "docs/run")
    assert "dW = dW / m" in files["deep.md"] and files["deep.md"] != (DOCS / "deep.md").read_text(encoding="utf-8")
