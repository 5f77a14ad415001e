"""What is torch-specific about impl_torch; everything it shares with other backends is in test_conformance.py.

Where PyTorch's conventions could differ from the course's (relu and leaky_relu at exactly 0, a saturated
sigmoid, nn.Linear's layout), how the adapter treats devices, precision flags, labels and host synchronisation.
That the files mirror the reference (names and equation tags) is tests/test_tags.py's job. CUDA tests are marked
gpu and skipped, with the reason, where torch sees no GPU.
"""

import dataclasses
import os

import numpy as np
import pytest
import torch

from conformance.cases import get_case, reference_results
from conformance.compare import assert_close, compare
from conformance.tolerances import tolerance
from impl_torch import activations as torch_activations
from impl_torch import autodiff as torch_autograd
from impl_torch import nn as torch_nn
from impl_torch import training as torch_training
from impl_torch.adapter import VARIANTS as VARIANT_RECORDS
from impl_torch.adapter import available_devices, make_backend
from impl_torch.runtime import PROBE_SHAPE, PROBE_VALUES, classify_probe, probe_matmul_precision
from reference_numpy import DLRosettaError, Model
from reference_numpy import activations as np_activations
from reference_numpy.adapter import NumpyBackend

VARIANTS = tuple(VARIANT_RECORDS)
HAVE_CUDA = torch.cuda.is_available()
needs_cuda = pytest.mark.skipif(not HAVE_CUDA, reason=f"torch sees no CUDA device here ({available_devices()})")
DEVICES = [
    pytest.param("cpu", id="cpu"),
    pytest.param("cuda", id="cuda", marks=[pytest.mark.gpu, needs_cuda]),
]
REF = NumpyBackend()


# ---- where torch's conventions could differ from the course's ------------------------------------------------


def _kinks(hidden):
    """A 2-3-1 network whose hidden pre-activations Z1 hold exact zeros, with dA1 != 0 there."""
    model = Model((2, 3, 1), (hidden, "sigmoid"), name="kinks")
    params = {
        "W1": np.array([[1.0, -1.0], [0.5, 0.5], [1.0, 0.0]]),
        "b1": np.zeros((3, 1)),
        "W2": np.array([[0.7, -1.3, 0.4]]),
        "b2": np.array([[0.1]]),
    }
    X = np.array([[1.0, 2.0, 0.0, -1.5], [1.0, -2.0, 0.0, 0.5]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    return model, params, X, Y


@pytest.mark.parametrize("name", sorted(np_activations.ACTIVATIONS))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_activation_table_matches_reference(name, dtype):
    """g and g' of the torch table against the reference's, at random points and at exactly 0 and +-40."""
    Z = np.concatenate([np.random.RandomState(0).randn(3, 50) * 5, [[0.0] * 50, [40.0] * 25 + [-40.0] * 25]])
    Z = Z.astype(dtype)
    g, g_prime = np_activations.get_activation(name, 0.02)
    tg, tg_prime = torch_activations.get_activation(name, 0.02)
    Zt = torch.tensor(Z)
    u = np.finfo(dtype).eps
    for desired, actual in (
        (g(Z), tg(Zt)),
        (g_prime(Z), tg_prime(Zt)),
    ):
        assert actual.dtype == Zt.dtype, f"{name}: {actual.dtype} from a {Zt.dtype} input"
        np.testing.assert_allclose(actual.numpy(), desired, rtol=8 * u, atol=8 * u)
    assert set(torch_activations.ACTIVATIONS) == set(np_activations.ACTIVATIONS)
    with pytest.raises(DLRosettaError, match="unknown activation"):
        torch_activations.get_activation("softsign")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_cost_functions_match_reference(dtype):
    """clip_probabilities exactly; softplus, compute_cost (with and without Z[L]) and cost_backward to rounding."""
    from impl_torch import backward as torch_backward
    from impl_torch import cost as torch_cost
    from reference_numpy import backward as np_backward
    from reference_numpy import cost as np_cost

    ZL = np.array([[-800.0, -40.0, -3.0, 0.0, 0.5, 3.0, 20.0, 40.0, 800.0]], dtype=dtype)
    AL = np_activations.sigmoid(ZL)
    Y = np.array([[0, 1, 1, 0, 1, 0, 1, 0, 1]], dtype=dtype)
    t = torch.tensor
    np.testing.assert_array_equal(torch_cost.clip_probabilities(t(AL)).numpy(), np_cost.clip_probabilities(AL))
    u = np.finfo(dtype).eps
    np.testing.assert_allclose(torch_cost.softplus(t(ZL)).numpy(), np_cost.softplus(ZL), rtol=4 * u)
    for given in (None, ZL):
        J = torch_cost.compute_cost(t(AL), t(Y), None if given is None else t(given))
        assert J.dtype == t(AL).dtype and J.ndim == 0
        np.testing.assert_allclose(J.numpy(), np_cost.compute_cost(AL, Y, given), rtol=16 * u)
    inside = (AL > 0) & (AL < 1)  # (4) divides by A[L] and 1 - A[L]: the course uses it only inside (0, 1)
    A_in, Y_in = AL[inside][None, :], Y[inside][None, :]
    np.testing.assert_allclose(
        torch_backward.cost_backward(t(A_in), t(Y_in)).numpy(), np_backward.cost_backward(A_in, Y_in), rtol=4 * u
    )


def _saturating(dtype):
    """Logistic regression on one feature with W = 1, b = 0, so Z = X: the sigmoid saturates to exactly 1."""
    z = 40.0 if dtype == "float64" else 20.0
    model = Model.logistic(1)
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[z, z, -z, 3.0, 0.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    return model, params, X, Y


# ---- torch.nn's layout --------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_nn_layout_round_trips_parameters_exactly(dtype):
    """weight is W[l] (n[l], n[l-1]) as it is; bias is b[l] without its column; loading then reading is exact."""
    c = get_case("mixed")
    params = {k: torch.tensor(v, dtype=dtype) for k, v in c.params.items()}
    net = torch_nn.network(params, c.model)
    for l, linear in enumerate(torch_nn.linear_layers(net), start=1):
        assert linear.weight.shape == (c.model.layer_dims[l], c.model.layer_dims[l - 1])
        assert linear.bias.shape == (c.model.layer_dims[l],)
        assert linear.weight.dtype == dtype
    back = torch_nn.read_parameters(net)
    assert list(back) == list(params)
    for key in params:
        assert back[key].shape == params[key].shape
        assert torch.equal(back[key], params[key]), key
    # through the adapter: zero iterations of training give the initial parameters back, bit for bit
    for np_dtype in ("float64", "float32"):
        trained, costs = make_backend("nn", dtype=np_dtype).train(c.params, c.X, c.Y, c.model, 0.1, 0)
        assert costs.shape == (0,)
        for key, value in c.params.items():
            np.testing.assert_array_equal(trained[key], value.astype(np_dtype))


def test_nn_network_is_the_course_forward_on_rows():
    """net(X.T) is Z[L]^T of the written-out forward pass (same numbers up to rounding)."""
    c = get_case("deep-leaky")
    params = {k: torch.tensor(v) for k, v in c.params.items()}
    X = torch.tensor(c.X)
    ZL_rows = torch_nn.network(params, c.model)(X.T)
    ZL = torch_training.forward(params, X, c.model)[f"Z{c.model.L}"]
    assert ZL_rows.shape == (c.X.shape[1], 1)
    torch.testing.assert_close(ZL_rows.T, ZL, rtol=1e-14, atol=1e-14)
    assert isinstance(torch_nn.network(params, c.model)[1], torch.nn.LeakyReLU)


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_random_numbers_drawn(variant):
    """Initial parameters come from the caller: torch's global generator is untouched (nn.Linear would draw)."""
    c = get_case("deep-leaky")
    state = torch.random.get_rng_state()
    backend = make_backend(variant)
    backend.forward(c.params, c.X, c.model)
    backend.gradients(c.params, c.X, c.Y, c.model)
    backend.train(c.params, c.X, c.Y, c.model, 0.1, 3)
    assert torch.equal(torch.random.get_rng_state(), state)


# ---- the precision profiles -----------------------------------------------------------------------------------


def _flags():
    return {
        "cuda.matmul": torch.backends.cuda.matmul.fp32_precision,
        "mkldnn.matmul": torch.backends.mkldnn.matmul.fp32_precision,
        "deterministic": torch.are_deterministic_algorithms_enabled(),
        "warn_only": torch.is_deterministic_algorithms_warn_only_enabled(),
    }


@pytest.fixture
def torch_flags():
    """Give the test torch's global precision and determinism settings back as they were."""
    saved = _flags()
    yield
    torch.backends.cuda.matmul.fp32_precision = saved["cuda.matmul"]
    torch.backends.mkldnn.matmul.fp32_precision = saved["mkldnn.matmul"]
    torch.use_deterministic_algorithms(saved["deterministic"], warn_only=saved["warn_only"])


@pytest.mark.usefixtures("torch_flags")
@pytest.mark.parametrize("profile", ["strict", "default"])
def test_profile_sets_and_restores_flags(profile, monkeypatch):
    """strict: IEEE float32 matmuls and deterministic algorithms during the call, the caller's settings after."""
    torch.backends.cuda.matmul.fp32_precision = "tf32"
    torch.backends.mkldnn.matmul.fp32_precision = "bf16"
    torch.use_deterministic_algorithms(False)
    before = _flags()
    seen = []

    def spy(params, X, model):
        seen.append(_flags())
        return torch_training.forward(params, X, model)

    monkeypatch.setitem(VARIANT_RECORDS, "manual", dataclasses.replace(VARIANT_RECORDS["manual"], forward=spy))
    c = get_case("single-example")
    make_backend("manual", profile=profile).forward(c.params, c.X, c.model)
    if profile == "strict":
        assert seen == [{"cuda.matmul": "ieee", "mkldnn.matmul": "ieee", "deterministic": True, "warn_only": False}]
    else:
        assert seen == [before]
    assert _flags() == before

    def failing(params, X, model):
        raise RuntimeError("boom")

    monkeypatch.setitem(VARIANT_RECORDS, "manual", dataclasses.replace(VARIANT_RECORDS["manual"], forward=failing))
    with pytest.raises(RuntimeError, match="boom"):
        make_backend("manual", profile=profile).forward(c.params, c.X, c.model)
    assert _flags() == before, "settings must be restored when the call fails too"


@pytest.mark.usefixtures("torch_flags")
def test_strict_profile_leaves_legacy_flags_readable():
    """torch 2.13 raises when the legacy TF32 flags are read after a mix of APIs; a strict call leaves no mix."""
    c = get_case("single-example")
    for variant in VARIANTS:
        make_backend(variant, dtype="float32").forward(c.params, c.X, c.model)
    assert torch.get_float32_matmul_precision() in ("highest", "high", "medium")
    assert isinstance(torch.backends.cuda.matmul.allow_tf32, bool)


@pytest.mark.usefixtures("torch_flags")
def test_strict_profile_keeps_cpu_matmuls_ieee_where_torch_is_set_to_bfloat16():
    """Where torch's "bf16" setting really degrades float32 matmuls on this CPU, strict undoes it.

    Whether it does is measured (a probe product), not read from `_is_mkldnn_bf16_supported()`: an AMD EPYC with
    AVX512-BF16 reports support and still computes these products in IEEE float32.
    """
    torch.backends.mkldnn.matmul.fp32_precision = "bf16"
    measured = probe_matmul_precision(torch.device("cpu"))
    if measured == "ieee":
        pytest.skip("torch's mkldnn 'bf16' setting has no effect on this CPU: the probe product came out exact in "
                    "IEEE float32, so there is nothing for the strict profile to undo")  # fmt: skip
    c, ref = get_case("deep"), reference_results("deep")["forward"]
    strict, default = (make_backend("manual", dtype="float32", profile=p) for p in ("strict", "default"))
    assert strict.matmul_precision == "ieee" and default.matmul_precision == measured == "bf16"
    assert make_backend("manual", dtype="float64", profile="default").matmul_precision == "ieee"
    tol = tolerance("forward", "float32")
    assert compare("Z1", strict.forward(c.params, c.X, c.model)["Z1"], ref["Z1"], tol).passed
    assert not compare("Z1", default.forward(c.params, c.X, c.model)["Z1"], ref["Z1"], tol).passed


@pytest.mark.usefixtures("torch_flags")
@pytest.mark.parametrize("setting", ["ieee", "bf16"])
def test_reported_matmul_precision_is_what_the_matmuls_did(setting):
    """On any CPU: the default profile reports the probe's measurement, and the deep model's forward pass meets the
    tolerance of that reported precision (the harness picks its tolerance from it); strict always reports ieee."""
    torch.backends.mkldnn.matmul.fp32_precision = setting
    default = make_backend("manual", dtype="float32", profile="default")
    assert default.matmul_precision == probe_matmul_precision(torch.device("cpu"))
    assert make_backend("manual", dtype="float32", profile="strict").matmul_precision == "ieee"
    c, ref = get_case("deep"), reference_results("deep")["forward"]
    tol = tolerance("forward", "float32", default.matmul_precision)
    assert compare("Z1", default.forward(c.params, c.X, c.model)["Z1"], ref["Z1"], tol).passed


def _rounded(x, bits):
    """float32 x with its mantissa rounded to `bits` bits (what TF32, 10, and bfloat16, 7, do to matmul inputs)."""
    as_int = np.array(x, dtype=np.float32).view(np.uint32)
    drop = 23 - bits
    if drop:
        as_int = ((as_int + np.uint32(1 << (drop - 1))) >> np.uint32(drop)) << np.uint32(drop)
    return float(as_int.astype(np.uint32).view(np.float32))


@pytest.mark.parametrize("bits,expected", [(23, "ieee"), (10, "tf32"), (7, "bf16")])
def test_probe_tells_ieee_tf32_and_bf16_apart(bits, expected):
    """The probe's sums as a matmul that rounds its inputs to `bits` mantissa bits would give them."""
    k = PROBE_SHAPE[1]
    sums = {name: k * _rounded(x, bits) for name, x in PROBE_VALUES.items()}
    assert classify_probe(sums) == expected


# ---- devices, inputs ------------------------------------------------------------------------------------------


def test_backend_attributes():
    backend = make_backend("autograd", dtype="float32")
    assert (backend.name, backend.framework, backend.variant) == ("torch-autograd", "torch", "autograd")
    assert (backend.device, backend.dtype, backend.profile, backend.matmul_precision) == (
        "cpu",
        "float32",
        "strict",
        "ieee",
    )
    assert VARIANTS == ("manual", "autograd", "nn")
    assert available_devices()[0] == "cpu" and ("cuda" in available_devices()) == HAVE_CUDA


@pytest.mark.parametrize(
    "device,message",
    [
        ("gpu", r"unknown device 'gpu'; devices here: \['cpu'"),
        ("", r"unknown device ''; devices here: \['cpu'"),
        ("mps", r"device 'mps' is not supported; expected one of \['cpu'"),
        (0, r"device must be a string such as 'cpu' or 'cuda'; got 0"),
        ("cuda:7", r"cuda:7"),
    ],
)
def test_bad_device_names_the_devices_that_exist(device, message):
    with pytest.raises(DLRosettaError, match=message):
        make_backend("nn", device=device)


def test_bad_variant_dtype_profile():
    with pytest.raises(DLRosettaError, match=r"variant must be one of \('manual', 'autograd', 'nn'\)"):
        make_backend("jit")
    with pytest.raises(DLRosettaError, match="expected 'float32' or 'float64'"):
        make_backend("manual", dtype="float16")
    with pytest.raises(DLRosettaError, match="profile must be one of"):
        make_backend("manual", profile="fast")


# ---- no host synchronisation in the training loop --------------------------------------------------------------

HOST_SYNCS = ("item", "cpu", "tolist", "numpy", "__float__", "__int__", "__bool__", "__index__")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_training_loop_does_not_wait_for_the_device(variant, device, monkeypatch):
    """Calls that copy a value to the host (and so wait for the device) do not grow with the iterations.

    record_every=1 records a cost at every iteration: a loop that read each one with .item() or float() would
    show here. Only the copies back at the end remain: the parameters and the one cost array.
    """
    c = get_case("deep-leaky")
    backend = make_backend(variant, device=device)
    counts = {}
    for name in HOST_SYNCS:
        original = getattr(torch.Tensor, name)

        def counting(self, *args, _original=original, _name=name, **kwargs):
            counts[_name] = counts.get(_name, 0) + 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(torch.Tensor, name, counting)

    def syncs(iterations):
        counts.clear()
        backend.train(c.params, c.X, c.Y, c.model, 0.1, iterations, record_every=1)
        return dict(counts)

    few, many = syncs(2), syncs(12)
    assert few == many, f"host synchronisations grow with the iterations: {few} for 2, {many} for 12"
    assert many.get("item", 0) == many.get("__float__", 0) == many.get("__bool__", 0) == 0


@pytest.mark.parametrize("variant", ["training", "autograd", "nn"])
def test_costs_are_recorded_on_the_device(variant):
    """The torch-level loops return the costs as one tensor on X's device (copied to the host once, outside)."""
    module = {"training": torch_training, "autograd": torch_autograd, "nn": torch_nn}[variant]
    c = get_case("single-feature")
    params = {k: torch.tensor(v) for k, v in c.params.items()}
    X, Y = torch.tensor(c.X), torch.tensor(c.Y)
    _, costs = module.train(params, X, Y, c.model, 0.1, 7, record_every=3)
    assert isinstance(costs, torch.Tensor) and costs.device == X.device and costs.shape == (3,)
    assert costs.dtype == torch.float64


@pytest.mark.gpu
@needs_cuda
@pytest.mark.parametrize("variant", ["training", "autograd", "nn"])
def test_cuda_training_loop_never_synchronises(variant):
    """torch's own check: with the sync debug mode set to "error", any synchronising call in the loop raises."""
    module = {"training": torch_training, "autograd": torch_autograd, "nn": torch_nn}[variant]
    c = get_case("deep-leaky")
    params = {k: torch.tensor(v, device="cuda") for k, v in c.params.items()}
    X, Y = torch.tensor(c.X, device="cuda"), torch.tensor(c.Y, device="cuda")
    module.train(params, X, Y, c.model, 0.1, 2)  # warm-up: first calls may initialise things
    params = {k: torch.tensor(v, device="cuda") for k, v in c.params.items()}
    torch.cuda.set_sync_debug_mode("error")
    try:
        _, costs = module.train(params, X, Y, c.model, 0.1, 20, record_every=1)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert costs.device.type == "cuda"


@pytest.mark.gpu
@needs_cuda
@pytest.mark.usefixtures("torch_flags")
def test_cuda_strict_profile_and_tf32_reporting(monkeypatch):
    """strict sets cuBLAS's deterministic workspace for the call only; default reports TF32 where it is used."""
    monkeypatch.delenv("CUBLAS_WORKSPACE_CONFIG", raising=False)
    c = get_case("deep-leaky")
    strict = make_backend("manual", device="cuda", dtype="float32")
    strict.gradients(c.params, c.X, c.Y, c.model)
    assert "CUBLAS_WORKSPACE_CONFIG" not in os.environ
    torch.backends.cuda.matmul.fp32_precision = "tf32"
    default = make_backend("manual", device="cuda", dtype="float32", profile="default")
    tf32_hardware = torch.cuda.get_device_capability() >= (8, 0)
    assert default.matmul_precision == ("tf32" if tf32_hardware else "ieee")
    assert strict.matmul_precision == "ieee"


@pytest.mark.gpu
@needs_cuda
@pytest.mark.parametrize("variant", VARIANTS)
def test_cuda_matches_cpu(variant):
    c = get_case("deep")
    cpu, cuda = make_backend(variant), make_backend(variant, device="cuda")
    for key, value in cuda.gradients(c.params, c.X, c.Y, c.model).items():
        assert_close(key, value, cpu.gradients(c.params, c.X, c.Y, c.model)[key], tolerance("backward", "float64"))
