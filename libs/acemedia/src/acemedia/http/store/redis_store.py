"""State shared by replicas, in Redis (`ACEMEDIA_REDIS_URL`). Every operation is one atomic command."""

from __future__ import annotations

from typing import Any

SOCKET_TIMEOUT = 5.0


def connect(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT)


class RedisStore:
    remote = True

    def __init__(self, url: str) -> None:
        self.redis = connect(url)

    def put(self, name: str, value: bytes, ttl: float | None = None) -> None:
        self.redis.set(name, value, px=None if ttl is None else max(1, int(ttl * 1000)))

    def get(self, name: str) -> bytes | None:
        value: bytes | None = self.redis.get(name)
        return value

    def take(self, name: str) -> bytes | None:
        value: bytes | None = self.redis.getdel(name)
        return value

    def delete(self, name: str) -> None:
        self.redis.delete(name)

    def swap_time(self, name: str, now: float, ttl: float) -> float | None:
        previous = self.redis.set(name, repr(now), px=max(1, int(ttl * 1000)), get=True)
        return None if previous is None else float(previous)

    def close(self) -> None:
        self.redis.close()
