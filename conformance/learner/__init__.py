"""Checking a learner's own course-style module, function by function, against the reference.

`check_path(path)` loads a .py file or a notebook in a child process (see worker.py) and runs each course
function it defines (week 2, 3 or 4 names) on the course's fixture inputs and on random cases, comparing every
returned tensor with reference_numpy.course. Records say: function, case, status (pass, fail, error, timeout),
the first wrong tensor and its layer, how far off, and a hint where a common mistake fits.
`check_module(module)` does the same for a module already imported, in the caller's process.
"""

from pathlib import Path

from conformance.learner.calling import call
from conformance.learner.cases import FUNCTIONS, WORK
from conformance.learner.checking import new_record, run_checks
from conformance.learner.loading import defined_here, load_module
from conformance.learner.report import format_table
from conformance.learner.week import detect_week, parameters
from conformance.learner.worker import Worker
from conformance.records import LEARNER_FIELDS as RECORD_FIELDS  # the learner records' keys
from reference_numpy.errors import DLRosettaError

DEFAULT_TIMEOUT = 5.0  # seconds per call (times WORK for the training functions); the course's take milliseconds

__all__ = ["RECORD_FIELDS", "check_module", "check_path", "detect_week", "format_table", "load_module"]


def _course_functions(module):
    names = {n for names in FUNCTIONS.values() for n in names if defined_here(module, n)}
    return {n: parameters(getattr(module, n)) for n in sorted(names)}


def check_module(module, week=None):
    """Records for every course function `module` defines, on every case (see the package docstring).

    Runs the learner's functions IN THE CALLER'S PROCESS, with no time limit and no isolation: a function that
    hangs hangs the caller. Use check_path for a learner's file."""
    functions = _course_functions(module)
    week, found = detect_week(functions, week, getattr(module, "__file__", None) or module.__name__)

    def caller(function, args, seed):
        return call(getattr(module, function), args, seed)

    return run_checks(week, found, caller, functions)


class CheckResult(list):
    """The records of check_path, with .week, .notes (what loading skipped) and .load_output (its printing)."""

    week = None
    notes = ()
    load_output = ("", "")


def check_path(path, week=None, timeout=DEFAULT_TIMEOUT):
    """Records for a learner's .py or .ipynb file, its code run in a child process with a time limit per call
    (`timeout` seconds, times cases.WORK for the training functions). Raises DLRosettaError where nothing can be
    checked (no such file, no course function, an ambiguous week); a module that cannot even load in time gets
    one timeout record."""
    p = Path(path)
    if not p.is_file():
        raise DLRosettaError(f"{p}: no such file; expected a Python file or notebook with the course's functions")
    if p.suffix not in (".py", ".ipynb"):
        raise DLRosettaError(f"{p}: expected a .py file or a .ipynb notebook")
    worker = Worker(p)
    result = CheckResult()
    try:
        kind, payload = worker.start(timeout)
        result.load_output = worker.load_output
        if kind == "timeout":
            record = new_record(week or "?", "(loading)", "import")
            record.update(status="timeout", message=f"TIMEOUT: loading the module took over {timeout:g} s")
            result.append(record)
            return result
        if kind != "loaded":
            last = getattr(worker, "last_errors", "").strip().splitlines()[-1:]
            detail = f"{payload[0]}: {payload[1]}" if kind == "load-error" else f"exit code {payload} {last}"
            raise DLRosettaError(f"{p}: loading it failed: {detail}")
        result.notes = payload["notes"]
        functions = payload["functions"]
        try:
            week, found = detect_week(functions, week, str(p))
        except DLRosettaError as exc:
            broken = [n for n in result.notes if "syntax error" in n]
            if broken and not functions:  # the syntax error is the news, not the names it hid
                first = broken[0].removeprefix("the file: ")
                raise DLRosettaError(f"{p}: {first}; with the blocks that do not parse skipped, it defines no "
                                     "function at all: fix the syntax and check it again") from None  # fmt: skip
            raise DLRosettaError(f"{exc}" + (f" ({'; '.join(broken[:3])})" if broken else "")) from None
        result.week = week

        def caller(function, args, seed):
            return worker.call(function, args, seed, timeout * WORK.get(function, 1))

        for record in run_checks(week, found, caller, functions, timeout):
            if record["status"] == "timeout":
                limit = timeout * WORK.get(record["function"], 1)
                record["message"] = f"TIMEOUT after {limit:g} s in {record['function']}"
            result.append(record)
    finally:
        worker.stop()
    return result
