"""`dlrosetta report`: rebuild the reports of a saved run, or compare two runs.

Imports nothing heavy at module level: `dlrosetta --help` builds every subcommand's parser.
"""

import argparse

from reference_numpy.errors import DLRosettaError


def add_arguments(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Rebuild the reports of a saved run from its records (records.csv and run.json, as `dlrosetta run --out`\n"
        "writes them): report.md, report.html and plots/*.png, into RESULTS_DIR (or --out). Nothing is rerun.\n\n"
        "With --compare A B, put two runs side by side (CPU against GPU, one library version against another):\n"
        "every record matched on (backend, model, dtype, device, profile, phase, key), with what changed between\n"
        "A and B (newly failing, fixed, status changed, error grew or shrank by more than 2x, only in one run)\n"
        "and both environment fingerprints. Writes compare.md and compare.html into --out (default: a new folder\n"
        "compare-A-vs-B beside A) and prints a summary.\n\n"
        "exit status: 0 done; 2 bad input (missing or malformed records, unknown format); with --compare, 1 when\n"
        "B has failures that A did not (newly failing records, or failing records only B has).\n\n"
        "examples:\n"
        "  dlrosetta report results\n"
        "  dlrosetta report results --format md\n"
        "  dlrosetta report --compare results-cpu results-gpu --out cpu-vs-gpu"
    )
    parser.add_argument("results", nargs="?", help="a results folder (records.csv + run.json) or a records.csv")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two results folders")
    parser.add_argument("--format", choices=("md", "html", "all"), default="all", help="which reports (default all)")
    parser.add_argument("--out", default=None, help="where to write (default: RESULTS_DIR; compare-A-vs-B beside A)")


def _formats(name):
    return ("md", "html") if name == "all" else (name,)


def run(args):
    if bool(args.results) == bool(args.compare):
        raise DLRosettaError("give either RESULTS_DIR or --compare A B (not both, not neither)")
    if args.compare:
        return _compare(args)
    from pathlib import Path

    from conformance.output import check_writable

    results = Path(args.results)
    if not results.exists():
        raise DLRosettaError(f"{results}: no such folder or file (a results folder written by `dlrosetta run --out`)")
    check_writable(args.out if args.out is not None else (results if results.is_dir() else results.parent))
    from reports.bench import is_bench

    if is_bench(args.results):  # a `dlrosetta bench` folder: its own report
        from reports.bench import write_bench_reports

        print(f"dlrosetta report: {write_bench_reports(args.results, out_dir=args.out)}")
        return 0
    from reports.writers import write_reports

    main = write_reports(args.results, out_dir=args.out, formats=_formats(args.format))
    print(f"dlrosetta report: {main}")
    return 0


def _compare(args):
    from conformance.output import check_writable
    from reports.compare import default_out_dir, summary_lines, write_compare

    for path in args.compare:
        from pathlib import Path

        if not Path(path).exists():
            raise DLRosettaError(f"--compare: {path}: no such folder or file (a results folder of `dlrosetta run`)")
    check_writable(args.out if args.out is not None else default_out_dir(*args.compare))

    result = write_compare(*args.compare, out_dir=args.out, formats=_formats(args.format))
    for line in summary_lines(result):
        print(line)
    for path in result.paths.values():
        print(f"written: {path}")
    return 1 if result.regressed else 0
