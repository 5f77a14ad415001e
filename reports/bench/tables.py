"""The tables of a benchmark report, from load_bench's DataFrame: the GEMM peaks, one table per case, the sweeps as
grids, the records that did not finish, and the targets, each measured."""

import numpy as np
import pandas as pd

CELL = ["backend", "device", "dtype", "profile"]  # one line of a plot, one row of a sweep grid
SWEEPS = {"batch": "batch size m", "width": "hidden width w"}
# the benchmark's targets, measured on each run (never asserted in tests)
FASTEST_TARGET, NUMPY_TARGET, VARIANT_RATIO, JAX_OVERHEAD_S = 0.80, 0.60, 1.25, 50e-6


def ok_steps(df, case=None):
    """The step records that finished (status ok), of one case or of all."""
    steps = df[(df["kind"] == "step") & (df["status"] == "ok")]
    return steps if case is None else steps[steps["case"] == case]


def peak_table(df):
    """One row per library, device, dtype and profile: its GEMM, the best and the median throughput."""
    gemm = df[df["kind"] == "gemm"]
    out = gemm[["framework", "device", "dtype", "profile", "library", "model"]].rename(columns={"model": "GEMM"})
    return out.assign(peak_GFLOPs=gemm["peak_gflops"], median_GFLOPs=gemm["gflops"], others_cpu=gemm["others_cpu"],
                      status=gemm["status"].astype(str)).reset_index(drop=True)  # fmt: skip


def case_table(df, case):
    """One row per backend, device, dtype, profile (and size, in a sweep) on a case: the time per iteration
    (median and quartiles), the throughput of its matrix products, the fraction of its own library's GEMM peak
    and of the machine's (the best library's), how many times the fastest backend of its framework it takes,
    the adapter call's own cost, the whole run where there is one, the memory of a step, and the share of the
    CPUs other processes used meanwhile. products_ms: the step's matrix products timed alone through the same
    library (in_products: their share of the step's time; products_of_own_peak: their speed at these shapes
    over the library's square GEMM peak, the most the step could reach)."""
    rows = ok_steps(df, case)
    if rows.empty:
        return pd.DataFrame()
    group = ["framework", "device", "dtype", "profile", "size"]
    fastest = rows.groupby(group, observed=True)["iter_s"].transform("min")
    out = pd.DataFrame({
        "backend": rows["backend"].astype(str), "device": rows["device"].astype(str),
        "dtype": rows["dtype"].astype(str), "profile": rows["profile"].astype(str), "model": rows["model"].astype(str),
        "m": rows["m"].astype("int64"), "ms_per_iteration": 1e3 * rows["iter_s"],
        "ms_q1": 1e3 * rows["iter_q1_s"], "ms_q3": 1e3 * rows["iter_q3_s"], "GFLOPs": rows["gflops"],
        "of_own_peak": rows["fraction_of_peak"], "of_machine_peak": rows["fraction_of_machine_peak"],
        "products_ms": 1e3 * rows["matmul_alone_s"], "in_products": rows["matmul_share"],
        "products_of_own_peak": rows["matmul_alone_fraction_of_peak"],
        "x_fastest_of_framework": rows["iter_s"] / fastest, "call_ms": 1e3 * rows["call_s"],
        "memory_MB": rows["peak_bytes"] / 1e6, "reps": rows["reps"].astype("int64"), "others_cpu": rows["others_cpu"],
    })  # fmt: skip
    if rows["run_s"].notna().any():
        out.insert(out.columns.get_loc("call_ms") + 1, "run_s", rows["run_s"])
        out.insert(out.columns.get_loc("run_s") + 1, "run_extra_s", rows["run_extra_s"])
    if case == "overhead":
        out.insert(out.columns.get_loc("ms_per_iteration"), "us_per_iteration", 1e6 * rows["iter_s"])
        out = out.drop(columns=["ms_per_iteration", "ms_q1", "ms_q3"])
    return out.reset_index(drop=True)


def sweep_grid(df, case, value="iter_s"):
    """A sweep as a grid: one row per backend, device, dtype, profile; one column per size; `value` in each
    (iter_s in milliseconds, or a fraction as it is)."""
    rows = ok_steps(df, case)
    if rows.empty:
        return pd.DataFrame()
    numbers = rows[value] * (1e3 if value == "iter_s" else 1)
    grid = rows.assign(_v=numbers, size=rows["size"].astype("int64")).pivot_table(
        index=CELL, columns="size", values="_v", observed=True, sort=False
    )  # fmt: skip
    grid.columns = [str(c) for c in grid.columns]
    return grid.reset_index()


def errors_table(df):
    """Records that did not finish, with their messages."""
    bad = df[df["status"] != "ok"]
    return bad[["kind", "backend", "framework", "device", "dtype", "profile", "case", "model", "message"]].reset_index(
        drop=True
    )


def targets(df):
    """The issue's targets, each measured: one row per target and device/dtype, with the measured value, the
    threshold, whether it is met, and by how much it is missed (measured / threshold, or threshold / measured
    for a time). For the fraction-of-peak targets, products_alone: the fraction of the peak the step's matrix
    products reach when timed alone at the same shapes (the best library's, or NumPy's own), the most the step
    could reach were everything else free: a target above it cannot be met at these shapes on this machine."""
    rows = []

    def add(target, where, who, measured, threshold, higher_is_better, unit, products_alone=np.nan):
        met = measured >= threshold if higher_is_better else measured <= threshold
        ratio = measured / threshold if higher_is_better else threshold / measured
        rows.append(dict(target=target, where=where, backend=who, measured=measured, threshold=threshold, unit=unit,
                         met="yes" if met else "no", measured_over_target=ratio,
                         products_alone=products_alone))  # fmt: skip

    steps = ok_steps(df)
    for case in SWEEPS:
        for (device, dtype, profile), rows_ in steps[steps["case"] == case].groupby(
            ["device", "dtype", "profile"], observed=True
        ):
            largest = rows_[rows_["size"] == rows_["size"].max()]
            where = f"{case} {largest['model'].iloc[0]} m={int(largest['m'].iloc[0])}, {device} {dtype} {profile}"
            best = largest.loc[largest["fraction_of_machine_peak"].idxmax()]
            products = (largest["matmul_flops"] / largest["matmul_alone_s"]).max() / 1e9 / best["machine_peak_gflops"]
            add("fastest backend >= 80 % of the machine's GEMM peak", where, best["backend"],
                best["fraction_of_machine_peak"], FASTEST_TARGET, True, "fraction", products)  # fmt: skip
            numpy = largest[largest["backend"] == "numpy"]
            if not numpy.empty:
                add("NumPy reference >= 60 % of its own GEMM peak", where, "numpy", numpy["fraction_of_peak"].iloc[0],
                    NUMPY_TARGET, True, "fraction", numpy["matmul_alone_fraction_of_peak"].iloc[0])  # fmt: skip
    cat = steps[(steps["case"] == "cat") & steps["framework"].isin(["torch", "jax"])]
    for (framework, device, dtype, profile), rows_ in cat.groupby(
        ["framework", "device", "dtype", "profile"], observed=True
    ):
        fastest = rows_["iter_s"].min()
        for r in rows_.itertuples():
            add(f"each {framework} variant within {VARIANT_RATIO}x of its framework's fastest (cat)",
                f"cat, {device} {dtype} {profile}", r.backend, r.iter_s / fastest, VARIANT_RATIO, False,
                "x")  # fmt: skip
    jax = steps[(steps["case"] == "overhead") & (steps["framework"] == "jax")]
    for r in jax.itertuples():
        add("compiled JAX loop: at most 50 us per iteration beyond arithmetic (the tiny model's time)",
            f"overhead {r.model} m={int(r.m)}, {r.device} {r.dtype} {r.profile}", r.backend, r.iter_s,
            JAX_OVERHEAD_S, False, "s")  # fmt: skip
    return pd.DataFrame(rows)
