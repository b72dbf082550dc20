"""Replicas on loopback behind a real haproxy (`acemedia_testing.LocalHaproxy`): which of them is
serving a request right now."""

from __future__ import annotations

from pathlib import Path

from acemedia_testing import ServerProcess


def serving(replicas: list[ServerProcess]) -> list[ServerProcess]:
    """The replicas with a request in progress: an established connection on their port (haproxy
    opens one per request, and nothing else connects to them)."""
    busy = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "01":  # ESTABLISHED
                busy.add(int(local.rsplit(":", 1)[1], 16))
    return [r for r in replicas if r.port in busy]
