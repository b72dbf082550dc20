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
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx
import httpx2
from acemedia_testing import LocalHaproxy, LocalRedis, ServerProcess, free_port
from acemedia_testing.simulator import SimulatorServer, SimulatorState
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


def say(text: str) -> None:
    print(text, flush=True)


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
    with tempfile.TemporaryDirectory(prefix="acemedia-hosted-") as folder, ExitStack() as stack:
        tmp = Path(folder)
        redis = stack.enter_context(LocalRedis(tmp / "redis"))
        upstream = stack.enter_context(
            SimulatorServer(SimulatorState(job_seconds=3, oauth_client_id=CLIENT_ID), serve_media=True)
        )
        public = free_port()
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
        replicas = []
        try:
            for name in "ab":
                replica = stack.enter_context(ServerProcess("veo", env, tmp / f"replica-{name}"))
                replicas.append(replica)
                say(f"replica {name}: veo-mcp on 127.0.0.1:{replica.port}")
            backends = [r.port for r in replicas]
            balancer = stack.enter_context(LocalHaproxy(haproxy, backends, tmp, port=public, timeout=30))
        except RuntimeError as error:  # what did not start, with its log
            raise SystemExit(str(error)) from None
        mcp_url = balancer.url
        say(f"haproxy (round robin): {mcp_url}\n")
        result = anyio.run(sign_in_and_generate, mcp_url, args.user)
        served = [r.stderr_path.read_text().count('"POST /mcp') for r in replicas]
        say(f"\nMCP requests served: replica a {served[0]}, replica b {served[1]}")
        credential = upstream.state.credential_of(args.user)
        billed = credential is not None and upstream.state.journal.requests()[-1].token == credential
        say(f"upstream calls carried {args.user}'s own AceDataCloud credential: {'yes' if billed else 'no'}")
        ok = result.get("status") == "succeeded" and all(served) and billed
        say("done" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
