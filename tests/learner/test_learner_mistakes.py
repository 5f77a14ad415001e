"""Each planted mistake is caught on the right function and tensor, with the right hint (or, for a mistake
that raises, the exception's type). One mistake at a time in a correct module of tests/learners."""

import pytest
from learner_support import LEARNERS

from conformance import check_module
from conformance.learner import load_module
from conformance.learner.report import format_table

W2, W3, W4, W4S = "week2_correct.py", "week3_correct.py", "week4_correct.py", "week4_styles.py"
APP = "week4_app_correct.py"
UPDATE = "        parameters = update_parameters(parameters, grads, learning_rate)  # noqa: F405\n"
DW = "    dW = 1 / m * np.dot(dZ, A_prev.T)\n"
DB = "    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)\n"
DZ = "    dZ = np.array(dA, copy=True)\n"

# name -> (module, [(correct text, mistaken text)], function, status, first wrong tensor, words of the hint)
MISTAKES = {
    # the 17 kinds caught before
    "no 1/m in dW": (W4, [(DW, "    dW = np.dot(dZ, A_prev.T)\n")], "linear_backward", "fail", "dW", "missing 1/m"),
    "no 1/m in db": (W4, [(DB, "    db = np.sum(dZ, axis=1, keepdims=True)\n")], "linear_backward", "fail", "db",
                     "missing 1/m"),
    "1/m twice": (W4, [(DW, "    dW = 1 / m * 1 / m * np.dot(dZ, A_prev.T)\n")], "linear_backward", "fail", "dW",
                  "1/m applied twice"),
    "relu' with Z < 0": (W4, [("    dZ[Z <= 0] = 0\n", "    dZ[Z < 0] = 0\n")], "linear_activation_backward", "fail",
                         "dW", "relu's derivative at z = 0"),
    "the cost's sign flipped": (W4, [("    cost = -1 / m * np.sum(", "    cost = 1 / m * np.sum(")], "compute_cost",
                                "fail", "output", "sign is flipped"),
    "dAL's sign flipped": (W4, [("    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
                                 "    dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)")],
                           "L_model_backward", "fail", "dW2", "sign"),
    "the backward loop off by one": (W4, [("    for l in reversed(range(L - 1)):",
                                           "    for l in reversed(range(L - 2)):")],
                                     "L_model_backward", "fail", "dW1", "off by one"),
    "week 3's db2 without keepdims": (W3, [("    db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
                                            "    db2 = np.sum(dZ2, axis=1) / m")],
                                      "backward_propagation", "fail", "db2", "squeezed: keep the shape (1, 1)"),
    "W.T in the forward pass": (W4, [("    Z = np.dot(W, A) + b\n", "    Z = np.dot(W.T, A) + b\n")], "linear_forward",
                                "error", None, "the shapes of a product do not fit"),
    "the forward loop off by one": (W4, [("    for l in range(1, L):", "    for l in range(1, L + 1):")],
                                    "L_model_forward", "error", None, "a layer loop off by one"),
    "sigmoid in hidden layers": (W4S, [('"relu" if l < L else "sigmoid"', '"sigmoid"')], "L_model_forward", "fail",
                                 "A1", "sigmoid in the hidden layers"),
    "the cache order swapped": (W4, [("    return A, (linear_cache, activation_cache)",
                                      "    return A, (activation_cache, linear_cache)")],
                                "linear_activation_forward", "fail", "A_prev", "cache order"),
    "db over axis 0": (W4, [(DB, "    db = 1 / m * np.sum(dZ, axis=0, keepdims=True)\n")], "linear_backward", "fail",
                       "db", "wrong axis"),
    "relu' from dA's sign": (W4S, [("        dZ = dA * (Z > 0)", "        dZ = dA * (dA > 0)")],
                             "linear_activation_backward", "fail", "dW", "from dA's sign"),
    "week 3's tanh' not squared": (W3, [("(1 - np.power(A1, 2))", "(1 - A1)")], "backward_propagation", "fail", "dW1",
                                   "tanh's derivative"),
    "a squeezed db": (W4, [(DB, "    db = 1 / m * np.sum(dZ, axis=1)\n")], "linear_backward", "fail", "db",
                      "squeezed: keep the shape (3, 1)"),
    "week 2's dw without 1/m": (W2, [("    dw = 1 / m * np.dot(X, (A - Y).T)", "    dw = np.dot(X, (A - Y).T)")],
                                "propagate", "fail", "grads['dw']", "missing 1/m"),
    "the Application's update left out": (APP, [(UPDATE + "        if i % 100 == 0:", "        if i % 100 == 0:")],
                                          "L_layer_model", "fail", "parameters['W1']", "the parameters never change"),
    # the hints that were wrong or missing (issue 13, point 5)
    "a one-unit layer's db squeezed to a number": (W4, [(DB, "    db = np.squeeze(1 / m * np.sum(dZ, axis=1))\n")],
                                                   "linear_activation_backward", "fail", "db",
                                                   "squeezed: keep the shape (1, 1)"),
    "dA changed in place by relu_backward": (W4, [(DZ, "    dZ = dA\n")], "L_model_backward", "fail", "dA1",
                                             "linear_activation_backward changes its input dA in place"),
    "W changed in place": (W4, [("    A_prev, W, b = cache\n", "    A_prev, W, b = cache\n    W *= 2\n")],
                           "linear_backward", "fail", "dA_prev", "changes its input cache[1] in place"),
    "optimize's w updated in place": (W2, [("        w = w - learning_rate * dw\n",
                                            "        w -= learning_rate * dw\n")],
                                      "optimize", "pass", None, None),
    "returns None": (W4, [("    Z = np.dot(W, A) + b\n    cache = (A, W, b)\n    return Z, cache\n",
                           "    Z = np.dot(W, A) + b\n    cache = (A, W, b)\n    return None\n")],
                     "linear_forward", "fail", "Z", "returned None"),
    "returns an empty tuple": (W4, [("    return np.squeeze(cost)\n", "    return ()\n")], "compute_cost", "fail",
                               "output", "returned an empty tuple"),
    "float32 computation": (W4, [("    Z = np.dot(W, A) + b\n",
                                  "    Z = np.dot(W, A).astype(np.float32) + b.astype(np.float32)\n")],
                            "linear_forward", "fail", "Z", "float32"),
    "the Application's initialisation": (W4, [("    np.random.seed(3)\n", "    np.random.seed(1)\n"),
                                              ("layer_dims[l - 1]) * 0.01",
                                               "layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])")],
                                         "initialize_parameters_deep", "fail", "W1", "Application's initialisation"),
    "an extra positional parameter": (W2, [("def model(X_train, Y_train, X_test, Y_test, num_iterations=2000,",
                                            "def model(X_train, Y_train, X_test, Y_test, layers=None, "
                                            "num_iterations=2000,")],
                                      "model", "fail", "(signature)", "course's parameters in the course's order"),
}  # fmt: skip
# what a mistake in one function may also break: the functions built on it
DOWNSTREAM = {"linear_backward": {"linear_activation_backward", "L_model_backward"},
              "linear_activation_backward": {"L_model_backward"}, "linear_forward": {"linear_activation_forward",
              "L_model_forward"}, "linear_activation_forward": {"L_model_forward"},
              "propagate": {"optimize", "model"}, "backward_propagation": {"nn_model"},
              "initialize_parameters_deep": set(), "compute_cost": set()}  # fmt: skip


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_planted_mistake_is_caught_on_its_function_and_tensor_with_its_hint(tmp_path, mistake):
    source, edits, function, status, tensor, words = MISTAKES[mistake]
    text = (LEARNERS / source).read_text()
    for old, new in edits:
        assert text.count(old) == 1, f"{source} no longer has {old!r} exactly once"
        text = text.replace(old, new)
    path = tmp_path / f"my_{source}"
    path.write_text(text)
    records = check_module(load_module(path))
    failing = [r for r in records if r["status"] != "pass"]
    mine = [r for r in records if r["function"] == function and (r["status"] != "pass" or status == "pass")]
    assert mine, f"{mistake}: {function} was not caught; failing: {[(r['function'], r['case']) for r in failing]}"
    first = mine[0]
    assert first["status"] == status, first
    assert tensor is None or first["first_wrong"] == tensor, first
    if status == "pass":  # right numbers, an input changed in place: said, not failed
        assert "it changes its input w in place" in first["message"] and not failing, first
        assert "note: it changes its input w in place" in format_table(records)  # said in the table too
        return
    assert first["hint"] and words in first["hint"], first
    if status == "error":
        assert first["message"].split(":")[0].endswith("Error"), first  # the exception's type is kept
    upstream = {"linear_backward"} if "one-unit" in mistake else set()  # planted in linear_backward, seen one up
    assert {r["function"] for r in failing} <= {function} | DOWNSTREAM.get(function, set()) | upstream


def test_a_failing_row_gives_actual_and_expected_at_the_worst_element_and_the_count(tmp_path):
    text = (LEARNERS / W4).read_text().replace(DW, "    dW = np.dot(dZ, A_prev.T)\n")
    (tmp_path / "m.py").write_text(text)
    record = next(r for r in check_module(load_module(tmp_path / "m.py")) if r["status"] == "fail")
    assert (
        record["n_mismatched"] == record["n_elements"] == 15 and record["actual_at_worst"] != record["desired_at_worst"]
    )
    assert record["actual_at_worst"] == pytest.approx(4 * record["desired_at_worst"])  # m = 4 in the fixture
    assert "15 / 15 elements off" in record["message"] and "vs expected" in record["message"]
