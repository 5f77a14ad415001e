"""`dlrosetta check`: every correct module of the corpus passes (as .py, as a notebook, as the reference itself),
the week is told by signatures, and the command line's outputs and exit codes are what the README says."""

import json
from xml.etree import ElementTree

import pytest
from learner_support import LEARNERS, planted

from conformance import check_module, check_path
from conformance.learner import detect_week, load_module
from conformance.learner.week import parameters
from dlrosetta.cli import main
from reference_numpy.course import week2, week3, week4
from reference_numpy.errors import DLRosettaError

CORRECT = {
    "week2_correct.py": ("week2", 6),
    "week2_styles.py": ("week2", 6),
    "week3_correct.py": ("week3", 8),
    "week3_v6c.py": ("week3", 8),
    "week4_correct.py": ("week4", 10),
    "week4_styles.py": ("week4", 10),
    "week4_app_correct.py": ("week4_app", 2),
}


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_every_correct_module_of_the_corpus_passes_in_process(name):
    week, n = CORRECT[name]
    records = check_module(load_module(LEARNERS / name))
    assert {r["week"] for r in records} == {week} and len({r["function"] for r in records}) == n
    assert all(r["status"] == "pass" for r in records), [r for r in records if r["status"] != "pass"]


@pytest.mark.parametrize("reference", [week2, week3, week4], ids=["week2", "week3", "week4"])
def test_the_projects_own_course_functions_pass(reference):
    records = check_module(reference)
    assert records and all(r["status"] == "pass" for r in records), [r for r in records if r["status"] != "pass"]


def test_the_2021_week3_module_matches_the_2021_seeding():
    records = check_module(load_module(LEARNERS / "week3_correct.py"))
    assert [r["message"] for r in records if r["function"] == "nn_model"] == ["matches (seeding 2021)"]


@pytest.mark.parametrize(
    ("name", "week", "n"),
    [("week2_correct.ipynb", "week2", 6), ("week3_correct.ipynb", "week3", 8), ("week4_correct.ipynb", "week4", 10)],
)
def test_a_notebook_with_magics_training_and_test_cells_passes_in_a_worker(name, week, n):
    records = check_path(LEARNERS / name)
    assert records.week == week and len({r["function"] for r in records}) == n
    assert all(r["status"] == "pass" for r in records), [r for r in records if r["status"] != "pass"]
    notes = "\n".join(records.notes)
    assert "'%matplotlib inline'" in notes and (
        "cell magic '%%capture'" in notes or "'!pip install" in notes or "'!ls" in notes
    )
    assert "test(" in notes  # the course's test calls were skipped, not run


def test_loading_keeps_definitions_and_constants_and_skips_calls_and_magics(tmp_path):
    path = tmp_path / "mixed.py"
    path.write_text(
        "import numpy as np\n%matplotlib inline\n!pip install nothing\nlayers_dims = [4, 3, 1]\n"
        "n_x = len(layers_dims)\nparameters = train(layers_dims)\n"
        "get_ipython().run_line_magic('matplotlib', 'inline')\n"
        "for i in range(10**12):\n    pass\nif __name__ == '__main__':\n    main()\ntry:\n    import no_such_module_x\n"
        "except ImportError:\n    HAVE_X = False\nimport skimage.transform\nfrom imageio import imread\n"
        "def plots():\n    imread('x.png')\n    return skimage.transform.resize(1, 2)\n"
    )
    notes = []
    module = load_module(path, notes)
    assert module.layers_dims == [4, 3, 1] and module.n_x == 3 and module.HAVE_X is False
    assert not hasattr(module, "parameters")
    module.plots()  # a plotting or picture library that is not installed is a no-op stand-in, not a NameError
    text = "\n".join(notes)
    for skipped in (
        "'%matplotlib inline'",
        "'!pip install nothing'",
        "parameters = train",
        "get_ipython()",
        "for i in",
    ):
        assert skipped in text, (skipped, text)


def test_the_course_helper_modules_are_stood_in(tmp_path):
    path = tmp_path / "uses_helpers.py"
    path.write_text(
        "from dnn_utils import sigmoid, relu_backward\nfrom dnn_app_utils_v3 import L_model_forward\n"
        "from lr_utils import load_dataset\nfrom planar_utils import load_planar_dataset, plot_decision_boundary\n"
        "from testCases_v4a import linear_forward_test_case\nfrom public_tests import *\nimport test_utils\n"
        "import dnn_utils_v2, testCases, testCases_v2\n"
        "def linear_activation_backward(dA, cache, activation):\n    return None\n"
    )
    module = load_module(path)
    A, Z = module.sigmoid(__import__("numpy").zeros((1, 2)))
    assert A.tolist() == [[0.5, 0.5]] and module.linear_forward_test_case() is None
    # what comes from a stand-in is the reference, not the learner's: only the learner's function is checked
    records = check_module(module)
    assert {r["function"] for r in records} == {"linear_activation_backward"}
    assert all(r["status"] == "fail" and "returned None" in r["hint"] for r in records)


def _week_of(tmp_path, source):
    path = tmp_path / "partial.py"
    path.write_text("import numpy as np\n" + source)
    module = load_module(path)
    names = [n for n in ("initialize_parameters", "compute_cost", "update_parameters", "predict") if hasattr(module, n)]
    return detect_week({n: parameters(getattr(module, n)) for n in names})[0]


def test_the_week_is_told_by_signatures_and_an_ambiguous_module_asks_for_week(tmp_path):
    body = "    return 0\n"
    w3 = f"def compute_cost(A2, Y):\n{body}def update_parameters(parameters, grads, learning_rate=1.2):\n{body}"
    assert _week_of(tmp_path, w3) == "week3"
    w4 = f"def compute_cost(AL, Y):\n{body}def update_parameters(parameters, grads, learning_rate):\n{body}"
    assert _week_of(tmp_path, w4) == "week4"
    assert _week_of(tmp_path, f"def predict(w, b, X):\n{body}") == "week2"
    with pytest.raises(DLRosettaError, match="ambiguous.*--week"):
        _week_of(tmp_path, f"def initialize_parameters(n_x, n_h, n_y):\n{body}")


def test_cli_table_exit_codes_json_and_junit(tmp_path, capsys):
    assert main(["check", str(LEARNERS / "week4_correct.py")]) == 0
    out = capsys.readouterr().out
    assert "week4, 10 functions" in out and "first wrong" in out and "21 of 21 checks pass" in out
    mistaken = planted(
        tmp_path, "week4_correct.py", "    dW = 1 / m * np.dot(dZ, A_prev.T)", "    dW = np.dot(dZ, A_prev.T)"
    )
    junit = tmp_path / "out" / "report.xml"
    assert main(["check", str(mistaken), "--format", "json", "--junit-xml", str(junit)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["week"] == "week4" and doc["exit_code"] == 1
    failing = [r for r in doc["records"] if r["status"] == "fail"]
    assert failing[0]["function"] == "linear_backward" and failing[0]["first_wrong"] == "dW"
    assert "missing 1/m" in failing[0]["hint"]
    suite = ElementTree.parse(junit).getroot()
    assert int(suite.get("tests")) == len(doc["records"]) and int(suite.get("failures")) == len(failing)
    case = suite.find("testcase[@classname='week4.linear_backward']")
    assert case.find("failure") is not None and "missing 1/m" in case.find("failure").get("message")


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nothere.py")]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.py"
    empty.write_text("import dnn_utils_v2\ndef hello():\n    return 1\n")
    assert main(["check", str(empty)]) == 2
    assert "defines none of the course's functions" in capsys.readouterr().err
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    assert main(["check", str(notes)]) == 2
    assert "expected a .py file or a .ipynb notebook" in capsys.readouterr().err
    bad = tmp_path / "syntax.py"
    bad.write_text("def compute_cost(AL, Y)\n    return 0\n")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: syntax error at line 1: expected ':'; " in err and "fix the syntax" in err
    assert "course's functions" not in err  # the syntax error is the news, not a list of 45 names
    ambiguous = tmp_path / "ambiguous.py"
    ambiguous.write_text("def initialize_parameters(n_x, n_h, n_y):\n    return {}\n")
    assert main(["check", str(ambiguous)]) == 2
    assert "--week" in capsys.readouterr().err


def test_a_block_that_does_not_parse_is_skipped_and_the_rest_is_checked(tmp_path):
    """An exported notebook with one broken cell (here a lost first letter) still has its other functions."""
    source = (LEARNERS / "week4_correct.py").read_text()
    path = tmp_path / "export.py"
    path.write_text(
        "mport time\n%matplotlib inline\n"
        + source.replace("def linear_forward(A, W, b):", "def linear_forward(A, W, b)")
    )
    notes = []
    records = check_module(load_module(path, notes))
    assert "linear_forward" not in {r["function"] for r in records} and len({r["function"] for r in records}) == 9
    assert any("syntax error" in n for n in notes)
    # the functions that call the broken one fail with its NameError, the others pass
    errors = {r["function"] for r in records if r["status"] == "error"}
    assert errors == {"linear_activation_forward", "L_model_forward"}


def test_helpers_next_to_the_module_import(tmp_path):
    """A learner's module that imports its own helper file (as the course's notebooks do) still loads."""
    (tmp_path / "dnn_helpers_local.py").write_text((LEARNERS / "week4_correct.py").read_text())
    main_file = tmp_path / "assignment.py"
    main_file.write_text("from dnn_helpers_local import *  # noqa: F403\n")
    records = check_module(load_module(main_file))
    assert len(records) == 21 and all(r["status"] == "pass" for r in records)
