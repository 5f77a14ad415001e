"""Bad input to the reports is a clear DLRosettaError (exit 2 from the CLI), and no writer leaves a half-written or
clobbered file behind, whatever fails."""

import json
import os

import pytest
import report_data as data

import reports
from conformance import output, records
from conformance.records import SCHEMA_VERSION
from dlrosetta.cli import main
from reference_numpy.errors import DLRosettaError
from reports import writers
from reports.writers import HTML_FILE, MARKDOWN_FILE, write_bytes, write_reports, write_text


@pytest.fixture
def run_dir(tmp_path):
    return data.write_synthetic_run(tmp_path / "results", data.synthetic_records()[:300])


def _break(run_dir, how):
    """Damage a results folder in one way; returns the words the error message must contain."""
    records, run = run_dir / "records.csv", run_dir / "run.json"
    if how == "missing folder":
        return run_dir.parent / "nowhere", ["nowhere", "no such folder or file"]
    if how == "missing records.csv":
        records.unlink()
        return run_dir, ["records.csv", "not found"]
    if how == "missing run.json":
        run.unlink()
        return run_dir, ["run.json", "not found"]
    if how == "empty records.csv":
        records.write_text("")
        return run_dir, ["records.csv", "empty file"]
    if how == "header only":
        records.write_text(records.read_text().splitlines()[0] + "\n")
        return run_dir, ["records.csv", "no records"]
    if how == "wrong schema_version":
        meta = json.loads(run.read_text())
        run.write_text(json.dumps({**meta, "schema_version": SCHEMA_VERSION + 98}))
        return run_dir, ["run.json", f"schema_version {SCHEMA_VERSION + 98}", f"reads version {SCHEMA_VERSION}"]
    if how == "run.json not JSON":
        run.write_text("{not json")
        return run_dir, ["run.json", "not readable as JSON"]
    if how == "missing column":
        lines = records.read_text().splitlines()
        header = lines[0].split(",")
        i = header.index("fraction_used")
        records.write_text("\n".join(",".join(c for j, c in enumerate(line.split(",")) if j != i) for line in lines))
        return run_dir, ["records.csv", "missing columns ['fraction_used']"]
    if how == "not a number":
        text = records.read_text()
        assert ",pass,False,0.0," in text
        records.write_text(text.replace(",pass,False,0.0,", ",pass,False,lots,", 1))
        return run_dir, ["records.csv", "column max_abs_error", "'lots' is not a number"]
    if how == "unknown status":
        records.write_text(records.read_text().replace(",pass,False,", ",passed,False,", 1))
        return run_dir, ["records.csv", "column status", "passed"]
    raise AssertionError(how)


BAD = ["missing folder", "missing records.csv", "missing run.json", "empty records.csv", "header only",
       "wrong schema_version", "run.json not JSON", "missing column", "not a number", "unknown status"]  # fmt: skip


@pytest.mark.parametrize("how", BAD)
def test_bad_records_are_a_clear_error(run_dir, how):
    path, words = _break(run_dir, how)
    with pytest.raises(DLRosettaError) as info:
        reports.load(path)
    for word in words:
        assert word in str(info.value), (how, str(info.value))


@pytest.mark.parametrize("how", BAD)
def test_the_cli_exits_2_on_bad_records_and_writes_nothing(run_dir, how, capsys):
    path, words = _break(run_dir, how)
    assert main(["report", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dlrosetta report: error:") and words[-1] in err
    assert not (run_dir / MARKDOWN_FILE).exists() and not (run_dir / HTML_FILE).exists()


def test_report_usage_errors_exit_2(run_dir, capsys):
    assert main(["report"]) == 2
    assert "give either RESULTS_DIR or --compare A B" in capsys.readouterr().err
    assert main(["report", str(run_dir), "--compare", str(run_dir), str(run_dir)]) == 2
    with pytest.raises(SystemExit) as info:  # argparse's own usage error
        main(["report", str(run_dir), "--format", "pdf"])
    assert info.value.code == 2


# ---- atomic writes --------------------------------------------------------------------------------------


def _no_partial_files(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(".partial")]


class _FailingFile:
    """A file whose write stores half of what it is given, then fails like a full disk."""

    def __init__(self, f):
        self.f = f

    def write(self, data):
        self.f.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def test_a_binary_write_that_fails_midway_leaves_the_old_file_and_no_partial(tmp_path, monkeypatch):
    path = tmp_path / "plot.png"
    write_bytes(path, b"old picture")
    real_fdopen = os.fdopen
    monkeypatch.setattr(records.os, "fdopen", lambda fd, mode, **kw: _FailingFile(real_fdopen(fd, mode, **kw)))
    with pytest.raises(OSError, match="No space left"):
        write_bytes(path, b"new picture, twice as long as the old one")
    assert path.read_bytes() == b"old picture" and not _no_partial_files(tmp_path)


def test_a_text_write_that_fails_midway_leaves_the_old_file_and_no_partial(tmp_path):
    path = tmp_path / "report.md"
    write_text(path, "old report\n")

    def half_then_fail(f):
        f.write("new rep")
        raise RuntimeError("renderer crashed")

    from conformance.records import atomic_write

    with pytest.raises(RuntimeError):
        atomic_write(path, half_then_fail)
    assert path.read_text() == "old report\n" and not _no_partial_files(tmp_path)


def test_a_rename_that_fails_leaves_the_old_file_and_no_partial(tmp_path, monkeypatch):
    path = tmp_path / "records.parquet"
    write_bytes(path, b"old")

    def no_rename(src, dst):
        raise PermissionError("read-only")

    monkeypatch.setattr(records.os, "replace", no_rename)
    with pytest.raises(PermissionError):
        write_bytes(path, b"new")
    assert path.read_bytes() == b"old" and not _no_partial_files(tmp_path)


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_write_reports_failing_while_rendering_changes_no_file(run_dir, monkeypatch):
    write_reports(run_dir)
    before = _snapshot(run_dir)

    def broken(*args, **kwargs):
        raise RuntimeError("the HTML renderer broke")

    monkeypatch.setattr(writers, "render_html", broken)
    with pytest.raises(RuntimeError, match="HTML renderer broke"):
        write_reports(run_dir)
    assert _snapshot(run_dir) == before and not _no_partial_files(run_dir)


def test_write_reports_failing_while_writing_changes_no_file(run_dir, monkeypatch):
    """The reports are one set: a write that fails on the third file leaves every file as it was, no partials."""
    write_reports(run_dir)
    before = _snapshot(run_dir)
    real_fdopen, calls = os.fdopen, []

    def fail_on_the_third_file(fd, mode, **kw):
        calls.append(fd)
        f = real_fdopen(fd, mode, **kw)
        return _FailingFile(f) if len(calls) == 3 else f

    monkeypatch.setattr(output.os, "fdopen", fail_on_the_third_file)
    with pytest.raises(OSError, match="No space left"):
        write_reports(run_dir)
    assert len(calls) == 3 and _snapshot(run_dir) == before and not _no_partial_files(run_dir)
