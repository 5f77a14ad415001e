"""Bring your own backend: a backend module (a file, or an installed package's entry point) runs in the matrix and
the reports like the project's own; a module that does not follow the contract is refused at load, by name."""

import importlib.metadata
from pathlib import Path

import pytest

from conformance import plugins
from conformance.matrix import RunConfig, failed, run_matrix
from dlrosetta.cli import main
from reference_numpy import DLRosettaError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "backends" / "my_numpy_backend.py"


def test_an_independent_backend_passes_in_the_matrix():
    external = plugins.load_backend_module(EXAMPLE)
    assert list(external.factories) == ["my-numpy"] and external.devices["my-numpy"] == ["cpu"]
    config = RunConfig(models=("mixed", "shallow"), backends=("my-numpy",), iterations=20, record_every=10)
    records = run_matrix(config, factories=external.factories)
    assert {r["dtype"] for r in records} == {"float64", "float32"}
    assert {r["framework"] for r in records} == {"my-numpy"}
    assert not failed(records), [r["message"] for r in records if r["status"] != "pass"][:3]


def test_dlrosetta_run_with_a_backend_module_reports_it(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["run", "--backend-module", str(EXAMPLE), "--backends", "numpy,my-numpy", "--models", "mixed",
                 "--iterations", "10", "--quiet", "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().out
    assert "my-numpy" in (out / "records.csv").read_text() and "my-numpy" in (out / "report.md").read_text()


def _module(tmp_path, text):
    path = tmp_path / "bad_backend.py"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x = 1\n", "BACKENDS"),
        ("BACKENDS = {'numpy': lambda **kw: None}\n", "must be a new"),
        ("BACKENDS = {'mine': 3}\n", "factory"),
        ("class B:\n    name = 'mine'\nBACKENDS = {'mine': lambda **kw: B()}\n", "lacks framework, variant"),
        ("def f(**kw):\n    raise RuntimeError('no GPU')\nBACKENDS = {'mine': f}\n", "RuntimeError: no GPU"),
        ("import not_a_module_anywhere\n", "ModuleNotFoundError"),
    ],
)
def test_a_module_off_the_contract_is_refused_at_load(tmp_path, text, says):
    with pytest.raises(DLRosettaError, match=says):
        plugins.load_backend_module(_module(tmp_path, text))


def test_the_command_line_says_what_is_wrong(tmp_path, capsys):
    assert main(["run", "--backend-module", str(tmp_path / "none.py"), "--out", str(tmp_path / "o")]) == 2
    assert "expected a Python file" in capsys.readouterr().err


def test_installed_packages_add_backends_through_entry_points(monkeypatch):
    found = [importlib.metadata.EntryPoint("mutants", "conformance.mutants", plugins.ENTRY_POINT_GROUP)]
    monkeypatch.setattr(plugins, "entry_points", lambda group: found if group == plugins.ENTRY_POINT_GROUP else [])
    external = plugins.external_backends([EXAMPLE])
    assert "mutant-b-frozen" in external.factories and "my-numpy" in external.factories
    assert "entry point mutants" in external.sources["mutant-b-frozen"]
    assert plugins.external_backends([], use_entry_points=False).factories == {}


def test_diagnose_names_the_toggle_that_makes_a_failing_cell_pass(tmp_path, capsys):
    """relu'(0) = 1 planted in torch-manual (the mutation suite's backend module): --diagnose says so."""
    from conformance import mutants

    code = main(["run", "--backend-module", mutants.__file__, "--backends", "mutant-relu-prime-1", "--models",
                 "relu-zero", "--dtypes", "float64", "--iterations", "0", "--diagnose", "--quiet", "--out",
                 str(tmp_path / "o")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1 and "DIAGNOSIS mutant-relu-prime-1 cpu float64 strict relu-zero: passes with relu'(0) = 1" in out
    assert out.count("DIAGNOSIS") == 1, out
