"""Stand-in for the course's testCases_v4a (dlrosetta check): empty, every name a no-op; see _test_module.py."""

from _test_module import stand_in_getattr as __getattr__  # noqa: F401
