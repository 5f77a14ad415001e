"""The benchmark: every backend's time per training iteration against the machine's limit, measured in one run.

    from conformance.bench import BenchConfig, run_bench
    records = run_bench(BenchConfig.quick_config(backends=("numpy", "torch-manual")))

run.py runs it (and says why in blocks), timing.py times a cell, work.py counts its floating-point work,
config.py holds the configuration and the cases; each framework's matrix product and memory measurement live in
its own package (reference_numpy/bench.py, impl_torch/bench.py, impl_jax/bench.py). `dlrosetta bench` writes
the records with conformance.records.write_run and renders them with reports.bench.
"""

from conformance.bench.config import CASES, BenchCase, BenchConfig
from conformance.bench.run import BENCH_FIELDS, run_bench
from conformance.bench.work import elementwise_flops, matmul_flops, parameter_count

__all__ = ["BENCH_FIELDS", "CASES", "BenchCase", "BenchConfig", "elementwise_flops", "matmul_flops",
           "parameter_count", "run_bench"]  # fmt: skip
