"""`dlrosetta check MODULE.py`: a learner's course-style functions against the reference."""

import argparse

from conformance.learner import check_module, format_table, load_module


def add_arguments(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Check your own implementation of a course assignment. MODULE.py defines some of the course's functions\n"
        "(week 2: propagate, optimize, ...; week 3: forward_propagation, backward_propagation, nn_model, ...;\n"
        "week 4: linear_forward, L_model_forward, compute_cost, L_model_backward, update_parameters, ...).\n"
        "Each function found runs on the course's test inputs and on random cases and is compared with the\n"
        "reference, tensor by tensor. The table names the first wrong tensor, its layer, how far off it is, and\n"
        "a likely mistake where one fits.\n\n"
        "exit status: 0 all pass, 1 something is wrong, 2 the module cannot be checked (missing, does not\n"
        "import, defines no course function).\n\n"
        "examples:\n"
        "  dlrosetta check my_week4.py\n"
        "  dlrosetta check my_planar.py --week week3"
    )
    parser.add_argument("module", help="path to your .py file (export a notebook with jupyter nbconvert --to script)")
    parser.add_argument("--week", choices=("week2", "week3", "week4"), default=None, help="default: detected")


def run(args):
    module = load_module(args.module)
    records = check_module(module, args.week)
    print(f"dlrosetta check {args.module}: {records[0]['week']}, {len({r['function'] for r in records})} functions")
    print(format_table(records))
    bad = [r for r in records if r["status"] != "pass"]
    print(f"{len(records) - len(bad)} of {len(records)} checks pass")
    return 1 if bad else 0
