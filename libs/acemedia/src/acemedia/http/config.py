"""HTTP-mode settings: who may call without a token, which Host and Origin headers are accepted."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import ConfigError

ANONYMOUS_ENV = "ACEMEDIA_ANONYMOUS_CALLERS"
ANONYMOUS_CHOICES = ("refuse", "server-token")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_BINDS = ("0.0.0.0", "::", "")


STREAMS_ENV, SECONDS_ENV = "ACEMEDIA_MAX_SSE_STREAMS_PER_CALLER", "ACEMEDIA_SSE_MAX_SECONDS"


@dataclass(frozen=True)
class StreamLimits:
    per_caller: int = 4
    max_seconds: float = 3600.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StreamLimits:
        env = os.environ if environ is None else environ
        per_caller, seconds = env.get(STREAMS_ENV, "").strip(), env.get(SECONDS_ENV, "").strip()
        if per_caller and (not per_caller.isdigit() or int(per_caller) < 1):
            raise ConfigError(f"{STREAMS_ENV} must be a whole number of 1 or more, got {per_caller!r}")
        try:
            max_seconds = float(seconds) if seconds else cls.max_seconds
        except ValueError:
            max_seconds = 0.0
        if max_seconds <= 0:
            raise ConfigError(f"{SECONDS_ENV} must be a number of seconds greater than 0, got {seconds!r}")
        return cls(int(per_caller) if per_caller else cls.per_caller, max_seconds)


@dataclass(frozen=True)
class HostingSettings:
    # a caller without a bearer token: refused (401), or served with ACEDATACLOUD_API_TOKEN
    anonymous: str = "refuse"
    # extra Host header values (a proxy's public name); "*" turns the Host/Origin check off
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    # browser origins CORS answers for (off when empty)
    cors_origins: tuple[str, ...] = ()
    sse: StreamLimits = field(default_factory=StreamLimits)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> HostingSettings:
        env = os.environ if environ is None else environ
        anonymous = env.get(ANONYMOUS_ENV, "").strip().lower() or "refuse"
        if anonymous not in ANONYMOUS_CHOICES:
            raise ConfigError(
                f"{ANONYMOUS_ENV} must be one of {', '.join(ANONYMOUS_CHOICES)}; got {anonymous!r}"
            )
        hosts = _list(env, "ACEMEDIA_ALLOWED_HOSTS")
        origins = _list(env, "ACEMEDIA_ALLOWED_ORIGINS")
        for origin in origins:
            if not origin.startswith(("http://", "https://")):
                raise ConfigError(
                    f"ACEMEDIA_ALLOWED_ORIGINS entries must start with http:// or https://, got {origin!r}"
                )
        cors = _list(env, "ACEMEDIA_CORS_ORIGINS")
        for origin in cors:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ConfigError(
                    f"ACEMEDIA_CORS_ORIGINS entries must be origins like https://app.example.com, got {origin!r}"
                )
        return cls(
            anonymous=anonymous,
            allowed_hosts=hosts,
            allowed_origins=origins,
            cors_origins=cors,
            sse=StreamLimits.from_env(env),
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


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = env.get(name, "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())
