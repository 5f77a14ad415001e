"""`dlrosetta check MODULE`: a learner's course-style functions against the reference."""

import argparse
from pathlib import Path

from conformance.learner import DEFAULT_TIMEOUT, check_path
from conformance.learner.cases import FUNCTIONS
from conformance.learner.report import exit_code, format_table, last_lines, to_json, to_junit
from conformance.records import atomic_write


def add_arguments(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Check your own implementation of a course assignment. MODULE is a .py file or a notebook (.ipynb) that\n"
        "defines some of the course's functions (week 2: propagate, optimize, ...; week 3: forward_propagation,\n"
        "backward_propagation, nn_model, ...; week 4: linear_forward, L_model_forward, compute_cost, ...;\n"
        "course 2 week 1: initialize_parameters_he, forward_propagation_with_dropout, gradient_check_n, ...;\n"
        "course 2 week 2, c2w2_optimization: update_parameters_with_adam, random_mini_batches, ...).\n"
        "Only imports, definitions and constant assignments are loaded: top-level calls (training, plots, the\n"
        "course's test calls) and magics (%matplotlib, !pip) are skipped. The course's helper modules (lr_utils,\n"
        "dnn_utils, init_utils, reg_utils, gc_utils, opt_utils_v1a, testCases, public_tests, ...) are provided\n"
        "where missing. Your code runs in a child process with a time limit per call; check is not a sandbox for\n"
        "code you do not trust.\n"
        "Each function found runs on the course's test inputs and on random cases and is compared with the\n"
        "reference, tensor by tensor. The table names the first wrong tensor, its layer, actual vs expected at\n"
        "the worst element, how many elements are off, and a likely mistake where one fits.\n\n"
        "exit status: 0 all pass, 1 a mistake (FAIL or ERROR), 3 a TIMEOUT (also when there are mistakes),\n"
        "2 nothing could be checked (no such file, does not load, no course function, ambiguous week).\n\n"
        "examples:\n"
        "  dlrosetta check my_week4.py\n"
        "  dlrosetta check Planar_data_classification_with_one_hidden_layer.ipynb --week week3\n"
        "  dlrosetta check my_week2.py --format json --junit-xml report.xml"
    )
    parser.add_argument("module", help="your .py file or .ipynb notebook")
    parser.add_argument("--week", choices=tuple(FUNCTIONS), default=None, help="default: detected")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds per call (training functions get a few times more; default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table", help="what to print (default table)")
    parser.add_argument("--junit-xml", metavar="PATH", default=None, help="also write JUnit XML, one test per check")
    parser.add_argument("--verbose", action="store_true",
                        help="show what loading skipped and everything the functions printed")  # fmt: skip


def _printed(r, verbose):
    """The learner's printing for one record: all of it with --verbose, the last lines where it failed."""
    lines = []
    for stream in ("stdout", "stderr"):
        text = r.get(stream) or ""
        shown = text.splitlines() if verbose else (last_lines(text) if r["status"] != "pass" else [])
        lines += [f"    {stream}: {line}" for line in shown]
    return lines


def run(args):
    records = check_path(args.module, args.week, args.timeout)
    if args.junit_xml:
        atomic_write(Path(args.junit_xml), lambda f: f.write(to_junit(records, args.module)))
    if args.format == "json":
        print(to_json(records, args.module, records.week, records.notes))
        return exit_code(records)
    functions = len({r["function"] for r in records})
    print(f"dlrosetta check {args.module}: {records.week}, {functions} functions")
    if args.verbose:
        for note in records.notes:
            print(f"  skipped {note}")
        for stream, text in zip(("stdout", "stderr"), records.load_output, strict=True):
            for line in text.splitlines():
                print(f"  loading printed ({stream}): {line}")
    print(format_table(records))
    for r in records:
        printed = _printed(r, args.verbose)
        if printed:
            print(f"  {r['function']} ({r['case']}) printed:")
            print("\n".join(printed))
    bad = [r for r in records if r["status"] != "pass"]
    print(f"{len(records) - len(bad)} of {len(records)} checks pass")
    return exit_code(records)
