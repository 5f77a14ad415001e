"""`dlrosetta train --optimizer/--batch-size/--decay` and `dlrosetta bench --adam-run`, run in-process."""

import json

import numpy as np
import pytest

from dlrosetta.cli import main
from reference_numpy import Model, Optimizer, Schedule, TrainConfig, initialize_parameters, train
from reference_numpy.datasets import planar_dataset
from reference_numpy.minibatches import course_permutations


def test_train_with_adam_on_mini_batches_prints_the_references_epoch_costs(capsys):
    argv = ["train", "--model", "shallow", "--optimizer", "adam", "--batch-size", "64", "--learning-rate", "0.01",
            "--iterations", "4", "--record-every", "2", "--decay", "scheduled", "--decay-rate", "1",
            "--time-interval", "2"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    model = Model.shallow(2, 4)
    X, Y = planar_dataset()
    config = TrainConfig(0.01, 4, 2, optimizer=Optimizer("adam"), batch_size=64,
                         permutations=course_permutations(400, 4), schedule=Schedule("scheduled", 1.0, 2))  # fmt: skip
    costs = train(initialize_parameters(model, "course-week3"), X, Y, model, config).costs
    assert f"Cost after epoch 0: {costs[0]:f}" in out and f"Cost after epoch 2: {costs[1]:f}" in out
    assert "optimizer: Adam (beta1 0.9, beta2 0.999, epsilon 1e-08), mini-batches of 64" in out


BAD_OPTIONS = {
    "--beta 1": (["--optimizer", "momentum", "--beta", "1"], "--beta must be a number in [0, 1)"),
    "--epsilon 0": (["--optimizer", "adam", "--epsilon", "0"], "--epsilon must be a finite number > 0"),
    "--batch-size 0": (["--batch-size", "0"], "--batch-size: expected an integer >= 1"),
    "decay without rate": (["--decay", "inverse"], "--decay inverse needs --decay-rate"),
    "rate without decay": (["--decay-rate", "1"], "--decay-rate 1.0 needs --decay inverse or --decay scheduled"),
    "interval 0": (["--decay", "scheduled", "--decay-rate", "1", "--time-interval", "0"], "--time-interval must be"),
}


@pytest.mark.parametrize("case", sorted(BAD_OPTIONS))
def test_bad_optimizer_options_stop_before_any_work(case, capsys):
    options, message = BAD_OPTIONS[case]
    assert main(["train", "--model", "shallow", *options]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "model:" not in captured.out


def test_bench_adam_run_times_every_backend_given_against_the_course_module(tmp_path, capsys):
    out = tmp_path / "bench"
    assert main(["bench", "--adam-run", "--epochs", "2", "--reps", "1", "--backends", "torch-manual",
                 "--out", str(out), "--quiet"]) == 0  # fmt: skip
    records = json.loads((out / "adam_run.json").read_text())["records"]
    assert [r["backend"] for r in records] == ["course-module", "torch-manual", "floor"]
    assert all(r["status"] == "ok" and r["steady_s"] > 0 for r in records)
    assert records[0]["speedup"] == 1.0 and records[0]["steps"] == 10  # 2 epochs of 5 batches
    assert np.isclose(records[1]["end_to_end_s"] - records[1]["steady_s"], records[1]["compile_s"])
    assert "| floor |" in (out / "adam_run.md").read_text()
    assert main(["bench", "--adam-run", "--epochs", "0", "--out", str(out)]) == 2
