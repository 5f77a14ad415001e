"""Datasets: the planar flower's fingerprint, the synthetic set, and the HDF5 loader's validation."""

import hashlib

import h5py
import numpy as np
import pytest

from reference_numpy import DLRosettaError
from reference_numpy.datasets import (
    TEST_FILE,
    TRAIN_FILE,
    flatten_images,
    get_dataset,
    load_catvnoncat,
    planar_dataset,
    synthetic_catvnoncat,
    write_catvnoncat,
)
from tests.conftest import needs_catvnoncat

# ---- the planar flower (COURSE_FIXTURES.md section 3.1) ---------------------------------------------------


def test_planar_dataset_reproduces_the_course_fingerprint():
    X, Y = planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64 and Y.shape == (1, 400) and Y.dtype == np.uint8
    np.testing.assert_allclose(X[:, 0], [1.204442292254319, 3.5761141481288448], rtol=1e-13)
    np.testing.assert_allclose(X[:, 1], [0.15870990398255372, -1.4821709003683443], rtol=1e-13)
    np.testing.assert_allclose(X[:, 200], [-1.0704958072229525, 3.682524609580073], rtol=1e-13)
    np.testing.assert_allclose(X.sum(), 10.087983277441666, rtol=1e-12)
    np.testing.assert_allclose(X.sum(axis=1), [-17.33836367040442, 27.426346947846085], rtol=1e-12)
    assert Y[0, :200].sum() == 0 and Y[0, 200:].sum() == 200
    y_hash = hashlib.sha256(np.ascontiguousarray(Y).tobytes()).hexdigest()
    assert y_hash == "ba61332658947bbe24a8fba1cd5387c166afc072748e4d9ef1b847f94cf60345"


def test_planar_dataset_leaves_the_global_rng_alone():
    np.random.seed(7)
    expected = np.random.rand()
    np.random.seed(7)
    planar_dataset()
    assert np.random.rand() == expected


# ---- the synthetic set ------------------------------------------------------------------------------------


def test_synthetic_set_has_the_course_layout_and_is_deterministic():
    train_x, train_y, test_x, test_y, classes = synthetic_catvnoncat()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert 0 < train_y.sum() < 209 and 0 < test_y.sum() < 50  # both classes in both sets
    again = synthetic_catvnoncat()
    assert np.array_equal(train_x, again[0]) and np.array_equal(test_y, again[3])
    assert not np.array_equal(synthetic_catvnoncat(seed=1)[0], train_x)


def test_flatten_is_the_course_c_order_reshape_over_255():
    images = np.arange(2 * 64 * 64 * 3, dtype=np.int64).reshape(2, 64, 64, 3).astype(np.uint8)
    X = flatten_images(images)
    assert X.shape == (12288, 2)
    # feature index = (row * 64 + col) * 3 + channel
    row, col, channel = 5, 7, 2
    assert X[(row * 64 + col) * 3 + channel, 1] == images[1, row, col, channel] / 255


def test_synthetic_set_round_trips_through_the_course_schema(tmp_path):
    arrays = synthetic_catvnoncat()
    write_catvnoncat(tmp_path, *arrays[:4])
    assert sorted(p.name for p in tmp_path.iterdir()) == [TEST_FILE, TRAIN_FILE]  # no partial files left
    loaded = load_catvnoncat(tmp_path)
    for original, back in zip(arrays, loaded, strict=True):
        assert np.array_equal(original, back) and back.dtype == original.dtype
    with h5py.File(tmp_path / TRAIN_FILE) as f:
        assert f["train_set_y"].dtype == np.int64 and f["train_set_y"].shape == (209,)


# ---- HDF5 validation --------------------------------------------------------------------------------------


@pytest.fixture
def course_files(tmp_path):
    write_catvnoncat(tmp_path, *synthetic_catvnoncat(m_train=6, m_test=4)[:4])
    return tmp_path


def _rewrite(path, key, value):
    with h5py.File(path, "a") as f:
        del f[key]
        if value is not None:
            f.create_dataset(key, data=value)


def test_missing_file(tmp_path):
    with pytest.raises(DLRosettaError, match=f"{TRAIN_FILE}: file not found.*DLROSETTA_DATA"):
        load_catvnoncat(tmp_path)


def test_truncated_file(course_files):
    path = course_files / TRAIN_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DLRosettaError, match="cannot be read as HDF5"):
        load_catvnoncat(course_files)


def test_not_an_hdf5_file(course_files):
    (course_files / TEST_FILE).write_text("hello")
    with pytest.raises(DLRosettaError, match=f"{TEST_FILE}: cannot be read as HDF5"):
        load_catvnoncat(course_files)


@pytest.mark.parametrize(
    "key,value,words",
    [
        ("train_set_x", None, ["missing key", "train_set_x"]),
        ("list_classes", None, ["missing key", "list_classes"]),
        ("train_set_x", np.zeros((6, 64, 64, 3), dtype=np.float32), ["uint8", "(m, 64, 64, 3)", "float32"]),
        ("train_set_x", np.zeros((6, 32, 32, 3), dtype=np.uint8), ["(m, 64, 64, 3)", "(6, 32, 32, 3)"]),
        ("train_set_y", np.zeros((5,), dtype=np.int64), ["train_set_y", "(6,)", "(5,)"]),
        ("train_set_y", np.zeros((6,), dtype=np.float64), ["integers", "float64"]),
        ("train_set_y", np.array([0, 1, 2, 0, 1, 0]), ["labels 0 and 1", "2"]),
        ("list_classes", np.array([1, 2]), ["list_classes", "byte strings"]),
    ],
)
def test_bad_contents_are_named(course_files, key, value, words):
    _rewrite(course_files / TRAIN_FILE, key, value)
    with pytest.raises(DLRosettaError) as info:
        load_catvnoncat(course_files)
    assert all(w in str(info.value) for w in words), str(info.value)
    assert TRAIN_FILE in str(info.value)


def test_get_dataset_names(tmp_path, monkeypatch):
    monkeypatch.setenv("DLROSETTA_DATA", str(tmp_path / "nowhere"))
    auto = get_dataset("auto")
    assert "synthetic" in auto.description and auto.X_train.shape == (12288, 209)
    planar = get_dataset("planar")
    assert planar.X_train.shape == (2, 400) and planar.X_test is None and planar.Y_train.dtype == np.float64
    with pytest.raises(DLRosettaError, match="expected 'auto', 'synthetic', 'planar' or a folder"):
        get_dataset(str(tmp_path / "missing"))


# ---- the real files (COURSE_FIXTURES.md section 1) --------------------------------------------------------


@needs_catvnoncat
def test_real_files_load_with_the_published_shapes_and_values(catvnoncat_dir):
    train_x, train_y, test_x, test_y, classes = load_catvnoncat(catvnoncat_dir)
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3)
    assert int(train_x.sum(dtype=np.int64)) == 264_542_077 and int(test_x.sum(dtype=np.int64)) == 65_969_547
    assert train_y.sum() == 72 and test_y.sum() == 33 and classes.tolist() == [b"non-cat", b"cat"]
    X = flatten_images(train_x)
    assert (X[0:5, 0] * 255).round().tolist() == [17, 31, 56, 22, 33]
    assert X.mean() == pytest.approx(0.4039495138229235, rel=1e-13)
    assert flatten_images(test_x).mean() == pytest.approx(0.4210678806678922, rel=1e-13)


@needs_catvnoncat
def test_auto_uses_the_real_files_when_present(catvnoncat_dir, monkeypatch):
    monkeypatch.setenv("DLROSETTA_DATA", str(catvnoncat_dir))
    assert "the course's cat/non-cat files" in get_dataset("auto").description
