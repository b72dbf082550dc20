"""The simulator's media host: `GET /media/<provider>/<file>` answers with bytes derived from the path.

Point a `SimulatorState`'s `media_base` at `<simulator url>/media` and every media URL it hands out can
be downloaded. The bytes are a pure function of the path and the shelf's size, so a test can recompute
what a saved file must contain. Images are real PNGs and `.mp3` files real (silent) MPEG audio frames,
so a browser shows and plays them; other kinds carry their format's magic bytes and filler.

Test knobs on the shelf (a harness sets them over HTTP too): `size` (bytes per file), `cut` (how many of
the next downloads stop halfway), `redirect` (answer the next downloads with a 302 to this URL).
"""

from __future__ import annotations

import hashlib
import struct
import threading
import zlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

MEDIA_PREFIX = "/media"
DEFAULT_SIZE = 48 * 1024
CHUNK = 16 * 1024

CONTENT_TYPES = {
    "mp4": "video/mp4",
    "gif": "image/gif",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "zip": "application/zip",
    "jpg": "image/png",  # the simulator's stills are PNGs, whatever the URL says
    "png": "image/png",
}
MAGIC = {
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
    "gif": b"GIF89a",
    "wav": b"RIFF\x00\x00\x00\x00WAVEfmt ",
    "zip": b"PK\x03\x04",
}
# MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames; all-zero frames decode as silence
MP3_FRAME = b"\xff\xfb\x90\x00" + bytes(413)


@dataclass
class MediaRequest:
    path: str
    authorization: bool  # whether the request carried an Authorization header (it never should)


@dataclass
class MediaShelf:
    size: int = DEFAULT_SIZE
    cut: int = 0
    redirect: str | None = None
    requests: list[MediaRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def configure(self, data: Mapping[str, Any]) -> None:
        with self._lock:
            if "size" in data:
                self.size = max(0, int(data["size"]))
            if "cut" in data:
                self.cut = max(0, int(data["cut"]))
            if "redirect" in data:
                self.redirect = str(data["redirect"]) if data["redirect"] else None

    def take_cut(self) -> bool:
        with self._lock:
            if self.cut <= 0:
                return False
            self.cut -= 1
            return True

    def reset(self) -> None:
        with self._lock:
            self.size, self.cut, self.redirect = DEFAULT_SIZE, 0, None
            self.requests.clear()


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(extension(path), "application/octet-stream")


def media_bytes(path: str, size: int = DEFAULT_SIZE) -> bytes:
    """The exact bytes the simulator serves for the media file at `path` (`/media/…` or `/<provider>/…`)."""
    path = path.removeprefix(MEDIA_PREFIX)
    ext = extension(path)
    if content_type(path) == "image/png":
        return _png(path)
    if ext == "mp3":
        return (MP3_FRAME * (size // len(MP3_FRAME) + 1))[:size]
    head = MAGIC.get(ext, b"")
    filler = bytearray(head)
    counter = 0
    while len(filler) < size:
        filler += hashlib.sha256(f"{path}:{counter}".encode()).digest()
        counter += 1
    return bytes(filler[:size])


def _png(path: str, width: int = 320, height: int = 180) -> bytes:
    """A small gradient PNG whose colours come from the path."""
    seed = hashlib.sha256(path.encode()).digest()
    start, end = seed[0:3], seed[3:6]
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            t = (x + y) / (width + height)
            rows += bytes(int(a + (b - a) * t) for a, b in zip(start, end, strict=True))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def media_routes(shelf: MediaShelf) -> list[Route]:
    async def serve(request: Request) -> Response:
        path = request.url.path
        shelf.requests.append(MediaRequest(path, "authorization" in request.headers))
        if shelf.redirect:
            return RedirectResponse(shelf.redirect, status_code=302)
        body = media_bytes(path, shelf.size)
        headers = {"content-length": str(len(body))}
        cut = shelf.take_cut()

        async def stream() -> AsyncIterator[bytes]:
            end = len(body) // 2 if cut else len(body)
            for start in range(0, end, CHUNK):
                yield body[start : min(start + CHUNK, end)]
            if cut:
                raise ConnectionAbortedError("simulated cut")  # uvicorn drops the connection mid-body

        return StreamingResponse(stream(), media_type=content_type(path), headers=headers)

    return [Route(MEDIA_PREFIX + "/{path:path}", serve, methods=["GET", "HEAD"])]
