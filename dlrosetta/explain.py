"""`dlrosetta explain TAG-or-NAME`: an equation, the code that computes it in every implementation, and how well
the implementations agreed on it in the latest run.

Imports nothing heavy at module level: `dlrosetta --help` builds every subcommand's parser.
"""

import argparse
import shutil
import sys
from pathlib import Path

from reference_numpy.errors import DLRosettaError


def add_arguments(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Print an equation of the course, then the lines that compute it in the NumPy reference, PyTorch (manual,\n"
        "autograd, torch.nn) and JAX (manual, autodiff), each with its file and line number, read from the\n"
        "installed source; the shapes involved; and, from a run's records, how closely each backend and dtype\n"
        "agreed with the reference on the tensors the equation produces.\n\n"
        "WHAT is an equation number (8), a quantity (dW, dZ, Z, A, J or cost, W, b, Y_hat; dW2 works too) or a\n"
        "function (L_model_backward, linear_forward, train, ...): a function shows the equations in it and in\n"
        "the functions it calls.\n\n"
        "exit status: 0 done; 2 unknown equation or name (the list of what exists is printed), or bad --results.\n\n"
        "examples:\n"
        "  dlrosetta explain 8\n"
        "  dlrosetta explain dW\n"
        "  dlrosetta explain L_model_backward --results results\n"
        "  dlrosetta explain --list"
    )
    parser.add_argument("what", nargs="?", metavar="WHAT", help="an equation number, quantity or function name")
    parser.add_argument("--list", action="store_true", help="list the equations, quantities and functions")
    parser.add_argument(
        "--results", default=None, help="a results folder for the measured agreement (default: ./results if it has one)"
    )
    parser.add_argument("--width", type=int, default=None, help="line width (default: the terminal's)")


def run(args):
    from rosetta.agreement import load_if_present
    from rosetta.explain import explain_text, listing, resolve
    from rosetta.tags import rosetta

    width = args.width or shutil.get_terminal_size((100, 24)).columns
    code = rosetta()
    if args.list:
        print(listing(code, width))
        return 0
    if not args.what:
        raise DLRosettaError(f"say what to explain: an equation number, a quantity or a function\n{listing(code)}")
    try:
        query = resolve(args.what, code)
    except DLRosettaError as exc:
        print(f"dlrosetta explain: {exc}", file=sys.stderr)
        return 2
    if args.results is not None:
        if not Path(args.results).exists():
            raise DLRosettaError(f"--results {args.results}: no such folder (written by `dlrosetta run --out`)")
        from reports.loading import load

        records, source = load(args.results), args.results
    else:
        records, source = load_if_present("results"), "results"
    print(explain_text(query, code, width=width, records=records, source=source), end="")
    return 0
