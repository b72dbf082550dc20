"""State that replicas must share, behind one interface: embedded by default, Redis when configured."""

from .base import Store, Vault
from .config import REDIS_ENVS, SharedState, redis_url
from .local_redis import LocalRedis
from .memory import MemoryStore
from .sealing import KEY_ENV, OLD_KEYS_ENV, SealError, SecretBox

__all__ = [
    "KEY_ENV",
    "OLD_KEYS_ENV",
    "REDIS_ENVS",
    "LocalRedis",
    "MemoryStore",
    "SealError",
    "SecretBox",
    "SharedState",
    "Store",
    "Vault",
    "redis_url",
]
