"""The reports: tables from the records, the Markdown and HTML that show them, the plots, and write_reports.

Two runs are reported: a real one (the NumPy backend on two models) and a synthetic one with six backends, two
devices, two dtypes, two profiles and planted faults (tests/report_data.py). The reports are read back (Markdown
pipe tables, HTML tables with their CSS classes) and checked against the records read with the csv module.
"""

import base64
import json
import shutil
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import report_data as data
from matplotlib.image import imread
from report_parsing import close, expected_cells, html_rows, label_parts, markdown_table, number, read_csv

import reports
from conformance.fingerprint import fingerprint
from conformance.matrix import RECORD_FIELDS, RunConfig, run_matrix
from conformance.records import write_run
from dlrosetta.cli import main
from reports import tables
from reports.loading import BOOLEAN, CATEGORICAL, FLOAT, INTEGER, STRING
from reports.writers import HTML_FILE, MARKDOWN_FILE, write_reports


def _write_real_run(out, iterations=20):
    config = RunConfig(models=("shallow", "mixed"), backends=("numpy",), iterations=iterations)
    records = run_matrix(config)
    write_run(out, records, RECORD_FIELDS, {"config": asdict(config), "fingerprint": fingerprint(), "seconds": 0.5})
    return out


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    out = _write_real_run(tmp_path_factory.mktemp("real") / "results")
    write_reports(out)
    return out


@pytest.fixture(scope="module")
def synthetic_run(tmp_path_factory):
    out = data.write_synthetic_run(tmp_path_factory.mktemp("synthetic") / "results")
    write_reports(out)
    return out


@pytest.fixture(scope="module")
def synthetic_df(synthetic_run):
    return reports.load(synthetic_run)


# ---- load ---------------------------------------------------------------------------------------------------


def test_load_gives_the_documented_dtypes_and_the_run_metadata(real_run):
    df = reports.load(real_run)
    assert list(df.columns) == list(RECORD_FIELDS)
    assert len(df) == len(read_csv(real_run / "records.csv"))
    for column in CATEGORICAL:
        assert isinstance(df[column].dtype, pd.CategoricalDtype), column
    assert df["status"].dtype.ordered and list(df["status"].cat.categories) == list(data_statuses())
    assert all(df[c].dtype == "Int64" for c in INTEGER) and all(df[c].dtype == "float64" for c in FLOAT)
    assert all(df[c].dtype == "boolean" for c in BOOLEAN)
    assert all(pd.api.types.is_string_dtype(df[c]) for c in STRING)
    run = json.loads((real_run / "run.json").read_text())
    assert df.attrs["run"] == run and reports.fingerprint_of(df)["numpy"] == np.__version__
    assert df["layer"].isna().any() and (df["iteration"].dropna() >= 0).all()  # the cost has no layer


def data_statuses():
    return ("pass", "xfail", "xpass", "fail", "diverged", "error")


def test_load_reads_a_records_file_with_or_without_its_run_json(real_run, tmp_path):
    df = reports.load(real_run / "records.csv")
    assert df.attrs["run"]["schema_version"] == 1
    alone = tmp_path / "records.csv"
    shutil.copy(real_run / "records.csv", alone)
    bare = reports.load(alone)
    assert bare.attrs["run"] == {} and len(bare) == len(df)


def test_inf_and_nan_in_the_csv_are_read_as_numbers(synthetic_df):
    shape = synthetic_df[synthetic_df["message"].str.contains("shape", na=False)]
    assert np.isinf(shape["fraction_used"]).all() and shape["max_abs_error"].isna().all()


# ---- tables -----------------------------------------------------------------------------------------------


def test_the_cell_summary_marks_exactly_the_planted_failures(synthetic_df, synthetic_run):
    summary = tables.cell_summary(synthetic_df)
    assert len(summary) == len(data.cells())
    failing = summary[summary["status"].isin(["fail", "error", "xpass"])]
    assert {tuple(r) for r in failing[tables.CELL].astype(str).to_numpy()} == set(data.FAILING_CELLS)
    first = {tuple(map(str, r[:5])): r[5].split()[1] for r in failing[[*tables.CELL, "first_failure"]].to_numpy()}
    assert first == data.FAILING_CELLS
    expected = expected_cells(synthetic_run / "records.csv")
    for r in summary.itertuples(index=False):
        status, fraction = expected[(r.backend, r.device, r.dtype, r.profile, r.model)]
        assert r.status == status and (r.worst_fraction_used == fraction or np.isnan(fraction))


def test_failures_give_the_first_failing_tensor_of_each_failing_cell(synthetic_df):
    f = tables.failures(synthetic_df)
    by_cell = {tuple(map(str, r[:5])): r for r in f[[*tables.CELL, "first_failing", "layer", "failing"]].to_numpy()}
    assert set(by_cell) == set(data.FAILING_CELLS)
    assert by_cell[data.FAIL_CELL][5:].tolist() == ["dW2", 2, 2]  # dW2 first (12.5x), then db2 (3x)
    assert by_cell[data.ERROR_CELL][5] == "dZ2" and by_cell[data.SHAPE_CELL][5] == "db2"


def test_near_misses_and_known_divergences(synthetic_df):
    near = tables.near_misses(synthetic_df)
    assert len(near) == 1 and tuple(near.iloc[0][tables.CELL].astype(str)) == data.NEAR_MISS_CELL
    assert near.iloc[0]["key"] == "dW1" and near.iloc[0]["fraction_used"] == 0.75
    known = tables.known_divergences(synthetic_df, reasons={"stale-entry": "it was fixed long ago"})
    assert known.set_index("id")[["xfail", "xpass"]].to_dict("index") == {
        "float32-deep-training-drift": {"xfail": 2, "xpass": 0},
        "stale-entry": {"xfail": 0, "xpass": 5},
    }
    assert known.set_index("id").loc["stale-entry", "reason"] == "it was fixed long ago"


def test_the_trajectory_table_holds_the_costs_of_the_records(synthetic_df):
    traj = tables.trajectory_table(synthetic_df)
    assert len(traj) == len(data.cells()) * (data.ITERATIONS // data.RECORD_EVERY)  # every cell trained
    row = traj[(traj["backend"] == "numpy") & (traj["dtype"] == "float64") & (traj["model"] == "deep")]
    assert (row["cost"] == row["reference_cost"]).all() and (row["rel_diff"] == 0).all()
    assert np.allclose(row["reference_cost"], [data.reference_cost("deep", i) for i in row["iteration"]])
    drift = tables.drift_summary(traj)
    xfail = drift[drift[tables.CELL].astype(str).apply(tuple, axis=1) == data.XFAIL_CELL].iloc[0]
    assert xfail["status"] == "xfail" and xfail["at_iteration"] == 40 and xfail["max_fraction_used"] > 3
    wide = tables.trajectory_wide(traj)
    assert wide.index.names == ["model", "iteration"] and wide.columns[0] == ("reference", "cost")


def test_the_quantity_table_finds_the_worst_tensor_and_layer(synthetic_df):
    q = tables.quantity_table(synthetic_df)
    dw2 = q[(q["model"] == "deep") & (q["quantity"] == "dW") & (q["layer"] == 2)].iloc[0]
    assert dw2["worst_fraction_used"] == 12.5 and dw2["where"] == "torch-manual cpu float32 strict"
    assert dw2["failing"] == 1
    assert list(q["model"].unique()) == ["shallow", "deep"]


def test_the_learner_table_from_check_module_records(tmp_path):
    from conformance import check_module
    from conformance.learner import load_module
    from reports.markdown import learner_markdown

    source = (Path(__file__).parents[1] / "learners" / "week4_correct.py").read_text()
    right = "    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))"
    assert right in source
    path = tmp_path / "my_week4.py"
    path.write_text(source.replace(right, "    dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)"))
    records = check_module(load_module(path))
    table = reports.learner_table(records)
    assert table["layer"].dtype == "Int64" and table["status"].dtype.ordered and len(table) == len(records)
    summary = reports.learner_summary(records).set_index("function")
    assert summary.loc["L_model_backward", "status"] == "fail" and summary.loc["L_model_backward", "layer"] == 2
    assert summary.loc["L_model_backward", "first_wrong"] == "dW2" and "sign" in summary.loc["L_model_backward", "hint"]
    assert (summary.drop(index="L_model_backward")["status"] == "pass").all()
    text = learner_markdown(records)
    rows = markdown_table(text, "## Checks that do not pass")
    assert {r["function"] for r in rows} == {"L_model_backward"} and rows[0]["first wrong"] == "dW2"


# ---- the Markdown report ----------------------------------------------------------------------------------


def test_markdown_grid_matches_the_records(synthetic_run):
    text = (synthetic_run / MARKDOWN_FILE).read_text()
    expected = expected_cells(synthetic_run / "records.csv")
    rows = markdown_table(text, "## Cells")
    seen = 0
    for row in rows:
        for model in data.MODELS:
            cell = (row["backend"], row["device"], row["dtype"], row["profile"], model)
            if cell not in expected:
                assert row[model] == ""
                continue
            status, fraction = expected[cell]
            word, shown = label_parts(row[model])
            assert word == status, (cell, row[model])
            assert status == "error" or close(shown, fraction), (cell, row[model], fraction)
            assert row[model].split()[0].isupper() == (status in ("fail", "error", "xpass"))
            seen += 1
    assert seen == len(expected)


def test_markdown_header_counts_failures_and_known_divergences(synthetic_run):
    text = (synthetic_run / MARKDOWN_FILE).read_text()
    assert text.startswith("# dl-rosetta conformance report")
    assert "**FAIL: 4 of 64 cells fail (1 error, 2 fail, 1 xpass); 1 with known divergences only (xfail)**" in text
    fp = {r["key"]: r["value"] for r in markdown_table(text, "## Environment fingerprint")}
    assert fp["torch"] == data.FINGERPRINT["torch"] and fp["torch_cuda_devices"] == "NVIDIA H100 80GB HBM3"
    counts = markdown_table(text, "## Summary")[0]
    statuses = [r["status"] for r in read_csv(synthetic_run / "records.csv")]
    assert {k: int(v) for k, v in counts.items()} == {s: statuses.count(s) for s in data_statuses()}
    failures = markdown_table(text, "## Failures")
    assert [(r["backend"], r["first failing"], r["first status"]) for r in failures] == [
        ("torch-manual", "dW2", "fail"), ("torch-nn", "db2", "fail"), ("jax-manual", "cost@0", "xpass"),
        ("jax-autodiff", "dZ2", "error"),
    ]  # fmt: skip
    assert "RuntimeError: XLA compilation failed" in text and "db2: shape (1,), expected (1, 1)" in text
    known = markdown_table(text, "## Known divergences")
    assert {r["id"] for r in known} == {"float32-deep-training-drift", "stale-entry"}
    assert "the deep model trains at the edge of stability" in text


def test_markdown_failing_numbers_are_the_records_numbers(synthetic_run):
    text = (synthetic_run / MARKDOWN_FILE).read_text()
    records = {(r["backend"], r["device"], r["dtype"], r["profile"], r["model"], r["key"]): r
               for r in read_csv(synthetic_run / "records.csv")}  # fmt: skip
    rows = markdown_table(text, "## Failures")
    for row in rows:
        r = records[(row["backend"], row["device"], row["dtype"], row["profile"], row["model"], row["first failing"])]
        assert close(row["fraction used"], number(r["fraction_used"]))
        assert close(row["max abs error"], number(r["max_abs_error"]))


def test_markdown_of_a_real_run_passes_and_shows_its_costs(real_run):
    text = (real_run / MARKDOWN_FILE).read_text()
    assert "**PASS: all 4 cells pass**" in text
    assert all(r["shallow"].startswith("pass") and r["mixed"].startswith("pass")
               for r in markdown_table(text, "## Cells"))  # fmt: skip
    rows = markdown_table(text, "## Training trajectories")
    costs = {(r["backend"], r["dtype"], r["model"], r["key"]): r for r in read_csv(real_run / "records.csv")
             if r["phase"] == "trajectory"}  # fmt: skip
    assert len(rows) == 4
    for row in rows:
        last = costs[(row["backend"], row["dtype"], row["model"], f"cost@{row['iterations']}")]
        assert close(row["final cost"], float(last["actual_at_worst"]))
        assert close(row["final reference cost"], float(last["desired_at_worst"]))
    assert "(none)" not in text.split("## Cells")[1].split("##")[0]


# ---- the HTML report --------------------------------------------------------------------------------------


def test_html_grid_colours_exactly_the_failing_cells(synthetic_run):
    html = (synthetic_run / HTML_FILE).read_text()
    md = {(r["backend"], r["device"], r["dtype"], r["profile"]): r
          for r in markdown_table((synthetic_run / MARKDOWN_FILE).read_text(), "## Cells")}  # fmt: skip
    expected = expected_cells(synthetic_run / "records.csv")
    for row in html_rows(html, "T_grid"):
        series = tuple(row[c][0] for c in ("backend", "device", "dtype", "profile"))
        for model in data.MODELS:
            text, classes = row[model]
            assert text == md[series][model]  # the same text as the Markdown
            cell = (*series, model)
            if cell in expected:
                assert f"s-{expected[cell][0]}" in classes, (cell, classes)
                assert ("near" in classes) == (cell == data.NEAR_MISS_CELL)


def test_html_failures_table_numbers_and_classes(synthetic_run):
    html = (synthetic_run / HTML_FILE).read_text()
    rows = html_rows(html, "T_failures")
    md_rows = markdown_table((synthetic_run / MARKDOWN_FILE).read_text(), "## Failures")
    assert len(rows) == len(md_rows) == 4
    for row, md in zip(rows, md_rows, strict=True):
        assert row["first failing"][0] == md["first failing"] and row["fraction used"][0] == md["fraction used"]
        assert f"s-{md['cell status']}" in row["cell status"][1]
    assert "over" in rows[0]["fraction used"][1]  # 12.5 times the tolerance


def test_html_is_self_contained_and_embeds_every_plot(synthetic_run):
    html = (synthetic_run / HTML_FILE).read_text()
    lower = html.lower()
    assert "<script" not in lower and "<link" not in lower and "@import" not in lower and "url(" not in lower
    assert "http://" not in lower and "https://" not in lower
    plots = sorted((synthetic_run / "plots").glob("*.png"))
    assert plots
    for path in plots:
        assert base64.b64encode(path.read_bytes()).decode() in html, path.name


def test_html_escapes_what_the_records_say(tmp_path):
    records = data.synthetic_records()
    for r in records:
        if r["status"] == "error":
            r["message"] = "TypeError: <lambda>() got an unexpected keyword & more"
    out = data.write_synthetic_run(tmp_path / "run", records)
    write_reports(out, formats=("html",))
    html = (out / HTML_FILE).read_text()
    assert "&lt;lambda&gt;() got an unexpected keyword &amp; more" in html and "<lambda>" not in html


# ---- plots ------------------------------------------------------------------------------------------------


def _png_ok(path):
    raw = path.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) > 8_000, (path, len(raw))
    pixels = imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 200 and pixels.shape[1] > 300
    assert pixels[..., :3].std() > 0.05, f"{path} looks blank"


def test_the_plots_are_written_valid_and_not_blank(synthetic_run, real_run):
    for run, models in ((synthetic_run, data.MODELS), (real_run, ("shallow", "mixed"))):
        names = {p.name for p in (run / "plots").glob("*.png")}
        expected = {f"heatmap_{m}.png" for m in models} | {f"cost_{m}.png" for m in models} | {"drift.png"}
        assert names == expected
        for name in names:
            _png_ok(run / "plots" / name)


def test_no_trajectory_means_no_cost_plot_and_a_note_instead(tmp_path):
    out = _write_real_run(tmp_path / "run", iterations=0)
    write_reports(out)
    assert {p.name for p in (out / "plots").glob("*.png")} == {"heatmap_shallow.png", "heatmap_mixed.png"}
    for name in (MARKDOWN_FILE, HTML_FILE):
        assert "No cost curves and no drift plot" in (out / name).read_text()


def test_plots_of_models_no_longer_run_are_removed(tmp_path, real_run):
    out = tmp_path / "run"
    shutil.copytree(real_run, out)
    (out / "plots" / "cost_deep.png").write_bytes(b"stale")
    (out / "plots" / "my_notes.png").write_bytes(b"not ours")
    write_reports(out)
    names = {p.name for p in (out / "plots").iterdir()}
    assert "cost_deep.png" not in names and "my_notes.png" in names


# ---- write_reports, the CLI, Parquet ----------------------------------------------------------------------


def test_write_reports_returns_the_main_report_and_lists_its_files(synthetic_run):
    assert write_reports(synthetic_run) == str(synthetic_run / HTML_FILE)
    text = (synthetic_run / MARKDOWN_FILE).read_text()
    files = text.split("## Files")[1]
    assert "`records.csv`" in files and "`plots/drift.png`" in files
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert "records.parquet`: not written: pyarrow is not installed" in files
        assert not (synthetic_run / "records.parquet").exists()


def test_parquet_round_trip_when_pyarrow_is_installed(synthetic_run):
    pytest.importorskip("pyarrow")
    back = pd.read_parquet(synthetic_run / "records.parquet")
    assert len(back) == len(reports.load(synthetic_run)) and back["layer"].dtype == "Int64"


def test_write_reports_is_quick_on_a_few_thousand_records(synthetic_run, tmp_path):
    # a guard against a slow path sneaking in (dlrosetta run writes the report every time), generous for slow CI
    start = time.perf_counter()
    write_reports(synthetic_run, out_dir=tmp_path)
    assert time.perf_counter() - start < 15


def test_dlrosetta_report_rebuilds_the_reports(tmp_path, real_run, capsys):
    out = tmp_path / "run"
    shutil.copytree(real_run, out)
    for name in (MARKDOWN_FILE, HTML_FILE):
        (out / name).unlink()
    assert main(["report", str(out), "--format", "md"]) == 0
    assert str(out / MARKDOWN_FILE) in capsys.readouterr().out
    assert (out / MARKDOWN_FILE).is_file() and not (out / HTML_FILE).exists()
    assert main(["report", str(out), "--out", str(tmp_path / "elsewhere")]) == 0
    assert (tmp_path / "elsewhere" / HTML_FILE).is_file() and (tmp_path / "elsewhere" / "plots").is_dir()


def test_dlrosetta_run_writes_the_report_beside_the_records(tmp_path, capsys):
    out = tmp_path / "results"
    argv = ["run", "--out", str(out), "--backends", "numpy", "--models", "shallow", "--iterations", "10", "--quiet"]
    assert main(argv) == 0
    assert f"report: {out / HTML_FILE}" in capsys.readouterr().out
    assert (out / MARKDOWN_FILE).is_file() and (out / "plots" / "cost_shallow.png").is_file()


def test_a_record_file_beside_no_run_json_says_so_in_the_report(tmp_path, real_run):
    shutil.copy(real_run / "records.csv", tmp_path / "records.csv")
    write_reports(tmp_path / "records.csv", out_dir=tmp_path)
    text = (tmp_path / MARKDOWN_FILE).read_text()
    assert "fingerprint: unknown" in text and "configuration unknown" in text
