"""The simulator as AceDataCloud's auth server and platform API: a whole OAuth sign-in, offline.

authorize (302 with a code) -> token (a JWT) -> the platform's applications and credentials (query first,
create when missing) -> the credential works as an upstream API token, until it is revoked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from acemedia_testing.simulator import (
    Endpoint,
    Item,
    JobContext,
    ManualClock,
    Recipe,
    Rules,
    SimulatorState,
    Style,
    create_app,
    required,
)
from acemedia_testing.simulator.__main__ import parse_args

CLIENT_ID = "acemedia-mcp-test"
REDIRECT = "http://127.0.0.1:9999/oauth/callback?keep=1"
VERIFIER = "v" * 43 + "-verifier._~"
STATIC_TOKEN = "static-token"
EPOCH = 1_760_000_000.0
CREDENTIAL_NAME = "OAuth MCP"


def video(ctx: JobContext) -> Item:
    return {"id": ctx.ids.uuid(), "video_url": ctx.url("example", "mp4")}


EXAMPLE = Endpoint(
    "/example/videos",
    "videos",
    Recipe(Style("list", "succeeded", ("running",)), video),
    Rules(needs=(required("prompt"),)),
)


def challenge_of(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def jwt_payload(token: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(b64decode(token.split(".")[1]))
    return payload


def make_state(**kw: Any) -> SimulatorState:
    return SimulatorState(clock=ManualClock(1000.0), epoch=EPOCH, job_seconds=10.0, endpoints=[EXAMPLE], **kw)


@pytest.fixture
def state() -> SimulatorState:
    return make_state()


@pytest.fixture
async def client(state: SimulatorState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as http:
        yield http


def advance(state: SimulatorState, seconds: float) -> None:
    clock = state.manual_clock
    assert clock is not None
    clock.advance(seconds)


def authorize_params(**changes: str | None) -> dict[str, str]:
    params: dict[str, str | None] = {
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "profile platform",
        "state": "st-123",
        "code_challenge": challenge_of(VERIFIER),
        "code_challenge_method": "S256",
        **changes,
    }
    return {k: v for k, v in params.items() if v is not None}


async def authorize(
    http: httpx.AsyncClient, headers: dict[str, str] | None = None, **changes: str | None
) -> str:
    """The code from the redirect of an approved authorize call."""
    reply = await http.get("/oauth2/authorize", params=authorize_params(**changes), headers=headers)
    assert reply.status_code == 302, reply.text
    query = parse_qs(urlsplit(reply.headers["location"]).query)
    assert query["state"] == [changes.get("state", "st-123")]
    return query["code"][0]


async def exchange(http: httpx.AsyncClient, code: str, /, **changes: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
        **changes,
    }
    return await http.post("/oauth2/token", data=form)


async def access_token(http: httpx.AsyncClient, user: str = "demo-user") -> str:
    reply = await exchange(http, await authorize(http, headers={"X-Sim-User": user}))
    assert reply.status_code == 200, reply.text
    token: str = reply.json()["access_token"]
    return token


async def provision(http: httpx.AsyncClient, jwt: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a signed-in server does: find the user's application and credential, create them if missing."""
    auth = {"authorization": f"Bearer {jwt}"}
    user = jwt_payload(jwt)["user_id"]
    query = {"type": "Usage", "scope": "Global", "user_id": user, "limit": "10", "ordering": "-created_at"}
    found = await http.get("/api/v1/applications/", params=query, headers=auth)
    assert found.status_code == 200, found.text
    if found.json()["count"]:
        application = found.json()["items"][0]
    else:
        made = await http.post(
            "/api/v1/applications/", json={"type": "Usage", "scope": "Global"}, headers=auth
        )
        assert made.status_code == 201, made.text
        application = made.json()
    query = {"application_id": application["id"], "name": CREDENTIAL_NAME}
    found = await http.get("/api/v1/credentials/", params=query, headers=auth)
    assert found.status_code == 200, found.text
    if found.json()["count"]:
        return application, found.json()["items"][0]
    made = await http.post(
        "/api/v1/credentials/",
        json={"application_id": application["id"], "name": CREDENTIAL_NAME},
        headers=auth,
    )
    assert made.status_code == 201, made.text
    return application, made.json()


async def submit(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post(
        "/example/videos", json={"prompt": "p", "async": True}, headers={"authorization": f"Bearer {token}"}
    )


# -- the happy path -----------------------------------------------------------------------------------


async def test_authorize_redirects_back_with_a_code_and_the_state(client: httpx.AsyncClient) -> None:
    reply = await client.get("/oauth2/authorize", params=authorize_params())
    assert reply.status_code == 302
    target = urlsplit(reply.headers["location"])
    assert (target.scheme, target.netloc, target.path) == ("http", "127.0.0.1:9999", "/oauth/callback")
    query = parse_qs(target.query)
    assert query["keep"] == ["1"] and query["state"] == ["st-123"]
    assert len(query["code"][0]) >= 32
    again = await client.get("/oauth2/authorize", params=authorize_params())
    assert parse_qs(urlsplit(again.headers["location"]).query)["code"] != query["code"]


async def test_the_token_is_an_hs256_jwt_for_the_signed_in_user(
    client: httpx.AsyncClient, state: SimulatorState
) -> None:
    reply = await exchange(client, await authorize(client, headers={"X-Sim-User": "alice"}))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert {k: body[k] for k in ("token_type", "expires_in", "scope")} == {
        "token_type": "Bearer",
        "expires_in": 3600,
        "scope": "profile platform",
    }
    header, payload, signature = body["access_token"].split(".")
    assert json.loads(b64decode(header)) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt_payload(body["access_token"])
    assert (claims["user_id"], claims["sub"]) == ("alice", "alice")
    assert (claims["iat"], claims["exp"]) == (int(EPOCH), int(EPOCH) + 3600)
    expected = hmac.new(state.auth.secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert b64decode(signature) == expected
    assert make_state().auth.secret != state.auth.secret  # each simulator signs with its own secret


async def test_the_user_comes_from_the_header_then_the_cookie_then_the_default(
    client: httpx.AsyncClient,
) -> None:
    async def user(**kw: Any) -> str:
        reply = await client.get("/oauth2/authorize", params=authorize_params(), **kw)
        code = parse_qs(urlsplit(reply.headers["location"]).query)["code"][0]
        token = (await exchange(client, code)).json()["access_token"]
        return str(jwt_payload(token)["user_id"])

    assert await user() == "demo-user"
    client.cookies.set("sim_user", "carol")
    assert await user() == "carol"
    assert await user(headers={"X-Sim-User": "dave"}) == "dave"


async def test_a_sign_in_provisions_once_and_the_next_one_reuses_it(
    client: httpx.AsyncClient, state: SimulatorState
) -> None:
    first_app, first_cred = await provision(client, await access_token(client))
    assert set(first_app) == {"id", "type", "scope", "user_id", "created_at"}
    assert (first_app["type"], first_app["scope"], first_app["user_id"]) == ("Usage", "Global", "demo-user")
    assert set(first_cred) == {"id", "name", "application_id", "token", "created_at"}
    assert (first_cred["name"], first_cred["application_id"]) == (CREDENTIAL_NAME, first_app["id"])
    advance(state, 30)
    second_app, second_cred = await provision(client, await access_token(client))
    assert (second_app, second_cred) == (first_app, first_cred)
    assert len(state.platform.applications("demo-user")) == 1
    assert len(state.platform.credentials_of("demo-user")) == 1
    assert state.credential_of("demo-user") == first_cred["token"]
    # another user gets their own application and credential
    _, other = await provision(client, await access_token(client, "alice"))
    assert other["token"] != first_cred["token"]
    assert state.credential_of("alice") == other["token"] and state.credential_of("nobody") is None
    listing = (await client.get("/_sim/signin")).json()
    assert {u: [c["token"] for c in cs] for u, cs in listing["users"].items()} == {
        "alice": [other["token"]],
        "demo-user": [first_cred["token"]],
    }
    assert listing["users"]["alice"][0]["revoked"] is False


async def test_the_platform_filters_orders_and_keeps_users_apart(client: httpx.AsyncClient) -> None:
    demo = {"authorization": f"Bearer {await access_token(client)}"}
    alice = {"authorization": f"Bearer {await access_token(client, 'alice')}"}
    apps = "/api/v1/applications/"
    older = (await client.post(apps, json={"type": "Usage", "scope": "Global"}, headers=demo)).json()
    newer = (await client.post(apps, json={"type": "Usage", "scope": "Global"}, headers=demo)).json()
    await client.post(apps, json={"type": "Other", "scope": "Global"}, headers=demo)
    await client.post(apps, json={"type": "Usage", "scope": "Global"}, headers=alice)

    listed = (await client.get(apps, params={"type": "Usage", "limit": "1"}, headers=demo)).json()
    assert listed["count"] == 2 and [a["id"] for a in listed["items"]] == [newer["id"]]
    oldest = (await client.get(apps, params={"type": "Usage", "ordering": "created_at"}, headers=demo)).json()
    assert [a["id"] for a in oldest["items"]] == [older["id"], newer["id"]]
    foreign = await client.get(apps, params={"user_id": "alice"}, headers=demo)
    assert foreign.json() == {"count": 0, "items": []}  # the filter narrows, never widens, what a user sees
    bad = await client.get(apps, params={"limit": "many"}, headers=demo)
    assert bad.status_code == 400

    creds = "/api/v1/credentials/"
    made = await client.post(creds, json={"application_id": older["id"], "name": "OAuth MCP"}, headers=demo)
    await client.post(creds, json={"application_id": older["id"], "name": "Other"}, headers=demo)
    named = await client.get(creds, params={"application_id": older["id"], "name": "OAuth MCP"}, headers=demo)
    assert named.json() == {"count": 1, "items": [made.json()]}
    assert (await client.get(creds, headers=alice)).json() == {"count": 0, "items": []}
    stolen = await client.post(creds, json={"application_id": older["id"], "name": "x"}, headers=alice)
    assert stolen.status_code == 403 and stolen.json()["error"] == "forbidden"
    unknown = await client.post(creds, json={"application_id": "no-such-app", "name": "x"}, headers=demo)
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"


# -- the credential on the upstream -------------------------------------------------------------------


async def test_the_credential_is_an_upstream_token_and_owns_its_jobs() -> None:
    state = make_state(tokens={STATIC_TOKEN})
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://s"
    ) as http:
        assert (await submit(http, "not-issued-yet")).status_code == 401
        _, credential = await provision(http, await access_token(http))
        token = credential["token"]
        reply = await submit(http, token)
        assert reply.status_code == 200, reply.text
        task_id = reply.json()["task_id"]
        entry = state.journal.requests("/example/videos")[-1]
        assert (entry.token, entry.status, entry.task_id) == (state.credential_of("demo-user"), 200, task_id)
        journal = (await http.get("/_sim/journal", params={"path": "/example/videos"})).json()
        assert journal["requests"][-1]["token"] == token
        # sign-in calls are not upstream requests
        assert {e.path for e in state.journal.requests()} == {"/example/videos"}

        async def retrieve(with_token: str) -> dict[str, Any]:
            body = {"id": task_id, "action": "retrieve"}
            answer = await http.post(
                "/example/tasks", json=body, headers={"authorization": f"Bearer {with_token}"}
            )
            assert answer.status_code == 200, answer.text
            data: dict[str, Any] = answer.json()
            return data

        assert (await retrieve(token))["id"] == task_id
        assert "response" not in (await retrieve(STATIC_TOKEN))  # another account does not see it
        assert (await submit(http, STATIC_TOKEN)).status_code == 200  # the allow-list still works


@pytest.mark.parametrize("tokens", [None, {STATIC_TOKEN}], ids=["any-token", "allow-list"])
async def test_a_revoked_credential_is_refused_by_the_upstream(tokens: set[str] | None) -> None:
    state = make_state(tokens=tokens)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://s"
    ) as http:
        jwt = await access_token(http)
        application, credential = await provision(http, jwt)
        assert (await submit(http, credential["token"])).status_code == 200
        revoked = await http.post("/_sim/signin/revoke", json={"token": credential["token"]})
        assert revoked.json() == {"ok": True}
        refused = await submit(http, credential["token"])
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_token"
        assert state.credential_of("demo-user") is None
        assert (await http.get("/_sim/signin")).json()["users"]["demo-user"][0]["revoked"] is True
        # the platform no longer lists it, so the next sign-in makes a fresh credential that works
        _, fresh = await provision(http, jwt)
        assert fresh["token"] != credential["token"] and fresh["application_id"] == application["id"]
        assert (await submit(http, fresh["token"])).status_code == 200
        unknown = await http.post("/_sim/signin/revoke", json={"token": "never-issued"})
        assert unknown.status_code == 404
        assert (await http.post("/_sim/signin/revoke", json={})).status_code == 400


async def test_revoke_credential_from_python(state: SimulatorState, client: httpx.AsyncClient) -> None:
    _, credential = await provision(client, await access_token(client))
    assert state.revoke_credential(credential["token"]) is True
    assert (await submit(client, credential["token"])).status_code == 401
    assert state.revoke_credential("never-issued") is False


async def test_reset_forgets_sign_ins() -> None:
    state = make_state(tokens={STATIC_TOKEN})
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://s"
    ) as http:
        _, credential = await provision(http, await access_token(http))
        pending = await authorize(http)
        assert (await http.post("/_sim/reset")).status_code == 200
        assert (await http.get("/_sim/signin")).json() == {"users": {}}
        assert (await submit(http, credential["token"])).status_code == 401
        assert (await exchange(http, pending)).json()["error"] == "invalid_grant"


# -- refusals -----------------------------------------------------------------------------------------


async def test_a_user_who_declines_is_sent_back_with_access_denied(client: httpx.AsyncClient) -> None:
    reply = await client.get("/oauth2/authorize", params=authorize_params(), headers={"X-Sim-Deny": "1"})
    assert reply.status_code == 302
    query = parse_qs(urlsplit(reply.headers["location"]).query)
    assert query == {"keep": ["1"], "error": ["access_denied"], "state": ["st-123"]}


@pytest.mark.parametrize(
    "changes",
    [
        {"client_id": None},
        {"redirect_uri": None},
        {"code_challenge": None},
        {"response_type": "token"},
        {"code_challenge_method": "plain"},
        {"code_challenge_method": None},
        {"redirect_uri": "not-a-url"},
    ],
    ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()),
)
async def test_a_bad_authorize_request_gets_400_and_no_redirect(
    client: httpx.AsyncClient, changes: dict[str, str | None]
) -> None:
    reply = await client.get("/oauth2/authorize", params=authorize_params(**changes))
    assert reply.status_code == 400 and "location" not in reply.headers
    assert reply.json()["error"] == "invalid_request" and reply.json()["error_description"]


async def test_a_configured_client_id_is_the_only_one_accepted() -> None:
    state = make_state(oauth_client_id=CLIENT_ID)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://s"
    ) as http:
        wrong = await http.get("/oauth2/authorize", params=authorize_params(client_id="someone-else"))
        assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_client"
        code = await authorize(http)
        other = await exchange(http, code, client_id="someone-else")
        assert other.status_code == 400 and other.json()["error"] == "invalid_client"
        assert (await exchange(http, await authorize(http))).status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"code_verifier": "w" * 43},
        {"redirect_uri": "http://127.0.0.1:9999/oauth/callback"},
        {"client_id": "another-client"},
        {"code": "no-such-code"},
    ],
    ids=["wrong-verifier", "wrong-redirect-uri", "wrong-client-id", "unknown-code"],
)
async def test_an_exchange_that_does_not_match_the_grant_is_invalid_grant(
    client: httpx.AsyncClient, changes: dict[str, str]
) -> None:
    reply = await exchange(client, await authorize(client), **changes)
    assert reply.status_code == 400
    assert reply.json()["error"] == "invalid_grant" and reply.json()["error_description"]
    assert "access_token" not in reply.json()


async def test_a_challenge_or_verifier_out_of_ascii_is_refused_not_a_crash(client: httpx.AsyncClient) -> None:
    code = await authorize(client, code_challenge="d\u00e9fi")
    reply = await exchange(client, code, code_verifier="v\u00e9rifier" * 6)
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_grant"


async def test_a_code_works_once(client: httpx.AsyncClient) -> None:
    code = await authorize(client)
    assert (await exchange(client, code)).status_code == 200
    again = await exchange(client, code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_a_code_expires_after_600_seconds(client: httpx.AsyncClient, state: SimulatorState) -> None:
    fresh, stale = await authorize(client), await authorize(client)
    advance(state, 599)
    assert (await exchange(client, fresh)).status_code == 200
    advance(state, 1)
    late = await exchange(client, stale)
    assert late.status_code == 400 and late.json()["error"] == "invalid_grant"


async def test_only_the_authorization_code_grant_is_supported(client: httpx.AsyncClient) -> None:
    reply = await exchange(client, await authorize(client), grant_type="refresh_token")
    assert reply.status_code == 400 and reply.json()["error"] == "unsupported_grant_type"
    missing = await client.post("/oauth2/token", data={"grant_type": "authorization_code", "code": "x"})
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"


def _forged(token: str) -> str:
    """The token with its payload's user swapped, keeping the original signature."""
    header, _, signature = token.split(".")
    claims = {**jwt_payload(token), "user_id": "mallory"}
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{body}.{signature}"


async def test_the_platform_wants_a_valid_unexpired_access_token(
    client: httpx.AsyncClient, state: SimulatorState
) -> None:
    jwt = await access_token(client)
    foreign = make_state().auth.mint("demo-user")  # signed by another simulator
    for path in ("/api/v1/applications/", "/api/v1/credentials/"):
        for headers in (
            {},
            {"authorization": "Bearer not.a-jwt"},
            {"authorization": f"Bearer {_forged(jwt)}"},
            {"authorization": f"Bearer {foreign}"},
            {"authorization": jwt},
            {"authorization": f"Bearer {jwt[:-1]}\xe9".encode("latin-1")},
        ):
            reply = await client.get(path, headers=headers)
            assert reply.status_code == 401, (path, headers)
            assert reply.json()["error"] == "invalid_token"
        made = await client.post(path, json={"type": "Usage", "scope": "Global"})
        assert made.status_code == 401
        assert (await client.get(path, headers={"authorization": f"Bearer {jwt}"})).status_code == 200
    advance(state, 3600)
    expired = await client.get("/api/v1/applications/", headers={"authorization": f"Bearer {jwt}"})
    assert expired.status_code == 401 and expired.json()["error"] == "invalid_token"
    assert state.platform.applications("demo-user") == []


def test_the_cli_takes_an_oauth_client_id() -> None:
    assert parse_args(["--oauth-client-id", CLIENT_ID]).oauth_client_id == CLIENT_ID
    assert parse_args([]).oauth_client_id is None
