"""dl-rosetta's command line: one module per command (add_arguments, run), nothing else."""

import os

# OpenBLAS's (NumPy's) idle threads spin for a while after each product and take the CPUs from the next library's
# threads (torch's products right after NumPy's ran at less than half their speed on 2 cores). A short timeout
# counts only when set before NumPy loads: the command line (this package, imported before any command) and the
# tests' conftest (which imports this package first) set it; a user's own setting wins. The fingerprint records it.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
