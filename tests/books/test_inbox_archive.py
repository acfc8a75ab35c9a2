"""The archive's copies made durable together: nothing under a final name before the
batch is synced, everything after, and nothing half-kept when the disk refuses."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from books.errors import InvalidInput
from books.inbox import archive
from books.inbox.archive import SYNCFS_FROM, Copies


def _finals(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".incoming" not in p.parts)


@pytest.mark.parametrize("count", [1, SYNCFS_FROM - 1, SYNCFS_FROM, 12])
def test_copies_appear_only_once_synced(tmp_path: Path, count: int) -> None:
    root = tmp_path / "archive"
    copies = Copies(root)
    sources = []
    for n in range(count):
        source = tmp_path / f"in-{n}.xml"
        source.write_bytes(f"<invoice n='{n}'/>".encode())
        sources.append(source)
    stored = [copies.store_file(s) for s in sources]
    assert _finals(root) == []  # nothing may be recorded yet, nothing is named yet
    copies.sync()
    for source, copy in zip(sources, stored, strict=True):
        assert copy.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
        assert (root / copy.relative).read_bytes() == source.read_bytes()
    assert len(_finals(root)) == count
    assert list((root / ".incoming").iterdir()) == []


def test_the_same_content_twice_is_stored_once(tmp_path: Path) -> None:
    copies = Copies(tmp_path)
    first = copies.store_bytes(b"same", "a.pdf")
    second = copies.store_bytes(b"same", "b.pdf")
    copies.sync()
    assert first == second
    assert _finals(tmp_path) == [tmp_path / first.relative]
    assert list((tmp_path / ".incoming").iterdir()) == []
    again = Copies(tmp_path)  # already in the archive: kept as it is
    assert again.store_bytes(b"same", "c.pdf") == first
    again.sync()
    assert list((tmp_path / ".incoming").iterdir()) == []


@pytest.mark.parametrize("count", [2, SYNCFS_FROM + 1])
def test_a_refusing_disk_leaves_no_copy_behind(tmp_path: Path, count: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive, "_sync_filesystem", refuse)
    monkeypatch.setattr(archive.os, "fsync", refuse)
    copies = Copies(tmp_path)
    for n in range(count):
        copies.store_bytes(f"content {n}".encode(), f"{n}.xml")
    with pytest.raises(InvalidInput, match="disque plein|disk full"):
        copies.sync()
    assert _finals(tmp_path) == []
    assert list((tmp_path / ".incoming").iterdir()) == []


def test_without_syncfs_each_file_is_flushed(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    flushed = []
    real = archive.os.fsync
    monkeypatch.setattr(archive, "_syncfs", lambda: None)
    monkeypatch.setattr(archive.os, "fsync", lambda fd: flushed.append(fd) or real(fd))
    copies = Copies(tmp_path)
    stored = [copies.store_bytes(f"c{n}".encode(), f"{n}.xml") for n in range(SYNCFS_FROM + 2)]
    copies.sync()
    folders = {(tmp_path / s.relative).parent for s in stored}
    assert len(flushed) == len(stored) + len(folders)
    assert all((tmp_path / s.relative).exists() for s in stored)
