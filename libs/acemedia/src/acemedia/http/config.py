"""HTTP-mode settings: who may call without a token, which Host and Origin headers are accepted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..hosted_settings import HostingVariables
from ..settings import default, read, variable

ANONYMOUS_ENV = variable(HostingVariables, "anonymous")
STREAMS_ENV = variable(HostingVariables, "sse_streams")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_BINDS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class StreamLimits:
    per_caller: int = default(HostingVariables, "sse_streams")
    max_seconds: float = default(HostingVariables, "sse_seconds")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StreamLimits:
        found = read(HostingVariables, environ, "sse_streams", "sse_seconds")
        return cls(found.sse_streams, found.sse_seconds)


@dataclass(frozen=True)
class HostingSettings:
    # a caller without a bearer token: refused (401), or served with ACEDATACLOUD_API_TOKEN
    anonymous: str = default(HostingVariables, "anonymous")
    # extra Host header values (a proxy's public name); "*" turns the Host/Origin check off
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    # browser origins CORS answers for (off when empty)
    cors_origins: tuple[str, ...] = ()
    sse: StreamLimits = field(default_factory=StreamLimits)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> HostingSettings:
        found = read(HostingVariables, environ)
        return cls(
            anonymous=found.anonymous,
            allowed_hosts=found.allowed_hosts,
            allowed_origins=found.allowed_origins,
            cors_origins=found.cors_origins,
            sse=StreamLimits(found.sse_streams, found.sse_seconds),
        )

    @property
    def serves_anonymous(self) -> bool:
        return self.anonymous == "server-token"

    def host_patterns(self, bind: str) -> list[str]:
        """Host header values accepted for a server bound to `bind` (each with any port)."""
        names = list(LOOPBACK_NAMES)
        if bind not in WILDCARD_BINDS:
            names.append(f"[{bind}]" if ":" in bind else bind)
        patterns = [p for name in dict.fromkeys(names) for p in (name, f"{name}:*")]
        return patterns + [h for h in self.allowed_hosts if h not in patterns]

    def origin_patterns(self, bind: str) -> list[str]:
        """Origins accepted: every accepted host over http and https, plus the configured ones."""
        hosts = [h for h in self.host_patterns(bind) if h != "*"]
        configured = [*self.allowed_origins, *(o for o in self.cors_origins if o != "*")]
        return [f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")] + configured

    @property
    def checks_hosts(self) -> bool:
        return "*" not in self.allowed_hosts
