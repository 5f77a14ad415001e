"""The silent upcast check: a float32 backend whose results are closer to the float64 reference than float32
arithmetic allows computes in float64 and rounds its results (tolerances.UPCAST_MIN_ERROR, UPCAST_RATIO)."""

import numpy as np

from conformance.cases import float32_forward
from conformance.compare import forward_keys
from conformance.tolerances import UNIT_ROUNDOFF, UPCAST_MIN_ERROR, UPCAST_RATIO


def _distance(tensors, desired, keys):
    """Norm-wise relative distance over several tensors together."""
    num = sum(float(np.sum(np.square(np.asarray(tensors[k], np.float64) - desired[k]))) for k in keys)
    den = sum(float(np.sum(np.square(desired[k]))) for k in keys)
    return np.sqrt(num / den) if den > 0 else 0.0


def check_upcast(forward, case, ref, out):
    """A float32 backend's forward pass is not closer to float64 than float32 arithmetic allows (tolerances)."""
    keys = forward_keys(case.model.L)
    if not all(np.shape(forward.get(k)) == np.shape(ref["forward"][k]) for k in keys):
        return  # recorded as a mismatch already
    u = UNIT_ROUNDOFF["float32"]
    own = _distance(forward, ref["forward"], keys) / u
    ref32 = _distance(float32_forward(case, out.data), ref["forward"], keys) / u
    if ref32 < UPCAST_MIN_ERROR:
        message = (f"upcast: not decidable on this case (the float32 reference is {ref32:.3g} u from float64, under "
                   f"{UPCAST_MIN_ERROR:g} u); this backend {own:.3g} u")  # fmt: skip
        out.add("forward", "upcast", status="pass", message=message, fraction_used=0.0)
        return
    used = ref32 / (UPCAST_RATIO * own) if own > 0 else float("inf")
    message = f"upcast: the forward pass is {own:.3g} u from float64 norm-wise, the float32 reference {ref32:.3g} u"
    if used > 1:
        message += (f": over {UPCAST_RATIO:g} times closer than float32 arithmetic allows; does it compute in float64 "
                    "and round the results to float32 (a silent upcast)?")  # fmt: skip
    out.add("forward", "upcast", status="pass" if used <= 1 else "fail", message=message, fraction_used=used)
