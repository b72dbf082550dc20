"""Secrets at rest: AES-256-GCM under a key ring, so keys can rotate without losing what is stored.

The current key seals; it and the retired keys open. Each sealed value names its key by a short,
one-way id, and binds the place it is stored under (`aad`), so a value copied to another key fails.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence

from ...errors import ConfigError
from ...hosted_settings import KeyVariables
from ...settings import read, variable

KEY_ENV = variable(KeyVariables, "state_key")
OLD_KEYS_ENV = variable(KeyVariables, "retired_keys")
VERSION = b"s1"


class SealError(Exception):
    """A sealed value could not be opened: unknown key, tampered with, or stored under another name."""


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"acemedia-key-id" + key).digest()[:6]


class SecretBox:
    def __init__(self, current: bytes, retired: Sequence[bytes] = ()) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._current = _key_id(current), AESGCM(current)
        self._keys = {_key_id(k): AESGCM(k) for k in (current, *retired)}
        self._lookup_key = hashlib.sha256(b"acemedia-lookup" + current).digest()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, required: bool = False) -> SecretBox:
        """The key ring from the environment; without a key, a fresh one for this process alone (or
        an error when `required`: replicas must share it)."""
        key = read(KeyVariables, environ, "state_key").state_key
        if not key:
            if required:
                raise ConfigError(
                    f"{KEY_ENV} must be set when state is shared (32 bytes as 64 hex characters, e.g. "
                    "`openssl rand -hex 32`), so every replica can read what another stored"
                )
            return cls(secrets.token_bytes(32))
        # retired keys matter only beside a current one
        return cls(key, read(KeyVariables, environ, "retired_keys").retired_keys)

    def seal(self, plain: bytes, aad: str) -> bytes:
        key_id, aead = self._current
        nonce = secrets.token_bytes(12)
        return VERSION + key_id + nonce + aead.encrypt(nonce, plain, aad.encode())

    def open(self, sealed: bytes, aad: str) -> bytes:
        from cryptography.exceptions import InvalidTag

        if not sealed.startswith(VERSION) or len(sealed) < 2 + 6 + 12 + 16:
            raise SealError("not a sealed value")
        key_id, nonce, body = sealed[2:8], sealed[8:20], sealed[20:]
        aead = self._keys.get(key_id)
        if aead is None:
            raise SealError("sealed with a key that is not in the key ring")
        try:
            return aead.decrypt(nonce, body, aad.encode())
        except InvalidTag:
            raise SealError("tampered with, or stored under another name") from None

    def needs_resealing(self, sealed: bytes) -> bool:
        """True for a value sealed under a retired key."""
        return sealed[2:8] != self._current[0]

    @staticmethod
    def lookup(secret: str) -> str:
        """The name a secret is stored under: one-way, and the same on every replica and key ring.

        Secrets here are random tokens of 256 bits, so a plain hash cannot be reversed by guessing."""
        return hashlib.sha256(b"acemedia-secret:" + secret.encode()).hexdigest()
