"""The hosted setup on loopback: two replicas behind haproxy on one Redis, with OAuth sign-in.

    uv run python -m demo.hosted      (or: make hosted-demo; needs redis-server and haproxy: make services)

Starts Redis, the simulator in the role of AceDataCloud (API, auth server and platform), two
`veo-mcp --transport http` replicas configured as the README's Hosting section says, and haproxy
(round robin) in front. Then an MCP client signs in with OAuth the way claude.ai does (discovery,
registration, PKCE, the user's sign-in at AceDataCloud, token), generates a video and waits for it,
all through the balancer, and prints how many requests each replica served. Exits 1 on failure.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx
import httpx2
from acemedia.simulator import SimulatorServer, SimulatorState
from acemedia_testing import LocalRedis
from mcp import Client
from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import (
    AuthorizationCodeResult,
    OAuthClientInformationFull,
    OAuthClientMetadata,
    OAuthToken,
)

CLIENT_ID = "loopback-connector"  # this deployment's client at the (simulated) AceDataCloud
REDIRECT = "http://127.0.0.1:33418/callback"  # the MCP client's own redirect URI, never served here
HAPROXY = """\
defaults
    mode http
    timeout connect 5s
    timeout client 700s
    timeout server 700s
    option http-server-close
frontend mcp
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
{servers}
"""


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit(f"{what} did not start")


@contextmanager
def running(command: list[str], env: dict[str, str] | None, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class Tokens(TokenStorage):
    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


async def browser(url: str, user: str) -> dict[str, str]:
    """What the user's browser does: follow the sign-in's redirects back to the client."""
    async with httpx.AsyncClient(headers={"X-Sim-User": user}) as http:
        for _ in range(8):
            if url.startswith(REDIRECT):
                return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
            say(f"  browser → {urlsplit(url).netloc}{urlsplit(url).path}")
            reply = await http.get(url)
            if "location" not in reply.headers:
                raise SystemExit(f"the sign-in stopped at {reply.status_code}: {reply.text[:200]}")
            url = str(httpx.URL(url).join(reply.headers["location"]))
    raise SystemExit("the sign-in never came back to the client")


@asynccontextmanager
async def signed_in_session(
    mcp_url: str,
    storage: TokenStorage,
    browse: Callable[[str], Awaitable[dict[str, str]]],
    document: str | None = None,
    redirect_uri: str = REDIRECT,
) -> AsyncIterator[Client]:
    """An MCP client session that signs in with OAuth on the first 401: `browse` plays the user's
    browser from the authorization URL back to the redirect URI and returns that URI's query.
    With `document`, the client identifies itself by that metadata document instead of registering."""
    landed: dict[str, str] = {}

    async def redirect(url: str) -> None:
        landed.update(await browse(url))

    async def callback() -> AuthorizationCodeResult:
        if "code" not in landed:
            raise SystemExit(f"the sign-in came back without a code: {landed}")
        return AuthorizationCodeResult(code=landed["code"], state=landed.get("state"), iss=landed.get("iss"))

    metadata = OAuthClientMetadata(
        client_name="acemedia hosted demo",
        redirect_uris=[redirect_uri],  # type: ignore[list-item]
        grant_types=["authorization_code", "refresh_token"],
        response_types=["code"],
        token_endpoint_auth_method="none",
    )
    auth = OAuthClientProvider(
        mcp_url,
        metadata,
        storage,
        redirect_handler=redirect,
        callback_handler=callback,
        client_metadata_url=document,
    )
    async with (
        httpx2.AsyncClient(auth=auth, timeout=120) as http,
        Client(streamable_http_client(mcp_url, http_client=http), mode="legacy") as client,
    ):
        yield client


async def sign_in_and_generate(mcp_url: str, user: str) -> dict[str, Any]:
    storage = Tokens()
    async with signed_in_session(mcp_url, storage, lambda url: browser(url, user)) as client:
        assert storage.tokens is not None
        say(
            f"signed in as {user}: access token {storage.tokens.access_token[:10]}…, expires in {storage.tokens.expires_in} s"
        )
        made = await client.call_tool("veo_text_to_video", {"prompt": "a lighthouse at dawn, waves below"})
        task: dict[str, Any] = made.structured_content or {}
        say(f"submitted: task {task.get('task_id')} ({task.get('status')})")
        waited = await client.call_tool(
            "veo_wait_for_task", {"task_id": task["task_id"], "timeout_seconds": 60}
        )
        result: dict[str, Any] = waited.structured_content or {}
        finals = [m["url"] for m in result.get("media", []) if m.get("final")]
        say(f"waited: {result.get('status')} {' '.join(finals)}")
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--user", default="demo-user", help="who signs in at the simulated AceDataCloud")
    args = parser.parse_args(argv)
    haproxy = shutil.which("haproxy")
    if haproxy is None or shutil.which("redis-server") is None:
        say("needs redis-server and haproxy: run `make services` (apt-get, as root)")
        return 1
    script = str(Path(sys.executable).parent / "veo-mcp")
    with tempfile.TemporaryDirectory(prefix="acemedia-hosted-") as folder, ExitStack() as stack:
        tmp = Path(folder)
        redis = stack.enter_context(LocalRedis(tmp / "redis"))
        upstream = stack.enter_context(
            SimulatorServer(SimulatorState(job_seconds=3, oauth_client_id=CLIENT_ID), serve_media=True)
        )
        public, ports = free_port(), [free_port(), free_port()]
        env = {
            "PATH": "/usr/bin:/bin",
            "LOG_LEVEL": "INFO",
            "ACEMEDIA_LEDGER": str(tmp / "ledger.sqlite3"),
            # the README's Hosting settings, pointed at loopback
            "MCP_SERVER_URL": f"http://127.0.0.1:{public}",
            "ACEDATACLOUD_OAUTH_CLIENT_ID": CLIENT_ID,
            "MCP_OAUTH_STATE_KEY": secrets.token_hex(32),
            "ACEMEDIA_REDIS_URL": redis.url,
            "ACEDATACLOUD_API_BASE_URL": upstream.url,
            "ACEDATACLOUD_AUTH_BASE_URL": upstream.url,
            "ACEDATACLOUD_PLATFORM_BASE_URL": upstream.url,
        }
        say(f"Redis {redis.url}; AceDataCloud stand-in {upstream.url}")
        logs = []
        for name, port in zip("ab", ports, strict=True):
            log = tmp / f"replica-{name}.log"
            process = stack.enter_context(
                running([script, "--transport", "http", "--port", str(port)], env, log)
            )
            wait_for(f"http://127.0.0.1:{port}/health", process, f"replica {name}")
            logs.append(log)
            say(f"replica {name}: veo-mcp on 127.0.0.1:{port}")
        servers = "\n".join(f"    server r{i} 127.0.0.1:{port}" for i, port in enumerate(ports))
        config = tmp / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=public, servers=servers))
        balancer = stack.enter_context(
            running([haproxy, "-db", "-f", str(config)], None, tmp / "haproxy.log")
        )
        wait_for(f"http://127.0.0.1:{public}/health", balancer, "haproxy")
        mcp_url = f"http://127.0.0.1:{public}/mcp"
        say(f"haproxy (round robin): {mcp_url}\n")
        result = anyio.run(sign_in_and_generate, mcp_url, args.user)
        served = [log.read_text().count('"POST /mcp') for log in logs]
        say(f"\nMCP requests served: replica a {served[0]}, replica b {served[1]}")
        credential = upstream.state.credential_of(args.user)
        billed = credential is not None and upstream.state.journal.requests()[-1].token == credential
        say(f"upstream calls carried {args.user}'s own AceDataCloud credential: {'yes' if billed else 'no'}")
        ok = result.get("status") == "succeeded" and all(served) and billed
        say("done" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
