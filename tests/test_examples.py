"""The walkthroughs in examples/ run end to end, on the synthetic data, in their fast mode.

Each is a jupytext "percent" script (cells start with `# %%`, Markdown cells with `# %% [markdown]`), so it opens
as a notebook; here it runs as a script, in this process (torch and jax are imported once for all three).
"""

import runpy
from pathlib import Path

import pytest

from reports.loading import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = {
    "week2_logistic_regression.py": ("logistic", "synthetic cat/non-cat pictures"),
    "week3_planar_flower.py": ("shallow", "planar flower"),
    "week4_deep_network.py": ("deep", "synthetic cat/non-cat pictures"),
}


def test_every_example_is_tested():
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(SCRIPTS)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_example_is_a_percent_format_notebook(name):
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# %% [markdown]" and lines[1].startswith("# # ")  # a title cell first
    cells, markdown = 0, False
    for line in lines:
        if line.startswith("# %%"):
            cells += 1
            markdown = line == "# %% [markdown]"
        elif markdown:
            assert line == "" or line.startswith("#"), f"{name}: code inside a Markdown cell: {line!r}"
    assert cells >= 10
    compile("\n".join(lines), name, "exec")


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_example_runs_end_to_end(name, tmp_path, monkeypatch, capsys):
    model, data = SCRIPTS[name]
    monkeypatch.delenv("DLROSETTA_DATA", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./datasets here: the synthetic pictures
    monkeypatch.setenv("DLROSETTA_EXAMPLES_FAST", "1")
    monkeypatch.setenv("DLROSETTA_EXAMPLES_OUT", str(tmp_path / "out"))
    namespace = runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    out = capsys.readouterr().out
    assert data in out and "report.html" in out
    assert namespace["ITERATIONS"] == 10  # the fast mode
    # every backend trained from the same initial parameters and ended where the reference did
    assert sorted(namespace["trained"]) == sorted(["numpy", *namespace["BACKENDS"]])
    df = load(tmp_path / "out")
    assert set(df["model"]) == {model} and (df["status"] == "pass").all()
    # the harness's matrix has every backend, numpy-course (the course's own arithmetic) too
    assert set(df["backend"]) == {"numpy", "numpy-course", *namespace["BACKENDS"]}
    assert (tmp_path / "out" / "report.html").is_file()
