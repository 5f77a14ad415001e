"""`dlrosetta check` on course 2, week 3's functions (softmax, batchnorm_forward, batchnorm_backward,
compute_total_loss): a correct module passes, a mistake is found in the tensor it makes wrong."""

import importlib.util
from pathlib import Path

from conformance import check_module

CORRECT = Path(__file__).resolve().parents[1] / "learners" / "c2w3_correct.py"


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_correct_module_passes_every_case():
    records = check_module(_load(CORRECT, "c2w3_correct"))
    assert {r["week"] for r in records} == {"c2w3"}
    assert {r["function"] for r in records} == {"softmax", "batchnorm_forward", "batchnorm_backward",
                                                "compute_total_loss"}  # fmt: skip
    assert all(r["status"] == "pass" for r in records), [r for r in records if r["status"] != "pass"]


def test_a_backward_without_the_variance_term_fails_at_dZ(tmp_path):
    text = CORRECT.read_text().replace(" - Z_norm * dgamma)", ")")
    (tmp_path / "c2w3_bug.py").write_text(text)
    records = check_module(_load(tmp_path / "c2w3_bug.py", "c2w3_bug"))
    failed = [r for r in records if r["status"] == "fail"]
    assert [r["function"] for r in failed] == ["batchnorm_backward"] and failed[0]["first_wrong"] == "dZ"


def test_a_mean_instead_of_the_total_loss_fails(tmp_path):
    text = CORRECT.read_text().replace("return -np.sum(labels", "return -np.mean(labels")
    (tmp_path / "c2w3_mean.py").write_text(text)
    records = check_module(_load(tmp_path / "c2w3_mean.py", "c2w3_mean"))
    assert [r["function"] for r in records if r["status"] == "fail"] == ["compute_total_loss"]
