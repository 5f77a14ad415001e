"""`dlrosetta check` on course 2's optimization assignment: the week is told by its names, a correct module passes
(in process, and in a worker from the command line), the 2020 Adam's (parameters, v, s) passes too, and each
planted mistake is caught on its function and tensor."""

import pytest
from learner_support import LEARNERS, planted

from conformance import check_module
from conformance.learner import detect_week, load_module
from conformance.learner.cases_c2w2 import CASES, FUNCTIONS, WEEK
from conformance.learner.week import parameters
from dlrosetta.cli import main
from reference_numpy.course import c2w2_optimization

CORRECT = "c2w2_optimization_correct.py"
EPS = "np.sqrt(s_corrected[key]) + epsilon"
SEED = "    np.random.seed(seed)\n"


def _failing(records):
    return [r for r in records if r["status"] != "pass"]


def test_a_correct_module_passes_every_case():
    records = check_module(load_module(LEARNERS / CORRECT))
    assert {r["week"] for r in records} == {WEEK} and {r["function"] for r in records} == set(FUNCTIONS)
    assert not _failing(records), _failing(records)
    adam = [r["message"] for r in records if r["function"] == "update_parameters_with_adam"]
    assert adam and all(m == "matches (2021)" for m in adam)
    # the course's own updates rebind the entries of the dicts they get: no in-place note for that
    assert not any(r.get("in_place") for r in records)


def test_the_reference_module_passes_its_own_check():
    records = check_module(c2w2_optimization, week=WEEK)
    assert len(records) == sum(len(cases) for cases in CASES.values())
    assert not _failing(records), _failing(records)


def test_the_week_is_told_by_the_names():
    module = load_module(LEARNERS / CORRECT)
    functions = {n: parameters(getattr(module, n)) for n in FUNCTIONS}
    assert detect_week(functions) == (WEEK, list(FUNCTIONS))
    only_adam = {"update_parameters_with_adam": parameters(module.update_parameters_with_adam)}
    assert detect_week(only_adam)[0] == WEEK


def test_the_2020_adam_returning_parameters_v_s_passes(tmp_path):
    path = planted(tmp_path, CORRECT, "    return parameters, v, s, v_corrected, s_corrected\n",
                   "    return parameters, v, s\n")  # fmt: skip
    records = [r for r in check_module(load_module(path)) if r["function"] == "update_parameters_with_adam"]
    assert records and all(r["status"] == "pass" and "2020" in r["message"] for r in records), records


MISTAKES = {
    # name -> ([(correct text, mistaken text)], the function that fails, its first wrong tensor)
    "epsilon inside the root": ([(EPS, "np.sqrt(s_corrected[key] + epsilon)")], "update_parameters_with_adam",
                                "parameters['W1']"),
    "no bias correction": ([("v[key] / (1 - np.power(beta1, t))", "v[key]"),
                            ("s[key] / (1 - np.power(beta2, t))", "s[key]")], "update_parameters_with_adam",
                           "parameters['W1']"),
    "momentum without 1 - beta": ([('(1 - beta) * grads["dW" + str(l)]', 'grads["dW" + str(l)]'),
                                   ('(1 - beta) * grads["db" + str(l)]', 'grads["db" + str(l)]')],
                                  "update_parameters_with_momentum", "parameters['W1']"),
    "the schedule without the floor": ([("np.floor(epoch_num / time_interval)", "epoch_num / time_interval")],
                                       "schedule_lr_decay", "output"),
    "the shuffle not seeded": ([(SEED, "")], "random_mini_batches", "output[0][0]"),  # (every global state)
    "the last batch dropped": ([("    if m % mini_batch_size != 0:\n", "    if False:\n")], "random_mini_batches",
                               "output[3][0]"),
    "Adam's t counted per epoch": ([("                t = t + 1\n", ""),
                                    ("        cost_total = 0\n", "        cost_total = 0\n        t = t + 1\n")],
                                   "model", "W1"),
}  # fmt: skip


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_planted_mistake_is_caught_on_its_function(tmp_path, mistake):
    edits, function, tensor = MISTAKES[mistake]
    source = (LEARNERS / CORRECT).read_text()
    for old, new in edits:
        assert source.count(old) == 1, f"{CORRECT} no longer has {old!r} exactly once"
        source = source.replace(old, new)
    path = tmp_path / f"my_{CORRECT}"
    path.write_text(source)
    records = check_module(load_module(path))
    failing = _failing(records)
    assert failing and {r["function"] for r in failing} <= {function, "model"}, failing
    first = [r for r in failing if r["function"] == function][0]
    assert first["status"] == "fail" and first["first_wrong"] == tensor, first
    if mistake in HINTS:
        assert HINTS[mistake] in (first["hint"] or ""), first


HINTS = {
    "epsilon inside the root": "epsilon inside the square root",
    "no bias correction": "no bias correction",
    "momentum without 1 - beta": "(1 - beta) dW",
    "the schedule without the floor": "the floor is missing",
}


def test_the_command_line_checks_a_learners_file_in_a_worker(tmp_path, capsys):
    wrong = planted(tmp_path, CORRECT, EPS, "np.sqrt(s_corrected[key] + epsilon)")
    assert main(["check", str(wrong)]) == 1
    out = capsys.readouterr().out
    assert f"{WEEK}, {len(FUNCTIONS)} functions" in out
    lines = [line for line in out.splitlines() if " FAIL " in line]
    assert lines and {line.split()[0] for line in lines} == {"update_parameters_with_adam", "model"}
