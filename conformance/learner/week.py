"""Which assignment a learner's module follows, and whether its signatures take the course's arguments: told by
the names only one week uses and by the signatures of the shared ones."""

import inspect

from conformance.learner.cases import CASES, FUNCTIONS, REFERENCE
from reference_numpy.errors import DLRosettaError


def parameters(fn):
    """[(name, kind, has default)] of a callable's signature, or None where it has none."""
    try:
        return [(p.name, p.kind.name, p.default is not p.empty) for p in inspect.signature(fn).parameters.values()]
    except (TypeError, ValueError):
        return None


def _course_names(week, function):
    return [p[0] for p in parameters(getattr(REFERENCE[week], function))]


def _n_args(week, function):
    return len(CASES[week][function][0][1]())


def signature_problem(week, function, params, n_args):
    """Why the learner's signature cannot take the course's n_args positional arguments as the course means
    them, or None: too few or too many parameters, or a course parameter at another position (an extra
    parameter that would swallow the next argument)."""
    if params is None:
        return None
    course = _course_names(week, function)
    positional = [p for p in params if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    star = any(p[1] == "VAR_POSITIONAL" for p in params)
    required = [p for p in positional if not p[2]]
    theirs = f"({', '.join(p[0] for p in params)})"
    ours = f"({', '.join(course[:n_args])}{', ...' if len(course) > n_args else ''})"
    if week == "week3" and function == "compute_cost" and len(required) == 3:
        return None  # v6c's compute_cost(A2, Y, parameters)
    if len(required) > n_args or (len(positional) < n_args and not star):
        return f"the signature {function}{theirs} differs from the course's {function}{ours}"
    for i, p in enumerate(positional[:n_args]):
        if p[0] in course[:n_args] and course.index(p[0]) != i:
            return (
                f"the signature {function}{theirs} puts {p[0]!r} at position {i + 1}; the course's is {function}{ours}"
            )
    return None


def _matches_by_name(week, function, params):
    if not params:
        return False
    others = {tuple(_course_names(w, function)[:2]) for w in FUNCTIONS if w != week and function in FUNCTIONS[w]}
    mine = tuple(p[0] for p in params[:2])
    return mine == tuple(_course_names(week, function)[:2]) and mine not in others


def detect_week(functions, week=None, where="the module"):
    """(week, the course functions to check) from {name: parameters} of what the learner defined.

    Names only one week uses decide; else the signatures of the shared names (week 3's compute_cost(A2, Y)
    against week 4's compute_cost(AL, Y), what the course's arguments can be passed to). A tie is a usage error
    asking for --week."""
    if week is not None:
        if week not in FUNCTIONS:
            raise DLRosettaError(f"week must be one of {list(FUNCTIONS)}; got {week!r}")
    else:
        scores = {}
        for w, names in FUNCTIONS.items():
            mine = [n for n in names if n in functions]
            distinctive = [n for n in mine if all(n not in FUNCTIONS[o] for o in FUNCTIONS if o != w)]
            by_name = [n for n in mine if _matches_by_name(w, n, functions[n])]
            fits = [n for n in mine if signature_problem(w, n, functions[n], _n_args(w, n)) is None]
            scores[w] = (len(distinctive), len(by_name), len(fits))
        best = max(scores.values())
        tied = [w for w, s in scores.items() if s == best]
        if best == (0, 0, 0):
            tied = []
        if len(tied) > 1:
            raise DLRosettaError(
                f"{where}: ambiguous, its functions {sorted(functions)} fit {' and '.join(tied)} alike; "
                f"say which assignment it is with --week ({' or '.join(tied)})"
            )
        week = tied[0] if tied else "week4"
    found = [n for n in FUNCTIONS[week] if n in functions]
    if not found:
        all_names = sorted(set().union(*FUNCTIONS.values()))
        raise DLRosettaError(f"{where}: defines none of the course's functions {all_names}")
    return week, found
