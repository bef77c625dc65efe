"""Errors a user can cause and fix. The CLI prints them as one line, never as a traceback."""


class CoopwatchError(Exception):
    """Base class: a problem with the user's input or environment, with a message that names it."""

    exit_code = 2


class InputError(CoopwatchError):
    """A file, field or value the user gave cannot be used (names the file, line or field)."""


class StoreUnavailable(CoopwatchError):
    """The database named by the URL cannot be reached or opened."""


class NotFound(CoopwatchError):
    """A named plan, item, region or record does not exist."""


class WriteConflict(CoopwatchError):
    """Another writer changed the same records at the same time; nothing of this write was stored."""
