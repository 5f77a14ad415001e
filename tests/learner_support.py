"""Helpers for the learner-check tests: the corpus folder and planting one mistake in a correct module."""

from pathlib import Path

LEARNERS = Path(__file__).parent / "learners"


def planted(tmp_path, source_name, old, new, name=None):
    """A copy of tests/learners/<source_name> with `old` replaced by `new` (which must be there once)."""
    source = (LEARNERS / source_name).read_text()
    assert source.count(old) == 1, f"{source_name} no longer has the line {old!r} exactly once"
    path = tmp_path / (name or f"my_{source_name}")
    path.write_text(source.replace(old, new))
    return path
