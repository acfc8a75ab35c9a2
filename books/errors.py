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

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The key of the field at fault (``name``, ``vat_id``…) when there is one: a
        form moves its focus there (the message names the field by its label)."""


class InvalidFields(InvalidInput):
    """Several fields are wrong: every one of them at once, one message a line."""

    def __init__(self, errors: list[InvalidInput]) -> None:
        super().__init__("\n".join(e.message for e in errors), errors[0].field)
        self.errors = errors
        """Each field's error, in the order the fields were given."""


def all_or_nothing(errors: list[InvalidInput]) -> None:
    """Raise the errors found checking several fields: one as itself, more together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InvalidFields(errors)


class Conflict(SaisieError):
    """Someone else changed the record since it was read (optimistic locking)."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current
        """The record as it is now (a party, dossier or contact row), for a form
        to reload; None when it was deleted meanwhile."""


class StoreUnavailable(SaisieError):
    """The database cannot be opened or upgraded."""
