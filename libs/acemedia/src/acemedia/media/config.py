"""Media settings from the environment: where saved files go, how big and how slow a download may be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ConfigError
from ..settings import MediaVariables, default, read

MIB = 1024 * 1024
PROGRESS_EVERY = 4 * MIB  # bytes between two progress notifications of one download


@dataclass(frozen=True)
class MediaSettings:
    """`output_dir` None means saving is off, and `off_reason` says why (for the agent)."""

    output_dir: Path | None = None
    off_reason: str = "Saving is off: set ACEMEDIA_OUTPUT_DIR to a folder to turn it on."
    max_bytes: int = int(default(MediaVariables, "max_download_mb") * MIB)
    timeout: float = default(MediaVariables, "download_timeout")
    progress_every: int = PROGRESS_EVERY
    # host:port pairs that may be fetched although they are private (the sandbox's own media host)
    private_hosts: frozenset[str] = field(default_factory=frozenset)
    # extra origins for the player page's CSP (besides the provider's and the sandbox's)
    media_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, http: bool = False) -> MediaSettings:
        """Read `ACEMEDIA_OUTPUT_DIR` and friends. In HTTP mode saving stays off unless
        `ACEMEDIA_SAVE_OVER_HTTP=1`: a hosted server writes no files for its callers by default."""
        found = read(MediaVariables, environ)
        settings = cls(
            max_bytes=int(found.max_download_mb * MIB),
            timeout=found.download_timeout,
            private_hosts=frozenset(found.private_hosts),
            media_origins=found.media_origins,
        )
        if not found.output_dir:
            return settings
        if http and not found.save_over_http:
            return replace(
                settings,
                off_reason="Saving is off in HTTP mode: a hosted server writes no files for its callers "
                "(the operator may set ACEMEDIA_SAVE_OVER_HTTP=1).",
            )
        folder = Path(found.output_dir).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"ACEMEDIA_OUTPUT_DIR must be a folder, got the file {found.output_dir!r}")
        return replace(settings, output_dir=folder.resolve(), off_reason="")

    def allowing(self, *hosts: str) -> MediaSettings:
        """The same settings, with `hosts` (host:port) allowed although private."""
        return replace(self, private_hosts=self.private_hosts | frozenset(hosts))
