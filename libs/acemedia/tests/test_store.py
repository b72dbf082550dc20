"""The store: sealing with key rotation, the embedded default, and Redis (a real redis-server)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from acemedia.errors import ConfigError
from acemedia.http.store import MemoryStore, SealError, SecretBox, SharedState, Vault
from acemedia.http.store.ledger import RedisTaskLedger
from acemedia.http.store.redis_store import RedisStore
from acemedia.http.store.throttle import SharedPollThrottle
from acemedia_testing import FakeTime, require_program
from acemedia_testing.local_redis import LocalRedis, everything_in

KEY_A, KEY_B = secrets.token_hex(32), secrets.token_hex(32)
SECRET = "tok-" + secrets.token_hex(16)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    require_program("redis-server")
    with LocalRedis() as redis:
        yield redis.url


@pytest.fixture
def redis_store(redis_url: str) -> Iterator[RedisStore]:
    store = RedisStore(redis_url)
    store.redis.flushdb()
    yield store
    store.close()


# -- sealing ----------------------------------------------------------------------------------------


def test_a_sealed_value_opens_only_under_its_name() -> None:
    box = SecretBox(bytes.fromhex(KEY_A))
    sealed = box.seal(b"credential", "acemedia:token:x")
    assert b"credential" not in sealed and box.open(sealed, "acemedia:token:x") == b"credential"
    with pytest.raises(SealError, match="another name"):
        box.open(sealed, "acemedia:token:y")
    with pytest.raises(SealError, match="tampered"):
        box.open(sealed[:-1] + bytes([sealed[-1] ^ 1]), "acemedia:token:x")


def test_keys_rotate_without_losing_what_was_sealed() -> None:
    old = SecretBox.from_env({"MCP_OAUTH_STATE_KEY": KEY_A})
    sealed = old.seal(b"v", "n")
    rotated = SecretBox.from_env({"MCP_OAUTH_STATE_KEY": KEY_B, "MCP_OAUTH_STATE_KEYS_RETIRED": KEY_A})
    assert rotated.open(sealed, "n") == b"v" and rotated.needs_resealing(sealed)
    assert not rotated.needs_resealing(rotated.seal(b"v", "n"))
    with pytest.raises(SealError, match="not in the key ring"):
        SecretBox.from_env({"MCP_OAUTH_STATE_KEY": KEY_B}).open(sealed, "n")


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"MCP_OAUTH_STATE_KEY": "abc"}, "MCP_OAUTH_STATE_KEY must be 32 bytes as 64 hex characters, got 3"),
        ({"MCP_OAUTH_STATE_KEY": "z" * 64}, "MCP_OAUTH_STATE_KEY must be 64 hex characters"),
        (
            {"MCP_OAUTH_STATE_KEY": KEY_A, "MCP_OAUTH_STATE_KEYS_RETIRED": "12"},
            "MCP_OAUTH_STATE_KEYS_RETIRED",
        ),
        (
            {"ACEMEDIA_REDIS_URL": "redis://127.0.0.1:1"},
            "MCP_OAUTH_STATE_KEY must be set when state is shared",
        ),
        ({"ACEMEDIA_REDIS_URL": "http://x"}, "ACEMEDIA_REDIS_URL must start with redis://"),
        ({"MCP_OAUTH_REDIS_URL": "tcp://x"}, "MCP_OAUTH_REDIS_URL must start with redis://"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        SharedState.from_env(env)


def test_without_redis_state_is_embedded_and_needs_no_key() -> None:
    state = SharedState.from_env({})
    assert isinstance(state.store, MemoryStore) and state.redis_url is None
    state.vault.put("client", "c1", {"a": 1})
    assert state.vault.get("client", "c1") == {"a": 1}


# -- the embedded store -----------------------------------------------------------------------------


def test_memory_records_expire_on_the_clock_and_are_taken_once(fake_time: FakeTime) -> None:
    store = MemoryStore(clock=fake_time.clock)
    vault = Vault(store, SecretBox(bytes.fromhex(KEY_A)))
    vault.put("code", SECRET, {"user": "u"}, ttl=600)
    fake_time.now += 599
    assert vault.take("code", SECRET) == {"user": "u"}
    assert vault.take("code", SECRET) is None
    vault.put("code", SECRET, {"user": "u"}, ttl=600)
    fake_time.now += 600
    assert vault.get("code", SECRET) is None


# -- Redis ------------------------------------------------------------------------------------------


def test_redis_holds_secrets_sealed_and_filed_under_one_way_names(
    redis_store: RedisStore, redis_url: str
) -> None:
    vault = Vault(redis_store, SecretBox(bytes.fromhex(KEY_A)))
    vault.put("token", SECRET, {"credential": "platform-" + SECRET}, ttl=60)
    assert vault.get("token", SECRET) == {"credential": "platform-" + SECRET}
    assert SECRET.encode() not in everything_in(redis_url)
    assert 0 < redis_store.redis.pttl(next(redis_store.redis.scan_iter())) <= 60_000


def test_a_code_is_redeemed_once_across_replicas(redis_store: RedisStore, redis_url: str) -> None:
    box = SecretBox(bytes.fromhex(KEY_A))
    replicas = [Vault(RedisStore(redis_url), box) for _ in range(8)]
    replicas[0].put("code", SECRET, {"user": "u"}, ttl=60)
    with ThreadPoolExecutor(8) as pool:
        taken = list(pool.map(lambda vault: vault.take("code", SECRET), replicas))
    assert taken.count({"user": "u"}) == 1 and taken.count(None) == 7


def test_the_ledger_in_redis_is_one_ledger_for_every_replica(redis_store: RedisStore, redis_url: str) -> None:
    clock = iter(range(1000, 2000)).__next__
    one, two = RedisTaskLedger(redis_url, clock=clock), RedisTaskLedger(redis_url, clock=clock)
    one.record_submission("alice", "demo", "t1", "demo_generate", {"prompt": "a cat"}, "pending")
    one.record_submission("alice", "demo", "t2", "demo_generate", {"prompt": "a dog"}, "pending")
    one.record_submission("bob", "demo", "t3", "demo_generate", {"prompt": "bob's"}, "pending")
    two.update_status("alice", "demo", "t1", "succeeded")
    two.record_files("alice", "demo", "t1", "demo_save_media", [{"path": "/x/demo-t1-0.mp4"}])
    assert [r["task_id"] for r in one.recent("alice", "demo")] == ["t2", "t1"]
    assert [r["task_id"] for r in one.recent("alice", "demo", status="succeeded")] == ["t1"]
    assert one.get("alice", "demo", "t1")["files"] == [{"path": "/x/demo-t1-0.mp4"}]  # type: ignore[index]
    assert one.get("bob", "demo", "t1") is None and one.statuses("alice", "demo", ["t1", "t9"]) == {
        "t1": "succeeded"
    }
    two.record_files("alice", "demo", "t8", "demo_save_media", [])  # saved without a submission here
    assert one.get("alice", "demo", "t8")["summary"].startswith("saved media")  # type: ignore[index]
    assert one.recent("alice", "demo", limit=1)[0]["task_id"] == "t8"


def test_poll_marks_are_shared_by_replicas(
    redis_store: RedisStore, redis_url: str, fake_time: FakeTime
) -> None:
    one = SharedPollThrottle(5.0, redis_store, clock=fake_time.clock)
    two = SharedPollThrottle(5.0, RedisStore(redis_url), clock=fake_time.clock)
    assert one.wait_before_repoll("t1") == 0.0
    fake_time.now += 2
    assert two.wait_before_repoll("t1") == pytest.approx(3.0)  # the other replica's poll counts
    two.forget("t1")
    assert one.wait_before_repoll("t1") == 0.0


def test_a_missing_service_skips_with_one_line_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="redis-server is not installed"):
        require_program("redis-server")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="redis-server is not installed"):
        require_program("redis-server")
