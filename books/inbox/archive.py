"""The content-addressed archive: every document's original, stored once, never lost.

A file is copied to ``<archive_root>/<sha256[:2]>/<sha256>.<ext>``: written
under a temporary name, flushed to disk, then renamed, so the archive never
holds half a file under a final name. The same content is stored once; a
copy already there is kept as is.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

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
    """Copy ``source`` into the archive, hashing it on the way.

    Raises:
        InvalidInput: the file cannot be read, is too large, or the archive cannot be
            written (the message names the place and the reason).
    """
    try:
        with source.open("rb") as handle:
            return _store(root, handle.read, name or source.name)
    except OSError as exc:
        raise InvalidInput(t("inbox.error.unreadable", path=source, reason=os_reason(exc))) from exc


def store_bytes(root: Path, data: bytes, name: str) -> Stored:
    """Store ``data`` (a member of a mail or an archive) in the archive."""
    view = memoryview(data)
    position = 0

    def read(size: int) -> bytes:
        nonlocal position
        chunk = bytes(view[position:position + size])
        position += len(chunk)
        return chunk

    return _store(root, read, name)


def _store(root: Path, read, name: str) -> Stored:  # type: ignore[no-untyped-def]
    digest, size = hashlib.sha256(), 0
    temporary = root / ".incoming" / f"{secrets.token_hex(8)}.part"
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
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        relative = f"{sha[:2]}/{sha}.{extension_of(name)}"
        final = root / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and final.stat().st_size == size:
            temporary.unlink()
        else:
            os.replace(temporary, final)
            _sync_folder(final.parent)
        return Stored(sha, relative, size)
    except OSError as exc:
        raise InvalidInput(t("inbox.error.archive", path=root, reason=os_reason(exc))) from exc
    finally:
        if temporary.exists():
            temporary.unlink(missing_ok=True)


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
