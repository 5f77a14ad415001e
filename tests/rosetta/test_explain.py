"""`dlrosetta explain`: the printed lines and line numbers are the source files' own, read here independently.

The test finds each tag in the files with a plain text search (not the parser that explain uses) and checks that
explain prints the line under it, with its file and number; and that the measured numbers are the records'.
"""

import csv
import re
from pathlib import Path

import pytest

from dlrosetta.cli import main
from reference_numpy.equations import EQUATIONS
from reports.formatting import format_value
from rosetta.tags import IMPLEMENTATIONS

REPO = Path(__file__).resolve().parents[2]
DOCS_RUN = REPO / "docs" / "run"
WIDE = re.compile(r"^\s+(\S+\.py):(\d+)  +(.*)$")  # "    impl_torch/backward.py:28   dW = dZ @ A_prev.T"
RANGE = re.compile(r"^\s+(\S+\.py):(\d+)(?:-(\d+))?$")  # "    impl_torch/nn.py:50-52" (then the code under it)


def explain(capsys, *args):
    status = main(["explain", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def tagged_lines(number):
    """{(path, line)} of the first code line under each `# (number) ...` tag, found by reading every file."""
    found = set()
    files = {m.replace(".", "/") + ".py" for impl in IMPLEMENTATIONS for m in impl.modules}
    for path in sorted(files):
        lines = (REPO / path).read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip().startswith(f"# ({number}) "):
                j = i + 1
                while lines[j].strip().startswith("# ("):  # other tags over the same line
                    j += 1
                found.add((path, j + 1))
    return found


def source_line(path, number):
    return (REPO / path).read_text(encoding="utf-8").splitlines()[number - 1]


def printed_rows(text):
    """[(path, line, code)] of the side-by-side rows."""
    return [(m.group(1), int(m.group(2)), m.group(3)) for m in map(WIDE.match, text.splitlines()) if m]


@pytest.mark.parametrize("number", [8, 3, 12])
def test_each_printed_line_is_the_source_line_under_the_tag(capsys, number):
    status, out, _ = explain(capsys, str(number), "--width", "250", "--results", str(DOCS_RUN))
    assert status == 0
    assert out.startswith(f"({number}) {EQUATIONS[number]}\n")
    rows = printed_rows(out)
    assert rows, out
    for path, line, code in rows:
        assert source_line(path, line).strip() == code.strip(), f"{path}:{line}"
    # every tag of the equation in the files is shown (the shared lines of autograd/autodiff come from the same tags)
    assert tagged_lines(number) <= {(path, line) for path, line, _ in rows}


def test_a_statement_split_over_lines_is_printed_whole(capsys):
    """torch's dW = dZ @ A_prev.T then dW /= m: both lines, with consecutive numbers."""
    _, out, _ = explain(capsys, "8", "--width", "250")
    torch_rows = [(line, code) for path, line, code in printed_rows(out) if path == "impl_torch/backward.py"]
    first = min(line for line, _ in torch_rows)
    assert [code.split("  #")[0].strip() for _, code in torch_rows] == ["dW = dZ @ A_prev.T", "dW /= m"]
    assert [line for line, _ in torch_rows] == [first, first + 1]


def test_a_narrow_terminal_prints_the_location_then_the_code(capsys):
    _, out, _ = explain(capsys, "1", "--width", "40")
    lines = out.splitlines()
    blocks = [(i, RANGE.match(line)) for i, line in enumerate(lines) if RANGE.match(line)]
    assert blocks and not printed_rows(out)
    for i, match in blocks:
        path, first, last = match.group(1), int(match.group(2)), int(match.group(3) or match.group(2))
        printed = [line.strip() for line in lines[i + 1 : i + 1 + last - first + 1]]
        assert printed == [source_line(path, n).strip() for n in range(first, last + 1)]
    assert any(m.group(1) == "impl_torch/nn.py" and m.group(3) for _, m in blocks)  # nn.Linear over three lines


def test_every_implementation_is_named_with_its_function(capsys):
    _, out, _ = explain(capsys, "8", "--width", "250")
    for impl in IMPLEMENTATIONS:
        assert f"  {impl.label}: " in out
    assert "PyTorch autograd: gradients(), by autograd" in out
    assert "JAX autodiff: gradients(), by jax.grad" in out
    assert "shapes: dW[l] : (n[l], n[l-1]), dZ[l] : (n[l], m), A[l-1] : (n[l-1], m)" in out


def test_a_variant_without_the_equation_says_why(capsys):
    _, out, _ = explain(capsys, "4", "--width", "250")
    assert "PyTorch autograd: not computed: (5) dZ[L] = A[L] - Y gives" in out
    assert "impl_torch/backward.py:" in out and "cost_backward()" in out


def test_shared_code_is_named_as_shared(capsys):
    _, out, _ = explain(capsys, "1", "--width", "250")
    assert "PyTorch autograd: linear_forward(), shared with PyTorch manual" in out
    assert "JAX autodiff: linear_forward(), shared with JAX manual" in out


@pytest.mark.parametrize(("name", "number"), [("Z", 1), ("dgamma", 37), ("(12)", 12), ("D", 15)])
def test_a_quantity_resolves_to_its_equation(capsys, name, number):
    by_name, by_number = explain(capsys, name, "--width", "200")[1], explain(capsys, str(number), "--width", "200")[1]
    assert by_name == by_number


@pytest.mark.parametrize(("name", "numbers"), [("dW", (8, 14)), ("dW2", (8, 14))])
def test_a_quantity_with_an_l2_term_is_two_equations(capsys, name, numbers):
    """dW[l] is computed by course 1's equation, then the L2 term (course 2) is added to it."""
    _, out, _ = explain(capsys, name, "--width", "200")
    assert re.findall(r"^\((\d+)\) ", out, flags=re.MULTILINE) == [str(n) for n in numbers]


@pytest.mark.parametrize("name", ["J", "cost"])
def test_the_cost_is_the_binary_and_the_softmax_cross_entropy_and_the_l2_term(capsys, name):
    """J: the binary cross-entropy (3), its L2 term (13) and the softmax cross-entropy (32)."""
    _, out, _ = explain(capsys, name, "--width", "200")
    assert re.findall(r"^\((\d+)\) ", out, flags=re.MULTILINE) == ["3", "13", "32"]
    assert out.startswith(f"(3) {EQUATIONS[3]}") and f"\n(32) {EQUATIONS[32]}\n" in out


def test_dZ_is_two_equations(capsys):
    _, out, _ = explain(capsys, "dZ", "--width", "200")
    assert out.startswith(f"(5) {EQUATIONS[5]}") and f"\n(6) {EQUATIONS[6]}\n" in out


def test_a_function_shows_the_equations_in_it_and_in_what_it_calls(capsys):
    status, out, _ = explain(capsys, "L_model_backward", "--width", "250")
    assert status == 0
    headers = re.findall(r"^\((\d+)\) ", out, flags=re.MULTILINE)
    # (4) through cost_backward: the course presets' chain form; (14) and (17): L2 and dropout
    assert headers == ["4", "5", "6", "7", "8", "9", "14", "17"]
    assert "defined in: NumPy reference, PyTorch manual, JAX manual" in out
    assert "not in: PyTorch autograd, PyTorch torch.nn, JAX autodiff" in out
    for path, line, code in printed_rows(out):
        assert path.endswith(("backward.py", "regularization.py")) and source_line(path, line).strip() == code.strip()


def test_the_training_loop_of_an_autodiff_variant_steps_with_its_own_gradients(capsys):
    """train() is shared by jax-manual and jax-autodiff; the autodiff variant's step is autodiff.py's."""
    _, out, _ = explain(capsys, "train", "--width", "250")
    section = out.split("(8) ")[1].split("\n(9) ")[0]
    assert "JAX autodiff: cost_and_gradients(), by jax.grad" in section
    assert "JAX manual: linear_backward()" in section


def test_the_measured_agreement_is_the_records(capsys):
    _, out, _ = explain(capsys, "8", "--width", "250", "--results", str(DOCS_RUN))
    with open(DOCS_RUN / "records.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["phase"] == "backward" and r["quantity"] == "dW"]
    assert "over dW1 (logistic), dW1, dW2 (shallow), dW1..dW4 (deep)" in out
    for backend in ("numpy", "torch-nn", "jax-autodiff"):
        for dtype in ("float64", "float32"):
            mine = [r for r in rows if r["backend"] == backend and r["dtype"] == dtype]
            worst = max(float(r["fraction_used"]) for r in mine)
            largest = max(float(r["max_abs_error"]) for r in mine)
            line = next(line for line in out.splitlines() if line.split()[:2] == [backend, dtype])
            assert line.split()[2:6] == [str(len(mine)), "pass", format_value(worst), format_value(largest)], line


def test_without_records_it_says_where_to_get_them(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./results here
    status, out, _ = explain(capsys, "8", "--width", "120")
    assert status == 0 and "measured: no records in results (run `dlrosetta run`" in out


def test_list(capsys):
    status, out, _ = explain(capsys, "--list")
    assert status == 0
    for number, text in EQUATIONS.items():
        assert f"({number}) {text}" in out
    assert "L_model_backward" in out and " dW " in out and "_train_loop" not in out


@pytest.mark.parametrize("what", ["99", "dX", "no_such_function", "get_activation"])
def test_unknown_names_exit_2_with_what_exists(capsys, what):
    status, out, err = explain(capsys, what)
    assert status == 2 and out == ""
    assert "(8) dW[l] = 1/m dZ[l] A[l-1]^T" in err and "L_model_backward" in err


def test_bad_results_folder_exits_2(capsys, tmp_path):
    status, _, err = explain(capsys, "8", "--results", str(tmp_path / "nowhere"))
    assert status == 2 and "no such folder" in err
