"""Datasets: the planar flower (week 3) and a synthetic image set in the cat/non-cat layout.

Images are (m, 64, 64, 3) uint8 and labels (1, m), exactly as the course's loaders return them;
`flatten_images` turns images into the course's X : (12288, m) float in [0, 1].
"""

import os
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np

from reference_numpy.errors import DLRosettaError
from reference_numpy.multiclass_data import load_digits, synthetic_multiclass

IMAGE_SHAPE = (64, 64, 3)
CLASSES = np.array([b"non-cat", b"cat"], dtype="|S7")


def planar_dataset():
    """The week-3 flower, generated exactly as the course does: X : (2, 400) float64, Y : (1, 400) uint8.

    The course calls np.random.seed(1) and draws from the global RNG; the same stream comes from
    RandomState(1), without touching the global one. Class j fills rows 200j..200j+199: the angle noise is
    drawn first, then the radius noise.
    """
    rs = np.random.RandomState(1)
    m, D, a = 400, 2, 4  # examples, features, maximum ray of the flower
    N = m // 2  # points per class
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rs.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + rs.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def synthetic_images(m, seed, cat_fraction=0.35):
    """m synthetic 64x64 RGB pictures and their labels, deterministic in `seed`.

    Returns (images : (m, 64, 64, 3) uint8, labels : (m,) int64). A "cat" (label 1) is a warm, round blob with
    two dark eyes on a noisy background; a "non-cat" is a cool-coloured bar or a plain scene. Sizes, places,
    colours and backgrounds vary and overlap, so a model has something to learn and can over-fit, as on the
    real set.
    """
    rs = np.random.RandomState(seed)
    rows, cols = np.mgrid[0:64, 0:64]
    images = np.empty((m,) + IMAGE_SHAPE, dtype=np.uint8)
    labels = (rs.rand(m) < cat_fraction).astype(np.int64)
    for i in range(m):
        background = rs.uniform(40, 200, size=3)
        picture = background + rs.normal(0, 25, size=IMAGE_SHAPE)
        r0, c0 = rs.uniform(16, 48, size=2)
        size = rs.uniform(8, 18)
        if labels[i] == 1:
            face = (rows - r0) ** 2 + (cols - c0) ** 2 < size**2
            picture[face] = rs.uniform([150, 80, 20], [250, 160, 90]) + rs.normal(0, 20, size=(face.sum(), 3))
            for dc in (-size / 2.5, size / 2.5):
                eye = (rows - (r0 - size / 3)) ** 2 + (cols - (c0 + dc)) ** 2 < (size / 6) ** 2
                picture[eye] = rs.uniform(0, 50, size=3)
        elif rs.rand() < 0.7:
            bar = (np.abs(rows - r0) < size / 2) & (np.abs(cols - c0) < size * 1.5)
            picture[bar] = rs.uniform([20, 60, 120], [120, 180, 250]) + rs.normal(0, 20, size=(bar.sum(), 3))
        images[i] = np.clip(picture, 0, 255).astype(np.uint8)
    return images, labels


def synthetic_catvnoncat(seed=0, m_train=209, m_test=50):
    """The embedded default data: arrays as the course's load_data returns them.

    Returns (train_x_orig : (209, 64, 64, 3) uint8, train_y : (1, 209) int64, test_x_orig : (50, 64, 64, 3),
    test_y : (1, 50), classes : (2,) |S7). The test pictures come from a different stream than the training ones.
    """
    train_x, train_y = synthetic_images(m_train, seed)
    test_x, test_y = synthetic_images(m_test, seed + 1_000_003)
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), CLASSES.copy()


def flatten_images(images):
    """(m, 64, 64, 3) uint8 -> X : (12288, m) float64 in [0, 1]: the course's reshape(m, -1).T / 255.

    Each picture becomes one column, flattened in C order, so a pixel's RGB triple stays contiguous.
    """
    m = images.shape[0]
    return images.reshape(m, -1).T / 255


# ---- the course's HDF5 files -------------------------------------------------------------------------------

TRAIN_FILE, TEST_FILE = "train_catvnoncat.h5", "test_catvnoncat.h5"
DATA_ENV = "DLROSETTA_DATA"  # a folder holding the two files
DEFAULT_DATA_DIR = "datasets"  # the course notebooks' folder name, relative to the working directory
# file -> (images key, labels key); both files also hold "list_classes" : (2,) |S7
KEYS = {TRAIN_FILE: ("train_set_x", "train_set_y"), TEST_FILE: ("test_set_x", "test_set_y")}


def data_dir(folder=None):
    """The folder with the course's files: `folder`, else $DLROSETTA_DATA, else ./datasets."""
    return Path(folder if folder is not None else os.environ.get(DATA_ENV, DEFAULT_DATA_DIR))


def has_catvnoncat(folder=None):
    folder = data_dir(folder)
    return all((folder / name).is_file() for name in KEYS)


def _read(path):
    """One file's (images, labels, classes), each checked for key, dtype and shape."""
    x_key, y_key = KEYS[path.name]
    if not path.is_file():
        raise DLRosettaError(
            f"{path}: file not found; expected the course's {path.name} there "
            f"(pass the folder, or set {DATA_ENV} to it)"
        )
    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in (x_key, y_key, "list_classes") if k not in f]
            if missing:
                raise DLRosettaError(f"{path}: missing key(s) {missing}; found {sorted(f.keys())}")
            images, labels, classes = f[x_key][()], f[y_key][()], f["list_classes"][()]
    except OSError as exc:  # h5py's error for a truncated or non-HDF5 file
        raise DLRosettaError(f"{path}: cannot be read as HDF5 (truncated or not an HDF5 file): {exc}") from exc
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[1:] != IMAGE_SHAPE:
        raise DLRosettaError(
            f"{path}: {x_key} must be uint8 of shape (m, 64, 64, 3); got {images.dtype} {images.shape}"
        )
    if not np.issubdtype(labels.dtype, np.integer) or labels.shape != (images.shape[0],):
        raise DLRosettaError(
            f"{path}: {y_key} must be integers of shape ({images.shape[0]},) to match {x_key}; "
            f"got {labels.dtype} {labels.shape}"
        )
    if not np.all((labels == 0) | (labels == 1)):
        raise DLRosettaError(f"{path}: {y_key} must hold labels 0 and 1 only; found {sorted(set(labels.tolist()))}")
    if classes.dtype.kind != "S" or classes.shape != (2,):
        raise DLRosettaError(f"{path}: list_classes must be 2 byte strings; got {classes.dtype} {classes.shape}")
    return images, labels, classes


def load_catvnoncat(folder=None):
    """The course's load_data: (train_x_orig, train_y, test_x_orig, test_y, classes).

    train_x_orig : (209, 64, 64, 3) uint8, train_y : (1, 209) int64, test_x_orig : (50, 64, 64, 3) uint8,
    test_y : (1, 50) int64, classes : (2,) bytes [b'non-cat', b'cat'] (from the test file, like the course).
    """
    folder = data_dir(folder)
    train_x, train_y, _ = _read(folder / TRAIN_FILE)
    test_x, test_y, classes = _read(folder / TEST_FILE)
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), classes


def write_catvnoncat(folder, train_x, train_y, test_x, test_y, classes=CLASSES):
    """Write arrays in the course's schema (e.g. the synthetic set), each file written then renamed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, x, y in ((TRAIN_FILE, train_x, train_y), (TEST_FILE, test_x, test_y)):
        x_key, y_key = KEYS[name]
        partial = folder / (name + ".partial")
        with h5py.File(partial, "w") as f:
            f.create_dataset(x_key, data=np.asarray(x, dtype=np.uint8))
            f.create_dataset(y_key, data=np.asarray(y, dtype=np.int64).reshape(-1))
            f.create_dataset("list_classes", data=np.asarray(classes, dtype="|S7"))
        partial.replace(folder / name)
    return folder


# ---- ready-to-train datasets, by name ---------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """X_train : (n_x, m) float64, Y_train : (1, m) float64; X_test/Y_test likewise, or None."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray | None
    Y_test: np.ndarray | None
    description: str


def _images_dataset(arrays, description):
    train_x, train_y, test_x, test_y, _ = arrays
    return Dataset(
        flatten_images(train_x), train_y.astype(np.float64), flatten_images(test_x), test_y.astype(np.float64),
        f"{description} ({train_y.shape[1]} train, {test_y.shape[1]} test pictures, n_x = {train_x[0].size})",
    )  # fmt: skip


def get_dataset(spec="auto"):
    """ "synthetic", "planar", "auto" (the course's files where found, else synthetic) or a folder path; "digits"
    and "blobs" are multi-class (Y : (C, m) one-hot, reference_numpy.multiclass_data)."""
    if spec == "synthetic":
        return _images_dataset(synthetic_catvnoncat(), "synthetic cat/non-cat pictures (embedded default)")
    if spec == "planar":
        X, Y = planar_dataset()
        return Dataset(X, Y.astype(np.float64), None, None, "the week-3 planar flower (400 points, n_x = 2)")
    if spec in MULTICLASS:
        return MULTICLASS[spec]()
    if spec == "auto":
        if has_catvnoncat():
            return _images_dataset(load_catvnoncat(), f"the course's cat/non-cat files in {data_dir()}")
        return _images_dataset(
            synthetic_catvnoncat(),
            f"synthetic cat/non-cat pictures (embedded default; the course's files are not in {data_dir()})",
        )
    folder = Path(spec)
    if not folder.is_dir():
        raise DLRosettaError(
            f"data {spec!r}: expected 'auto', 'synthetic', 'planar' or a folder with {TRAIN_FILE} and {TEST_FILE} "
            "(multi-class: 'digits', 'blobs')"
        )
    return _images_dataset(load_catvnoncat(folder), f"the course's cat/non-cat files in {folder}")


def _digits():
    X, Y, X_test, Y_test = load_digits()
    return Dataset(
        X, Y, X_test, Y_test, f"scikit-learn's 8x8 digits ({Y.shape[1]} train, {Y_test.shape[1]} test, C = 10)"
    )


def _blobs():
    X, Y = synthetic_multiclass(n_x=4, C=3, m=300, seed=0)
    return Dataset(X, Y, None, None, "synthetic Gaussian blobs (300 points, n_x = 4, C = 3)")


MULTICLASS = {"digits": _digits, "blobs": _blobs}
