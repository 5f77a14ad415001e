"""Ctrl-C in a long command: the first asks to stop at the next cell boundary, the second stops at once.

    with Interrupts() as interrupts:
        records = run_matrix(config, stop=interrupts.requested)   # the checks end at a cell boundary
        with interrupts.immediate():                               # here (the report) the first Ctrl-C raises
            ...

A KeyboardInterrupt raised by the second Ctrl-C propagates: the command writes nothing (conformance.output.commit
removes its temporary files), and the command line prints one line and exits 130.
"""

import signal
import threading
from contextlib import contextmanager

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a process stopped by Ctrl-C


class Interrupts:
    def __init__(self):
        self.count = 0
        self._immediate = False
        self._previous = None

    def requested(self):
        """True once Ctrl-C has been pressed."""
        return self.count > 0

    def _handler(self, signum, frame):
        self.count += 1
        if self.count > 1 or self._immediate:
            raise KeyboardInterrupt

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
        return False

    @contextmanager
    def immediate(self):
        """Inside, the first Ctrl-C raises KeyboardInterrupt too (work that has no boundary to stop at)."""
        self._immediate = True
        try:
            yield
        finally:
            self._immediate = False
