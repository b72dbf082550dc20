"""Process settings read from the environment, compatible with the existing servers' variables."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from .errors import ConfigError
from .tokens import token_problem

DEFAULT_BASE_URL = "https://api.acedata.cloud"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# pauses between the wait tools' polls: short at first, then every 10 s
DEFAULT_WAIT_INTERVALS = (2.0, 3.0, 5.0, 8.0, 10.0)
# the wait tools' default budget: when the client listens for progress, and when it does not
DEFAULT_WAIT_BUDGETS = (110.0, 50.0)

# seconds an idle upstream connection is kept for reuse: below the 5 s keep-alive of uvicorn (the
# simulator, the sandbox) and of common proxies, so a connection is dropped before the far end drops it
DEFAULT_KEEPALIVE_EXPIRY = 4.0

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Everything a server process needs to reach the upstream API and pace its polling."""

    api_token: str
    base_url: str
    request_timeout: float
    connect_timeout: float
    query_timeout: float
    min_poll_interval: float
    log_level: str
    ledger_path: str | None = None  # None: the task ledger is off
    wait_intervals: tuple[float, ...] = DEFAULT_WAIT_INTERVALS
    keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY
    wait_budgets: tuple[float, float] = DEFAULT_WAIT_BUDGETS  # (listening for progress, not listening)

    @classmethod
    def from_env(
        cls, prefix: str, default_timeout: float, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Read `ACEDATACLOUD_*`, `<PREFIX>_REQUEST_TIMEOUT`, `ACEMEDIA_*` and `LOG_LEVEL`."""
        env = os.environ if environ is None else environ
        base_url = env.get("ACEDATACLOUD_API_BASE_URL", "").strip() or DEFAULT_BASE_URL
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"ACEDATACLOUD_API_BASE_URL must start with http:// or https://, got {public_url(base_url)!r}"
            )
        request_timeout = _positive(env, f"{prefix}_REQUEST_TIMEOUT", default_timeout)
        log_level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}")
        api_token = env.get("ACEDATACLOUD_API_TOKEN", "").strip()
        if api_token and (problem := token_problem(api_token)):
            raise ConfigError(
                f"ACEDATACLOUD_API_TOKEN {problem}; set it to the token exactly as platform.acedata.cloud "
                "shows it (printable ASCII, no spaces)"
            )
        return cls(
            api_token=api_token,
            base_url=base_url.rstrip("/"),
            request_timeout=request_timeout,
            connect_timeout=_positive(env, "ACEMEDIA_CONNECT_TIMEOUT", 10.0),
            query_timeout=min(request_timeout, _positive(env, "ACEMEDIA_QUERY_TIMEOUT", 60.0)),
            min_poll_interval=_non_negative(env, "ACEMEDIA_MIN_POLL_INTERVAL", 5.0),
            log_level=log_level,
            ledger_path=_ledger_path(env),
            wait_intervals=_intervals(env, "ACEMEDIA_WAIT_INTERVALS", DEFAULT_WAIT_INTERVALS),
            wait_budgets=_budgets(env, "ACEMEDIA_WAIT_SECONDS", DEFAULT_WAIT_BUDGETS),
        )


def public_url(url: str) -> str:
    """`url` with any password replaced by ***, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _ledger_path(env: Mapping[str, str]) -> str | None:
    """ACEMEDIA_LEDGER: a file path, or off/0/false to disable; default: the user's cache directory."""
    raw = env.get("ACEMEDIA_LEDGER", "").strip()
    if raw.lower() in ("off", "0", "false", "no", "none"):
        return None
    if raw:
        return raw
    from .ledger.store import default_ledger_path

    return str(default_ledger_path())


def _intervals(env: Mapping[str, str], name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        values = tuple(float(part) for part in raw.split(","))
    except ValueError:
        raise ConfigError(f"{name} must be comma-separated seconds like 2,3,5,8,10; got {raw!r}") from None
    if not values or any(v <= 0 for v in values):
        raise ConfigError(f"{name} must list seconds greater than 0; got {raw!r}")
    return values


def _budgets(env: Mapping[str, str], name: str, default: tuple[float, float]) -> tuple[float, float]:
    values = _intervals(env, name, default)
    if len(values) != 2 or any(v > 600 for v in values):
        raise ConfigError(f"{name} must be two budgets of at most 600 s like 110,50; got {values}")
    return values[0], values[1]


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    value = _number(env, name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0, got {value}")
    return value


def _non_negative(env: Mapping[str, str], name: str, default: float) -> float:
    value = _number(env, name, default)
    if value < 0:
        raise ConfigError(f"{name} must be 0 (off) or more, got {value}")
    return value


def env_default(name: str, fallback: T, allowed: Any = None, environ: Mapping[str, str] | None = None) -> T:
    """A tool parameter default that the user may override with environment variable `name`.

    `allowed` is a `Literal[...]` type (or a sequence) the value must belong to; ints are parsed
    when the fallback is an int. A bad value stops the server at start with a message naming
    the variable and the allowed values.
    """
    env = os.environ if environ is None else environ
    raw = env.get(name, "").strip()
    if not raw:
        return fallback
    choices = tuple(get_args(allowed)) if allowed is not None and get_args(allowed) else tuple(allowed or ())
    value: Any = raw
    if isinstance(fallback, bool):
        raise TypeError("boolean defaults are not configurable")
    if isinstance(fallback, int):
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if choices and value not in choices:
        shown = ", ".join(str(c) for c in choices)
        raise ConfigError(f"{name} must be one of: {shown}; got {raw!r}")
    return value  # type: ignore[no-any-return]


REDIS_ENVS = ("ACEMEDIA_REDIS_URL", "MCP_OAUTH_REDIS_URL")
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def redis_url(environ: Mapping[str, str] | None = None) -> str | None:
    """The shared store's address (`ACEMEDIA_REDIS_URL`, or the existing servers' `MCP_OAUTH_REDIS_URL`)."""
    env = os.environ if environ is None else environ
    for name in REDIS_ENVS:
        url = env.get(name, "").strip()
        if url:
            if not url.startswith(REDIS_SCHEMES):
                raise ConfigError(
                    f"{name} must start with redis://, rediss:// or unix://, got a {url.split(':')[0]!r} URL"
                )
            return url
    return None
