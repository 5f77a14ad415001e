"""Divergence is a verdict: inf/NaN parameters during training, in `run`, in the harness and in `train`."""

import numpy as np
import pytest

from conformance.cases import get_case
from conformance.matrix import CellRecords, RunConfig, run_matrix, summary
from conformance.trajectory import divergence_iteration, train_checked
from dlrosetta.cli import main
from reference_numpy.training import train

DIVERGING = ["--models", "deep-leaky", "--learning-rate", "1e6", "--iterations", "20", "--quiet"]


def test_divergence_iteration_is_the_first_update_that_leaves_a_non_finite_parameter():
    c = get_case("deep-leaky")
    with np.errstate(all="ignore"):
        found = divergence_iteration(lambda p, n: train(p, c.X, c.Y, c.model, 1e6, n, n)[0], c.params, 20, 10)
        before, _ = train(c.params, c.X, c.Y, c.model, 1e6, found, 1)
        after, _ = train(c.params, c.X, c.Y, c.model, 1e6, found + 1, 1)
    assert all(np.isfinite(v).all() for v in before.values())
    assert not all(np.isfinite(v).all() for v in after.values())
    assert divergence_iteration(lambda p, n: train(p, c.X, c.Y, c.model, 0.0075, n, n)[0], c.params, 20, 10) is None


def test_a_run_where_the_reference_diverges_identically_is_agreement(tmp_path, capsys):
    """float64 backends diverge at the reference's iteration: recorded as agreement on a diverging run, exit 0."""
    out = tmp_path / "run"
    assert main(["run", *DIVERGING, "--backends", "numpy,torch-manual", "--dtypes", "float64", "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "DIVERGING RUN numpy cpu float64 strict deep-leaky: agreement on a diverging run" in stdout
    rows = [line for line in (out / "records.csv").read_text().splitlines() if ",divergence," in line]
    assert len(rows) == 2 and all(",pass," in row for row in rows)


def test_a_backend_that_diverges_unlike_the_reference_fails_the_run(tmp_path, capsys):
    """float32 overflows earlier than the float64 reference: status diverged, the iteration named, exit 1, and the
    report's verdict counts it."""
    out = tmp_path / "run"
    assert main(["run", *DIVERGING, "--backends", "torch-manual", "--dtypes", "float32", "--out", str(out)]) == 1
    stdout = capsys.readouterr().out
    assert "1 diverged" in stdout
    assert "FIRST FAILURE torch-manual cpu float32 strict deep-leaky: trajectory divergence: the parameters turn " \
           "non-finite at iteration" in stdout  # fmt: skip
    assert "(1 diverged)" in (out / "report.md").read_text()


def test_a_finite_trajectory_has_no_divergence_record():
    config = RunConfig(models=("shallow",), backends=("numpy",), dtypes=("float64",), iterations=10)
    records = run_matrix(config)
    assert not [r for r in records if r["key"] == "divergence"] and not any("DIVERG" in s for s in summary(records))


def test_an_infinite_cost_at_finite_parameters_is_not_divergence():
    """A saturated sigmoid gives J = inf in the course's arithmetic: equal infinities agree; inf against a finite
    reference does not."""
    out = CellRecords("numpy", "cpu", "float64", "strict", "ieee", "shallow", None)
    assert out.compared("trajectory", "cost@0", np.inf, np.inf, "trajectory")["status"] == "pass"
    assert "not divergence" in out.records[-1]["message"]
    assert out.compared("cost", "cost", np.float32(np.inf), 3.0, "cost")["status"] == "fail"
    assert out.compared("cost", "cost", -np.inf, np.inf, "cost")["status"] == "fail"


# ---- dlrosetta train -----------------------------------------------------------------------------------------


def test_train_checked_is_the_same_arithmetic_as_one_call():
    c = get_case("deep")
    params, costs = train(c.params, c.X, c.Y, c.model, 0.0075, 250, 100)
    checked, checked_costs, diverged = train_checked(c.params, c.X, c.Y, c.model, 0.0075, 250, 100)
    assert diverged is None and np.array_equal(costs, checked_costs)
    assert all(np.array_equal(params[k], checked[k]) for k in params)


def test_train_stops_at_the_first_non_finite_parameter(capsys):
    argv = ["train", "--activation", "leaky_relu", "--learning-rate", "1e6", "--iterations", "300", "--data",
            "synthetic", "--quiet"]  # fmt: skip
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "diverged: a parameter became inf or NaN at iteration 4" in err
    assert "Try a smaller --learning-rate, e.g. 100000" in err


@pytest.mark.parametrize(
    "args,message",
    [
        (["--model", "logistic", "--hidden", "5"], "--hidden and --activation do not apply to --model logistic"),
        (["--plot", "/missing/dir/c.png"], "--plot /missing/dir/c.png: the folder /missing/dir does not exist"),
        (["--plot", "costs.pdf"], "expected a file name ending in .png"),
        (["--learning-rate", "-1"], "--learning-rate: expected a finite number > 0"),
        (["--iterations", "-5"], "--iterations: expected an integer >= 0"),
        (["--record-every", "0"], "--record-every: expected an integer >= 1"),
        (["--hidden", "20,0"], "--hidden: expected one or more sizes >= 1"),
        (["--activation", "swish"], "--activation: unknown activation 'swish'; expected one of"),
    ],
)
def test_train_arguments_checked_before_training(args, message, capsys, monkeypatch):
    from dlrosetta import train as cmd_train

    monkeypatch.setattr(cmd_train, "get_dataset", lambda *a: pytest.fail("training started despite bad arguments"))
    assert main(["train", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_train_plot_is_written(tmp_path):
    path = tmp_path / "c.png"
    assert main(["train", "--model", "logistic", "--iterations", "20", "--quiet", "--plot", str(path)]) == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
