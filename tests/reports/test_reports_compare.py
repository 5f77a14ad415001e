"""`dlrosetta report --compare A B`: two runs that differ in one backend show exactly that difference."""

import copy

import pytest
import report_data as data
from report_parsing import html_rows, markdown_table

from dlrosetta.cli import main
from reports.compare import COMPARE_HTML, COMPARE_MD, change_counts, compare_runs, default_out_dir, write_compare
from reports.loading import load

BACKEND = "jax-manual"  # the one backend B changes


def _find(records, cell, key):
    (match,) = [r for r in records if (r["backend"], r["device"], r["dtype"], r["profile"], r["model"]) == cell
                and r["key"] == key]  # fmt: skip
    return match


def _changed_run(records):
    """B: A's records with jax-manual changed in five ways; returns (records, {(cell..., phase, key): change})."""
    b = copy.deepcopy(records)
    expected = {}

    def mark(cell, key, change):
        r = _find(b, cell, key)
        expected[(r["backend"], r["model"], r["dtype"], r["device"], r["profile"], r["phase"], key)] = change
        return r

    grew = mark((BACKEND, "cuda", "float32", "strict", "shallow"), "dW1", "error grew")
    grew["fraction_used"] = max(10 * grew["fraction_used"], 0.5)
    failing = mark((BACKEND, "cuda", "float64", "default", "deep"), "db3", "newly failing")
    failing.update(status="fail", fraction_used=4.0, first_failure=True)
    shrank = mark((BACKEND, "cpu", "float32", "strict", "deep"), "cost", "error shrank")
    assert shrank["fraction_used"] > 0.01, "the synthetic data changed: pick another record to shrink"
    shrank["fraction_used"] /= 10
    for r in b:  # the stale known divergence was removed: its records pass now
        if r["status"] == "xpass":
            r.update(status="pass", known_divergence=None)
            mark((r["backend"], r["device"], r["dtype"], r["profile"], r["model"]), r["key"], "fixed")
    gone = mark((BACKEND, "cuda", "float32", "default", "shallow"), "b2", "only in A")
    b.remove(gone)
    return b, expected


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("compare")
    a_records = data.synthetic_records()
    b_records, expected = _changed_run(a_records)
    a = data.write_synthetic_run(root / "run-a", a_records)
    b = data.write_synthetic_run(root / "run-b", b_records, dict(data.FINGERPRINT, jax="0.11.0"))
    return a, b, expected


def test_the_comparison_finds_exactly_the_changes(two_runs):
    a, b, expected = two_runs
    table = compare_runs(load(a), load(b))
    changed = table[table["change"] != ""]
    found = {tuple(r[:7]): r[-1] for r in changed.to_numpy()}
    assert found == expected
    assert (changed["backend"] == BACKEND).all()
    counts = change_counts(table)
    assert counts["fixed"] == 5 and counts["newly failing"] == 1 and counts["only in A"] == 1
    assert counts["unchanged"] == len(table) - len(expected)


def test_compare_reports_show_that_difference_and_nothing_else(two_runs, tmp_path, capsys):
    a, b, expected = two_runs
    out = tmp_path / "cmp"
    assert main(["report", "--compare", str(a), str(b), "--out", str(out)]) == 1  # B fails where A did not
    printed = capsys.readouterr().out
    assert "1 newly failing" in printed and "fingerprints differ in: jax" in printed
    assert f"written: {out / COMPARE_MD}" in printed
    text = (out / COMPARE_MD).read_text()
    rows = markdown_table(text, "### Records that changed")
    shown = {(r["backend"], r["model"], r["dtype"], r["device"], r["profile"], r["phase"], r["key"]): r["change"]
             for r in rows}  # fmt: skip
    assert shown == expected and len(rows) == len(expected)
    assert rows[0]["change"] == "newly failing" and rows[0]["status B"] == "fail" and rows[0]["fraction used B"] == "4"
    fingerprints = {r["key"]: r for r in markdown_table(text, "## Environment fingerprints")}
    assert fingerprints["jax"]["differs"] == "yes" and fingerprints["jax"]["B"] == "0.11.0"
    assert [k for k, r in fingerprints.items() if r["differs"]] == ["jax"]
    html_changes = html_rows((out / COMPARE_HTML).read_text(), "T_changes")
    assert [r["change"][0] for r in html_changes] == [r["change"] for r in rows]
    assert "bad" in html_changes[0]["change"][1]


def test_identical_runs_show_no_change_and_exit_0(two_runs, tmp_path, capsys):
    a, _, _ = two_runs
    assert main(["report", "--compare", str(a), str(a), "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "changes: none" in printed
    assert "fingerprints differ in: nothing\n" in printed  # a run against itself: not even the date differs
    assert markdown_table((tmp_path / COMPARE_MD).read_text(), "## Changes")[0]["newly failing"] == "0"
    assert "### Records that changed\n\n(none)" in (tmp_path / COMPARE_MD).read_text()


def test_a_run_that_only_fixes_something_exits_0(two_runs, tmp_path):
    a, b, _ = two_runs
    result = write_compare(b, a, out_dir=tmp_path)  # from B back to A: A has a failure B fixed... and the xpass
    assert result.regressed  # the xpass records come back: a failure B did not have
    fixed_only = data.synthetic_records()
    for r in fixed_only:
        if r["status"] == "xpass":
            r.update(status="pass", known_divergence=None)
    c = data.write_synthetic_run(tmp_path / "fixed", fixed_only)
    assert not write_compare(a, c, out_dir=tmp_path / "out").regressed


def test_a_cpu_run_against_a_gpu_run_lists_the_gpu_cells_once(tmp_path):
    records = data.synthetic_records()
    cpu = data.write_synthetic_run(tmp_path / "cpu", [r for r in records if r["device"] == "cpu"])
    gpu = data.write_synthetic_run(tmp_path / "gpu", records)
    result = write_compare(cpu, gpu)
    assert result.paths["md"] == str(tmp_path / "compare-cpu-vs-gpu" / COMPARE_MD)
    only = result.only_cells
    assert set(only["run"]) == {"B"} and set(only["device"]) == {"cuda"}
    assert len(only) == len([c for c in data.cells() if c[1] == "cuda"])
    assert result.regressed  # the failing cuda cells are failures the CPU run did not have
    failing_new = {(r.backend, r.device, r.dtype, r.profile, r.model) for r in result.new_failures.itertuples()}
    assert failing_new == {data.SHAPE_CELL, data.ERROR_CELL}
    text = (tmp_path / "compare-cpu-vs-gpu" / COMPARE_MD).read_text()
    assert "### Records that changed\n\n(none)" in text  # the cpu cells are identical
    assert len(markdown_table(text, "### Cells in only one run")) == len(only)


def test_default_out_dir_is_beside_a(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert default_out_dir(tmp_path / "a", tmp_path / "b") == tmp_path.resolve() / "compare-a-vs-b"


def test_compare_with_a_missing_run_exits_2_and_writes_nothing(two_runs, tmp_path, capsys):
    a, _, _ = two_runs
    assert main(["report", "--compare", str(a), str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert "missing: no such folder or file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
