"""Realistic, reproducible identifiers: one seeded generator per simulator."""

from __future__ import annotations

import random
import uuid

_BASE32 = "0123456789abcdefghjkmnpqrstvwxyz"


class IdMaker:
    """Makes every id the simulator hands out, from a seeded RNG so runs repeat exactly."""

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)

    def uuid(self) -> str:
        """A uuid4, like task_id and trace_id."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def hex(self, length: int = 32) -> str:
        """Lower-case hex, like some providers' video ids or a media file name."""
        return "".join(self._rng.choice("0123456789abcdef") for _ in range(length))

    def digits(self, length: int) -> str:
        """A numeric string without a leading zero, like an 18-digit video id."""
        return str(self._rng.randrange(10 ** (length - 1), 10**length))

    def base32(self, length: int) -> str:
        """Lower-case Crockford base32, like the tail of some versioned ids."""
        return "".join(self._rng.choice(_BASE32) for _ in range(length))
