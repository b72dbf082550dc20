"""The simulated AceDataCloud platform API: a signed-in user's applications and the API credentials under them.

Every call needs `Authorization: Bearer <access token from /oauth2/token>` (signin.py); a missing, forged or
expired token gets 401 `{"error": "invalid_token", "error_description"}`. A user sees only their own records.

- `GET  /api/v1/applications/?type=&scope=&user_id=&limit=&offset=&ordering=-created_at`
  `{"count", "items": [{"id", "type", "scope", "user_id", "created_at"}]}`, newest first by default;
  `count` is how many match, `items` at most `limit` of them.
- `POST /api/v1/applications/` `{"type": "Usage", "scope": "Global"}` 201 the new application.
- `GET  /api/v1/credentials/?application_id=&name=&limit=&offset=&ordering=`
  `{"count", "items": [{"id", "name", "application_id", "token", "created_at"}]}`.
- `POST /api/v1/credentials/` `{"application_id", "name"}` 201 the new credential with a fresh random
  `token`, which the simulated upstream accepts from then on; 404 for an unknown application, 403 for
  another user's.

A revoked credential (`POST /_sim/signin/revoke`) is gone from the listings and refused by the upstream.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from acemedia.simulator import iso
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .signin import AuthServer

APPLICATIONS_PATH = "/api/v1/applications/"
CREDENTIALS_PATH = "/api/v1/credentials/"
ORDERINGS = ("-created_at", "created_at")


@dataclass
class Application:
    id: str
    type: str
    scope: str
    user_id: str
    created_at: str
    seq: int  # creation order, so records made in the same instant still sort

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "scope": self.scope,
            "user_id": self.user_id,
            "created_at": self.created_at,
        }


@dataclass
class Credential:
    id: str
    name: str
    application_id: str
    token: str
    created_at: str
    user_id: str
    seq: int
    revoked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "application_id": self.application_id,
            "token": self.token,
            "created_at": self.created_at,
        }


class PlatformError(Exception):
    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": f'Bearer error="{self.code}"'} if self.status == 401 else None
        body = {"error": self.code, "error_description": self.description}
        return JSONResponse(body, status_code=self.status, headers=headers)


@dataclass
class Platform:
    """Applications and credentials per user, stamped with the simulator's wall clock (`wall`, unix seconds)."""

    wall: Callable[[], float]
    _applications: dict[str, Application] = field(default_factory=dict, repr=False)
    _credentials: dict[str, Credential] = field(default_factory=dict, repr=False)  # by token
    _seq: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def applications(self, user: str) -> list[Application]:
        """The user's applications, newest first."""
        with self._lock:
            found = [a for a in self._applications.values() if a.user_id == user]
        return sorted(found, key=lambda a: a.seq, reverse=True)

    def create_application(self, user: str, type: str = "Usage", scope: str = "Global") -> Application:
        with self._lock:
            self._seq += 1
            app = Application(str(uuid.uuid4()), type, scope, user, iso(self.wall()), self._seq)
            self._applications[app.id] = app
        return app

    def credentials(self, user: str) -> list[Credential]:
        """The user's credentials that still work, newest first."""
        return [c for c in self.credentials_of(user) if not c.revoked]

    def create_credential(self, user: str, application_id: str, name: str) -> Credential:
        """A new credential under the user's application; `PlatformError` 404/403 for an unknown or foreign one."""
        with self._lock:
            app = self._applications.get(application_id)
            if app is None:
                raise PlatformError(404, "not_found", "No application has this id.")
            if app.user_id != user:
                raise PlatformError(403, "forbidden", "The application belongs to another user.")
            self._seq += 1
            credential = Credential(
                id=str(uuid.uuid4()),
                name=name,
                application_id=application_id,
                token=secrets.token_hex(16),
                created_at=iso(self.wall()),
                user_id=user,
                seq=self._seq,
            )
            self._credentials[credential.token] = credential
        return credential

    def credentials_of(self, user: str) -> list[Credential]:
        """Every credential the user was given, revoked ones too, newest first."""
        with self._lock:
            found = [c for c in self._credentials.values() if c.user_id == user]
        return sorted(found, key=lambda c: c.seq, reverse=True)

    def issued(self, token: str) -> bool:
        """Whether `token` is a credential this platform made and nobody revoked."""
        credential = self._credentials.get(token)
        return credential is not None and not credential.revoked

    def is_revoked(self, token: str) -> bool:
        credential = self._credentials.get(token)
        return credential is not None and credential.revoked

    def revoke(self, token: str) -> bool:
        """Revoke a credential; False when no credential has this token."""
        with self._lock:
            credential = self._credentials.get(token)
            if credential is not None:
                credential.revoked = True
        return credential is not None

    def users(self) -> dict[str, list[dict[str, Any]]]:
        """Each user with every credential they were given (newest first), marked revoked or not."""
        with self._lock:
            names = sorted({c.user_id for c in self._credentials.values()})
        return {
            name: [{**c.to_json(), "revoked": c.revoked} for c in self.credentials_of(name)] for name in names
        }

    def clear(self) -> None:
        with self._lock:
            self._applications.clear()
            self._credentials.clear()


def _page(items: list[dict[str, Any]], params: Mapping[str, str], filters: tuple[str, ...]) -> dict[str, Any]:
    """`{"count", "items"}` of `items` (newest first) narrowed by `filters`, then ordered and cut."""
    for name in filters:
        if name in params:
            items = [i for i in items if str(i.get(name)) == params[name]]
    ordering = params.get("ordering", ORDERINGS[0])
    if ordering not in ORDERINGS:
        raise PlatformError(400, "bad_request", f"ordering must be one of {', '.join(ORDERINGS)}.")
    if ordering == "created_at":
        items = items[::-1]
    try:
        limit = int(params.get("limit", len(items) or 1))
        offset = int(params.get("offset", 0))
    except ValueError:
        raise PlatformError(400, "bad_request", "limit and offset must be whole numbers.") from None
    if limit < 1 or offset < 0:
        raise PlatformError(400, "bad_request", "limit must be at least 1 and offset at least 0.")
    return {"count": len(items), "items": items[offset : offset + limit]}


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise PlatformError(400, "bad_request", "The body must be a JSON object.")
    return data


def _text(data: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if not isinstance(value, str) or not value:
        raise PlatformError(400, "bad_request", f"{name} must be a non-empty string.")
    return value


def platform_routes(platform: Platform, auth: AuthServer) -> list[Route]:
    def user_of(request: Request) -> str:
        scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise PlatformError(401, "invalid_token", "Sign in first: no bearer access token was sent.")
        user = auth.user_of(token.strip())
        if user is None:
            raise PlatformError(401, "invalid_token", "The access token is invalid or has expired.")
        return user

    async def applications(request: Request) -> Response:
        try:
            user = user_of(request)
            if request.method == "POST":
                data = await _json_body(request)
                app = platform.create_application(
                    user, _text(data, "type", "Usage"), _text(data, "scope", "Global")
                )
                return JSONResponse(app.to_json(), status_code=201)
            mine = [a.to_json() for a in platform.applications(user)]
            page = _page(mine, request.query_params, ("id", "type", "scope", "user_id"))
        except PlatformError as exc:
            return exc.response()
        return JSONResponse(page)

    async def credentials(request: Request) -> Response:
        try:
            user = user_of(request)
            if request.method == "POST":
                data = await _json_body(request)
                credential = platform.create_credential(
                    user, _text(data, "application_id"), _text(data, "name", "OAuth MCP")
                )
                return JSONResponse(credential.to_json(), status_code=201)
            mine = [c.to_json() for c in platform.credentials(user)]
            page = _page(mine, request.query_params, ("id", "application_id", "name"))
        except PlatformError as exc:
            return exc.response()
        return JSONResponse(page)

    # the real platform's paths end in a slash; the same paths without it are served too
    return [
        Route(path, endpoint, methods=["GET", "POST"])
        for base, endpoint in ((APPLICATIONS_PATH, applications), (CREDENTIALS_PATH, credentials))
        for path in (base, base.rstrip("/"))
    ]
