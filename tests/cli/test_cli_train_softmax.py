"""`dlrosetta train --model softmax`: course 2, week 3 on multi-class data (short runs; the README states the
digits' accuracy after the default 1000 iterations)."""

import re

import pytest

from dlrosetta.cli import main
from reference_numpy import Model, accuracy, initialize_parameters, predict, train
from reference_numpy.datasets import get_dataset


def test_softmax_on_the_digits_learns(capsys):
    assert main(["train", "--model", "softmax", "--iterations", "60", "--record-every", "20", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "softmax 64-32-10 relu,softmax" in out and "8x8 digits" in out
    data = get_dataset("digits")
    model = Model.softmax((64, 32, 10))
    params, _ = train(initialize_parameters(model, "he"), data.X_train, data.Y_train, model, 0.5, 60, 20)
    test = accuracy(predict(params, data.X_test, model), data.Y_test)
    assert f"test accuracy: {100 * test:.2f} %" in out and test > 0.8  # ten classes: chance is 0.1


def test_batch_norm_trains_and_predicts_with_its_running_statistics(capsys):
    args = ["train", "--model", "softmax", "--data", "blobs", "--hidden", "6", "--batchnorm", "1"]
    assert main([*args, "--iterations", "40", "--record-every", "10"]) == 0
    out = capsys.readouterr().out
    assert "bn1" in out and "Cost after iteration 30" in out
    assert float(re.search(r"train accuracy: (\d+\.\d\d) %", out).group(1)) > 50


def test_batch_norm_with_adam_on_mini_batches_predicts_with_the_running_statistics_it_trained(capsys):
    from reference_numpy import TrainConfig
    from reference_numpy.minibatches import course_permutations

    args = ["train", "--model", "softmax", "--batchnorm", "1", "--optimizer", "adam", "--batch-size", "64"]
    assert main([*args, "--learning-rate", "0.01", "--iterations", "3", "--record-every", "1", "--quiet"]) == 0
    out = capsys.readouterr().out
    data = get_dataset("digits")
    model = Model.softmax((64, 32, 10), batchnorm=(1,))
    m = data.X_train.shape[1]
    config = TrainConfig(0.01, 3, 1, optimizer="adam", batch_size=64, permutations=course_permutations(m, 3))
    result = train(initialize_parameters(model, "he"), data.X_train, data.Y_train, model, config)
    running = result.state["running"]
    test = accuracy(predict(result.parameters, data.X_test, model, running=running), data.Y_test)
    assert f"test accuracy: {100 * test:.2f} %" in out and test > 0.8


@pytest.mark.parametrize(
    "args, words",
    [
        (["--model", "softmax", "--batchnorm", "2"], "output layer"),
        (["--model", "deep", "--data", "digits"], "needs --model softmax"),
        (["--model", "softmax", "--data", "planar"], "multi-class data"),
        (["--model", "shallow", "--batchnorm", "1"], "--model softmax only"),
    ],
)
def test_bad_combinations_are_refused(args, words, capsys):
    assert main(["train", *args, "--iterations", "1"]) == 2
    assert words in capsys.readouterr().err
