"""`dlrosetta check` runs the learner's code in a worker process: an exit, a hang, a read of stdin, a crash of
the process, a runaway allocation or training at import each get their own verdict within the time limit, and
the harness goes on with the next function."""

import subprocess
import sys
import time

import pytest
from learner_support import LEARNERS, planted

from conformance import check_path
from dlrosetta.cli import main

TIMEOUT = 2.0  # seconds per call: the corpus's functions take milliseconds, even on a loaded machine

# name -> (the correct line of week4_correct.py, what replaces it, function, status, words of the message or hint)
HOSTILE = {
    "sys.exit in a function": ("    m = Y.shape[1]\n", "    import sys\n    sys.exit(0)\n", "compute_cost",
                               "error", "SystemExit"),
    "an infinite loop": ("    parameters = params.copy()\n", "    while True:\n        pass\n", "update_parameters",
                         "timeout", "TIMEOUT after 2 s in update_parameters"),
    "input() with stdin closed": ("    m = Y.shape[1]\n", "    m = int(input('m? '))\n", "compute_cost", "error",
                                  "EOFError"),
    "KeyboardInterrupt raised": ("    m = Y.shape[1]\n", "    raise KeyboardInterrupt\n", "compute_cost", "error",
                                 "KeyboardInterrupt"),
    "unbounded recursion": ("    m = Y.shape[1]\n", "    return compute_cost(AL, Y)\n", "compute_cost", "error",
                            "RecursionError"),
    "os._exit kills the process": ("    m = Y.shape[1]\n", "    import os\n    os._exit(3)\n", "compute_cost",
                                   "error", "exit code 3"),
    "a runaway allocation (6 GiB, over the 4 GiB limit)": ("    m = Y.shape[1]\n",
                                                           "    big = np.ones((3 * 2**18, 2**10))\n", "compute_cost",
                                                           "error",
                             "MemoryError"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_code_gets_its_own_verdict_and_the_rest_is_still_checked(tmp_path, name):
    old, new, function, status, words = HOSTILE[name]
    start = time.perf_counter()
    records = check_path(planted(tmp_path, "week4_correct.py", old, new), timeout=TIMEOUT)
    mine = [r for r in records if r["function"] == function]
    assert mine and all(r["status"] == status for r in mine), mine
    assert words in mine[0]["message"] + (mine[0]["hint"] or ""), mine[0]
    others = [r for r in records if r["function"] not in (function, "L_model_forward", "linear_activation_forward")]
    assert len(others) > 10 and all(r["status"] == "pass" for r in others), [r for r in others if r["status"] != "pass"]
    # each timeout costs its limit once per case, and the worker comes back for the next function
    assert time.perf_counter() - start < 30


def test_exit_codes_a_timeout_wins_over_a_mistake(tmp_path, capsys):
    source = planted(tmp_path, "week4_correct.py", "    grads = {}\n", "    while True:\n        pass\n")
    text = source.read_text().replace("    dW = 1 / m * np.dot(dZ, A_prev.T)", "    dW = np.dot(dZ, A_prev.T)")
    source.write_text(text)
    assert main(["check", str(source), "--timeout", str(TIMEOUT)]) == 3
    out = capsys.readouterr().out
    assert "TIMEOUT" in out and "FAIL" in out and "TIMEOUT after 2 s in L_model_backward" in out


def test_exits_and_training_at_import_are_skipped_not_run(tmp_path):
    path = tmp_path / "week2_trains_at_import.py"
    path.write_text(
        (LEARNERS / "week2_correct.py").read_text()
        + "\nimport sys\nX = np.random.randn(3, 5)\nd = model(X, X[:1] > 0, X, X[:1] > 0, num_iterations=10**9)\n"
        "while True:\n    pass\nname = input('your name? ')\nsys.exit(0)\nraise SystemExit(1)\n"
    )
    start = time.perf_counter()
    records = check_path(path, timeout=TIMEOUT)
    assert time.perf_counter() - start < 20
    assert records.week == "week2" and all(r["status"] == "pass" for r in records)
    notes = "\n".join(records.notes)
    for skipped in ("d = model(", "while True", "name = input(", "sys.exit(0)", "raise SystemExit"):
        assert skipped in notes, (skipped, notes)


def test_printing_is_captured_shown_when_a_function_fails_and_all_of_it_with_verbose(tmp_path, capsys):
    old = "    dW = 1 / m * np.dot(dZ, A_prev.T)\n"
    new = "    print('dW debug', m)\n    import sys\n    print('to stderr', file=sys.stderr)\n"
    new += "    dW = np.dot(dZ, A_prev.T)\n"
    path = planted(tmp_path, "week4_correct.py", old, new)
    assert main(["check", str(path), "--timeout", "5"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""  # the learner's stderr does not leak to the terminal
    assert "stdout: dW debug 2" in captured.out and "stderr: to stderr" in captured.out
    assert main(["check", str(LEARNERS / "week3_correct.py"), "--verbose"]) == 0
    assert "printed:" not in capsys.readouterr().out  # nothing printed, nothing shown
    assert main(["check", str(LEARNERS / "week4_correct.ipynb"), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "skipped magic or shell escape '%matplotlib inline'" in out and "skipped cell 2: cell magic" in out


def test_check_path_works_from_a_script_without_a_main_guard(tmp_path):
    """The worker is a fresh interpreter: the caller's script is not imported again in the child."""
    script = tmp_path / "grade.py"
    script.write_text(
        "from conformance import check_path\n"
        f"records = check_path({str(LEARNERS / 'week3_correct.py')!r})\n"
        "print(sum(r['status'] == 'pass' for r in records), len(records))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.split() == ["11", "11"], done.stderr[-2000:]
