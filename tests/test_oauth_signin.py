"""OAuth sign-in end to end on loopback: the MCP SDK's own client discovers the server, registers
(by a client metadata document, or by DCR), signs a user in through the simulator's AceDataCloud
auth server and platform API, and calls a tool whose upstream request carries that user's
credential; then refresh with rotation, revocation, and every refusal with its status and header."""

from __future__ import annotations

import json
import logging
import os
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from acemedia.http import HostingSettings
from acemedia.http.app import build_http_app
from acemedia.http.oauth import ClientDocuments, OAuthSettings, SignIn
from acemedia.http.store import MemoryStore, SecretBox, Vault
from acemedia.server import ProviderServer
from acemedia_testing import FakeTime, tool_text
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from mcp import Client
from mcp.shared.auth import (
    OAuthToken,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from demo.hosted import Tokens, signed_in_session

from .oauth_helpers import (
    REDIRECT,
    Certificate,
    Landing,
    authorize_url,
    follow_sign_in,
    loopback_certificate,
    pkce,
    redeem,
    refresh,
    register,
    revoke,
    serve_in_thread,
)
from .reliability_helpers import instant_runtime
from .ts_helpers import install_ts_client

SIM_CLIENT = "acemedia-test-connector"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
LIST = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "tools/call",
    "params": {"name": "veo_list_tasks", "arguments": {}},
}


@dataclass
class Clock:
    now: float = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Stack:
    simulator: SimulatorServer
    base: str
    signin: SignIn
    clock: Clock
    documents_base: str
    logs: list[str] = field(default_factory=list)

    @property
    def mcp(self) -> str:
        return f"{self.base}/mcp"


class CaptureLogs(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def client_document(url: str) -> dict[str, Any]:
    return {
        "client_id": url,
        "client_name": "acemedia test client",
        "redirect_uris": [REDIRECT],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
    }


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return loopback_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def documents_base(certificate: Certificate) -> Iterator[str]:
    async def document(request: Request) -> Response:
        name = request.path_params["name"]
        url = str(request.url)
        if name == "big.json":
            return JSONResponse({**client_document(url), "client_name": "x" * 20_000})
        if name == "other.json":
            return JSONResponse(client_document(url.replace("other.json", "good.json")))
        return JSONResponse(client_document(url))

    app = Starlette(routes=[Route("/clients/{name}", document)])
    with serve_in_thread(lambda _: app, certificate) as base:
        yield f"{base}/clients"


@pytest.fixture(scope="module")
def stack(
    certificate: Certificate, documents_base: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    state = SimulatorState(job_seconds=600, oauth_client_id=SIM_CLIENT, tokens={"pasted-api-token"})
    server = ProviderServer.installed("veo")
    clock = Clock()
    made: dict[str, SignIn] = {}
    lines: list[str] = []
    handler = CaptureLogs(lines)
    logging.getLogger().addHandler(handler)

    def app(base: str) -> Any:
        settings = OAuthSettings(
            server_url=base,
            client_id=SIM_CLIENT,
            auth_base_url=simulator.url,
            platform_base_url=simulator.url,
        )
        trust = ssl.create_default_context(cafile=str(certificate.cert))
        box = SecretBox(os.urandom(32))
        made["signin"] = SignIn(
            settings,
            Vault(MemoryStore(), box, "acemedia:oauth"),
            documents=ClientDocuments(verify=trust, allow_private=True, timeout=2),
            clock=clock,
        )
        return build_http_app(server, "127.0.0.1", HostingSettings(), made["signin"])

    with SimulatorServer(state) as simulator:
        ledger = tmp_path_factory.mktemp("ledger") / "ledger.sqlite3"
        instant_runtime(server, simulator.url, FakeTime(), api_token="", ledger_path=str(ledger))
        with serve_in_thread(app, lifespan="on") as base:
            yield Stack(simulator, base, made["signin"], clock, documents_base, lines)
    logging.getLogger().removeHandler(handler)


@asynccontextmanager
async def signed_in_client(
    stack: Stack, user: str, storage: Tokens, *, document: str | None = None
) -> AsyncIterator[Client]:
    """The SDK's client with its OAuth support; the browser step is played by `follow_sign_in`."""

    async def browse(url: str) -> dict[str, str]:
        result = await follow_sign_in(url, REDIRECT, user=user)
        assert isinstance(result, Landing), f"the sign-in stopped at {result.status_code}: {result.text}"
        return result.query

    async with signed_in_session(stack.mcp, storage, browse, document, redirect_uri=REDIRECT) as client:
        yield client


def upstream_tokens(stack: Stack) -> list[str | None]:
    return [entry.token for entry in stack.simulator.state.journal.requests()]


# -- the whole sign-in through the SDK's client ------------------------------------------------------


async def test_the_sdk_client_registers_by_dcr_signs_in_and_generates_as_that_user(stack: Stack) -> None:
    storage = Tokens()
    async with signed_in_client(stack, "alice", storage) as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": "a lighthouse at dawn"})
    assert not result.is_error, tool_text(result)
    credential = stack.simulator.state.credential_of("alice")
    assert credential and upstream_tokens(stack)[-1] == credential
    # registered by DCR: a client id of ours, and tokens of ours, never the credential itself
    assert storage.client is not None and not storage.client.client_id.startswith("https://")  # type: ignore[union-attr]
    assert storage.tokens is not None and storage.tokens.access_token.startswith("acm_at_")
    assert storage.tokens.refresh_token and storage.tokens.expires_in == 3600
    assert credential not in storage.tokens.model_dump_json()
    assert credential not in tool_text(result)


async def test_the_sdk_client_uses_a_client_metadata_document_when_it_has_one(stack: Stack) -> None:
    storage = Tokens()
    document = f"{stack.documents_base}/good.json"
    async with signed_in_client(stack, "bob", storage, document=document) as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": "a document client"})
    assert not result.is_error, tool_text(result)
    assert storage.client is not None and storage.client.client_id == document
    credential = stack.simulator.state.credential_of("bob")
    assert credential and upstream_tokens(stack)[-1] == credential


async def test_two_users_get_two_credentials_and_each_sees_only_their_tasks(stack: Stack) -> None:
    storages = {"carol": Tokens(), "dave": Tokens()}
    for user, storage in storages.items():
        async with signed_in_client(stack, user, storage) as client:
            await client.call_tool("veo_text_to_video", {"prompt": f"{user}'s clip"})
    async with signed_in_client(stack, "carol", storages["carol"]) as client:
        listed = tool_text(await client.call_tool("veo_list_tasks", {}))
    assert "carol's clip" in listed and "dave's clip" not in listed
    # a second sign-in of dave's (another device, new tokens) finds the same credential and tasks
    async with signed_in_client(stack, "dave", Tokens()) as client:
        again = tool_text(await client.call_tool("veo_list_tasks", {}))
    assert "dave's clip" in again and "carol's clip" not in again
    assert stack.simulator.state.credential_of("carol") != stack.simulator.state.credential_of("dave")


# -- refresh, rotation, revocation -------------------------------------------------------------------


async def sign_in_raw(stack: Stack, user: str) -> tuple[str, OAuthToken]:
    """A sign-in by hand, with DCR: (client id, tokens)."""
    client_id = await register(stack.base)
    verifier, challenge = pkce()
    url = authorize_url(stack.base, client_id, challenge, resource=stack.mcp)
    landing = await follow_sign_in(url, REDIRECT, user=user)
    assert isinstance(landing, Landing)
    reply = await redeem(stack.base, client_id, landing.query["code"], verifier, resource=stack.mcp)
    assert reply.status_code == 200, reply.text
    return client_id, OAuthToken.model_validate(reply.json())


async def call_with(stack: Stack, access: str, body: dict[str, Any] = LIST) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        headers = {**MCP_HEADERS, "Authorization": f"Bearer {access}"}
        return await http.post(stack.mcp, headers=headers, json=body)


async def test_refresh_rotates_and_a_replayed_refresh_token_revokes_the_chain(stack: Stack) -> None:
    client_id, first = await sign_in_raw(stack, "erin")
    assert first.refresh_token
    rotated = await refresh(stack.base, client_id, first.refresh_token)
    assert rotated.status_code == 200
    second = OAuthToken.model_validate(rotated.json())
    assert second.refresh_token != first.refresh_token and second.access_token != first.access_token
    assert (await call_with(stack, second.access_token)).status_code == 200
    # the spent refresh token comes back: someone else has it, so the whole chain stops working
    replayed = await refresh(stack.base, client_id, first.refresh_token)
    assert replayed.status_code == 400 and replayed.json()["error"] == "invalid_grant"
    refused = await call_with(stack, second.access_token)
    assert refused.status_code == 401 and "revoked" in refused.headers["www-authenticate"]
    assert (await refresh(stack.base, client_id, str(second.refresh_token))).status_code == 400


async def test_revoking_an_access_token_or_the_refresh_token(stack: Stack) -> None:
    client_id, tokens = await sign_in_raw(stack, "frank")
    assert (await revoke(stack.base, client_id, tokens.access_token)).status_code == 200
    assert (await call_with(stack, tokens.access_token)).status_code == 401
    # the refresh token still works until it is revoked too, and takes its access tokens with it
    renewed = await refresh(stack.base, client_id, str(tokens.refresh_token))
    assert renewed.status_code == 200, renewed.text
    fresh = OAuthToken.model_validate(renewed.json())
    assert (await call_with(stack, fresh.access_token)).status_code == 200
    assert (await revoke(stack.base, client_id, str(fresh.refresh_token))).status_code == 200
    assert (await call_with(stack, fresh.access_token)).status_code == 401
    assert (await refresh(stack.base, client_id, str(fresh.refresh_token))).status_code == 400


async def test_an_expired_access_token_is_refused_and_refresh_brings_a_new_one(stack: Stack) -> None:
    client_id, tokens = await sign_in_raw(stack, "gina")
    stack.clock.now += 3601
    try:
        refused = await call_with(stack, tokens.access_token)
        assert refused.status_code == 401
        assert 'error="invalid_token"' in refused.headers["www-authenticate"]
        assert "expired" in refused.headers["www-authenticate"]
        fresh = OAuthToken.model_validate(
            (await refresh(stack.base, client_id, str(tokens.refresh_token))).json()
        )
        assert (await call_with(stack, fresh.access_token)).status_code == 200
    finally:
        stack.clock.now -= 3601


async def test_a_pasted_api_token_still_works_next_to_oauth(stack: Stack) -> None:
    pasted = stack.simulator.state.auth.mint("henry")  # any token that is not ours goes upstream as it is
    generate = {**LIST, "params": {"name": "veo_text_to_video", "arguments": {"prompt": "a pasted token"}}}
    reply = await call_with(stack, "pasted-api-token", generate)
    assert reply.status_code == 200 and pasted
    assert upstream_tokens(stack)[-1] == "pasted-api-token"


def test_no_token_code_or_credential_is_logged(stack: Stack) -> None:
    credentials = [
        c.token
        for user in ("alice", "bob", "erin")
        for c in stack.simulator.state.platform.credentials_of(user)
    ]
    assert credentials
    text = "\n".join(stack.logs)
    assert not [c for c in credentials if c in text]
    assert "acm_at_" not in text and "acm_rt_" not in text


# -- discovery ---------------------------------------------------------------------------------------


async def test_a_request_without_a_token_is_pointed_at_the_resource_metadata(stack: Stack) -> None:
    async with httpx.AsyncClient() as http:
        reply = await http.post(stack.mcp, headers=MCP_HEADERS, json=LIST)
        where = f"{stack.base}/.well-known/oauth-protected-resource/mcp"
        assert reply.status_code == 401
        assert reply.headers["www-authenticate"] == f'Bearer resource_metadata="{where}"'
        resource = (await http.get(where)).json()
        server = (await http.get(f"{stack.base}/.well-known/oauth-authorization-server")).json()
    assert resource["resource"] == stack.mcp and resource["authorization_servers"] == [stack.base]
    assert server["issuer"] == stack.base
    assert server["client_id_metadata_document_supported"] is True
    assert server["authorization_response_iss_parameter_supported"] is True
    assert "none" in server["token_endpoint_auth_methods_supported"]
    assert server["code_challenge_methods_supported"] == ["S256"]
    async with httpx.AsyncClient() as http:
        card = (await http.get(f"{stack.base}/.well-known/mcp/server-card.json")).json()
    assert card["authentication"] == {
        "required": True,
        "schemes": ["bearer", "oauth2"],
        "resourceMetadata": where,
    }


async def test_the_legacy_sse_transport_asks_for_the_same_sign_in(stack: Stack) -> None:
    async with httpx.AsyncClient() as http:
        reply = await http.get(f"{stack.base}/sse", headers={"Accept": "text/event-stream"})
    assert reply.status_code == 401 and "resource_metadata=" in reply.headers["www-authenticate"]


async def test_a_signed_in_sse_client_generates_as_its_user(stack: Stack) -> None:
    from mcp.client.sse import sse_client

    _, tokens = await sign_in_raw(stack, "sse-user")
    transport = sse_client(f"{stack.base}/sse", headers={"Authorization": f"Bearer {tokens.access_token}"})
    async with Client(transport, mode="legacy") as client:
        made = await client.call_tool("veo_text_to_video", {"prompt": "over sse, signed in"})
    assert not made.is_error, tool_text(made)
    assert upstream_tokens(stack)[-1] == stack.simulator.state.credential_of("sse-user")


# -- refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("Bearer acm_at_made-up", "invalid_token"),
        ("Bearer two words", "invalid_request"),
        ("Basic dXNlcjpwYXNz", "invalid_request"),
    ],
)
async def test_unknown_and_malformed_tokens_are_refused(stack: Stack, header: str, error: str) -> None:
    before = len(upstream_tokens(stack))
    async with httpx.AsyncClient() as http:
        reply = await http.post(stack.mcp, headers={**MCP_HEADERS, "Authorization": header}, json=LIST)
    assert reply.status_code == 401
    challenge = reply.headers["www-authenticate"]
    assert f'error="{error}"' in challenge and "resource_metadata=" in challenge
    assert len(upstream_tokens(stack)) == before


async def test_a_token_for_another_resource_is_refused(stack: Stack) -> None:
    """Two servers sharing one store: a token this one issued is no key to the other."""
    _, tokens = await sign_in_raw(stack, "ivan")
    settings = stack.signin.settings
    other = SignIn(
        OAuthSettings(
            server_url="http://127.0.0.1:1",
            client_id=SIM_CLIENT,
            auth_base_url=settings.auth_base_url,
            platform_base_url=settings.platform_base_url,
        ),
        stack.signin.provider.vault,
    )
    assert stack.signin.check(tokens.access_token).credential
    checked = other.check(tokens.access_token)
    assert (
        checked.credential is None and checked.problem == "The access token was issued for another resource"
    )
    await other.aclose()


async def registered_client(stack: Stack) -> str:
    return await register(stack.base)


async def authorize(stack: Stack, client_id: str, challenge: str, **extra: str) -> Landing | httpx.Response:
    return await follow_sign_in(
        authorize_url(stack.base, client_id, challenge, **extra), REDIRECT, user="judy"
    )


async def test_the_authorization_response_names_the_issuer(stack: Stack) -> None:
    client_id = await registered_client(stack)
    landing = await authorize(stack, client_id, pkce()[1])
    assert isinstance(landing, Landing)
    assert landing.query["iss"] == stack.base and landing.query["state"] == "xyz"


async def test_a_reused_code_is_refused_and_revokes_what_it_gave(stack: Stack) -> None:
    client_id = await registered_client(stack)
    verifier, challenge = pkce()
    landing = await authorize(stack, client_id, challenge)
    assert isinstance(landing, Landing)
    first = await redeem(stack.base, client_id, landing.query["code"], verifier)
    assert first.status_code == 200
    again = await redeem(stack.base, client_id, landing.query["code"], verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert (await call_with(stack, first.json()["access_token"])).status_code == 401


async def test_a_wrong_pkce_verifier_is_refused(stack: Stack) -> None:
    client_id = await registered_client(stack)
    landing = await authorize(stack, client_id, pkce()[1])
    assert isinstance(landing, Landing)
    reply = await redeem(stack.base, client_id, landing.query["code"], pkce()[0])
    assert reply.status_code == 400 and reply.json() == {
        "error": "invalid_grant",
        "error_description": "incorrect code_verifier",
    }


@pytest.mark.parametrize(
    "redirect",
    [
        "http://127.0.0.1:33418/oauth/callback/",
        "http://127.0.0.1:33419/oauth/callback",
        "https://evil.example/cb",
    ],
)
async def test_a_redirect_uri_that_does_not_match_exactly_is_refused_without_redirecting(
    stack: Stack, redirect: str
) -> None:
    client_id = await registered_client(stack)
    reply = await authorize(stack, client_id, pkce()[1], redirect_uri=redirect)
    assert isinstance(reply, httpx.Response) and reply.status_code == 400
    assert (
        reply.json()["error"] == "invalid_request" and "not registered" in reply.json()["error_description"]
    )


async def test_a_token_request_with_another_redirect_uri_is_refused(stack: Stack) -> None:
    client_id = await registered_client(stack)
    verifier, challenge = pkce()
    landing = await authorize(stack, client_id, challenge)
    assert isinstance(landing, Landing)
    reply = await redeem(
        stack.base, client_id, landing.query["code"], verifier, redirect_uri="http://127.0.0.1:1/x"
    )
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_request"


async def test_a_resource_other_than_this_server_is_refused(stack: Stack) -> None:
    client_id = await registered_client(stack)
    landing = await authorize(stack, client_id, pkce()[1], resource="https://other.example/mcp")
    assert isinstance(landing, Landing) and landing.query["error"] == "invalid_target"
    verifier, challenge = pkce()
    good = await authorize(stack, client_id, challenge)
    assert isinstance(good, Landing)
    reply = await redeem(
        stack.base, client_id, good.query["code"], verifier, resource="https://other.example/mcp"
    )
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_target"


async def test_a_denied_sign_in_goes_back_to_the_client_as_access_denied(stack: Stack) -> None:
    client_id = await registered_client(stack)
    query = {
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "code_challenge": pkce()[1],
        "code_challenge_method": "S256",
        "state": "no",
    }
    url = str(httpx.URL(f"{stack.base}/authorize", params=query))
    landing = await follow_sign_in(url, REDIRECT, deny=True)
    assert isinstance(landing, Landing)
    assert landing.query == {"error": "access_denied", "state": "no", "iss": stack.base}


async def test_an_unknown_or_replayed_callback_state_gets_a_page_not_a_redirect(stack: Stack) -> None:
    async with httpx.AsyncClient() as http:
        reply = await http.get(f"{stack.base}/oauth/callback", params={"state": "made-up", "code": "c"})
    assert reply.status_code == 400 and "Sign-in expired" in reply.text


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("big.json", "larger than 16 KiB"),
        ("other.json", "client_id differs from the URL"),
        ("http", "must use https"),
    ],
)
async def test_a_bad_metadata_document_is_refused_at_authorize(
    stack: Stack, document: str, problem: str
) -> None:
    url = f"{stack.documents_base}/{document}"
    if document == "http":
        url = url.replace("https://", "http://").replace("/http", "/good.json")
    reply = await authorize(stack, url, pkce()[1])
    assert isinstance(reply, httpx.Response) and reply.status_code == 400
    assert reply.json()["error"] == "invalid_client" and problem in reply.json()["error_description"]


# -- the TypeScript SDK's OAuth client ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ts_oauth_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_ts_client("ts_oauth_client", "oauth_client.mjs", tmp_path_factory)


@pytest.mark.e2e
@pytest.mark.parametrize("by_document", [False, True], ids=["dcr", "metadata-document"])
async def test_the_typescript_sdk_client_signs_in_and_generates(
    stack: Stack, ts_oauth_client: Path, by_document: bool
) -> None:
    user = "ts-document-user" if by_document else "ts-dcr-user"
    document = [f"{stack.documents_base}/good.json"] if by_document else []
    arguments = json.dumps({"prompt": "a kite over dunes"})
    command = [
        "node",
        str(ts_oauth_client),
        stack.mcp,
        user,
        REDIRECT,
        "veo_text_to_video",
        arguments,
        *document,
    ]
    run = await anyio.run_process(command, check=False)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    report = json.loads(run.stdout)
    assert not report["result"].get("isError"), report["result"]
    assert report["accessToken"].startswith("acm_at_") and report["refreshToken"].startswith("acm_rt_")
    assert report["iss"] == stack.base
    assert report["hops"] == ["/authorize", "/oauth2/authorize", "/oauth/callback"]
    assert (report["clientId"] == document[0]) if by_document else not report["clientId"].startswith("https:")
    credential = stack.simulator.state.credential_of(user)
    assert credential and upstream_tokens(stack)[-1] == credential
