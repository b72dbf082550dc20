"""The allow-list of deliberate differences (allowed.json): each key with the reason it is deliberate."""

from __future__ import annotations

import json
from pathlib import Path

ALLOWED = Path(__file__).with_name("allowed.json")


class AllowListError(ValueError):
    pass


def load_allowed(path: Path = ALLOWED) -> dict[str, str]:
    """Difference key -> reason. An entry without a reason, or listed twice, is an error."""
    entries = json.loads(path.read_text(encoding="utf-8"))["allowed"]
    allowed: dict[str, str] = {}
    for entry in entries:
        key, reason = str(entry.get("difference", "")).strip(), str(entry.get("reason", "")).strip()
        if not key or not reason:
            raise AllowListError(f"{path.name}: every entry needs a difference and a reason: {entry!r}")
        if key in allowed:
            raise AllowListError(f"{path.name}: {key!r} is listed twice")
        allowed[key] = reason
    return allowed
