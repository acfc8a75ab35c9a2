"""A party list's search keys read by a child process (SQLite), handed back as four buffers.

The list's in-memory filter index (``books.parties.list_index``) needs every
id, folded search key and archived flag of the list, in its order. Read in the
app's own interpreter, the 1,000,000 rows of a large list are a million row
tuples made while holding the interpreter lock: about 0.8 s of CPU alone, and
20–30 s in the app on a loaded machine, where the screen and the readers of
the first filter keystrokes wait for the lock behind it (every key then took
0.3–1.3 s). Here a child process (the standard library only: no SQLAlchemy to
import) runs the same statements on its own read-only connection and writes
the columns as they are kept in memory — ids and key offsets as 8-byte
integers, flags as bytes, the keys as UTF-8 separated by line breaks — and the
app reads them with a few ``readinto`` calls, without holding the lock.

Protocol: one JSON line on the child's standard input (``path``, ``rows``: SQL
returning ``(id, search_key)`` in the list's order, ``archived``: SQL
returning the list's archived ids); on its output a header of two
little-endian 8-byte integers (rows, key bytes), then the ids, the key
offsets (rows + 1), the flags and the keys.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import subprocess
import sys
from array import array
from itertools import accumulate
from typing import IO, Any

HEADER = struct.Struct("<qq")
BATCH = 5000
NICENESS = 10
"""How much lower the child's priority is than the app's (``os.nice``)."""


def _columns(db: sqlite3.Connection, rows_sql: str) -> tuple[array[int], array[int], bytearray]:
    """Ids, key offsets and keys (each followed by a line break) of the list, in order."""
    ids, starts, text = array("q"), array("q", [0]), bytearray()
    cursor = db.execute(rows_sql)
    while batch := cursor.fetchmany(BATCH):
        batch_ids, keys = zip(*batch, strict=True)
        ids.extend(batch_ids)
        clean = [(key or "").replace("\n", " ") for key in keys]
        data = ("\n".join(clean) + "\n").encode()
        ends = accumulate((len(key.encode()) + 1 for key in clean), initial=len(text))
        next(ends)
        starts.extend(ends)
        text += data
    return ids, starts, text


def _flags(db: sqlite3.Connection, archived_sql: str, ids: array[int]) -> bytearray:
    """1 for each id of ``ids`` the statement lists as archived, 0 otherwise."""
    archived = {row[0] for row in db.execute(archived_sql)}
    if not archived:
        return bytearray(len(ids))
    return bytearray(1 if party_id in archived else 0 for party_id in ids)


def child(stdin: IO[str], stdout: IO[bytes]) -> None:
    """The child's work: read the request, write the buffers (at a lower priority than
    the app: it is background work, and the screen is waiting for the same cores)."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    request = json.loads(stdin.readline())
    db = sqlite3.connect(f"file:{request['path']}?mode=ro", uri=True, timeout=10)
    try:
        ids, starts, text = _columns(db, request["rows"])
        flags = _flags(db, request["archived"], ids)
    finally:
        db.close()
    stdout.write(HEADER.pack(len(ids), len(text)))
    for buffer in (ids, starts, flags, text):
        stdout.write(memoryview(buffer).cast("B"))
    stdout.flush()


def _sql(statement: Any, dialect: Any) -> str:
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


class KeyDump:
    """One list's keys being read by a child process (start it, then :meth:`result`)."""

    def __init__(self, engine: Any, dossier_id: int, kind: str, sort: str) -> None:
        from store.engine import sqlite_path
        from store.parties.listing import key_statements

        path = sqlite_path(str(engine.url))
        if path is None:
            raise ValueError("the child reads SQLite files only")
        rows, archived = key_statements(dossier_id, kind, sort)
        request = {"path": str(path), "rows": _sql(rows, engine.dialect),
                   "archived": _sql(archived, engine.dialect)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "store.parties.key_dump"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=os.environ.copy())
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.close()

    def result(self) -> tuple[array[int], array[int], bytearray, bytearray]:
        """``(ids, key offsets, archived flags, keys)``, once the child has written them.

        Raises:
            OSError: the child failed or was stopped.
        """
        out = self.process.stdout
        assert out is not None
        try:
            head = _read(out, bytearray(HEADER.size))
            count, length = HEADER.unpack(head)
            ids, starts = array("q", bytes(8 * count)), array("q", bytes(8 * (count + 1)))
            _read(out, memoryview(ids).cast("B"))
            _read(out, memoryview(starts).cast("B"))
            flags = _read(out, bytearray(count))
            text = _read(out, bytearray(length))
        finally:
            out.close()
            if self.process.wait() != 0:
                raise OSError(f"key dump ended with {self.process.returncode}")
        return ids, starts, flags, text

    def stop(self) -> None:
        """End the child (the list closed before it finished)."""
        if self.process.poll() is None:
            self.process.kill()


def _read(stream: IO[bytes], buffer: Any) -> Any:
    """Fill ``buffer`` from ``stream`` (the interpreter lock is released while waiting)."""
    view, done = memoryview(buffer), 0
    while done < len(view):
        got = stream.readinto(view[done:])  # type: ignore[attr-defined]
        if not got:
            raise OSError("key dump cut short")
        done += got
    return buffer


if __name__ == "__main__":
    child(sys.stdin, sys.stdout.buffer)
