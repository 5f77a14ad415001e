"""The check's records as a table for a person, JSON for a program, JUnit XML for a CI or nbgrader step."""

import json
import math
from xml.etree import ElementTree

EXIT_CODES = {"pass": 0, "fail": 1, "error": 1, "timeout": 3}


def exit_code(records):
    """0 all pass, 1 a mistake (fail or error), 3 a timeout (also when there are mistakes too)."""
    return max((EXIT_CODES[r["status"]] for r in records), default=0)


def _far(r):
    if r["status"] in ("error", "timeout"):
        return r["message"][:70]
    if r["status"] == "fail" and r["max_abs_error"] is not None and math.isfinite(r["fraction_used"] or math.inf):
        return (f"{r['actual_at_worst']:.6g} vs {r['desired_at_worst']:.6g} at worst, {r['n_mismatched']} / "
                f"{r['n_elements']} off ({r['fraction_used']:.3g}x tol)")  # fmt: skip
    if r["status"] == "fail":
        return r["message"].split(": ", 1)[-1][:70]
    return ""


def format_table(records):
    """A plain-text table: function, case, status, first wrong tensor, layer, how far off, hint."""
    header = ("function", "case", "status", "first wrong", "layer", "how far off", "hint")
    rows = [header]
    for r in records:
        status = "pass" if r["status"] == "pass" else r["status"].upper()
        layer = "" if r["layer"] is None else str(r["layer"])
        hint = r["hint"] or (f"note: {r['in_place']}" if r.get("in_place") else "")  # right numbers, input changed
        rows.append((r["function"], r["case"], status, r["first_wrong"] or "", layer, _far(r), hint))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def last_lines(text, n=5):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-n:]


def _plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def to_json(records, path, week, notes):
    """One JSON document: the module, the week, the exit code, what loading skipped, every record."""
    return json.dumps({"module": str(path), "week": week, "exit_code": exit_code(records), "skipped": list(notes),
                       "records": [{k: _plain(v) for k, v in r.items()} for r in records]}, indent=2)  # fmt: skip


def to_junit(records, path):
    """JUnit XML: one test case per function x case; fail -> failure, error -> error, timeout -> error."""
    suite = ElementTree.Element("testsuite", name=f"dlrosetta check {path}", tests=str(len(records)),
                                failures=str(sum(r["status"] == "fail" for r in records)),
                                errors=str(sum(r["status"] in ("error", "timeout") for r in records)))  # fmt: skip
    for r in records:
        case = ElementTree.SubElement(suite, "testcase", classname=f"{r['week']}.{r['function']}", name=r["case"],
                                      time=f"{r['seconds'] or 0:.3f}")  # fmt: skip
        text = r["message"] + (f"\nhint: {r['hint']}" if r["hint"] else "")
        if r["status"] == "fail":
            ElementTree.SubElement(
                case, "failure", message=(r["first_wrong"] or "") + ": " + (r["hint"] or "")
            ).text = text
        elif r["status"] in ("error", "timeout"):
            ElementTree.SubElement(case, "error", type=r["status"], message=r["message"][:200]).text = text
        if r["stdout"]:
            ElementTree.SubElement(case, "system-out").text = r["stdout"]
        if r["stderr"]:
            ElementTree.SubElement(case, "system-err").text = r["stderr"]
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)
