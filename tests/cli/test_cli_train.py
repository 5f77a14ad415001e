"""`dlrosetta train` from the command line, run in-process."""

import re

import pytest

from dlrosetta.cli import main
from reference_numpy import Model, initialize_parameters, train
from reference_numpy.datasets import planar_dataset


def test_help_lists_the_models_and_data_choices(capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for word in ("--model", "logistic", "shallow", "synthetic", "planar", "DLROSETTA_DATA", "examples"):
        assert word in text


def test_shallow_model_on_the_flower_prints_what_the_reference_computes(capsys):
    assert main(["train", "--model", "shallow", "--iterations", "2000"]) == 0
    out = capsys.readouterr().out
    # week 3's settings: the flower, 4 tanh units, the v6c init (seed 2), learning rate 1.2, a cost every 1000
    model = Model.shallow(2, 4)
    X, Y = planar_dataset()
    _, costs = train(initialize_parameters(model, "course-week3"), X, Y, model, 1.2, 2000, 1000)
    assert f"Cost after iteration 0: {costs[0]:f}" in out and f"Cost after iteration 1000: {costs[1]:f}" in out
    assert "Cost after iteration 2000" not in out
    assert re.search(r"train accuracy: \d+\.\d\d %", out) and "test accuracy" not in out
    assert f"({costs[0]:.6f} at iteration 0 -> {costs[1]:.6f} at iteration 1000; recorded every 1000)" in out


def test_a_run_shorter_than_the_record_interval_says_where_its_one_cost_was_taken(capsys):
    assert main(["train", "--model", "shallow", "--iterations", "5", "--record-every", "10"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"at iteration 0 -> \d\.\d{6} at iteration 0; recorded every 10\)", out), out


def test_logistic_model_on_synthetic_data_reports_train_and_test_accuracy(capsys, tmp_path):
    plot = tmp_path / "costs.png"
    assert main(["train", "--model", "logistic", "--data", "synthetic", "--iterations", "50", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "Cost after iteration 0: 0.693147" in out  # zeros init: J = log 2
    assert re.search(r"train accuracy: [\d.]+ %   test accuracy: [\d.]+ %", out)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_float32_deep_model_with_custom_layers(capsys):
    args = [
        "train",
        "--data",
        "synthetic",
        "--hidden",
        "8,4",
        "--init",
        "he",
        "--iterations",
        "20",
        "--dtype",
        "float32",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "model: deep 12288-8-4-1 relu,relu,sigmoid" in out and "float32" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--data", "/no/such/folder"], "expected 'auto', 'synthetic', 'planar' or a folder"),
        (["--hidden", "20,x"], "--hidden: expected sizes like 20,7,5"),
        (["--activation", "swish", "--iterations", "1"], "unknown activation 'swish'"),
        (["--learning-rate", "-1", "--iterations", "1"], "--learning-rate: expected a finite number > 0"),
        (["--lambd", "-0.1", "--iterations", "1"], "--lambd: lambd must be >= 0"),
        (["--keep-prob", "0", "--iterations", "1"], "--keep-prob: keep_prob must be a number in (0, 1]"),
        (["--model", "logistic", "--keep-prob", "0.5"], "dropout needs a hidden layer"),
    ],
)
def test_usage_errors_exit_2_with_a_message(capsys, args, message):
    assert main(["train", "--data", "synthetic", *args] if "--data" not in args else ["train", *args]) == 2
    assert message in capsys.readouterr().err


def test_l2_and_dropout_train_and_say_so(capsys):
    assert main(["train", "--model", "shallow", "--iterations", "20", "--record-every", "10", "--lambd", "0.7",
                 "--keep-prob", "0.86"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "regularization: L2 lambd 0.7, dropout keep_prob 0.86" in out and "Cost after iteration 10:" in out
