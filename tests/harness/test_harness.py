"""The harness itself: planted faults are caught at the right tensor and layer, crashes become records."""

import json

import numpy as np
import pytest

from conformance.divergences import Divergence, apply_known_divergences, load_divergences
from conformance.matrix import RunConfig, failed, run_matrix
from dlrosetta import run as cmd_run
from dlrosetta.cli import main
from reference_numpy import DLRosettaError
from reference_numpy.activations import get_activation
from reference_numpy.adapter import NumpyBackend
from reference_numpy.backward import linear_backward
from reference_numpy.forward import L_model_forward


class Planted(NumpyBackend):
    """The reference with one deliberate mistake in its gradients (and so in training)."""

    mistake = None

    def gradients(self, params, X, Y, model):
        grads = super().gradients(params, X, Y, model)
        return self.plant(grads, params, X, Y, model)

    def train(self, params, X, Y, model, learning_rate, num_iterations, record_every=100):
        costs = []
        for i in range(num_iterations):
            if i % record_every == 0:
                costs.append(self.cost(params, X, Y, model))
            grads = self.gradients(params, X, Y, model)
            params = {k: v - learning_rate * grads["d" + k] for k, v in params.items()}
        return params, np.array(costs, dtype=self.dtype)


class DbOffByAFactor(Planted):
    def plant(self, grads, params, X, Y, model):
        if model.L >= 2:
            grads["db2"] = grads["db2"] * 1.01
        return grads


class SqueezedDb(Planted):
    def plant(self, grads, params, X, Y, model):
        grads[f"db{model.L}"] = grads[f"db{model.L}"].ravel()  # the classic: np.sum(dZ, axis=1) without keepdims
        return grads


class NoOneOverM(Planted):
    def plant(self, grads, params, X, Y, model):
        m = X.shape[1]
        return {k: (v * m if k.startswith(("dW", "db")) else v) for k, v in grads.items()}


class ReluPrimeOneAtZero(Planted):
    def plant(self, grads, params, X, Y, model):
        """Backward again, with relu'(0) = 1 (z >= 0 instead of z > 0)."""
        X, Y = X.astype(self.dtype), Y.astype(self.dtype)
        params = {k: v.astype(self.dtype) for k, v in params.items()}
        AL, cache = L_model_forward(X, params, model)
        out, dZ = {}, AL - Y
        for l in range(model.L, 0, -1):
            if l < model.L:
                Z, activation = cache[f"Z{l}"], model.activations[l - 1]
                # planted: for relu, the derivative at exactly 0 is 1
                g_prime = (Z >= 0).astype(Z.dtype) if activation == "relu" else get_activation(activation)[1](Z)
                dZ = out[f"dA{l}"] * g_prime
            out[f"dZ{l}"] = dZ
            out[f"dA{l - 1}"], out[f"dW{l}"], out[f"db{l}"] = linear_backward(dZ, cache[f"A{l - 1}"], params[f"W{l}"])
        return out


class Crashes(NumpyBackend):
    def gradients(self, params, X, Y, model):
        raise RuntimeError("CUDA error: an illegal memory access was encountered")


class WrongForwardShape(NumpyBackend):
    def forward(self, params, X, model):
        return {k: v.T for k, v in super().forward(params, X, model).items()}


PLANTED = {
    "planted-db2": (DbOffByAFactor, "deep-leaky", "db2"),
    "planted-squeezed-db": (SqueezedDb, "deep-leaky", "db3"),
    "planted-no-1/m": (NoOneOverM, "deep-leaky", "dW3"),
    "planted-relu-prime": (ReluPrimeOneAtZero, "relu-zero", "dZ3"),  # exact zeros in Z3, Z2, Z1
}


def _factory(cls):
    return lambda device, dtype, profile: cls(device=device, dtype=dtype, profile=profile)


def _run(factories, models, **kwargs):
    config = RunConfig(models=models, backends=("numpy", *factories), iterations=20, record_every=5, **kwargs)
    return run_matrix(config, factories=factories)


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_fault_fails_first_on_the_right_tensor_and_the_reference_passes(name):
    cls, model, key = PLANTED[name]
    records = _run({name: _factory(cls)}, (model,), dtypes=("float64", "float32"))
    for dtype in ("float64", "float32"):
        mine = [r for r in records if r["backend"] == name and r["dtype"] == dtype]
        first = [r for r in mine if r["first_failure"]]
        assert len(first) == 1 and first[0]["key"] == key, [(r["key"], r["message"]) for r in first]
        assert first[0]["layer"] == int(key[-1]) and first[0]["status"] == "fail"
        assert all(r["status"] == "pass" for r in mine if r["order"] < first[0]["order"])
    reference = [r for r in records if r["backend"] == "numpy"]
    assert reference and all(r["status"] == "pass" for r in reference)
    assert failed(records)


def test_every_planted_fault_is_invisible_to_the_other_models_it_cannot_touch():
    """The relu fault needs an exact zero in Z: on models without one it must pass, so the check is specific."""
    records = _run({"planted-relu-prime": _factory(ReluPrimeOneAtZero)}, ("single-example", "deep-leaky", "mixed"))
    assert all(r["status"] == "pass" for r in records)


def test_a_crashing_backend_becomes_records_and_loses_nothing_else():
    records = _run({"crashes": _factory(Crashes), "wrong-shape": _factory(WrongForwardShape)}, ("shallow", "mixed"))
    crash = [r for r in records if r["backend"] == "crashes"]
    assert {r["phase"] for r in crash if r["status"] == "error"} == {"backward"}  # it trains without gradients()
    assert any("illegal memory access" in r["message"] and "test_harness.py" in r["message"] for r in crash)
    assert all(r["status"] == "pass" for r in crash if r["phase"] in ("forward", "cost", "predictions"))
    wrong = [r for r in records if r["backend"] == "wrong-shape" and r["phase"] == "forward"]
    assert wrong and all(r["status"] == "fail" and "shape" in r["message"] for r in wrong)
    reference = [r for r in records if r["backend"] == "numpy"]
    full = _run({}, ("shallow", "mixed"))
    assert len(reference) == len(full) and all(r["status"] == "pass" for r in reference)


def test_records_carry_error_tolerance_and_fraction_used():
    records = _run({}, ("shallow",), dtypes=("float32",))
    tensor = [r for r in records if r["phase"] in ("forward", "backward")]
    assert {r["key"] for r in tensor} >= {
        "Z1",
        "A1",
        "Z2",
        "A2",
        "dZ2",
        "dW2",
        "db2",
        "dA1",
        "dZ1",
        "dW1",
        "db1",
        "dA0",
    }
    for r in tensor:  # the error model's per-element allowance: atol is the one at the worst element, rtol 0
        if r["key"] == "upcast":
            continue
        assert r["rtol"] == 0 and r["atol"] >= 0 and 0 <= r["fraction_used"] <= 1
        worst = abs(r["actual_at_worst"] - r["desired_at_worst"])
        assert worst <= r["atol"] * (1 + 1e-12) + 1e-300 and "error model" in r["message"]
    trajectory = [r for r in records if r["phase"] == "trajectory"]
    assert [r["iteration"] for r in trajectory] == [0, 5, 10, 15]


def test_dlrosetta_run_writes_records_and_exits_0(tmp_path, capsys):
    out = tmp_path / "results"
    status = main(["run", "--out", str(out), "--backends", "numpy", "--models", "shallow,mixed", "--iterations", "10"])
    assert status == 0
    text = capsys.readouterr().out
    assert "records:" in text and "pass" in text
    run = json.loads((out / "run.json").read_text())
    assert run["schema_version"] == 1 and run["fingerprint"]["numpy"] == np.__version__
    assert run["config"]["models"] == ["shallow", "mixed"]
    header = (out / "records.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["backend", "framework", "variant"] and "fraction_used" in header
    assert not [p for p in out.iterdir() if p.name.endswith(".partial")]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--models", "resnet"], "unknown model 'resnet'"),
        (["--backends", "tensorflow"], "unknown backend 'tensorflow'"),
        (["--dtypes", "float16"], "unknown dtype 'float16'; expected some of float64, float32"),
        (["--profiles", "fast"], "unknown profile 'fast'; expected some of strict, default"),
        (["--data", "/no/such/folder"], "expected 'auto', 'synthetic', 'planar' or a folder"),
        (["--devices", "tpu"], "unknown device 'tpu'; expected some of cpu, cuda, cuda:N"),
        (["--models", ""], "--models: expected at least one of logistic"),
        (["--models", "deep,deep"], "names one twice"),
        (["--learning-rate", "-1"], "--learning-rate: expected a finite number > 0; got -1.0"),
        (["--learning-rate", "nan"], "--learning-rate: expected a finite number > 0; got nan"),
        (["--iterations", "-1"], "--iterations: expected an integer >= 0"),
        (["--record-every", "0"], "--record-every: expected an integer >= 1"),
    ],
)
def test_run_usage_errors_exit_2(tmp_path, capsys, monkeypatch, args, message):
    """Checked before any work: nothing is printed on stdout, the matrix never starts, nothing is written."""
    monkeypatch.setattr(cmd_run, "run_matrix", lambda *a, **k: pytest.fail("the run started despite bad arguments"))
    assert main(["run", "--out", str(tmp_path / "out"), *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert not (tmp_path / "out").exists()


# ---- known divergences ------------------------------------------------------------------------------------


def test_shipped_known_divergences_load_and_each_has_a_reason():
    entries = load_divergences()
    assert entries and all(len(e.reason) > 40 for e in entries)
    assert all(e.strict or e.why_not_strict for e in entries)


def test_a_known_divergence_turns_its_failures_into_xfail_and_the_run_passes():
    records = _run({"planted-db2": _factory(DbOffByAFactor)}, ("deep-leaky",), dtypes=("float64",))
    entry = Divergence(id="db2-test", reason="planted for the test", backends="planted-*")
    marked = apply_known_divergences(records, [entry])
    mine = [r for r in marked if r["backend"] == "planted-db2"]
    assert {r["status"] for r in mine} == {"pass", "xfail"} and not failed(marked)
    assert all(r["known_divergence"].startswith("db2-test:") for r in mine if r["status"] == "xfail")


def test_a_strict_known_divergence_that_no_longer_happens_fails_the_run_as_xpass():
    records = run_matrix(RunConfig(models=("shallow",), backends=("torch-manual",), dtypes=("float64",), iterations=20,
                                   record_every=5))  # fmt: skip
    stale = Divergence(id="fixed-long-ago", reason="it used to diverge", backends="torch-*", models=("shallow",))
    marked = apply_known_divergences(records, [stale])
    not_identical = [r for r in marked if r.get("max_abs_error") != 0]
    assert {r["status"] for r in not_identical} == {"xpass"} and failed(marked)
    assert all(r["status"] == "pass" for r in marked if r.get("max_abs_error") == 0)  # bit-identical: not matched
    lenient = Divergence(id="chaotic", reason="r", backends="torch-*", strict=False, why_not_strict="chaos")
    assert not failed(apply_known_divergences(_run({}, ("shallow",), dtypes=("float64",)), [lenient]))


def test_known_divergences_apply_per_record_from_an_iteration_and_strictly_per_backend():
    """b never updated: cost@10 on is off. An entry from iteration 15 leaves cost@10 failing (held to its tolerance);
    strict per backend: the planted backend's failures are xfail, torch-manual (which agrees) gets xpass."""
    from conformance.mutants import MUTANTS

    frozen = MUTANTS["b-frozen"]
    config = RunConfig(models=("mixed",), backends=(frozen.backend, "torch-manual"), dtypes=("float64",),
                       iterations=20, record_every=5)  # fmt: skip
    records = run_matrix(config, factories={frozen.backend: frozen.factory()})
    entry = Divergence(id="late", reason="r", backends=("mutant-*", "torch-manual"), phases=("trajectory",),
                       from_iteration=15)  # fmt: skip
    marked = {(r["backend"], r["key"]): r["status"] for r in apply_known_divergences(records, [entry])}
    assert marked[(frozen.backend, "cost@10")] == "fail" and marked[(frozen.backend, "cost@15")] == "xfail"
    for r in records:  # torch-manual agrees: strict, its matched records are xpass, except bit-identical ones
        if r["backend"] == "torch-manual" and r["phase"] == "trajectory" and r["iteration"] >= 15:
            assert r["status"] == ("pass" if r["max_abs_error"] == 0 else "xpass"), r


def test_a_known_divergences_file_without_a_reason_is_rejected(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text('[[divergence]]\nid = "x"\nbackends = "torch-*"\n')
    with pytest.raises(DLRosettaError, match="needs 'id' and 'reason'"):
        load_divergences(path)
    path.write_text('[[divergence]]\nid = "x"\nreason = "r"\nstrict = false\n')
    with pytest.raises(DLRosettaError, match="why_not_strict"):
        load_divergences(path)


def test_every_precision_mode_a_backend_can_report_has_tolerances():
    from conformance.tolerances import KINDS, precision_mode, tolerance

    for dtype, precision in [("float64", "ieee"), ("float32", "ieee"), ("float32", "tf32"), ("float32", "bf16")]:
        for kind in KINDS:
            t = tolerance(kind, dtype, precision)
            assert t.rtol > 0 and len(t.reason) > 30, (dtype, precision, kind)
    with pytest.raises(DLRosettaError, match="has no tolerances"):
        precision_mode("float32", "fp8")
