"""Stand-in for the course's dnn_app_utils_v2 (dlrosetta check): the same helpers as dnn_app_utils_v3."""

from dnn_app_utils_v3 import *  # noqa: F403
