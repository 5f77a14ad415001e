"""The commands under odd conditions: an --out that cannot be written, Ctrl-C (a real SIGINT, in a child process)
during the checks and during the report, devices a backend cannot use, and output written as one set."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conformance.interrupt import EXIT_INTERRUPTED
from conformance.matrix import RunConfig
from dlrosetta import run as cmd_run
from dlrosetta.cli import main

SMALL = ["--models", "shallow", "--backends", "numpy,torch-manual", "--iterations", "5", "--quiet"]


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _partials(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(".partial")]


# ---- an --out that cannot be written: exit 2 before any work -------------------------------------------------


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("small") / "run"
    assert main(["run", *SMALL, "--out", str(out)]) == 0
    return out


def _unwritable(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    return [("/proc/dlrosetta-x", "cannot write there"), (str(a_file), "exists and is not a folder")]


@pytest.mark.parametrize("command", ["run", "bench", "docs", "report", "compare"])
def test_an_out_that_cannot_be_written_is_an_error_before_any_work(command, small_run, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cmd_run, "run_matrix", lambda *a, **k: pytest.fail("the run started"))
    for out, message in _unwritable(tmp_path):
        argv = {
            "run": ["run", *SMALL, "--out", out],
            "bench": ["bench", "--quick", "--backends", "numpy", "--out", out],
            "docs": ["docs", "--out", out],
            "report": ["report", str(small_run), "--out", out],
            "compare": ["report", "--compare", str(small_run), str(small_run), "--out", out],
        }[command]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"--out {out}: {message}" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: a read-only folder is writable to root")
def test_a_read_only_out_is_an_error(tmp_path, capsys):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["run", *SMALL, "--out", str(out)]) == 2
        assert "cannot write there" in capsys.readouterr().err
    finally:
        out.chmod(0o755)


# ---- devices -------------------------------------------------------------------------------------------------


def test_a_device_a_backend_cannot_use_is_skipped_with_a_reason(monkeypatch):
    """numpy runs on the CPU only: asked for cpu and cuda, it runs on the CPU and its cuda cell is skipped."""
    from conformance import matrix

    monkeypatch.setattr(matrix, "available_devices", lambda name: ["cpu"] if name == "numpy" else ["cpu", "cuda"])
    config = RunConfig(backends=("numpy", "torch-manual"), devices=("cpu", "cuda"), dtypes=("float64",))
    assert config.cells() == [("numpy", "cpu", "float64", "strict"), ("torch-manual", "cpu", "float64", "strict"),
                              ("torch-manual", "cuda", "float64", "strict")]  # fmt: skip
    assert config.skipped() == [{"backend": "numpy", "device": "cuda", "reason": "numpy runs on cpu here, not on cuda"}]


def test_run_with_a_device_found_nowhere_here(tmp_path, capsys, monkeypatch):
    """No backend can use it: nothing to run, exit 2 naming why; with cpu beside it, the rest runs and the skips
    are recorded in run.json."""
    from conformance import matrix

    monkeypatch.setattr(matrix, "available_devices", lambda name: ["cpu"])
    assert main(["run", *SMALL, "--devices", "cuda", "--out", str(tmp_path / "a")]) == 2
    assert "nothing to run: numpy runs on cpu here, not on cuda" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    assert main(["run", *SMALL, "--devices", "cpu,cuda", "--out", str(tmp_path / "b")]) == 0
    run = json.loads((tmp_path / "b" / "run.json").read_text())
    assert [(s["backend"], s["device"]) for s in run["skipped"]] == [("numpy", "cuda"), ("torch-manual", "cuda")]
    assert "skipped: numpy on cuda" in capsys.readouterr().out
    assert "skipped numpy on cuda" in (tmp_path / "b" / "report.md").read_text()


# ---- Ctrl-C: a real SIGINT in a child process ----------------------------------------------------------------

# The child runs `dlrosetta run` with two functions wrapped so that they send SIGINT to their own process: argv[1]
# times in the first cell's forward check, argv[2] times as the report starts rendering.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from conformance import matrix
    from dlrosetta.cli import main
    from reports import writers

    def interrupting(real, times):
        def wrapped(*args, **kwargs):
            for _ in range(times if not calls else 0):
                os.kill(os.getpid(), signal.SIGINT)
            calls.append(1)
            return real(*args, **kwargs)
        calls = []
        return wrapped

    matrix.CHECKS = (interrupting(matrix.CHECKS[0], int(sys.argv[1])),) + matrix.CHECKS[1:]
    writers.render_reports = interrupting(writers.render_reports, int(sys.argv[2]))
    sys.exit(main(["run", *sys.argv[3:]]))
    """
)


def _child(in_checks, in_report, out):
    return subprocess.run([sys.executable, "-c", CHILD, str(in_checks), str(in_report), *SMALL, "--out", str(out)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_ctrl_c_during_the_checks_writes_an_interrupted_run(small_run, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    for name, data in _snapshot(small_run).items():  # a previous complete run in the folder
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    child = _child(1, 0, out)
    assert child.returncode == EXIT_INTERRUPTED, child.stderr
    assert "Traceback" not in child.stderr
    last = child.stdout.strip().splitlines()[-1]
    assert (
        last.startswith("dlrosetta run: interrupted (Ctrl-C) during the checks: 1 of 4 cells done") and str(out) in last
    )
    run = json.loads((out / "run.json").read_text())
    assert (run["interrupted"], run["cells_done"], run["cells_planned"]) == ("during the checks", 1, 4)
    rows = (out / "records.csv").read_text().splitlines()[1:]
    assert rows and all(row.startswith("numpy,numpy,reference,cpu,float64,") for row in rows)
    assert "INTERRUPTED (Ctrl-C during the checks: 1 of 4 cells done" in (out / "report.md").read_text()
    assert set(run["files"]) == {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert not _partials(out)


def test_ctrl_c_during_the_report_keeps_the_records_and_no_stale_report(small_run, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    for name, data in _snapshot(small_run).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    child = _child(0, 1, out)
    assert child.returncode == EXIT_INTERRUPTED, child.stderr
    assert "interrupted (Ctrl-C) during the report" in child.stdout.strip().splitlines()[-1]
    run = json.loads((out / "run.json").read_text())
    assert run["interrupted"].startswith("during the report") and run["cells_done"] == 4
    assert set(run["files"]) == {"records.csv", "run.json"}
    # the previous run's report is gone with it: no folder that mixes two runs
    assert {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} == {"records.csv", "run.json"}
    assert len((out / "records.csv").read_text().splitlines()) == len(
        (small_run / "records.csv").read_text().splitlines()
    )


@pytest.mark.parametrize("in_checks,in_report", [(2, 0), (1, 1)], ids=["both-in-checks", "second-in-report"])
def test_a_second_ctrl_c_stops_at_once_and_leaves_the_previous_files(small_run, tmp_path, in_checks, in_report):
    out = tmp_path / "run"
    out.mkdir()
    for name, data in _snapshot(small_run).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    before = _snapshot(out)
    child = _child(in_checks, in_report, out)
    assert child.returncode == EXIT_INTERRUPTED, child.stderr
    assert child.stderr.strip().splitlines()[-1] == (
        "dlrosetta run: interrupted (Ctrl-C); stopped at once, its output left as it was"
    )
    assert "Traceback" not in child.stderr
    assert _snapshot(out) == before and not _partials(out)


# ---- reports of odd runs -------------------------------------------------------------------------------------


def _cannot_build(**kwargs):
    raise RuntimeError("cannot build")


class _Crashing:
    """A backend every call of which raises."""

    matmul_precision = "ieee"

    def __getattr__(self, name):
        def call(*args, **kwargs):
            raise RuntimeError(f"{name} crashed")

        return call


ODD_RUNS = {
    "all-errors-at-setup": (RunConfig(models=("shallow", "deep"), backends=("broken",), dtypes=("float64",)),
                            {"broken": _cannot_build}, "FAIL: 2 of 2 cells fail (2 error)"),
    "all-errors-in-calls": (RunConfig(models=("shallow",), backends=("crash",), dtypes=("float64",), iterations=5),
                            {"crash": lambda **kw: _Crashing()}, "FAIL: 1 of 1 cells fail (1 error)"),
    "one-backend-one-model": (RunConfig(models=("logistic",), backends=("numpy",), dtypes=("float64",), iterations=5),
                              {}, "PASS: all 1 cells pass"),
    "no-training": (RunConfig(models=("logistic",), backends=("numpy",), dtypes=("float32",), iterations=0), {},
                    "PASS: all 1 cells pass"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(ODD_RUNS))
def test_every_report_survives_an_odd_run(name, tmp_path, small_run, capsys):
    from dataclasses import asdict

    from conformance.matrix import RECORD_FIELDS, run_matrix
    from conformance.records import write_run

    config, factories, verdict = ODD_RUNS[name]
    out = tmp_path / name
    write_run(out, run_matrix(config, factories=factories), RECORD_FIELDS, {"config": asdict(config)})
    assert main(["report", str(out)]) == 0
    assert f"**{verdict}" in (out / "report.md").read_text() and (out / "report.html").is_file()
    assert main(["report", "--compare", str(small_run), str(out), "--out", str(tmp_path / "cmp")]) in (0, 1)
    assert (tmp_path / "cmp" / "compare.md").is_file() and "Traceback" not in capsys.readouterr().err


def test_progress_off_a_terminal_is_one_plain_line_per_finished_block(tmp_path, capsys):
    """Under pytest stderr is not a terminal: a line per backend cell (one block: every model), after it ends."""
    argv = ["run", "--models", "shallow,logistic", "--backends", "numpy", "--iterations", "2", "--out", str(tmp_path)]
    assert main(argv) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["[2/4 cells] numpy cpu float64 strict",
                                                     "[4/4 cells] numpy cpu float32 strict"]  # fmt: skip


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == "dlrosetta 0.1.0"


@pytest.mark.parametrize("query", ["dW7", "dZ0", "W9", "b[5]"])
def test_explain_rejects_a_layer_no_course_model_has(query, capsys):
    assert main(["explain", query]) == 2
    assert f"{query}: no layer" in capsys.readouterr().err


@pytest.mark.parametrize("query", ["dW4", "A0", "dA0", "dW[2]"])
def test_explain_accepts_the_layers_that_exist(query, capsys):
    assert main(["explain", query]) == 0


def test_docs_keeps_the_files_it_does_not_own(tmp_path):
    """`dlrosetta docs --out docs` beside docs/run (the records it reads) and a file of the user's."""
    out = tmp_path / "docs"
    (out / "run").mkdir(parents=True)
    (out / "run" / "records.csv").write_text("kept")
    (out / "notes.md").write_text("mine")
    assert main(["docs", "--out", str(out)]) == 0
    assert (out / "run" / "records.csv").read_text() == "kept" and (out / "notes.md").read_text() == "mine"
    assert (out / "deep.md").is_file()


def test_a_reader_that_leaves_early_gets_no_traceback():
    # `dlrosetta explain 8 | head -1`: the pipe closes before the command writes; it stops quietly (exit 1)
    process = subprocess.Popen(
        [sys.executable, "-m", "dlrosetta", "explain", "8"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_the_report_names_the_folder_its_records_are_in(tmp_path):
    out = tmp_path / "an absolute folder"
    args = ["run", "--models", "logistic", "--backends", "numpy", "--iterations", "2", "--quiet", "--out", str(out)]
    assert subprocess.run([sys.executable, "-m", "dlrosetta", *args], capture_output=True).returncode == 0
    assert f"Records: `{out}`" in (out / "report.md").read_text()


def test_docs_without_results_says_it_shows_no_agreement_and_where_a_run_is(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["docs", "--out", "pages"]) == 0
    assert "code only, no measured agreement\n" in capsys.readouterr().out
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "records.csv").write_text("")
    assert main(["docs", "--out", "pages"]) == 0
    assert "add --results results" in capsys.readouterr().out
