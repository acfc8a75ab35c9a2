"""A terminal the benchmarks type into and read, through tmux's control mode.

Screen latencies are measured as a person sees them: keys go into a real
tmux pane and the pane's text is read back until it changes. Spawning
``tmux capture-pane`` for every look costs 3–5 ms of its own, which used to
blur every figure by about that much; one control-mode client (``tmux -C``)
kept open answers a ``capture-pane`` in a fraction of a millisecond, so the
screen is read about every millisecond instead.
"""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any


class Pane:
    """One tmux session running ``command`` at ``width`` × ``height``."""

    def __init__(self, name: str, command: str, width: int = 120, height: int = 40) -> None:
        self.name = name
        for attempt in range(10):  # a server whose last session just closed refuses for a moment
            try:
                subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(width),
                                "-y", str(height), command], check=True, capture_output=True)
                break
            except subprocess.CalledProcessError:
                if attempt == 9:
                    raise
                time.sleep(0.3)
        # The control client must not resize the window: its size is the session's.
        subprocess.run(["tmux", "set-option", "-t", name, "window-size", "manual"],
                       check=True, capture_output=True)
        self._client = subprocess.Popen(
            ["tmux", "-C", "attach-session", "-t", name], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, bufsize=1)
        self._replies: queue.Queue[list[str]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._replies.get(timeout=10)  # the reply to attaching
        self.command("refresh-client -f no-output")

    def _read(self) -> None:
        """Collect each command's reply (between %begin and %end), skip notifications."""
        assert self._client.stdout is not None
        reply: list[str] | None = None
        for line in self._client.stdout:
            line = line.rstrip("\n")
            if line.startswith("%begin"):
                reply = []
            elif line.startswith(("%end", "%error")) and reply is not None:
                self._replies.put(reply)
                reply = None
            elif reply is not None:
                reply.append(line)

    def command(self, text: str) -> list[str]:
        """Run a tmux command through the control client; its output lines."""
        assert self._client.stdin is not None
        self._client.stdin.write(text + "\n")
        self._client.stdin.flush()
        return self._replies.get(timeout=10)

    def lines(self) -> list[str]:
        """The pane's lines now."""
        return self.command(f"capture-pane -p -t {self.name}")

    def keys(self, *names: str, literal: bool = False) -> None:
        """Send keys (tmux key names, or text with ``literal``)."""
        quoted = " ".join("'" + name.replace("'", "'\\''") + "'" for name in names)
        self.command(f"send-keys -t {self.name} {'-l ' if literal else ''}{quoted}")

    def wait(self, condition: Callable[[list[str]], Any], timeout: float = 30.0) -> float:
        """Seconds until ``condition(lines)`` holds, looking about every millisecond."""
        start = time.perf_counter()
        while not condition(self.lines()):
            if time.perf_counter() - start > timeout:
                raise RuntimeError("the screen did not change in time:\n" + "\n".join(self.lines()))
            time.sleep(0.0005)
        return time.perf_counter() - start

    def timed(self, key: str, condition: Callable[[list[str]], Any]) -> float:
        """Milliseconds from sending ``key`` until ``condition`` holds."""
        start = time.perf_counter()
        self.keys(key)
        self.wait(condition)
        return (time.perf_counter() - start) * 1000

    def pid(self) -> int:
        """The process running in the pane."""
        return int(self.command(f"display-message -p -t {self.name} '#{{pane_pid}}'")[0])

    def close(self) -> None:
        """End the session and the control client."""
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
        self._client.terminate()
        self._client.wait(timeout=5)
