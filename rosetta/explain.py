"""`dlrosetta explain`: an equation, the lines of every implementation that compute it, and how well they agree.

    resolve("8")                 -> Query(numbers=[8])               an equation by its tag
    resolve("dW")                -> Query(numbers=[8])               a quantity: the equation that computes it
    resolve("L_model_backward")  -> Query(numbers=[5, 6, 7, 8, 9], function="L_model_backward")
    explain_text(query, width=100, records=df)  -> the text to print

The lines come from the installed source (rosetta.tags), the agreement from a run's records
(rosetta.agreement): nothing is copied, nothing recomputed.
"""

import textwrap
from dataclasses import dataclass

from reference_numpy.arithmetic import EQUATION_FORMS
from reference_numpy.equations import EQUATIONS
from reference_numpy.errors import DLRosettaError
from reports.formatting import display_frame
from rosetta.agreement import agreement_table, equation_records, keys_by_model
from rosetta.conventions import COURSE_ARITHMETIC_MEASURED
from rosetta.notation import lhs, quantity, shape_line
from rosetta.source import dedent_code
from rosetta.tags import IMPLEMENTATIONS, IMPLEMENTATIONS_BY_NAME, NOT_COMPUTED

# Other names people type for a quantity.
ALIASES = {"cost": "J", "Yhat": "Y_hat", "y_hat": "Y_hat", "dAL": "dA[L]", "dZL": "dZ[L]"}


@dataclass(frozen=True)
class Query:
    """What to explain: equations by number; function: restrict the lines to that function and what it calls."""

    text: str
    numbers: tuple
    function: str | None = None


def quantity_names():
    """{name: (equation numbers)}: 'dW' -> (8,), 'dZ' -> (5, 6), 'dZ[L]' -> (5,), 'J' -> (3,), 'cost' -> (3,)."""
    names = {}
    for number in EQUATIONS:
        for name in dict.fromkeys([quantity(number), lhs(number)]):  # 'dW' and 'dW[l]'; 'J' once
            names[name] = names.get(name, ()) + (number,)
    return names | {alias: names[name] for alias, name in ALIASES.items()}


def function_names(rosetta):
    """The public functions of any implementation whose call tree holds at least one tag, sorted."""
    public = [f for f in rosetta.functions() if not f.startswith("_")]
    return [f for f in public if any(rosetta.function_entries(f, impl) for impl in IMPLEMENTATIONS)]


def _strip_key(text):
    """'dW2' -> 'dW', 'dW[2]' -> 'dW': a record key or an indexed name, as a quantity."""
    base = text.split("[", 1)[0] if "[" in text and text.split("[", 1)[1].rstrip("]").isdigit() else text
    return base.rstrip("0123456789") or base


MAX_LAYER = 4  # the deepest course model, the week-4 application's 12288-20-7-5-1 network, has L = 4


def _check_layer(text, quantity):
    """A layer given with a quantity ('dW2', 'A[0]') must exist: 1..L, and 0 for A and dA (A[0] = X)."""
    digits = text[len(quantity) :].strip("[]")
    if not digits:
        return
    low = 0 if quantity in ("A", "dA") else 1
    if not digits.isdigit() or not low <= int(digits) <= MAX_LAYER:
        span = f"{low} to {MAX_LAYER} ({quantity}{low} .. {quantity}{MAX_LAYER})"
        raise DLRosettaError(f"{text}: no layer {digits} of {quantity}; the course's models have layers {span}")


def resolve(text, rosetta):
    """The Query for a tag number ('8', '(8)'), a quantity ('dW', 'dW2', 'cost') or a function name.

    Raises DLRosettaError listing what exists when nothing matches.
    """
    stripped = text.strip().strip("()")
    if stripped.isdigit():
        if int(stripped) not in EQUATIONS:
            raise DLRosettaError(f"no equation ({stripped}); the equations are:\n{listing(rosetta)}")
        return Query(text, (int(stripped),))
    names = quantity_names()
    for candidate in (stripped, _strip_key(stripped)):
        if candidate in names:
            _check_layer(stripped, candidate)
            return Query(text, names[candidate])
    if stripped in rosetta.functions():
        numbers = sorted({e.tag.number for impl in IMPLEMENTATIONS for e in rosetta.function_entries(stripped, impl)})
        if not numbers:
            raise DLRosettaError(
                f"{stripped}() has no equation tag in it nor in what it calls; try one of:\n{listing(rosetta)}"
            )
        return Query(text, tuple(numbers), function=stripped)
    raise DLRosettaError(f"unknown equation, quantity or function {text!r}; these exist:\n{listing(rosetta)}")


def listing(rosetta, width=100):
    """What `explain --list` prints: the equations, the quantity names, the function names."""
    equations = "\n".join(f"  ({n}) {text}" for n, text in EQUATIONS.items())
    names = quantity_names()
    shown = [name for name in names if "[" not in name or names[name] != names[name.split("[")[0]]]
    quantities = textwrap.fill(" ".join(shown), width, initial_indent="  ", subsequent_indent="  ")
    functions = textwrap.fill(" ".join(function_names(rosetta)), width, initial_indent="  ", subsequent_indent="  ")
    return (
        f"equations (dlrosetta explain 8):\n{equations}\n"
        f"quantities (dlrosetta explain dW):\n{quantities}\n"
        f"functions (dlrosetta explain L_model_backward):\n{functions}"
    )


# ---- the lines of one equation -------------------------------------------------------------------------------


def entry_heading(impl, entry):
    """'PyTorch autograd: gradients(), by autograd' or 'PyTorch autograd: linear_forward(), shared with PyTorch
    manual' (the variant runs the manual variant's code for that equation)."""
    where = f"{entry.tag.function}()" if entry.tag.function else "module level"
    how = f", by {entry.tag.mechanism}" if entry.tag.mechanism else ""
    shared = f", shared with {IMPLEMENTATIONS_BY_NAME[entry.shared_from].label}" if entry.shared_from else ""
    return f"{impl.label}: {where}{how}{shared}"


def location_width(entries):
    """The width of the file:line column for a set of entries, so that their code lines up."""
    return max((len(f"{e.tag.path}:{n}") for e in entries for n, _ in e.tag.code), default=0)


def entry_lines(impl, entry, width, column=0, indent="  "):
    """An entry side by side (file:line, then its code, on one row) where it fits in `width`, else one after the
    other (file:first-last, then the code under it). column: the width of the file:line column."""
    rows = dedent_code(entry.tag.code)
    locations = [f"{entry.tag.path}:{n}" for n, _ in rows]
    column = max([column] + [len(loc) for loc in locations])
    out = [indent + entry_heading(impl, entry)]
    if all(len(indent) * 2 + column + 2 + len(code) <= width for _, code in rows):
        out += [f"{indent * 2}{loc:<{column}}  {code}".rstrip() for loc, (_, code) in zip(locations, rows, strict=True)]
    else:
        out.append(f"{indent * 2}{entry.tag.location}")
        out += [f"{indent * 3}{code}".rstrip() for _, code in rows]
    return out


def equation_lines(number, rosetta, width, function=None):
    """The equation, its shapes, and every implementation's lines for it (only inside `function` if given)."""
    out = [f"({number}) {EQUATIONS[number]}", f"    shapes: {shape_line(number)}", ""]
    found = {impl.name: implementation_entries(number, rosetta, impl, function) for impl in IMPLEMENTATIONS}
    column = location_width([e for entries in found.values() for e in entries])
    for impl in IMPLEMENTATIONS:
        entries = found[impl.name]
        if not entries:
            if function is None:
                reason = NOT_COMPUTED.get(number, "no line tagged with this equation")
                out.append(f"  {impl.label}: {reason}")
            continue
        for entry in entries:
            out += entry_lines(impl, entry, width, column)
    return out


def implementation_entries(number, rosetta, impl, function=None):
    """An implementation's entries for an equation: all of them, or those inside `function` and what it calls."""
    if function is None:
        return rosetta.lines(number, impl)
    return [e for e in rosetta.function_entries(function, impl) if e.tag.number == number]


# ---- the measured agreement ----------------------------------------------------------------------------------


def text_table(frame, indent="    "):
    """A DataFrame as left-aligned text columns, with the reports' number formatting (reports.formatting)."""
    shown = display_frame(frame)
    rows = [list(map(str, shown.columns))] + [list(map(str, row)) for row in shown.itertuples(index=False)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(indent + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def measured_lines(number, records, source):
    """The worst fraction of tolerance used and the largest error per backend x dtype, from the run's records."""
    if records is None:
        return [f"  measured: no records in {source} (run `dlrosetta run`, or pass --results DIR)"]
    table = agreement_table(records, number)
    if table.empty:
        why = "no backend returns dA[L]" if number == 4 else "the run has no record of it"
        return [f"  measured: nothing to show ({why})"]
    created = records.attrs.get("run", {}).get("fingerprint", {}).get("created", "unknown time")
    keys = keys_by_model(equation_records(records, number))
    return [f"  measured in {source} (run of {created}), over {keys}:", text_table(table)]


def course_arithmetic_lines(number):
    """Where the course's own code writes the equation otherwise than the core, and by how much that moves a run."""
    if number not in EQUATION_FORMS:
        return []
    return [
        "  the course's own arithmetic (backend numpy-course, reference_numpy.arithmetic):",
        *textwrap.wrap(EQUATION_FORMS[number], 110, initial_indent="    ", subsequent_indent="    "),
        *textwrap.wrap(COURSE_ARITHMETIC_MEASURED, 110, initial_indent="    ", subsequent_indent="    "),
        "",
    ]


def explain_text(query, rosetta, width=100, records=None, source="results"):
    """Everything `dlrosetta explain` prints for a query."""
    out = []
    if query.function:
        have = [impl.label for impl in IMPLEMENTATIONS if rosetta.defines(impl, query.function)]
        lack = [impl.label for impl in IMPLEMENTATIONS if not rosetta.defines(impl, query.function)]
        out.append(f"{query.function}(): the equations in it and in the functions it calls, in every implementation")
        out.append(f"  defined in: {', '.join(have)}")
        if lack:
            out.append(f"  not in: {', '.join(lack)} (no function of that name)")
        out.append("")
    for number in query.numbers:
        out += equation_lines(number, rosetta, width, query.function)
        out.append("")
        out += measured_lines(number, records, source)
        out.append("")
        out += course_arithmetic_lines(number)
    return "\n".join(out).rstrip() + "\n"
