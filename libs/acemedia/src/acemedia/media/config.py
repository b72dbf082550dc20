"""Media settings from the environment: where saved files go, how big and how slow a download may be."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ConfigError

DEFAULT_MAX_MB = 1024
DEFAULT_TIMEOUT = 600.0
PROGRESS_EVERY = 4 * 1024 * 1024  # bytes between two progress notifications of one download
ON = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class MediaSettings:
    """`output_dir` None means saving is off, and `off_reason` says why (for the agent)."""

    output_dir: Path | None = None
    off_reason: str = "Saving is off: set ACEMEDIA_OUTPUT_DIR to a folder to turn it on."
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024
    timeout: float = DEFAULT_TIMEOUT
    progress_every: int = PROGRESS_EVERY
    # host:port pairs that may be fetched although they are private (the sandbox's own media host)
    private_hosts: frozenset[str] = field(default_factory=frozenset)
    # extra origins for the player page's CSP (besides the provider's and the sandbox's)
    media_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, http: bool = False) -> MediaSettings:
        """Read `ACEMEDIA_OUTPUT_DIR` and friends. In HTTP mode saving stays off unless
        `ACEMEDIA_SAVE_OVER_HTTP=1`: a hosted server writes no files for its callers by default."""
        env = os.environ if environ is None else environ
        raw_dir = env.get("ACEMEDIA_OUTPUT_DIR", "").strip()
        settings = cls(
            max_bytes=int(_positive(env, "ACEMEDIA_MAX_DOWNLOAD_MB", DEFAULT_MAX_MB) * 1024 * 1024),
            timeout=_positive(env, "ACEMEDIA_DOWNLOAD_TIMEOUT", DEFAULT_TIMEOUT),
            private_hosts=frozenset(_list(env, "ACEMEDIA_PRIVATE_MEDIA_HOSTS")),
            media_origins=tuple(_list(env, "ACEMEDIA_MEDIA_ORIGINS")),
        )
        if not raw_dir:
            return settings
        if http and env.get("ACEMEDIA_SAVE_OVER_HTTP", "").strip().lower() not in ON:
            return replace(
                settings,
                off_reason="Saving is off in HTTP mode: a hosted server writes no files for its callers "
                "(the operator may set ACEMEDIA_SAVE_OVER_HTTP=1).",
            )
        folder = Path(raw_dir).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"ACEMEDIA_OUTPUT_DIR must be a folder, got the file {raw_dir!r}")
        return replace(settings, output_dir=folder.resolve(), off_reason="")

    def allowing(self, *hosts: str) -> MediaSettings:
        """The same settings, with `hosts` (host:port) allowed although private."""
        return replace(self, private_hosts=self.private_hosts | frozenset(hosts))


def _list(env: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in env.get(name, "").split(",") if part.strip()]


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0, got {raw!r}")
    return value
