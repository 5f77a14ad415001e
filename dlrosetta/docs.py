"""`dlrosetta docs`: write the equation-to-code pages, one per course model, in Markdown and HTML.

Imports nothing heavy at module level: `dlrosetta --help` builds every subcommand's parser.
"""

import argparse
from pathlib import Path

from reference_numpy.errors import DLRosettaError


def add_arguments(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Write one page per course model (logistic regression, the shallow network, the deep network), in\n"
        "Markdown and in self-contained HTML, plus an index: each equation, the lines that compute it in every\n"
        "implementation (read from the installed source, under their tags), the conventions that differ there,\n"
        "and the agreement measured in a run's records (--results). The pages depend only on the source and the\n"
        "records, so the committed docs/ is reproduced byte for byte by:\n\n"
        "  dlrosetta docs --out docs --results docs/run\n\n"
        "docs/run holds the records of a small CPU run, slimmed to what the pages show. To refresh them:\n\n"
        "  dlrosetta run --models logistic,shallow,deep --iterations 10 --record-every 10 --out /tmp/docs-run\n"
        "  dlrosetta docs --out docs --results docs/run --save-run /tmp/docs-run"
    )
    parser.add_argument("--out", required=True, help="folder for the pages (the committed copy is docs)")
    parser.add_argument(
        "--results", default=None, help="a results folder whose records the pages show (default: none, code only)"
    )
    parser.add_argument(
        "--save-run",
        default=None,
        metavar="RUN_DIR",
        help="first copy RUN_DIR's records into --results, slimmed to what the pages show",
    )


def run(args):
    from conformance.output import check_writable
    from reports.loading import load
    from rosetta.pages import slim_run, write_docs
    from rosetta.tags import rosetta

    check_writable(args.out)
    if args.save_run is not None:
        if args.results is None:
            raise DLRosettaError("--save-run needs --results: the folder to copy the records into")
        slim_run(args.save_run, args.results)
        print(f"dlrosetta docs: records of {args.save_run} saved to {args.results}")
    records = None
    if args.results is not None:
        if not Path(args.results).exists():
            raise DLRosettaError(f"--results {args.results}: no such folder (written by `dlrosetta run --out`)")
        records = load(args.results)
    written = write_docs(args.out, rosetta(), records, source=args.results or "")
    print(f"dlrosetta docs: {len(written)} files written to {args.out}/")
    if records is None:
        hint = " (./results holds a run: add --results results to show its agreement)"
        print(f"dlrosetta docs: code only, no measured agreement{hint if Path('results/records.csv').exists() else ''}")
    return 0
