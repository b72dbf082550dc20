"""What the sign-in tests share: a certificate for loopback https, a small https server for client
metadata documents, and a browser that follows a sign-in's redirects to the client's redirect URI."""

from __future__ import annotations

import datetime
import ipaddress
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import uvicorn
from acemedia_testing.simulator import pkce_challenge
from starlette.types import ASGIApp


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


DOCUMENT_HOST = "docs.example"  # a name no DNS answers: tests resolve it to loopback themselves


def loopback_certificate(folder: Path) -> Certificate:
    """A self-signed certificate for 127.0.0.1, localhost and DOCUMENT_HOST (trusted by pointing at its file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "acemedia test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.DNSName(DOCUMENT_HOST),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    paths = Certificate(folder / "cert.pem", folder / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


@contextmanager
def serve_in_thread(
    build: Callable[[str], ASGIApp], certificate: Certificate | None = None, *, lifespan: str = "off"
) -> Iterator[str]:
    """The app `build(base_url)` makes, on a loopback port (https with `certificate`); yields that
    base URL. The app is built once the port is known, for apps that must know their own address."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    scheme = "https" if certificate else "http"
    base = f"{scheme}://127.0.0.1:{sock.getsockname()[1]}"
    app = build(base)
    tls = {"ssl_certfile": str(certificate.cert), "ssl_keyfile": str(certificate.key)} if certificate else {}
    config = uvicorn.Config(
        app,
        log_level="warning",
        log_config=None,
        lifespan=lifespan,  # type: ignore[arg-type]
        timeout_graceful_shutdown=1,
        **tls,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)  # waiting for a thread to bind, not a test delay
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


@dataclass
class Landing:
    """Where a sign-in ended: the client's redirect URI with its query."""

    url: str

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}


async def follow_sign_in(
    authorize_url: str,
    redirect_uri: str,
    *,
    user: str = "demo-user",
    deny: bool = False,
    hops: int = 8,
    rewrite: Callable[[str], str] = lambda url: url,
) -> Landing | httpx.Response:
    """Plays the user's browser: follows redirects until one points at `redirect_uri` (returned as a
    Landing), or a page that is not a redirect (returned as it is). `rewrite` may send a hop elsewhere
    (to another replica)."""
    headers = {"X-Sim-User": user} | ({"X-Sim-Deny": "1"} if deny else {})
    url = authorize_url
    async with httpx.AsyncClient(headers=headers, follow_redirects=False) as browser:
        for _ in range(hops):
            if url.startswith(redirect_uri):
                return Landing(url)
            reply = await browser.get(url)
            if reply.status_code not in (301, 302, 303, 307):
                return reply
            url = rewrite(str(httpx.URL(url).join(reply.headers["location"])))
    raise AssertionError(f"more than {hops} redirects from {authorize_url}")


# -- a sign-in by hand, step by step (each step may go to another replica) -------------------------

REDIRECT = "http://127.0.0.1:33418/oauth/callback"


def pkce() -> tuple[str, str]:
    """(verifier, S256 challenge)."""
    verifier = secrets.token_urlsafe(40)
    return verifier, pkce_challenge(verifier)


async def register(base: str, redirect: str = REDIRECT) -> str:
    """A public client registered by DCR at `base`; its client id."""
    async with httpx.AsyncClient() as http:
        body = {"redirect_uris": [redirect], "token_endpoint_auth_method": "none", "client_name": "by hand"}
        reply = await http.post(f"{base}/register", json=body)
    assert reply.status_code == 201, reply.text
    return str(reply.json()["client_id"])


def authorize_url(base: str, client_id: str, challenge: str, **extra: str) -> str:
    query = {
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "xyz",
        **extra,
    }
    return str(httpx.URL(f"{base}/authorize", params=query))


async def redeem(base: str, client_id: str, code: str, verifier: str, **extra: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        **extra,
    }
    async with httpx.AsyncClient() as http:
        return await http.post(f"{base}/token", data=form)


async def refresh(base: str, client_id: str, token: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": token, "client_id": client_id}
    async with httpx.AsyncClient() as http:
        return await http.post(f"{base}/token", data=form)


async def revoke(base: str, client_id: str, token: str) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(f"{base}/revoke", data={"token": token, "client_id": client_id})
