"""What /proc says about a process: resident memory, CPU time, and this process's children."""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime,
    [19] starttime."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def rss_kib(pid: int) -> int | None:
    """VmRSS from /proc/<pid>/status, in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time the process has used so far."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def newest_child(exclude: set[int] | frozenset[int] = frozenset()) -> int | None:
    """The most recently started live child of this process (a server the MCP client just spawned)."""
    me = os.getpid()
    best: tuple[int, int] | None = None
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in exclude:
            continue
        fields = _stat_fields(int(entry))
        if fields is None or int(fields[1]) != me or fields[0] == "Z":
            continue
        start = int(fields[19])
        if best is None or start > best[0]:
            best = (start, int(entry))
    return None if best is None else best[1]
