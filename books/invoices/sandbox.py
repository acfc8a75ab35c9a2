"""Reading invoices in a child process bounded in memory and in time.

The reader caps what it inflates, renders and recognises, but it runs pdfium,
lxml and Tesseract on files from anyone: a file can still make one of them
spin or allocate without end, and pdfium aborts the whole process when memory
runs out. So a batch (the inbox, ``saisie extract``) reads through a
:class:`SandboxedReader`: one long-lived child Python process
(``python -m books.invoices.sandbox``) with an address-space limit, talking
over its standard input and output; each file gets a deadline. A file that overruns either ends as a failed extraction
naming the limit, the child is replaced, and the batch goes on with the next.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from books.i18n import get_language, set_language, t
from books.invoices.model import Extraction

TIMEOUT_S = 60.0
"""Longest a file may take to read (OCR of a four-page scan takes ~10 s here)."""
MEMORY_BYTES = 1536 * 1024 * 1024
"""Address space the reading process may use (it starts with ~250 MB mapped)."""
_MEMORY_SENTINEL = "__memory__"


class SandboxedReader:
    """Reads invoice files one at a time in a bounded child process.

    Thread-safe (one file at a time); use it as a context manager or call
    :meth:`close`. The child starts on the first read.
    """

    def __init__(self, *, timeout_s: float = TIMEOUT_S, memory_bytes: int = MEMORY_BYTES) -> None:
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: _Duplex | None = None

    def __enter__(self) -> SandboxedReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def read(self, path: str | os.PathLike[str]) -> Extraction:
        """Read ``path`` like :func:`~books.invoices.read_invoice`, within the limits.

        Never raises for a bad file: an overrun is reported in ``error``.
        """
        name = os.fspath(path)
        with self._lock:
            conn = self._ensure()
            conn.send((name, get_language()))
            if not conn.poll(self.timeout_s):
                self._stop()
                return Extraction(file=name, error=t("extract.error.timeout", file=name,
                                                     seconds=_seconds(self.timeout_s)))
            try:
                answer = conn.recv()
            except (EOFError, OSError):
                return self._died(name)
        if answer == _MEMORY_SENTINEL:
            self._stop()
            return self._memory_error(name)
        return answer

    def close(self) -> None:
        """Stop the child process."""
        with self._lock:
            self._stop()

    def _ensure(self) -> _Duplex:
        if self._process is not None and self._process.poll() is None and self._conn is not None:
            return self._conn
        self._stop()
        path = os.pathsep.join(entry for entry in sys.path if entry)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "books.invoices.sandbox", str(self.memory_bytes)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path},
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._conn = _Duplex(os.dup(self._process.stdout.fileno()),
                             os.dup(self._process.stdin.fileno()))
        return self._conn

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait(5)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()

    def _died(self, name: str) -> Extraction:
        process = self._process
        code = None if process is None else process.wait(5)
        self._stop()
        if code is not None and code < 0 and -code in (6, 9, 11):  # abort, kill, segfault
            return self._memory_error(name) if -code != 11 else Extraction(
                file=name, error=t("extract.error.reader_died", file=name, reason=f"signal {-code}"))
        return Extraction(file=name, error=t("extract.error.reader_died", file=name,
                                             reason=f"code {code}"))

    def _memory_error(self, name: str) -> Extraction:
        return Extraction(file=name, error=t("extract.error.memory", file=name,
                                             limit=self.memory_bytes // (1024 * 1024)))


def _seconds(value: float) -> str:
    return f"{value:g}"


class _Duplex:
    """Pickled messages over two pipe ends (the child's stdout to read, its stdin to write)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._in = Connection(read_fd, writable=False)
        self._out = Connection(write_fd, readable=False)

    def send(self, value: Any) -> None:
        self._out.send(value)

    def poll(self, timeout: float) -> bool:
        return self._in.poll(timeout)

    def recv(self) -> Any:
        return self._in.recv()

    def close(self) -> None:
        self._in.close()
        self._out.close()


def _serve(memory_bytes: int) -> None:
    """The child's loop: read each file asked for, answer with the extraction.

    Requests come on standard input, answers go out on the original standard
    output; anything a library prints goes to standard error instead.
    """
    import resource

    from books.invoices.reader import read_invoice

    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        try:
            name, language = requests.recv()
        except (EOFError, OSError):
            return
        set_language(language)
        try:
            result: Any = read_invoice(name, reraise_memory=True)
        except MemoryError:
            answers.send(_MEMORY_SENTINEL)
            return
        answers.send(result)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
