"""`dlrosetta`: the command line. Each subcommand lives in its own module with add_arguments(parser) and
run(args) -> exit status; this file only dispatches, importing a subcommand's module when it is used."""

import argparse
import importlib
import os
import sys

from conformance.interrupt import EXIT_INTERRUPTED
from reference_numpy.errors import DLRosettaError

# name -> (module, one-line help); modules are imported lazily so `dlrosetta --help` stays fast
COMMANDS = {
    "run": ("dlrosetta.run", "check every backend against the NumPy reference, tensor by tensor"),
    "check": ("dlrosetta.check", "check your own course-style implementation against the reference"),
    "train": ("dlrosetta.train", "train one of the course's models with the NumPy reference"),
    "bench": ("dlrosetta.bench", "time every backend's training iteration against the machine's GEMM peak"),
    "report": ("dlrosetta.report", "rebuild the reports of a saved run, or compare two runs"),
    "explain": ("dlrosetta.explain", "an equation, its lines in NumPy, PyTorch and JAX, and how closely they agree"),
    "docs": ("dlrosetta.docs", "write the equation-to-code pages (Markdown and HTML) of the three course models"),
}


def comma_list(text):
    """An option's comma-separated values as a tuple ("a, b,,c" -> ("a", "b", "c")): argparse's `type`."""
    return tuple(s.strip() for s in text.split(",") if s.strip())


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dl-rosetta")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser():
    parser = argparse.ArgumentParser(
        prog="dlrosetta",
        description="dl-rosetta: the course 'Neural Networks and Deep Learning' in NumPy, PyTorch and JAX, "
        "checked against each other.",
    )
    parser.add_argument("--version", action="version", version=f"dlrosetta {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text.capitalize() + ".")
        command.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(command)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return importlib.import_module(args._module).run(args)
    except DLRosettaError as exc:
        print(f"dlrosetta {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of our output left (`dlrosetta check ... | head`): nothing more to say
        # Python's documented way: point stdout at devnull, so its flush at exit raises no second error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:  # a second Ctrl-C (or one where a command has no boundary to stop at): at once
        print(f"dlrosetta {args.command}: interrupted (Ctrl-C); stopped at once, its output left as it was",
              file=sys.stderr)  # fmt: skip
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
