"""The project's one exception type for bad input."""


class DLRosettaError(ValueError):
    """Bad input to dl-rosetta: the message names what was expected and where.

    A subclass of ValueError, so callers that already catch ValueError keep working.
    """
