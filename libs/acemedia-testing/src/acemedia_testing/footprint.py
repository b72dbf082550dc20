"""What a stdio server loads at start: the acemedia modules it imports, measured on a real process.

The server is started as its console script would start it (`main()` of the provider package), under
`python -X importtime`, answers `initialize` and `tools/list`, and exits at the end of its input; every
module the interpreter imported on the way is listed on stderr.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

IMPORTED = re.compile(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)")
HANDSHAKE = (
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "footprint", "version": "1"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
)


@dataclass(frozen=True)
class Footprint:
    """The core's modules a started server had imported, with each one's lines of source."""

    lines: dict[str, int]
    answered: bool  # the server listed its tools

    @property
    def total(self) -> int:
        return sum(self.lines.values())

    def under(self, package: str) -> list[str]:
        return sorted(m for m in self.lines if m == package or m.startswith(package + "."))


def stdio_footprint(package: str, core: str = "acemedia", timeout: float = 60) -> Footprint:
    """Start `package`'s server over stdio (no token needed: it only lists its tools) and measure it."""
    env = {**os.environ, "ACEDATACLOUD_API_TOKEN": "footprint", "ACEMEDIA_LEDGER": "off"}
    for name in ("ACEMEDIA_REDIS_URL", "MCP_OAUTH_REDIS_URL", "ACEMEDIA_SANDBOX"):
        env.pop(name, None)
    messages = "".join(json.dumps(m) + "\n" for m in HANDSHAKE)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"from {package} import main; main()"],
        input=messages,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    names = {m.group(1) for m in IMPORTED.finditer(done.stderr)}
    lines: dict[str, int] = {}
    for name in names:
        if name != core and not name.startswith(core + "."):
            continue
        spec = importlib.util.find_spec(name)
        if spec and spec.origin and spec.origin.endswith(".py"):
            with open(spec.origin, encoding="utf-8") as source:
                lines[name] = sum(1 for _ in source)
    return Footprint(lines, answered='"tools"' in done.stdout)
