"""Small helpers every screen shares: running books calls off the UI thread."""

from __future__ import annotations

from books.errors import SaisieError


def error_text(error: BaseException) -> str:
    """What to show for an error raised by a books service."""
    if isinstance(error, SaisieError):
        return error.message
    return f"{type(error).__name__}: {error}"
