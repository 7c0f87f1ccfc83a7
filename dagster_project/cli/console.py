"""What ``lw`` prints: a few lines a person reads, while everything else goes to a log file.

``capture_output`` points this process's stdout and stderr (file descriptors 1 and 2, so Dagster's
loggers, dbt, GX, alembic and any child process are all caught) at ``LW_HOME/logs/<run id>.log``;
``Console`` writes to the terminal that was there before. ``-v`` copies the log to the terminal too.
"""

from __future__ import annotations

import os
import select
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class Console:
    """Lines for the person at the terminal; on a TTY, one transient progress line that is overwritten."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._transient = False
        self._lock = threading.Lock()

    def say(self, line: str) -> None:
        with self._lock:
            if self._transient:
                self.stream.write("\r\033[K")
                self._transient = False
            self.stream.write(line + "\n")
            self.stream.flush()

    def progress(self, line: str) -> None:
        """Shown in place on a terminal (nothing is printed when the output is a file or a pipe)."""
        if not self.tty:
            return
        with self._lock:
            self.stream.write("\r\033[K" + line[:160])
            self.stream.flush()
            self._transient = True


@contextmanager
def capture_output(log_path: Path, echo: bool) -> Iterator[Console]:
    """Send fds 1 and 2 to ``log_path`` (and to the terminal when ``echo``); yield a Console on the old stdout."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved_out), "w", buffering=1, encoding="utf-8", errors="replace")
    read_fd, write_fd = os.pipe()
    log = log_path.open("ab", buffering=0)  # unbuffered: a write that fails (disk full) fails here, not at close
    lost: list[OSError] = []  # why the log stopped being written

    stop = threading.Event()

    def pump() -> None:
        # Ends at EOF, or once asked to stop and the pipe has been quiet for 0.1 s: a child process that
        # inherited fds 1 and 2 (multiprocessing's resource tracker, say) can keep a write end open forever.
        while True:
            if not select.select([read_fd], [], [], 0.1)[0]:
                if stop.is_set():
                    return
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                return
            if not lost:
                try:
                    log.write(chunk)
                except OSError as exc:  # keep draining the pipe: a pump that stopped would block every writer
                    lost.append(exc)
            if echo:
                os.write(saved_out, chunk)

    pumper = threading.Thread(target=pump, name="lw-log-pump", daemon=True)
    pumper.start()
    os.dup2(write_fd, 1)
    os.dup2(write_fd, 2)
    os.close(write_fd)
    try:
        yield Console(terminal)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        stop.set()
        pumper.join(timeout=5)
        os.close(read_fd)
        os.close(saved_out)
        os.close(saved_err)
        log.close()
        if lost:
            terminal.write(f"lw: the log {log_path} is incomplete: writing it failed ({lost[0]})\n")
        terminal.close()
