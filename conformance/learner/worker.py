"""The learner's code in a child process: one worker per module, reused across its cases, replaced after a
timeout or a crash. The child has stdin on /dev/null, its stdout and stderr captured per call, and resource
limits (address space, CPU time, file size, processes) so a runaway module cannot exhaust the machine.
This is protection from accidents, not a sandbox: hostile code can still read and write what the user can.
"""

import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from conformance.learner.calling import call, error_of, outcome
from conformance.learner.cases import FUNCTIONS
from conformance.learner.loading import defined_here, load_module
from conformance.learner.week import parameters

MEMORY_BYTES = 4 * 2**30  # address space: NumPy's and the course's arrays need far less
CPU_SECONDS = 300  # over the worker's life; the per-call wall-clock limit usually ends a hang first
FILE_BYTES = 256 * 2**20  # what the learner's code may write to one file (its printing included)
EXTRA_PROCESSES = 32
LOAD_SECONDS = 20  # on top of the per-call limit: the definitions themselves run nothing long


def _limit(kind, soft):
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(kind, (soft, hard))
    except (ValueError, OSError):
        pass  # an environment that allows no lowering of this limit: keep its own


def _tasks_of_this_user():
    uid, n = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    n += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                continue
    return n


def apply_limits():
    """Resource limits for the child (RLIMIT_NPROC counts all of the user's tasks; root is exempt from it)."""
    _limit(resource.RLIMIT_AS, MEMORY_BYTES)
    _limit(resource.RLIMIT_CPU, CPU_SECONDS)
    _limit(resource.RLIMIT_FSIZE, FILE_BYTES)
    if os.path.isdir("/proc"):
        _limit(resource.RLIMIT_NPROC, _tasks_of_this_user() + EXTRA_PROCESSES)


class _Capture:
    """fd 1 and 2 into temporary files (C-level writes included); new text since the last take()."""

    def __init__(self):
        self.files = [tempfile.TemporaryFile(), tempfile.TemporaryFile()]
        for fd, f in zip((1, 2), self.files, strict=True):
            os.dup2(f.fileno(), fd)
        self.offsets = [0, 0]

    def take(self):
        sys.stdout.flush(), sys.stderr.flush()
        texts = []
        for i, f in enumerate(self.files):
            f.seek(self.offsets[i])
            data = f.read()
            self.offsets[i] += len(data)
            texts.append(data.decode("utf-8", errors="replace"))
        return texts


def serve(conn, path):
    """The child: load the module, say what it defines, then run calls until told to stop."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdin = open(os.devnull)  # noqa: SIM115  (input() gets EOF at once)
    capture = _Capture()
    apply_limits()
    notes = []
    try:
        module = load_module(path, notes)
    except BaseException as exc:
        conn.send(("load-error", error_of(exc), capture.take()))
        return
    names = sorted({n for names in FUNCTIONS.values() for n in names if defined_here(module, n)})
    conn.send(("loaded", {"notes": notes, "functions": {n: parameters(getattr(module, n)) for n in names}},
               capture.take()))  # fmt: skip
    while True:
        request = conn.recv()
        if request is None:
            return
        function, args, seed = request
        result = call(getattr(module, function), args, seed, capture=False, catch_interrupt=True)
        result["stdout"], result["stderr"] = capture.take()
        try:
            conn.send(result)
        except Exception as exc:  # (an output that cannot be pickled)
            result.update(output=None, args_after=None, error=("UnpicklableOutput", str(exc)[:200], ""))
            conn.send(result)


class Worker:
    """The parent's handle on one module's child process: `python -m conformance.learner.worker FD PATH`, talking
    over a socket pair (a fresh interpreter: nothing of the caller's process, threads or main module, is copied)."""

    def __init__(self, path):
        self.path = str(path)
        self.process = None
        self.info = None
        self.load_output = ("", "")

    def start(self, timeout):
        """Start the child and wait for it to load the module: ('loaded', info) or ('load-error' | 'timeout', ...)."""
        mine, theirs = socket.socketpair()
        root = str(Path(__file__).resolve().parents[2])  # the folder holding conformance/ and reference_numpy/
        path = os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        # one BLAS thread (the cases are small), no plot windows
        env = {**os.environ, "PYTHONPATH": path, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg"}  # fmt: skip
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "conformance.learner.worker", str(theirs.fileno()), self.path],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errors,
            env=env,
        )  # fmt: skip
        theirs.close()
        self.conn = Connection(mine.detach())
        if not self.conn.poll(LOAD_SECONDS + timeout):
            self.stop()
            return "timeout", None
        try:
            kind, payload, self.load_output = self.conn.recv()
        except (EOFError, OSError):
            return "died", self._died()
        if kind == "loaded":
            self.info = payload
        else:
            self.stop()
        return kind, payload

    def call(self, function, args, seed, timeout):
        """One call in the child -> outcome; a timeout or a dead child is an outcome too, and the child is
        restarted for the next call."""
        if self.process is None:
            kind, payload = self.start(timeout)
            if kind != "loaded":
                return outcome(error=("WorkerFailed", f"reloading the module: {kind} {payload}", ""))
        start = time.perf_counter()
        self.conn.send((function, args, seed))
        if not self.conn.poll(timeout):
            self.stop()
            return outcome(timeout=True, seconds=time.perf_counter() - start)
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            code = self._died()
            return outcome(error=("WorkerDied", _death(code), ""), seconds=time.perf_counter() - start)

    def _died(self):
        try:
            code = self.process.wait(2)
        except subprocess.TimeoutExpired:
            code = None
        self.errors.seek(0)
        self.last_errors = self.errors.read().decode("utf-8", "replace")[-2000:]
        self.stop()
        return code

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.conn.send(None)
                self.process.wait(0.2)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self.conn.close()
        self.errors.close()
        self.process = None


def _death(code):
    """Why the child died, from its exit code."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        why = {"SIGXCPU": "its CPU time limit", "SIGKILL": "killed (out of memory?)", "SIGXFSZ": "its file size limit",
               "SIGSEGV": "a crash in native code"}.get(name, name)  # fmt: skip
        return f"the process running the learner's code ended: {why} ({name})"
    return f"the process running the learner's code ended with exit code {code} (os._exit?)"


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), sys.argv[2])
