"""The benchmark (conformance.bench, `dlrosetta bench`, reports.bench): well-formed records from a quick run, the
work counts against a hand count, the command line, the report. Nothing here asserts a time."""

import csv
import json
import math
import subprocess
import sys

import pandas as pd
import pytest

from conformance.bench import BENCH_FIELDS, BenchConfig, elementwise_flops, matmul_flops, parameter_count, run_bench
from conformance.bench import run as bench_run
from conformance.bench.allocator import is_glibc, keep_freed_memory
from conformance.bench.work import matmul_shapes
from conformance.records import write_run
from conformance.registry import list_backends
from dlrosetta.cli import main
from reference_numpy import DLRosettaError
from reports.bench import is_bench, load_bench, targets

# tiny sizes, one repetition of one iteration: a few seconds for every backend
TINY = dict(cases=("overhead", "batch", "width"), batch_dims=(8, 8, 1), batch_sizes=(16,), widths=(4,), width_n_x=16,
            width_m=8, reps=1, min_seconds=0.001, gemm_size=64, gemm_reps=1, pause=0.0, quiet_wait=0.0,
            busy_retries=0)  # fmt: skip


def test_matmul_flops_of_a_small_model_by_hand():
    # layer_dims (3, 4, 2, 1), m = 5; a product of (p, q) and (q, r) is 2 p q r
    #   forward  Z1 = W1 A0: 2*4*3*5 = 120   Z2 = W2 A1: 2*2*4*5 = 80   Z3 = W3 A2: 2*1*2*5 = 20    -> 220
    #   dW       dZ1 A0^T:   120             dZ2 A1^T:   80             dZ3 A2^T:   20              -> 220
    #   dA       (no dA0)                    dA1 = W2^T dZ2: 80         dA2 = W3^T dZ3: 20          -> 100
    assert matmul_flops((3, 4, 2, 1), 5) == 220 + 220 + 100
    # the course's deep model on the cat pictures: 2 m (2 (12288*20 + 20*7 + 7*5 + 5*1) + (20*7 + 7*5 + 5*1))
    assert matmul_flops((12288, 20, 7, 5, 1), 209) == 2 * 209 * (2 * 245940 + 180) == 205_681_080


def test_matmul_shapes_of_a_small_model_by_hand():
    # (p, q, r): a (p, q) times a (q, r) matrix; forward layer by layer, then per layer from L down (8), (7)
    assert matmul_shapes((3, 4, 2, 1), 5) == [
        (4, 3, 5), (2, 4, 5), (1, 2, 5),  # (1) W[l] A[l-1]
        (1, 5, 2), (2, 1, 5),  # l = 3: (8) dZ3 A2^T, (7) W3^T dZ3
        (2, 5, 4), (4, 2, 5),  # l = 2
        (4, 5, 3),  # l = 1: (8) only, no dA[0]
    ]  # fmt: skip


class FakeBackend:
    framework, device, dtype, profile = "numpy", "cpu", "float64", "strict"


def test_matmul_alone_subtracts_a_calls_cost_and_times_each_shape_once_per_library(monkeypatch):
    """Each product's time (here p q r ns plus a 1 us call) less the 1 x 1 product's, summed; a shape timed
    once for a library, device, dtype and profile, whichever variant asks."""
    made = []

    class Hooks:
        @staticmethod
        def gemm(backend, A, B):
            made.append((A.shape[0], A.shape[1], B.shape[1]))
            p, q, r = made[-1]
            return lambda: 1e-6 + p * q * r * 1e-9

    monkeypatch.setattr(bench_run, "time_gemm", lambda run, reps: [run() + 1e-3, run()])  # best of the calls
    timed = {}
    shapes = [(4, 3, 5), (4, 3, 5), (2, 4, 5)]
    seconds = bench_run.matmul_alone_seconds(FakeBackend(), Hooks, shapes, timed)
    assert math.isclose(seconds, (60 + 60 + 40 - 3 * 1) * 1e-9, rel_tol=1e-9)  # 1 x 1 x 1 = 1 ns a call less
    assert made == [(1, 1, 1), (4, 3, 5), (2, 4, 5)]
    bench_run.matmul_alone_seconds(FakeBackend(), Hooks, shapes, timed)
    assert len(made) == 3  # cached


@pytest.mark.skipif(not is_glibc(), reason="--keep-freed-memory calls glibc's mallopt; this C library is not glibc")
def test_keep_freed_memory_runs_and_is_recorded(tmp_path):
    """In a process of its own (mallopt lasts for the process): the run says it kept freed memory."""
    out = tmp_path / "kept"
    args = ["bench", "--quick", "--keep-freed-memory", "--backends", "numpy", "--cases", "overhead", "--dtypes",
            "float32", "--reps", "1", "--pause", "0", "--quiet-wait", "0", "--quiet", "--out", str(out)]  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "dlrosetta.cli", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    run = json.loads((out / "run.json").read_text())
    assert run["config"]["keep_freed_memory"] is True
    assert "keep_freed_memory True" in (out / "bench.md").read_text()


def test_keep_freed_memory_elsewhere_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("platform.libc_ver", lambda: ("", ""))
    with pytest.raises(DLRosettaError, match="needs Linux with glibc"):
        keep_freed_memory()
    with pytest.raises(DLRosettaError, match="keep_freed_memory needs Linux with glibc"):
        BenchConfig(keep_freed_memory=True).check()


def test_elementwise_flops_and_parameter_count_of_a_small_model_by_hand():
    # m = 5; the cost (3): 8 m = 40, dZ[L] = A[L] - Y (5): m = 5                                        -> 45
    # layer 1 (4 x 3): +b and g 2*4*5 = 40, (6) 2*4*5 = 40, 1/m dW 12, db 4*5 + 4 = 24, update 2*(12 + 4) = 32 -> 148
    # layer 2 (2 x 4): +b and g 2*2*5 = 20, (6) 2*2*5 = 20, 1/m dW 8, db 2*5 + 2 = 12, update 2*(8 + 2) = 20  -> 80
    # layer 3 (1 x 2): +b and g 2*1*5 = 10, no (6) (it is (5)), 1/m dW 2, db 5 + 1 = 6, update 2*(2 + 1) = 6 -> 24
    assert elementwise_flops((3, 4, 2, 1), 5) == 45 + 148 + 80 + 24
    assert parameter_count((3, 4, 2, 1)) == 4 * (3 + 1) + 2 * (4 + 1) + 1 * (2 + 1)


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """One quick run of the command for every backend and dtype on the batch sweep: its records serve most tests."""
    out = tmp_path_factory.mktemp("bench")
    args = ["bench", "--quick", "--out", str(out), "--cases", "batch", "--batch-sizes", "16", "--reps", "1",
            "--pause", "0", "--quiet-wait", "0", "--quiet"]  # fmt: skip
    return out, main(args)


@pytest.fixture(scope="module")
def quick_records(cli_run):
    out, _ = cli_run
    with open(out / "records.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return [{key: _value(key, text) for key, text in row.items()} for row in rows]


def _value(key, text):
    """A records.csv cell back as the record's value: None where empty, numbers as numbers."""
    if text == "":
        return None
    if key in TEXT_FIELDS:
        return text
    number = float(text)
    return int(number) if number.is_integer() and key in INTEGER_FIELDS else number


TEXT_FIELDS = {"kind", "backend", "framework", "variant", "device", "dtype", "profile", "matmul_precision", "case",
               "model", "memory_method", "library", "status", "message"}  # fmt: skip
INTEGER_FIELDS = {"m", "size", "parameters", "matmul_flops", "elementwise_flops", "iterations", "reps"}


def test_quick_bench_gives_a_record_for_every_backend_dtype_and_case(quick_records):
    steps = [r for r in quick_records if r["kind"] == "step"]
    gemms = [r for r in quick_records if r["kind"] == "gemm"]
    assert {r["backend"] for r in steps} == set(list_backends())
    assert len(steps) == len(list_backends()) * 2  # two dtypes, one batch size
    assert {(r["framework"], r["dtype"]) for r in gemms} == {
        (f, d) for f in {r["framework"] for r in steps} for d in ("float64", "float32")
    }
    for r in quick_records:
        assert set(r) == set(BENCH_FIELDS)
        assert r["status"] == "ok", r["message"]


def test_quick_bench_records_hold_positive_times_and_sane_fractions(quick_records):
    for r in quick_records:
        assert r["iter_min_s"] <= r["iter_q1_s"] <= r["iter_s"] <= r["iter_q3_s"] <= r["iter_max_s"]
        assert r["iter_s"] > 0 and r["gflops"] > 0 and r["peak_gflops"] > 0 and r["machine_peak_gflops"] > 0
        assert r["others_cpu"] is None or 0 <= r["others_cpu"] <= 1
        if r["kind"] == "step":
            assert r["iterations"] >= 1 and r["reps"] == 1 and r["call_s"] > 0
            assert 0 < r["fraction_of_machine_peak"] <= r["fraction_of_peak"] < 10  # tiny sizes, noisy: not < 1
            assert r["matmul_flops"] == matmul_flops(tuple(map(int, r["model"].split("-"))), r["m"])
            assert math.isclose(r["gflops"], r["matmul_flops"] / r["iter_s"] / 1e9, rel_tol=1e-9)
            assert r["matmul_alone_s"] >= 0 and math.isclose(r["matmul_share"], r["matmul_alone_s"] / r["iter_s"])
            products_gflops = r["matmul_flops"] / r["matmul_alone_s"] / 1e9 if r["matmul_alone_s"] else math.inf
            assert math.isclose(r["matmul_alone_fraction_of_peak"], products_gflops / r["peak_gflops"])


def test_quick_bench_reports_memory_where_the_framework_does(quick_records):
    for r in (r for r in quick_records if r["kind"] == "step"):
        if r["framework"] == "torch":  # CPU only here: torch keeps no CPU allocator statistics
            assert r["peak_bytes"] is None and r["memory_method"].startswith("not reported")
        else:
            assert r["peak_bytes"] > 0, r
        assert r["xla_flops"] is None  # counted for the cat and overhead cases only


def test_the_cat_case_times_the_whole_run_too_and_jax_counts_flops():
    overrides = dict(cases=("overhead", "cat", "width"), run_iterations=3, data="synthetic",
                     backends=("numpy", "jax-manual"), dtypes=("float32",))  # fmt: skip
    records = run_bench(BenchConfig.quick_config(**(TINY | overrides)))
    steps = [r for r in records if r["kind"] == "step"]
    cases = ("overhead", "cat", "width")
    assert [(r["backend"], r["case"]) for r in steps] == [(b, c) for b in ("numpy", "jax-manual") for c in cases]
    for r in steps:
        assert r["status"] == "ok", r["message"]
        if r["framework"] == "jax" and r["case"] != "width":  # XLA's own count: the matrix products and more
            assert r["xla_flops"] >= r["matmul_flops"]
        assert (r["matmul_alone_s"] is None) == (r["case"] == "overhead")  # the planar model's would time calls
        if r["case"] != "cat":
            assert r["run_s"] is None
            continue
        assert (r["model"], r["m"], r["run_iterations"]) == ("12288-20-7-5-1", 209, 3)
        assert r["run_s"] > 0 and math.isclose(r["run_extra_s"], r["run_s"] - r["call_s"] - 3 * r["iter_s"])


@pytest.mark.parametrize(
    "overrides, message",
    [
        (dict(dtypes=("float16",)), "dtypes"),
        (dict(cases=("huge",)), "unknown case"),
        (dict(batch_sizes=(0,)), "batch_sizes"),
        (dict(batch_dims=(8, 2)), "batch_dims"),
        (dict(reps=0), "reps"),
        (dict(backends=("mxnet",)), "unknown backend"),
        (dict(devices=("tpu",)), "not available"),
    ],
)
def test_bad_configurations_raise_before_anything_runs(overrides, message):
    with pytest.raises(DLRosettaError, match=message):
        run_bench(BenchConfig(**overrides))


def test_dlrosetta_bench_quick_writes_records_and_its_report(cli_run):
    out, status = cli_run
    assert status == 0
    run = json.loads((out / "run.json").read_text())
    assert run["kind"] == "bench" and run["config"]["quick"] is True and run["fingerprint"]["numpy"]
    df = load_bench(out)
    assert list(df.columns) == list(BENCH_FIELDS)
    assert set(df["backend"].dropna()) == set(list_backends())
    assert set(df.loc[df["kind"] == "step", "size"]) == {16}
    text = (out / "bench.md").read_text()
    for heading in ("## Method", "## Targets", "## GEMM peak of each library", "## Case: batch"):
        assert heading in text
    for name in ("bench_time_batch.png", "bench_fraction_batch.png"):
        assert (out / "plots" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"plots/{name}" in text
    html = (out / "bench.html").read_text()
    assert html.count("data:image/png;base64,") == 2 and "<script" not in html


def test_dlrosetta_report_rebuilds_a_bench_report(cli_run, tmp_path, capsys):
    out, _ = cli_run
    assert is_bench(out)
    assert main(["report", str(out), "--out", str(tmp_path)]) == 0
    assert "bench.html" in capsys.readouterr().out
    assert (tmp_path / "bench.md").read_text() == (out / "bench.md").read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--dtypes", "float16"], "dtypes"),
        (["--backends", "mxnet"], "unknown backend"),
        (["--cases", "everything"], "unknown case"),
        (["--batch-sizes", "0"], "batch_sizes"),
        (["--devices", "tpu"], "not available"),
        (["--reps", "0"], "reps"),
        (["--data", "/no/such/folder"], "no/such/folder"),
    ],
)
def test_dlrosetta_bench_bad_arguments_exit_2_with_a_message(args, message, tmp_path, capsys):
    assert main(["bench", "--out", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err
    assert "dlrosetta bench: error:" in err and message in err
    assert not (tmp_path / "out").exists()


def test_dlrosetta_bench_unparsable_sizes_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["bench", "--batch-sizes", "64,lots"])
    assert info.value.code == 2 and "--batch-sizes" in capsys.readouterr().err


def _records(rows):
    out = []
    for row in rows:
        record = dict.fromkeys(BENCH_FIELDS)
        record.update(status="ok", profile="strict", device="cpu", **row)
        out.append(record)
    return out


def test_targets_say_met_or_missed_and_by_how_much(tmp_path):
    step = dict(kind="step", case="batch", model="8-8-1", m=1024, size=1024, dtype="float32", matmul_flops=2e9,
                machine_peak_gflops=250.0)  # fmt: skip
    rows = [
        step | dict(backend="numpy", framework="numpy", fraction_of_peak=0.45, fraction_of_machine_peak=0.4,
                    matmul_alone_s=0.02, matmul_alone_fraction_of_peak=0.5),
        step | dict(backend="jax-manual", framework="jax", fraction_of_peak=0.9, fraction_of_machine_peak=0.85,
                    matmul_alone_s=0.01),
        step | dict(backend="jax-manual", framework="jax", size=16, m=16, fraction_of_machine_peak=0.99),  # small
        dict(kind="step", case="cat", backend="torch-manual", framework="torch", dtype="float32", iter_s=2e-3),
        dict(kind="step", case="cat", backend="torch-nn", framework="torch", dtype="float32", iter_s=3e-3),
        dict(kind="step", case="overhead", backend="jax-manual", framework="jax", dtype="float32", iter_s=2e-5,
             model="2-4-1", m=400),
    ]  # fmt: skip
    write_run(tmp_path, _records(rows), BENCH_FIELDS, {"kind": "bench"})
    table = targets(load_bench(tmp_path)).set_index(["target", "backend"])
    fastest = table.xs("jax-manual", level="backend").iloc[0]
    assert fastest["measured"] == 0.85 and fastest["met"] == "yes"  # the largest size only
    assert math.isclose(fastest["products_alone"], 200 / 250)  # the best library's products: 2e9 flops in 0.01 s
    numpy = table.loc[("NumPy reference >= 60 % of its own GEMM peak", "numpy")]
    assert numpy["met"] == "no" and math.isclose(numpy["measured_over_target"], 0.45 / 0.6)
    assert numpy["products_alone"] == 0.5
    ratios = table[table.index.get_level_values("target").str.contains("torch variant")]
    assert ratios.loc[(slice(None), "torch-nn"), "met"].item() == "no"
    assert math.isclose(ratios.loc[(slice(None), "torch-nn"), "measured"].item(), 1.5)
    assert ratios.loc[(slice(None), "torch-manual"), "met"].item() == "yes"
    jax = table[table.index.get_level_values("target").str.contains("JAX loop")]
    assert jax["met"].tolist() == ["yes"]


def test_load_bench_reads_records_from_before_the_products_alone_columns(tmp_path):
    from reports.bench import LATER_FIELDS

    fields = [f for f in BENCH_FIELDS if f not in LATER_FIELDS]
    write_run(tmp_path, _records([dict(kind="step", case="cat", backend="numpy", iter_s=2e-3)]), fields, {})
    df = load_bench(tmp_path)
    assert df["iter_s"].tolist() == [2e-3] and df[list(LATER_FIELDS)].isna().all().all()


def test_load_bench_refuses_other_records(tmp_path):
    pd.DataFrame({"backend": ["numpy"]}).to_csv(tmp_path / "records.csv", index=False)
    with pytest.raises(DLRosettaError, match="not benchmark records"):
        load_bench(tmp_path)
    with pytest.raises(DLRosettaError, match="not found"):
        load_bench(tmp_path / "nowhere")
    assert not is_bench(tmp_path)
