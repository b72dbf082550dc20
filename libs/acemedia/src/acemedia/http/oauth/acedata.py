"""The upstream leg of a sign-in: AceDataCloud's OAuth server, then its platform API for the user's
credential (found or created under the name the existing servers use, so both share one)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any
from urllib.parse import urlencode

import httpx

from .settings import OAuthSettings

UPSTREAM_SCOPE = "profile platform"
CREDENTIAL_NAME = "OAuth MCP"
APPLICATION_FILTER = {"type": "Usage", "scope": "Global"}


class SignInFailed(Exception):
    """The upstream refused or broke a step; `status` is what the browser is shown (502 or 403)."""

    def __init__(self, message: str, status: int = 502) -> None:
        super().__init__(message)
        self.status = status


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def jwt_claims(jwt: str) -> dict[str, Any]:
    """The payload of a JWT, unverified: read only to filter the platform's lists by user."""
    try:
        payload = jwt.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _items(reply: Any) -> list[dict[str, Any]]:
    if not isinstance(reply, dict):
        return []
    items = reply.get("items", reply.get("results"))
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


class AceDataSignIn:
    def __init__(self, settings: OAuthSettings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    def authorize_url(self, state: str, verifier: str) -> str:
        query = {
            "client_id": self.settings.client_id,
            "redirect_uri": self.settings.callback_url,
            "response_type": "code",
            "scope": UPSTREAM_SCOPE,
            "state": state,
            "code_challenge": s256(verifier),
            "code_challenge_method": "S256",
        }
        return f"{self.settings.auth_base_url}/oauth2/authorize?{urlencode(query)}"

    async def exchange(self, code: str, verifier: str) -> str:
        """The user's upstream access token (a JWT) for the code the auth server sent back."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": self.settings.client_id,
            "redirect_uri": self.settings.callback_url,
            "code_verifier": verifier,
        }
        reply = await self._call("POST", f"{self.settings.auth_base_url}/oauth2/token", data=form)
        token = reply.get("access_token") if isinstance(reply, dict) else None
        if not isinstance(token, str) or not token:
            raise SignInFailed("AceDataCloud's auth server sent no access token")
        return token

    async def credential(self, jwt: str) -> tuple[str, str]:
        """(user id, API credential) of the signed-in user, creating the application and credential
        the first time, and reusing them after."""
        claims = jwt_claims(jwt)
        user = str(claims.get("user_id") or claims.get("sub") or "")
        headers = {"Authorization": f"Bearer {jwt}"}
        base = f"{self.settings.platform_base_url}/api/v1"
        query: dict[str, Any] = {"limit": 10, "ordering": "-created_at", **APPLICATION_FILTER}
        if user:
            query["user_id"] = user
        apps = _items(await self._call("GET", f"{base}/applications/", params=query, headers=headers))
        if apps:
            app = apps[0]
        else:
            app = await self._call("POST", f"{base}/applications/", json=APPLICATION_FILTER, headers=headers)
        app_id = app.get("id") if isinstance(app, dict) else None
        if not app_id:
            raise SignInFailed("AceDataCloud's platform has no application for this account", status=403)
        query = {"application_id": app_id, "name": CREDENTIAL_NAME}
        found = _items(await self._call("GET", f"{base}/credentials/", params=query, headers=headers))
        credential = found[0] if found else None
        if credential is None or not credential.get("token"):
            body = {"application_id": app_id, "name": CREDENTIAL_NAME}
            credential = await self._call("POST", f"{base}/credentials/", json=body, headers=headers)
        token = credential.get("token") if isinstance(credential, dict) else None
        if not isinstance(token, str) or not token:
            raise SignInFailed("AceDataCloud's platform gave no API credential for this account", status=403)
        return user or str(app.get("user_id") or ""), token

    async def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise SignInFailed(f"AceDataCloud could not be reached ({type(exc).__name__})") from None
        if response.status_code in (401, 403):
            raise SignInFailed("AceDataCloud refused the sign-in", status=403)
        if response.status_code >= 400:
            raise SignInFailed(f"AceDataCloud answered {response.status_code} during sign-in")
        try:
            return response.json()
        except ValueError:
            raise SignInFailed("AceDataCloud answered with something that is not JSON") from None
