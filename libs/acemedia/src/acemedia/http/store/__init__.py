"""State that replicas must share, behind one interface: embedded by default, Redis when configured."""

from ...settings import REDIS_ENVS, redis_url
from .base import Store, Vault
from .config import SharedState
from .memory import MemoryStore
from .sealing import KEY_ENV, OLD_KEYS_ENV, SealError, SecretBox

__all__ = [
    "KEY_ENV",
    "OLD_KEYS_ENV",
    "REDIS_ENVS",
    "MemoryStore",
    "SealError",
    "SecretBox",
    "SharedState",
    "Store",
    "Vault",
    "redis_url",
]
