"""Run a command on a pseudo-terminal, as a person's shell would: shared by the terminal tests,
the docs generator and the benchmarks, so that all three see the same thing."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios


def run_on_terminal(
    command: list[str], env: dict[str, str], *, columns: int = 100, rows: int = 50, timeout: float = 60
) -> tuple[int, str]:
    """The exit code and everything `command` wrote to a terminal `columns` wide.

    Lines end in "\\n" (the terminal's "\\r\\n" undone). A command silent for `timeout`
    seconds is killed and reported with TimeoutError.
    """
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**env, "COLUMNS": str(columns), "LINES": str(rows)},
        close_fds=True,
    )
    os.close(follower)
    chunks = []
    try:
        while True:
            if not select.select([leader], [], [], timeout)[0]:
                process.kill()
                raise TimeoutError(f"{command} wrote nothing for {timeout} s")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the command exits
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    code = process.wait(timeout=timeout)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
