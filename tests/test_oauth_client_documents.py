"""Client ID Metadata Documents, fetched from a real https server on loopback: what is accepted,
what is refused and why, and that a document is fetched once and then served from the cache."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator

import anyio
import pytest
from acemedia.http.oauth import ClientDocuments, DocumentRefused
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .oauth_helpers import DOCUMENT_HOST, Certificate, loopback_certificate, serve_in_thread

REDIRECT = "http://127.0.0.1:33418/callback"


class DocumentSite:
    def __init__(self) -> None:
        self.base = ""
        self.hits: dict[str, int] = {}
        self.never = anyio.Event()

    def document(self, base: str, name: str, **changes: object) -> bytes:
        doc: dict[str, object] = {
            "client_id": f"{base}/{name}",
            "client_name": "Test client",
            "redirect_uris": [REDIRECT],
            "token_endpoint_auth_method": "none",
        }
        doc.update(changes)
        return json.dumps({k: v for k, v in doc.items() if v is not None}).encode()

    async def handle(self, request: Request) -> Response:
        name = request.path_params["name"]
        base = f"https://{request.headers['host']}/clients"  # under the name the client used
        self.hits[name] = self.hits.get(name, 0) + 1
        if name == "good.json":
            return Response(
                self.document(base, name),
                media_type="application/json",
                headers={"Cache-Control": "max-age=600"},
            )
        if name == "big.json":
            return Response(
                self.document(base, name, client_name="x" * 40_000), media_type="application/json"
            )
        if name == "slow.json":
            await self.never.wait()
        if name == "other.json":
            return Response(self.document(base, "good.json"), media_type="application/json")
        if name == "secret.json":
            return Response(self.document(base, name, token_endpoint_auth_method="client_secret_post"))
        if name == "no-redirects.json":
            return Response(self.document(base, name, redirect_uris=None))
        if name == "moved.json":
            return Response(status_code=302, headers={"Location": f"{self.base}/good.json"})
        return Response("not here", status_code=404)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return loopback_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def site(certificate: Certificate) -> Iterator[DocumentSite]:
    site = DocumentSite()
    app = Starlette(routes=[Route("/clients/{name}", site.handle)])
    with serve_in_thread(lambda _: app, certificate) as base:
        site.base = f"{base}/clients"
        yield site


def documents(certificate: Certificate, **options: object) -> ClientDocuments:
    trust = ssl.create_default_context(cafile=str(certificate.cert))
    return ClientDocuments(verify=trust, allow_private=True, **options)  # type: ignore[arg-type]


async def test_a_good_document_becomes_a_public_client_and_is_fetched_once(
    site: DocumentSite, certificate: Certificate
) -> None:
    docs = documents(certificate)
    url = f"{site.base}/good.json"
    before = site.hits.get("good.json", 0)
    client = await docs.client(url)
    again = await docs.client(url)
    assert client.client_id == url and again == client
    assert [str(u) for u in client.redirect_uris or []] == [REDIRECT]
    assert client.token_endpoint_auth_method == "none" and client.client_secret is None
    assert "authorization_code" in client.grant_types
    assert site.hits["good.json"] - before == 1


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("big.json", "larger than 16 KiB"),
        ("other.json", "client_id differs from the URL"),
        ("secret.json", "token_endpoint_auth_method 'none'"),
        ("no-redirects.json", "no redirect_uris"),
        ("missing.json", "answered 404"),
        ("moved.json", "answered 302"),
    ],
)
async def test_a_bad_document_is_refused_with_the_reason(
    site: DocumentSite, certificate: Certificate, name: str, problem: str
) -> None:
    with pytest.raises(DocumentRefused, match=problem):
        await documents(certificate).client(f"{site.base}/{name}")


async def test_a_slow_document_is_given_up_on(site: DocumentSite, certificate: Certificate) -> None:
    with anyio.fail_after(10), pytest.raises(DocumentRefused, match=r"took longer than 0\.3 s"):
        await documents(certificate, timeout=0.3).client(f"{site.base}/slow.json")


async def test_a_plain_http_client_id_is_refused_without_a_fetch(
    site: DocumentSite, certificate: Certificate
) -> None:
    url = site.base.replace("https://", "http://") + "/good.json"
    before = dict(site.hits)
    with pytest.raises(DocumentRefused, match="must use https"):
        await documents(certificate).client(url)
    assert site.hits == before


async def test_private_addresses_are_refused_unless_allowed(
    site: DocumentSite, certificate: Certificate
) -> None:
    trust = ssl.create_default_context(cafile=str(certificate.cert))
    before = dict(site.hits)
    with pytest.raises(DocumentRefused, match="not a public address"):
        await ClientDocuments(verify=trust).client(f"{site.base}/good.json")
    assert site.hits == before


async def test_an_untrusted_certificate_is_refused(site: DocumentSite) -> None:
    with pytest.raises(DocumentRefused, match="could not be fetched"):
        await ClientDocuments(allow_private=True).client(f"{site.base}/good.json")


class Resolver:
    """Answers DOCUMENT_HOST (and any name in `names`) with loopback, and counts the lookups."""

    def __init__(self, *names: str) -> None:
        self.names = {DOCUMENT_HOST, *names}
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.names:
            raise OSError(f"{host} does not resolve")
        return ["127.0.0.1"]


def by_name(site: DocumentSite, host: str, name: str) -> str:
    port = site.base.rsplit(":", 1)[1].split("/", 1)[0]
    return f"https://{host}:{port}/clients/{name}"


async def test_the_document_comes_from_the_address_that_was_checked(
    site: DocumentSite, certificate: Certificate
) -> None:
    """One lookup, and the connection goes to its answer: a second lookup (DNS rebinding) cannot send
    the fetch elsewhere. The name resolves nowhere else, so the fetch succeeding proves it."""
    resolver = Resolver()
    url = by_name(site, DOCUMENT_HOST, "good.json")
    client = await documents(certificate, resolve=resolver).client(url)
    assert client.client_id == url and resolver.lookups == [DOCUMENT_HOST]


async def test_tls_is_checked_against_the_name_not_the_address(
    site: DocumentSite, certificate: Certificate
) -> None:
    resolver = Resolver("not-on-the-certificate.example")
    url = by_name(site, "not-on-the-certificate.example", "good.json")
    with pytest.raises(DocumentRefused, match="could not be fetched"):
        await documents(certificate, resolve=resolver).client(url)
