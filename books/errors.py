"""Errors a person can act on. Their message is already translated."""

from __future__ import annotations


class SaisieError(Exception):
    """A user error: the message says what is wrong and where (exit code 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(SaisieError):
    """The configuration file is malformed or holds a wrong value."""


class PermissionDenied(SaisieError):
    """The acting user's role does not allow this action."""


class NotFound(SaisieError):
    """A named dossier, user or party does not exist (or is not accessible)."""


class InvalidInput(SaisieError):
    """A value given by the user or read from a file is not acceptable."""


class Conflict(SaisieError):
    """Someone else changed the record since it was read (optimistic locking)."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current
        """The record as it is now (a party, dossier or contact row), for a form
        to reload; None when it was deleted meanwhile."""


class StoreUnavailable(SaisieError):
    """The database cannot be opened or upgraded."""
