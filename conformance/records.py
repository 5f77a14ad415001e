"""Writing a run to disk: records.csv (one tidy row per compared quantity) and run.json (the config,
the environment fingerprint, timings, the schema version). Every file is written then renamed, so a crash
never leaves half a file behind. reports.load reads them back."""

import csv
import json
import os
import tempfile
from pathlib import Path

SCHEMA_VERSION = 1
RECORDS_FILE, RUN_FILE = "records.csv", "run.json"


def atomic_write(path, write, binary=False):
    """Call write(file) on a temporary file beside `path` (text, or bytes if binary), then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            write(f)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the mode a plain open() would
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def write_run(out_dir, records, fields, meta):
    """records.csv with the given field order and run.json with meta plus the schema version."""
    out_dir = Path(out_dir)

    def write_records(f):
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        for r in records:
            writer.writerow({k: ("" if r.get(k) is None else r[k]) for k in fields})

    atomic_write(out_dir / RECORDS_FILE, write_records)
    atomic_write(out_dir / RUN_FILE, lambda f: json.dump({"schema_version": SCHEMA_VERSION, **meta}, f, indent=2))
    return out_dir
