"""The HTTP routes of sign-in: metadata for discovery (RFC 8414, RFC 9728), the SDK's authorize,
token, register and revoke handlers with this server's extra checks in front, and the callback
AceDataCloud's sign-in returns to."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.auth.handlers.authorize import AuthorizationHandler
from mcp.server.auth.handlers.register import RegistrationHandler
from mcp.server.auth.handlers.token import TokenHandler
from mcp.server.auth.middleware.client_auth import AuthenticationError, ClientAuthenticator
from mcp.server.auth.routes import cors_middleware
from mcp.server.auth.settings import ClientRegistrationOptions
from mcp.server.transport_security import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route, request_response

from .acedata import SignInFailed
from .client_documents import DocumentRefused, is_document_url
from .provider import AceMediaAuthProvider, SignInExpired
from .settings import CALLBACK_PATH, MCP_PATH, SCOPE, OAuthSettings

log = logging.getLogger("acemedia.oauth")

FORM_LIMIT = 64 * 1024
AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic"]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
Handler = Callable[[Request], Awaitable[Response]]


def server_metadata(settings: OAuthSettings) -> dict[str, Any]:
    base = settings.issuer
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "registration_endpoint": f"{base}/register",
        "revocation_endpoint": f"{base}/revoke",
        "scopes_supported": [SCOPE],
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
        "code_challenge_methods_supported": ["S256"],
        "client_id_metadata_document_supported": True,
        "authorization_response_iss_parameter_supported": True,
    }


def resource_metadata(settings: OAuthSettings, name: str) -> dict[str, Any]:
    return {
        "resource": settings.resource,
        "authorization_servers": [settings.issuer],
        "scopes_supported": [SCOPE],
        "bearer_methods_supported": ["header"],
        "resource_name": name,
    }


def _error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers=NO_STORE
    )


async def _client_id(request: Request) -> str:
    if request.method == "GET":
        return request.query_params.get("client_id", "")
    value = (await request.form()).get("client_id")
    return value if isinstance(value, str) else ""


def _documents_checked(provider: AceMediaAuthProvider, inner: Handler, status: int) -> Handler:
    """A client id that is a document URL is fetched first, so a refusal can say what was wrong."""

    async def handle(request: Request) -> Response:
        client_id = await _client_id(request)
        if is_document_url(client_id):
            try:
                await provider.documents.client(client_id)
            except DocumentRefused as refused:
                return _error(status, "invalid_client", str(refused))
        return await inner(request)

    return handle


def _resource_checked(settings: OAuthSettings, inner: Handler) -> Handler:
    """RFC 8707 at the token endpoint: a `resource` other than this server gets `invalid_target`."""

    async def handle(request: Request) -> Response:
        resource = (await request.form()).get("resource")
        if isinstance(resource, str) and not settings.names_this_server(resource):
            return _error(400, "invalid_target", f"this server only issues tokens for {settings.resource}")
        return await inner(request)

    return handle


def _revocation(provider: AceMediaAuthProvider, clients: ClientAuthenticator) -> Handler:
    """RFC 7009. (The SDK's handler insists on a `client_secret` field, which public clients never send.)"""

    async def handle(request: Request) -> Response:
        try:
            client = await clients.authenticate_request(request)
        except AuthenticationError as refused:
            return _error(401, "invalid_client", refused.message)
        token = (await request.form()).get("token")
        if not isinstance(token, str) or not token:
            return _error(400, "invalid_request", "the form needs the token to revoke")
        found = await provider.load_access_token(token) or await provider.load_refresh_token(client, token)
        # another client's token, or none at all: answered the same way, so nothing can be probed (§2.2)
        if found is not None and found.client_id == client.client_id:
            await provider.revoke_token(found)
        return Response(status_code=200, headers=NO_STORE)

    return handle


def _page(status: int, title: str, text: str) -> HTMLResponse:
    body = f"<!doctype html><title>{html.escape(title)}</title><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
    return HTMLResponse(body, status_code=status, headers=NO_STORE)


def _callback(provider: AceMediaAuthProvider) -> Handler:
    async def handle(request: Request) -> Response:
        query = request.query_params
        try:
            target = await provider.finish(query.get("state", ""), query.get("code"), query.get("error"))
        except SignInExpired:
            return _page(
                400,
                "Sign-in expired",
                "This sign-in link is unknown, too old or already used. Start the sign-in again from your MCP client.",
            )
        except SignInFailed as failed:
            log.warning("sign-in failed: %s", failed)
            return _page(failed.status, "Sign-in failed", f"{failed} Try again in a moment.")
        return RedirectResponse(target, status_code=302, headers=NO_STORE)

    return handle


def _json(document: dict[str, Any]) -> Handler:
    async def handle(_: Request) -> Response:
        return JSONResponse(document, headers={"Cache-Control": "public, max-age=3600"})

    return handle


def _route(path: str, handler: Handler, methods: list[str], *, cors: bool = True) -> Route:
    app = cors_middleware(handler, methods) if cors else request_response(handler)
    return Route(path, endpoint=RequestBodyLimitMiddleware(app, FORM_LIMIT), methods=methods)


def signin_routes(provider: AceMediaAuthProvider, server_name: str) -> list[Route]:
    settings = provider.settings
    clients = ClientAuthenticator(provider)
    authorize = AuthorizationHandler(provider).handle
    token = TokenHandler(provider, clients).handle
    register = RegistrationHandler(
        provider,
        options=ClientRegistrationOptions(enabled=True, valid_scopes=[SCOPE], default_scopes=[SCOPE]),
    ).handle
    revoke = _revocation(provider, clients)
    protected = _json(resource_metadata(settings, server_name))
    get = ["GET", "OPTIONS"]
    return [
        _route("/.well-known/oauth-authorization-server", _json(server_metadata(settings)), get),
        _route(f"/.well-known/oauth-protected-resource{MCP_PATH}", protected, get),
        _route("/.well-known/oauth-protected-resource", protected, get),
        # the browser is sent here: no CORS
        _route("/authorize", _documents_checked(provider, authorize, 400), ["GET", "POST"], cors=False),
        _route(
            "/token",
            _documents_checked(provider, _resource_checked(settings, token), 401),
            ["POST", "OPTIONS"],
        ),
        _route("/register", register, ["POST", "OPTIONS"]),
        _route("/revoke", _documents_checked(provider, revoke, 401), ["POST", "OPTIONS"]),
        _route(CALLBACK_PATH, _callback(provider), ["GET"], cors=False),
    ]
