"""Errors raised by the store; books turns them into messages for people."""

from __future__ import annotations


class StoreError(Exception):
    """The database could not do what was asked."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened, created or upgraded."""


class StaleVersion(StoreError):
    """The row changed since it was read (optimistic locking)."""


class DuplicateKey(StoreError):
    """A unique constraint refused the write."""
