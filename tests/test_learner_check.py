"""`dlrosetta check`: a correct learner module passes; each planted mistake is caught, located and named."""

import shutil
from pathlib import Path

import pytest

from conformance import check_module
from conformance.cli import main
from conformance.learner import load_module

LEARNERS = Path(__file__).parent / "learners"

# mistake -> (function, the correct line, the mistaken line, first wrong tensor, layer, words of the hint)
MISTAKES = {
    "missing 1/m": ("linear_backward", "    dW = 1 / m * np.dot(dZ, A_prev.T)", "    dW = np.dot(dZ, A_prev.T)",
                    "dW", None, "missing 1/m"),
    "transposed product": ("linear_backward", "    dW = 1 / m * np.dot(dZ, A_prev.T)",
                           "    dW = 1 / m * np.dot(A_prev, dZ.T)", "dW", None, "transposed"),
    "relu'(0) = 1": ("linear_activation_backward", "    dZ[Z <= 0] = 0", "    dZ[Z < 0] = 0", "dW", None,
                     "relu's derivative at z = 0"),
    "squeezed db": ("linear_backward", "    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)",
                    "    db = 1 / m * np.sum(dZ, axis=1)", "db", None, "squeezed"),
    "wrong sign of dAL": ("L_model_backward", "    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
                          "    dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)", "dW2", 2, "sign"),
}  # fmt: skip


def _planted(tmp_path, old, new):
    source = (LEARNERS / "week4_correct.py").read_text()
    assert old in source, f"the correct module no longer has the line {old!r}"
    path = tmp_path / "my_week4.py"
    path.write_text(source.replace(old, new))
    return path


def test_a_correct_week4_module_passes_every_check():
    records = check_module(load_module(LEARNERS / "week4_correct.py"))
    assert {r["week"] for r in records} == {"week4"}
    assert len({r["function"] for r in records}) == 10
    assert all(r["status"] == "pass" for r in records), [r for r in records if r["status"] != "pass"]


def test_a_correct_week3_module_in_the_2021_form_passes():
    records = check_module(load_module(LEARNERS / "week3_correct.py"))
    assert {r["week"] for r in records} == {"week3"} and len({r["function"] for r in records}) == 8
    assert all(r["status"] == "pass" for r in records), [r for r in records if r["status"] != "pass"]
    assert [r["message"] for r in records if r["function"] == "nn_model"] == ["matches (seeding 2021)"]


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_planted_mistake_is_caught_located_and_named(tmp_path, mistake):
    function, old, new, tensor, layer, words = MISTAKES[mistake]
    records = check_module(load_module(_planted(tmp_path, old, new)))
    failing = [r for r in records if r["status"] != "pass"]
    mine = [r for r in failing if r["function"] == function]
    assert mine, f"{mistake}: {function} was not caught; failing: {[(r['function'], r['case']) for r in failing]}"
    first = mine[0]
    assert first["first_wrong"] == tensor and (layer is None or first["layer"] == layer), first
    assert first["hint"] and words in first["hint"], first
    # a mistake in one function shows in the functions built on it, and nowhere else
    downstream = {"linear_backward": {"linear_activation_backward", "L_model_backward"},
                  "linear_activation_backward": {"L_model_backward"}}.get(function, set())  # fmt: skip
    assert {r["function"] for r in failing} <= {function} | downstream


def test_cli_exit_status_and_table(tmp_path, capsys):
    assert main(["check", str(LEARNERS / "week4_correct.py")]) == 0
    out = capsys.readouterr().out
    assert "week4, 10 functions" in out and "first wrong" in out and "checks pass" in out
    function, old, new, *_ = MISTAKES["missing 1/m"]
    assert main(["check", str(_planted(tmp_path, old, new))]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "a missing 1/m" in out


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nothere.py")]) == 2
    assert "no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.py"
    broken.write_text("import numpy as np\nimport dnn_utils_v2\n")
    assert main(["check", str(broken)]) == 2
    assert "importing it failed: ModuleNotFoundError" in capsys.readouterr().err
    empty = tmp_path / "empty.py"
    empty.write_text("def hello():\n    return 1\n")
    assert main(["check", str(empty)]) == 2
    assert "defines none of the course's functions" in capsys.readouterr().err
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    assert main(["check", str(notes)]) == 2
    assert "expected a .py file" in capsys.readouterr().err


def test_a_crashing_function_is_an_error_record_not_a_crash(tmp_path):
    source = (LEARNERS / "week4_correct.py").read_text()
    path = tmp_path / "crashy.py"
    path.write_text(source.replace("    Z = np.dot(W, A) + b\n", "    Z = np.dot(A, W) + b\n"))
    records = check_module(load_module(path))
    errors = [r for r in records if r["status"] == "error"]
    assert errors and all("ValueError" in r["message"] for r in errors)
    assert any(r["function"] == "linear_backward" and r["status"] == "pass" for r in records)


def test_helpers_next_to_the_module_import(tmp_path):
    """A learner's module that imports its own helper file (as the course's notebooks do) still loads."""
    shutil.copy(LEARNERS / "week4_correct.py", tmp_path / "dnn_helpers_local.py")
    main_file = tmp_path / "assignment.py"
    main_file.write_text("from dnn_helpers_local import *  # noqa: F403\n")
    records = check_module(load_module(main_file))
    assert records and all(r["status"] == "pass" for r in records)
