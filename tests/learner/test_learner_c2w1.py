"""`dlrosetta check` on course 2, week 1 (Initialization, Regularization, Gradient Checking): correct modules pass,
planted mistakes fail at the tensor where they enter, the notebook's bugged backward_propagation_n is recognised,
the course's helper modules (init_utils, reg_utils, gc_utils, testCases) are stood in, and the week is told by name."""

import numpy as np
import pytest
from learner_support import LEARNERS, planted

from conformance import check_module, check_path
from conformance.learner import detect_week, load_module
from conformance.learner.week import parameters
from reference_numpy.course import c2w1_gradient_checking, c2w1_initialization, c2w1_regularization

CORRECT = {
    "c2w1_initialization_correct.py": ("c2w1_initialization", 4),
    "c2w1_regularization_correct.py": ("c2w1_regularization", 5),
    "c2w1_gradient_checking_correct.py": ("c2w1_gradient_checking", 6),
}


def _failures(records):
    return [r for r in records if r["status"] != "pass"]


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_every_correct_course2_module_passes(name):
    week, n = CORRECT[name]
    records = check_module(load_module(LEARNERS / name))
    assert {r["week"] for r in records} == {week} and len({r["function"] for r in records}) == n
    assert not _failures(records), _failures(records)


@pytest.mark.parametrize("reference", [c2w1_initialization, c2w1_regularization], ids=["init", "reg"])
def test_the_projects_own_course2_functions_pass(reference):
    records = check_module(reference)
    assert records and not _failures(records), _failures(records)


def test_the_notebooks_bugged_backward_is_recognised_and_a_fixed_one_too(tmp_path):
    records = check_module(load_module(LEARNERS / "c2w1_gradient_checking_correct.py"))
    message = next(r["message"] for r in records if r["function"] == "backward_propagation_n")
    assert message == "matches (the notebook's supplied version, with its planted bugs dW2 x 2 and db1 x 4)"
    path = planted(tmp_path, "c2w1_gradient_checking_correct.py", "np.dot(dZ2, A1.T) * 2", "np.dot(dZ2, A1.T)")
    source = path.read_text().replace("db1 = 4.0 / m", "db1 = 1.0 / m")
    path.write_text(source)
    records = check_module(load_module(path), week="c2w1_gradient_checking")
    assert next(r["message"] for r in records if r["function"] == "backward_propagation_n") == "matches (correct)"
    assert not _failures(records)


@pytest.mark.parametrize(
    ("name", "old", "new", "function", "first_wrong"),
    [
        ("c2w1_initialization_correct.py", "np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(1.0 / layers_dims[l - 1])",
         "initialize_parameters_he", "W1"),
        ("c2w1_regularization_correct.py", "+ (lambd / m) * W2", "+ lambd * W2",
         "backward_propagation_with_regularization", "dW2"),
        ("c2w1_regularization_correct.py", "    A2 = A2 / keep_prob\n", "", "forward_propagation_with_dropout", "A2"),
        ("c2w1_regularization_correct.py", "    dA1 = dA1 / keep_prob\n", "", "backward_propagation_with_dropout",
         "dA1"),
        ("c2w1_gradient_checking_correct.py", "(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon",
         "gradient_check", "output"),
    ],
)  # fmt: skip
def test_a_planted_mistake_fails_where_it_enters(tmp_path, name, old, new, function, first_wrong):
    records = check_module(load_module(planted(tmp_path, name, old, new)))
    failed = [r for r in records if r["function"] == function]
    assert failed and all(r["status"] == "fail" and r["first_wrong"] == first_wrong for r in failed), failed


def test_gradient_check_n_is_held_to_the_course_difference(tmp_path):
    old = "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)"
    path = planted(tmp_path, "c2w1_gradient_checking_correct.py", old, old.replace("(2 * epsilon)", "epsilon"))
    records = [r for r in check_module(load_module(path)) if r["function"] == "gradient_check_n"]
    assert [r["status"] for r in records] == ["fail", "fail"]
    # the project's own module passes its cases, as the reference of every other one
    assert not _failures(check_module(c2w1_gradient_checking, week="c2w1_gradient_checking"))


def test_course2_helpers_are_stood_in_and_course1_test_cases_stay_no_ops(tmp_path):
    path = tmp_path / "helpers.py"
    path.write_text(
        "from init_utils import load_dataset, compute_loss, plot_decision_boundary, predict_dec\n"
        "from reg_utils import load_2D_dataset, initialize_parameters, compute_cost\n"
        "from gc_utils import dictionary_to_vector, vector_to_dictionary, gradients_to_vector\n"
        "from testCases import gradient_check_n_test_case, linear_forward_test_case\n"
        "from testCases import *\n"
        "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):\n    return 0.5\n"
    )
    module = load_module(path)
    X, Y, p = module.gradient_check_n_test_case()
    assert X.shape == (4, 3) and Y.tolist() == [1, 1, 0] and module.dictionary_to_vector(p)[0].shape == (47, 1)
    assert module.linear_forward_test_case() is None  # course 1's names stay no-ops
    assert module.compute_cost_with_regularization_test_case()[0].shape == (1, 5)
    train_X, train_Y, _, _ = module.load_dataset()
    assert train_X.shape == (2, 300) and module.initialize_parameters([2, 20, 3, 1])["W1"].shape == (20, 2)
    records = check_module(module)
    assert {r["function"] for r in records} == {"gradient_check_n"}  # the stand-ins are the reference's, not checked
    assert [r["status"] for r in records] == ["fail", "fail"]


@pytest.mark.parametrize(
    ("names", "week"),
    [
        (("initialize_parameters_he", "model"), "c2w1_initialization"),
        (("forward_propagation_with_dropout", "model"), "c2w1_regularization"),
        (("forward_propagation", "backward_propagation", "gradient_check"), "c2w1_gradient_checking"),
    ],
)
def test_the_week_is_told_by_the_course2_names(names, week):
    learner = {"model": lambda X, Y, learning_rate=0.01, num_iterations=1: None,
               "forward_propagation": lambda x, theta: None, "backward_propagation": lambda x, theta: None}  # fmt: skip
    functions = {n: parameters(learner.get(n, lambda *a: None)) for n in names}
    assert detect_week(functions)[0] == week


def test_a_notebook_file_in_a_worker_with_week_given(tmp_path):
    source = (LEARNERS / "c2w1_gradient_checking_correct.py").read_text()
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}]
    path = tmp_path / "Gradient_Checking.ipynb"
    path.write_text(__import__("json").dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    records = check_path(path, week="c2w1_gradient_checking")
    assert records.week == "c2w1_gradient_checking" and not _failures(records), _failures(records)
    assert np.isclose(len(records), 10)
