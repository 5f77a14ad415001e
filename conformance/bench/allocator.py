"""glibc's allocator and the large arrays of a training step.

glibc serves an allocation over its mmap threshold (at most 32 MB) with fresh pages from the kernel and gives
them back on free, so a step that makes a new 200 MB dW[1] every iteration page-faults all of it in again
each time: on 2 cores, torch's (4096, 209) x (209, 12288) float32 product took 100 ms into a new tensor and
66 ms into a reused one. keep_freed_memory() makes glibc serve every allocation from its heap and keep what is
freed, for the rest of the process (what MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=... do from the start).
"""

import ctypes
import platform

from reference_numpy.errors import DLRosettaError

M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4  # glibc's malloc.h
TRIM_THRESHOLD = 2**31 - 1  # mallopt takes an int: give back free heap only above 2 GB


def is_glibc():
    return platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def keep_freed_memory():
    """mallopt(M_MMAP_MAX, 0) and mallopt(M_TRIM_THRESHOLD, 2**31 - 1) on this process; returns what was set.
    Raises DLRosettaError where the C library is not glibc or refuses."""
    if not is_glibc():
        raise DLRosettaError(
            f"bench: --keep-freed-memory needs Linux with glibc; this is {platform.system()} with "
            f"{platform.libc_ver()[0] or 'an unknown C library'}"
        )
    libc = ctypes.CDLL("libc.so.6")
    if libc.mallopt(M_MMAP_MAX, 0) != 1 or libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) != 1:
        raise DLRosettaError("bench: glibc's mallopt refused M_MMAP_MAX = 0 or M_TRIM_THRESHOLD = 2**31 - 1")
    return f"mallopt M_MMAP_MAX=0 M_TRIM_THRESHOLD={TRIM_THRESHOLD}"
