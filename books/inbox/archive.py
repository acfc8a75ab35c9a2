"""The content-addressed archive: every document's original, stored once, never lost.

A file is copied to ``<archive_root>/<sha256[:2]>/<sha256>.<ext>``: written
under a temporary name, flushed to disk, then renamed (and the rename flushed),
so the archive never holds half a file under a final name. The same content is stored once; a
copy already there is kept as is.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from books.errors import InvalidInput
from books.i18n import os_reason, t

CHUNK = 1024 * 1024
MAX_BYTES = 256 * 1024 * 1024
"""Larger files are refused before being copied (no invoice is that large)."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A file in the archive."""

    sha256: str
    relative: str
    """Its path under the archive root (what documents record)."""
    size: int


def extension_of(name: str) -> str:
    """The file's extension as stored (lower case, letters and digits only, ``bin`` if none)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix if suffix.isalnum() and len(suffix) <= 8 else "bin"


def store_file(root: Path, source: Path, name: str | None = None) -> Stored:
    """Copy ``source`` into the archive, hashing it on the way (durable when it returns).

    Raises:
        InvalidInput: the file cannot be read, is too large, or the archive cannot be
            written (the message names the place and the reason).
    """
    copies = Copies(root)
    stored = copies.store_file(source, name)
    copies.sync()
    return stored


def store_bytes(root: Path, data: bytes, name: str) -> Stored:
    """Store ``data`` (a member of a mail or an archive) in the archive (durable when it
    returns)."""
    copies = Copies(root)
    stored = copies.store_bytes(data, name)
    copies.sync()
    return stored


class Copies:
    """Files copied into the archive together and made durable together.

    Each copy is written under a temporary name as it comes; :meth:`sync` then flushes
    them all to disk, renames them to their final names and flushes their folders. A
    batch's flushes mostly find the disk's journal already written by the first: two
    flushes a file (data, then folder) cost 3–7 ms each here, the batch's 0.3–3 ms a
    file. Nothing copied may be recorded before :meth:`sync` returns.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pending: dict[Path, Path] = {}
        """Final name → temporary name, for copies not yet renamed."""

    def store_file(self, source: Path, name: str | None = None) -> Stored:
        """Copy ``source`` (see :func:`store_file`)."""
        try:
            with source.open("rb") as handle:
                return self._write(handle.read, name or source.name)
        except OSError as exc:
            raise InvalidInput(t("inbox.error.unreadable", path=source,
                                 reason=os_reason(exc))) from exc

    def store_bytes(self, data: bytes, name: str) -> Stored:
        """Copy ``data`` (see :func:`store_bytes`)."""
        view = memoryview(data)
        position = 0

        def read(size: int) -> bytes:
            nonlocal position
            chunk = bytes(view[position:position + size])
            position += len(chunk)
            return chunk

        return self._write(read, name)

    def sync(self) -> None:
        """Make every copy durable under its final name.

        Raises:
            InvalidInput: the disk refused (the copies not yet renamed are removed).
        """
        pending, self._pending = self._pending, {}
        folders = {final.parent for final in pending}
        whole = len(pending) >= SYNCFS_FROM and _syncfs() is not None
        try:
            if whole:  # the copies' data on disk before any final name points to them
                _sync_filesystem(self.root)
            else:
                for temporary in pending.values():
                    descriptor = os.open(temporary, os.O_RDONLY)
                    try:
                        os.fsync(descriptor)
                    finally:
                        os.close(descriptor)
            for final in list(pending):
                os.replace(pending.pop(final), final)
            if whole:
                _sync_filesystem(self.root)
            else:
                for folder in folders:
                    _sync_folder(folder)
        except OSError as exc:
            for temporary in pending.values():
                temporary.unlink(missing_ok=True)
            raise InvalidInput(t("inbox.error.archive", path=self.root,
                                 reason=os_reason(exc))) from exc

    def _write(self, read, name: str) -> Stored:  # type: ignore[no-untyped-def]
        digest, size = hashlib.sha256(), 0
        temporary = self.root / ".incoming" / f"{secrets.token_hex(8)}.part"
        kept = False
        try:
            temporary.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as out:
                while chunk := read(CHUNK):
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise InvalidInput(t("inbox.error.too_large", name=name,
                                             limit=MAX_BYTES // (1024 * 1024)))
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            relative = f"{sha[:2]}/{sha}.{extension_of(name)}"
            final = self.root / relative
            final.parent.mkdir(parents=True, exist_ok=True)
            if final not in self._pending and not (final.exists()
                                                   and final.stat().st_size == size):
                self._pending[final] = temporary
                kept = True
            return Stored(sha, relative, size)
        except OSError as exc:
            raise InvalidInput(t("inbox.error.archive", path=self.root,
                                 reason=os_reason(exc))) from exc
        finally:
            if not kept:
                temporary.unlink(missing_ok=True)


SYNCFS_FROM = 4
"""From this many copies, :meth:`Copies.sync` flushes the archive's filesystem at once
(Linux ``syncfs``: once for the data, once for the renames) rather than each file and
folder (each flush costs 2–6 ms on this machine's disk, whatever it carries: 100 files
took 240–610 ms one by one, 14–56 ms so)."""


@functools.cache
def _syncfs() -> Any:
    """Linux's ``syncfs(2)`` through the C library, or ``None`` elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    return function


def _sync_filesystem(folder: Path) -> None:
    """Everything written to ``folder``'s filesystem, on disk (its data, renames, folders).

    Raises:
        OSError: the disk refused (Linux reports a write-back error of the filesystem).
    """
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if _syncfs()(descriptor) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
