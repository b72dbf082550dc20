"""Where shared state lives: Redis when `ACEMEDIA_REDIS_URL` (or `MCP_OAUTH_REDIS_URL`) is set,
else the embedded defaults of one process (the SQLite ledger, marks and secrets in memory)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...errors import ConfigError
from ...hosted_settings import KeyVariables
from ...settings import REDIS_ENVS, read, redis_url
from .base import Store, Vault
from .memory import MemoryStore
from .sealing import KEY_ENV, SecretBox

if TYPE_CHECKING:
    from ...runtime import Runtime

HOSTED_EXTRA = "pip install 'acemedia-core[hosted]'"


def _require(module: str, why: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"{why} needs the {module!r} package: {HOSTED_EXTRA}")


@dataclass
class SharedState:
    store: Store
    box: SecretBox | None = None  # made on first use when no key is set: a local install needs none
    redis_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SharedState:
        url = redis_url(environ)
        box = None
        if url is not None or read(KeyVariables, environ, "state_key").state_key:
            _require("cryptography", KEY_ENV)
            # replicas must open what another sealed: a shared store needs a shared key
            box = SecretBox.from_env(environ, required=url is not None)
        if url is None:
            return cls(store=MemoryStore(), box=box)
        _require("redis", REDIS_ENVS[0])
        from .redis_store import RedisStore

        return cls(store=RedisStore(url), box=box, redis_url=url)

    @property
    def vault(self) -> Vault:
        return self.vault_named("acemedia")

    def vault_named(self, prefix: str, why: str = KEY_ENV) -> Vault:
        if self.box is None:
            _require("cryptography", why)
            self.box = SecretBox.from_env({})
        return Vault(self.store, self.box, prefix)

    def attach(self, runtime: Runtime, *, sandbox: bool = False) -> Runtime:
        """The runtime with its ledger and throttle marks moved into Redis (unchanged without it)."""
        if self.redis_url is None:
            return runtime
        from .ledger import RedisTaskLedger
        from .throttle import SharedPollThrottle

        prefix = "acemedia-sandbox" if sandbox else "acemedia"  # simulated tasks never mix with real ones
        ledger = None
        if runtime.ledger is not None:
            ledger = RedisTaskLedger(self.redis_url, prefix=f"{prefix}:ledger")
        throttle = SharedPollThrottle(runtime.throttle.min_interval, self.store, prefix=prefix)
        return replace(runtime, ledger=ledger, throttle=throttle)
