"""A command's output folder, written as a whole or not at all.

check_writable(out) runs before any work. commit(out, files) writes every file the command owns under a temporary
name beside its target, and only when all of them are written renames them into place (the manifest, run.json,
last), then removes the files the previous run's manifest listed that this one does not write. Files the command
does not own are never touched. A failure or an interruption before the renames leaves the folder as it was.
"""

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from reference_numpy.errors import DLRosettaError

PARTIAL = ".partial"


def check_writable(out_dir, option="--out"):
    """Create out_dir if needed and write (then remove) a probe file there; DLRosettaError naming why not."""
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise DLRosettaError(f"{option} {path}: exists and is not a folder; give a folder to write into")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".dlrosetta-probe-", suffix=PARTIAL)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise DLRosettaError(f"{option} {path}: cannot write there ({why}); give a folder you can write to") from exc
    return path


@contextmanager
def sigint_deferred():
    """Hold SIGINT for the block (the renames: milliseconds), then deliver it to the handler that was in force."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            os.kill(os.getpid(), signal.SIGINT)


def _file_mode():
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask  # mkstemp makes 0600; give the file the mode a plain open() would


def commit(out_dir, files, owned_before=()):
    """Write {relative path: bytes} into out_dir as one set: all under temporary names, then all renamed in order.

    owned_before: relative paths the previous run in out_dir wrote (its manifest); those this set does not contain
    are removed after the renames. Returns the list of paths written.
    """
    out_dir = Path(out_dir)
    temps = []
    try:
        for name, data in files.items():
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PARTIAL)
            temps.append((tmp, target))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, _file_mode())
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    with sigint_deferred():
        for tmp, target in temps:
            os.replace(tmp, target)
        for name in set(owned_before) - set(files):
            stale = out_dir / name
            if stale.is_file() and ".." not in Path(name).parts:
                stale.unlink()
    return [target for _, target in temps]
