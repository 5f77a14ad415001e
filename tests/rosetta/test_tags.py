"""Tag parity and name parity across the implementations, on the installed source and on doctored copies.

Every equation of reference_numpy/equations.py is tagged `# (N) <text>` above the line that computes it, with the
same text, in the reference and in every manual implementation (the same functions too); the autodiff variants
(impl_torch/autodiff.py, impl_torch/nn.py, impl_jax/autodiff.py) write an equation out or mark it
`# (N) <text> : by <mechanism>`. The checks live in rosetta/parity.py (the pages and `dlrosetta explain` read the
same tags); the doctored copies show that each check can fail, and with which message.
"""

import pytest

from reference_numpy.equations import EQUATIONS
from rosetta.parity import EXTRAS, NOT_MIRRORED, REFERENCE_ONLY_PARAMETERS, mirror_problems, tag_problems
from rosetta.tags import IMPLEMENTATIONS, NOT_COMPUTED, REFERENCE_ONLY, Rosetta, rosetta, source_file


def _report(problems):
    return "\n".join(["tags or names disagree:"] + problems)


def test_tags_agree_in_every_implementation():
    problems = tag_problems(rosetta())
    assert problems == [], _report(problems)


def test_files_names_and_signatures_mirror_the_reference():
    problems = mirror_problems()
    assert problems == [], _report(problems)


def test_every_mirror_exception_gives_its_reason():
    for table in (NOT_MIRRORED, EXTRAS, REFERENCE_ONLY_PARAMETERS):
        assert all(isinstance(reason, str) and len(reason) > 20 for reason in table.values())


@pytest.mark.parametrize("impl", IMPLEMENTATIONS, ids=lambda impl: impl.name)
def test_every_equation_has_a_line_in_every_implementation(impl):
    """What `explain` and the pages show: a line for each equation, or the reason the variant has none."""
    code = rosetta()
    for number in EQUATIONS:
        entries = code.lines(number, impl)
        if (impl.manual and (impl is IMPLEMENTATIONS[0] or number not in REFERENCE_ONLY)) or number not in NOT_COMPUTED:
            assert entries, f"{impl.name}: no line for ({number})"
        for entry in entries:
            assert entry.tag.code and all(line.strip() for _, line in entry.tag.code)


def test_the_backward_equations_of_autodiff_variants_are_marked_by_their_framework():
    code = rosetta()
    mechanisms = {
        impl.name: {t.mechanism for t in code.own_tags(impl) if 5 <= t.number <= 9}
        for impl in IMPLEMENTATIONS
        if not impl.manual
    }
    assert mechanisms == {"torch-autograd": {"autograd"}, "torch-nn": {"autograd"}, "jax-autodiff": {"jax.grad"}}


def test_the_statement_under_a_tag_takes_the_lines_that_finish_it():
    """`dW = dZ @ A_prev.T` then `dW /= m` is one implementing step in impl_torch; a call over three lines is one."""
    code = rosetta()
    (torch_dW,) = code.lines(8, IMPLEMENTATIONS[1])
    assert [line.strip() for _, line in torch_dW.tag.code][1].startswith("dW /= m")
    nn_linear = [e for e in code.lines(1, IMPLEMENTATIONS[3]) if e.tag.function == "build_network"]
    assert len(nn_linear[0].tag.code) == 3 and nn_linear[0].tag.code[-1][1].strip() == ")"


# ---- the checks can fail: doctored copies of one file --------------------------------------------------------


def doctor(module, old, new, tmp_path, count=1):
    """A copy of `module`'s source with `old` replaced by `new` `count` times (-1: everywhere), and the Rosetta
    that reads the copy."""
    text = source_file(module).read_text(encoding="utf-8")
    assert old in text, f"{module} no longer contains {old!r}: update this test's doctoring"
    path = tmp_path / (module.replace(".", "_") + ".py")
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return Rosetta.from_sources({module: path})


TAG8 = "# (8) dW[l] = 1/m dZ[l] A[l-1]^T"
TAG9 = "    # (9) db[l] = 1/m sum_i dZ[l](i)\n"
TAG12 = "# (12) Y_hat = 1{A[L] > 0.5}"

DOCTORED_TAGS = {
    # case: (module, text in its source, replaced by, a problem that must be reported)
    "missing": ("impl_torch.backward", TAG9, "", "impl_torch/backward.py: linear_backward() lacks the tag(s) (9)"),
    "reworded": (
        "impl_jax.backward",
        TAG8,
        "# (8) dW[l] = dZ[l] A[l-1]^T / m",
        "tag (8) reads 'dW[l] = dZ[l] A[l-1]^T / m'",
    ),
    "no such equation": ("impl_torch.forward", "# (1) Z[l]", "# (99) Z[l]", "there is no equation (99)"),
    "wrong number": ("impl_jax.forward", "# (1) Z[l]", "# (2) Z[l]", "tag (2) reads 'Z[l] = W[l] A[l-1] + b[l]'"),
    "malformed": ("impl_torch.update", "# (10) W[l]", "#(10) W[l]", "malformed tag '#(10) W[l]"),
    "extra": (
        "impl_jax.forward",
        "    # (1) Z[l]",
        "    # (7) dA[l-1] = W[l]^T dZ[l]\n    # (1) Z[l]",
        "impl_jax/forward.py: linear_forward() has tag(s) (7) that reference_numpy.forward.linear_forward does not",
    ),
    "no code under it": (
        "impl_torch.cost",
        "    return J\n",
        "    return J\n    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L]))\n",
        "impl_torch/cost.py:56: tag (3) has no code line under it",
    ),
    "blank line under it": (
        "impl_jax.update",
        "        # (11) b[l] = b[l] - alpha db[l]\n",
        "        # (11) b[l] = b[l] - alpha db[l]\n\n",
        "tag (11) has no code line under it",
    ),
    "not on its own line": (
        "impl_torch.backward",
        '    # (5) dZ[L] = A[L] - Y\n    dZ = cache[f"A{L}"] - Y',
        '    dZ = cache[f"A{L}"] - Y  # (5) dZ[L] = A[L] - Y',
        "a tag must stand on its own line",
    ),
    "by in a manual variant": (
        "impl_jax.backward",
        TAG8,
        TAG8 + " : by hand",
        "a manual implementation writes (8) out; ' : by hand' belongs in an autodiff variant",
    ),
    "autodiff mark missing": (
        "impl_jax.autodiff",
        "    # (7) dA[l-1] = W[l]^T dZ[l] : by jax.grad\n",
        "",
        "jax-autodiff (impl_jax.autodiff, impl_jax.optax_optimizers): no tag for (7)",
        -1,  # both of the module's functions carry the mark
    ),
    "autodiff mark misworded": (
        "impl_torch.autodiff",
        TAG8 + " : by autograd",
        TAG8 + " by autograd",
        "tag (8) reads 'dW[l] = 1/m dZ[l] A[l-1]^T by autograd'",
    ),
    "autodiff mark without mechanism": ("impl_torch.nn", TAG12, TAG12 + " : by ", "tag (12) reads"),
    "reference missing": ("reference_numpy.training", f"    {TAG12}\n", "", "reference_numpy: no tag for (12)"),
}


@pytest.mark.parametrize("case", sorted(DOCTORED_TAGS))
def test_a_doctored_tag_is_caught(case, tmp_path):
    module, old, new, expected, *count = DOCTORED_TAGS[case]
    problems = tag_problems(doctor(module, old, new, tmp_path, *count))
    assert any(expected in p for p in problems), f"expected a problem with {expected!r}; got:\n" + "\n".join(problems)


def test_a_reference_tag_removed_shows_as_extra_in_every_manual_implementation(tmp_path):
    problems = tag_problems(doctor("reference_numpy.training", f"    {TAG12}\n", "", tmp_path))
    for path in ("impl_torch/training.py", "impl_jax/training.py"):
        assert any(p.startswith(f"{path}: predict() has tag(s) (12)") for p in problems), problems


def doctored_file(module, old, new, tmp_path):
    """{module: path of a copy of its source with `old` replaced by `new`}: overrides for mirror_problems."""
    text = source_file(module).read_text(encoding="utf-8")
    assert old in text, f"{module} no longer contains {old!r}: update this test's doctoring"
    path = tmp_path / (module.replace(".", "_") + ".py")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {module: path}


DOCTORED_NAMES = {
    "function renamed": (
        "impl_jax.backward",
        "def linear_backward(",
        "def linear_backward_(",
        "impl_jax/backward.py lacks linear_backward(dZ, A_prev, W, need_dA_prev=True), which "
        "reference_numpy/backward.py defines",
    ),
    "activation missing": (
        "impl_torch.activations",
        '    "identity": (identity, identity_prime),\n',
        "",
        "impl_torch/activations.py: ACTIVATIONS has",
    ),
    "a signature differs": (
        "impl_jax.backward",
        "def linear_backward(dZ, A_prev, W, need_dA_prev=True):",
        "def linear_backward(dZ, A_prev, W, need_dA_prev=False):",
        "impl_jax/backward.py: linear_backward(dZ, A_prev, W, need_dA_prev=False) but reference_numpy/backward.py "
        "has linear_backward(dZ, A_prev, W, need_dA_prev=True)",
    ),
    "an unlisted extra": (
        "impl_torch.forward",
        "def linear_forward(",
        "def helper(Z):\n    return Z\n\n\ndef linear_forward(",
        "impl_torch/forward.py: helper is not in reference_numpy/forward.py: add it there, or to EXTRAS",
    ),
    "a backend method differs": (
        "impl_torch.adapter",
        "    def scope(self):",
        "    def scope(self, strict):",
        "impl_torch/adapter.py: TorchBackend.scope(strict) but reference_numpy/adapter.py has NumpyBackend.scope()",
    ),
    "the framework pair differs": (
        "impl_jax.runtime",
        "def resolve_device(device, where):",
        "def resolve_device(device):",
        "impl_torch/runtime.py: resolve_device(device, where) but impl_jax/runtime.py has resolve_device(device)",
    ),
    "a stale EXTRAS entry": (
        "impl_jax.backward",
        "def transposed(",
        "def _transposed(",
        "EXTRAS lists impl_jax.backward.transposed, which is gone: remove it",
    ),
}


@pytest.mark.parametrize("case", sorted(DOCTORED_NAMES))
def test_a_doctored_name_is_caught(case, tmp_path):
    module, old, new, expected = DOCTORED_NAMES[case]
    assert mirror_problems() == []  # the installed source agrees; the doctored copy must not
    problems = mirror_problems(doctored_file(module, old, new, tmp_path))
    assert any(expected in p for p in problems), f"expected a problem with {expected!r}; got:\n" + "\n".join(problems)


def test_a_missing_mirror_file_is_caught(tmp_path):
    problems = mirror_problems({"impl_jax.bench": tmp_path / "gone.py"})
    assert any(p.startswith("impl_jax/bench.py: no such file") for p in problems), problems
