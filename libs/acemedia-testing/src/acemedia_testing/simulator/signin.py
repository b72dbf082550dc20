"""The simulated AceDataCloud auth server: an OAuth authorization-code grant with PKCE that signs a user in at once.

- `GET /oauth2/authorize?client_id=&redirect_uri=&response_type=code&scope=&state=&code_challenge=
  &code_challenge_method=S256` shows no form: the user (header `X-Sim-User`, else cookie `sim_user`,
  else `demo-user`) approves at once with a 302 to `redirect_uri` carrying `code` and `state`.
  Header `X-Sim-Deny: 1` makes the user decline: the 302 carries `error=access_denied` instead.
  A request that cannot be redirected safely gets 400 `{"error", "error_description"}`: `invalid_request`
  (a missing client_id, redirect_uri or code_challenge, response_type not `code`, method not `S256`) or
  `invalid_client` (a client id other than the configured one).
- `POST /oauth2/token` (form-encoded) `grant_type=authorization_code&code=&client_id=&redirect_uri=
  &code_verifier=` answers `{"access_token": <JWT>, "token_type": "Bearer", "expires_in": 3600,
  "scope": "profile platform"}`. A code works once (any exchange uses it up) and for 600 seconds of the
  simulator's clock, only with the client id and redirect URI it was issued for and a verifier whose
  base64url SHA-256 is the challenge; else 400 `invalid_grant` (`unsupported_grant_type`,
  `invalid_request` and `invalid_client` as their names say).

The access token is an HS256 JWT signed with a secret made for this simulator; its payload carries
`user_id`, `sub`, `iat`, `exp`, `scope` and `client_id`. The platform API (platform.py) accepts it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

DEFAULT_USER = "demo-user"
CODE_SECONDS = 600.0
TOKEN_SECONDS = 3600
GRANTED_SCOPE = "profile platform"
AUTHORIZE_PATH = "/oauth2/authorize"
TOKEN_PATH = "/oauth2/token"


class OAuthError(Exception):
    """An OAuth error reply: `{"error": code, "error_description": description}` with a 400."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description

    def response(self) -> JSONResponse:
        body = {"error": self.code, "error_description": self.description}
        return JSONResponse(body, status_code=400, headers={"Cache-Control": "no-store"})


@dataclass
class Grant:
    """One authorization code, waiting to be exchanged."""

    code: str
    user: str
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str
    expires: float  # unix seconds on the simulator's timeline


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier: base64url, no padding, of its SHA-256."""
    return _b64(hashlib.sha256(verifier.encode()).digest())


def with_query(url: str, params: dict[str, str]) -> str:
    """`url` with `params` added to whatever query it already has."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class AuthServer:
    """Authorization codes and access tokens, on the simulator's wall clock (`wall`, unix seconds).

    `client_id`: the only client allowed to sign in; None allows any client.
    """

    wall: Callable[[], float]
    client_id: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    _grants: dict[str, Grant] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def authorize(self, user: str, client_id: str, redirect_uri: str, challenge: str, scope: str = "") -> str:
        """A fresh one-time code for `user` signing in to `client_id`."""
        grant = Grant(
            code=secrets.token_urlsafe(32),
            user=user,
            client_id=client_id,
            redirect_uri=redirect_uri,
            challenge=challenge,
            scope=scope,
            expires=self.wall() + CODE_SECONDS,
        )
        with self._lock:
            self._grants[grant.code] = grant
        return grant.code

    def exchange(self, code: str, client_id: str, redirect_uri: str, verifier: str) -> str:
        """The access token (a JWT) for a code; raises `OAuthError("invalid_grant")` when it may not have one."""
        with self._lock:
            grant = self._grants.pop(code, None)  # used up by this attempt, whatever it brings
        if grant is None:
            raise OAuthError("invalid_grant", "The code is unknown or was used already.")
        if self.wall() >= grant.expires:
            raise OAuthError("invalid_grant", "The code has expired.")
        if client_id != grant.client_id:
            raise OAuthError("invalid_grant", "The code was issued to another client.")
        if redirect_uri != grant.redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri differs from the one the code was issued for.")
        if not hmac.compare_digest(pkce_challenge(verifier).encode(), grant.challenge.encode()):
            raise OAuthError("invalid_grant", "The code_verifier does not match the code_challenge.")
        return self.mint(grant.user, client_id=client_id)

    def mint(self, user: str, *, client_id: str = "", seconds: int = TOKEN_SECONDS) -> str:
        """A signed access token for `user`, valid for `seconds` from now."""
        now = int(self.wall())
        payload = {
            "user_id": user,
            "sub": user,
            "iat": now,
            "exp": now + seconds,
            "scope": GRANTED_SCOPE,
            "client_id": client_id,
        }
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{header}.{body}.{self._signature(header, body)}"

    def user_of(self, token: str | None) -> str | None:
        """The user a valid, unexpired access token was issued to; None for any other token."""
        parts = (token or "").split(".")
        # compared as bytes: a str with non-ASCII characters makes compare_digest raise
        signature = self._signature(parts[0], parts[1]).encode() if len(parts) == 3 else b""
        if not signature or not hmac.compare_digest(signature, parts[2].encode()):
            return None
        try:
            payload = json.loads(_unb64(parts[1]))
        except ValueError:
            return None
        if not isinstance(payload, dict):
            return None
        user, exp = payload.get("user_id"), payload.get("exp")
        if not isinstance(user, str) or not isinstance(exp, (int, float)) or exp <= self.wall():
            return None
        return user

    def clear(self) -> None:
        """Forget every code not exchanged yet (tokens already issued stay valid until they expire)."""
        with self._lock:
            self._grants.clear()

    def _signature(self, header: str, body: str) -> str:
        return _b64(hmac.new(self.secret, f"{header}.{body}".encode(), hashlib.sha256).digest())


def signed_in_user(request: Request) -> str:
    return request.headers.get("x-sim-user") or request.cookies.get("sim_user") or DEFAULT_USER


def _check_authorize(auth: AuthServer, params: dict[str, str]) -> None:
    for name in ("client_id", "redirect_uri", "code_challenge"):
        if not params.get(name):
            raise OAuthError("invalid_request", f"{name} is required.")
    target = urlsplit(params["redirect_uri"])
    if target.scheme not in ("http", "https") or not target.netloc or target.fragment:
        raise OAuthError(
            "invalid_request", "redirect_uri must be an absolute http(s) URL without a fragment."
        )
    if auth.client_id is not None and params["client_id"] != auth.client_id:
        raise OAuthError("invalid_client", "The client_id is not registered.")
    if params.get("response_type") != "code":
        raise OAuthError("invalid_request", "response_type must be code.")
    if params.get("code_challenge_method") != "S256":
        raise OAuthError("invalid_request", "code_challenge_method must be S256.")


def _token_reply(auth: AuthServer, form: dict[str, str]) -> dict[str, Any]:
    grant_type = form.get("grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "grant_type is required.")
    if grant_type != "authorization_code":
        raise OAuthError("unsupported_grant_type", "Only grant_type=authorization_code is supported.")
    for name in ("code", "client_id", "redirect_uri", "code_verifier"):
        if not form.get(name):
            raise OAuthError("invalid_request", f"{name} is required.")
    if auth.client_id is not None and form["client_id"] != auth.client_id:
        raise OAuthError("invalid_client", "The client_id is not registered.")
    token = auth.exchange(form["code"], form["client_id"], form["redirect_uri"], form["code_verifier"])
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
        "scope": GRANTED_SCOPE,
    }


def signin_routes(auth: AuthServer) -> list[Route]:
    async def authorize(request: Request) -> Response:
        params = dict(request.query_params)
        try:
            _check_authorize(auth, params)
        except OAuthError as exc:
            return exc.response()
        passed = {"state": params["state"]} if params.get("state") else {}
        if request.headers.get("x-sim-deny") == "1":
            reply = {"error": "access_denied", **passed}
        else:
            code = auth.authorize(
                signed_in_user(request),
                params["client_id"],
                params["redirect_uri"],
                params["code_challenge"],
                params.get("scope", ""),
            )
            reply = {"code": code, **passed}
        return RedirectResponse(with_query(params["redirect_uri"], reply), status_code=302)

    async def token(request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode("utf-8", errors="replace")))
        try:
            body = _token_reply(auth, form)
        except OAuthError as exc:
            return exc.response()
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    return [
        Route(AUTHORIZE_PATH, authorize, methods=["GET"]),
        Route(TOKEN_PATH, token, methods=["POST"]),
    ]
