"""Safe, predictable names for saved media: `<provider>-<task id>-<index>.<extension>`."""

from __future__ import annotations

import re
from pathlib import Path

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
SAFE_NAME = re.compile(r"[a-z0-9]+-[A-Za-z0-9][A-Za-z0-9_-]{0,127}-\d{1,3}\.[a-z0-9]{1,5}")

EXTENSIONS = {
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/mp4": "m4a",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/flac": "flac",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/zip": "zip",
}
MIME_TYPES = {ext: mime for mime, ext in reversed(EXTENSIONS.items())}
# what a media kind most likely is when neither the URL nor the host says
KIND_MIME = {"video": "video/mp4", "audio": "audio/mpeg", "image": "image/jpeg", "archive": "application/zip"}


def safe_task_id(task_id: str) -> str | None:
    """The id when it can be part of a file name as is, else None (slashes, dots, spaces...)."""
    return task_id if SAFE_ID.fullmatch(task_id) else None


def url_extension(url: str) -> str:
    name = url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if ext in MIME_TYPES else ""


def extension_for(content_type: str, url: str) -> str:
    """From the content type the host sent; else from the URL; else `bin`."""
    return EXTENSIONS.get(content_type) or url_extension(url) or "bin"


def mime_type_for(url: str, kind: str) -> str:
    return MIME_TYPES.get(url_extension(url)) or KIND_MIME.get(kind, "application/octet-stream")


def stem(provider: str, task_id: str, index: int) -> str:
    return f"{provider}-{task_id}-{index}"


def existing(folder: Path, file_stem: str) -> Path | None:
    """A finished file saved earlier under this stem (never a hidden `.part` file)."""
    for path in sorted(folder.glob(f"{file_stem}.*")):
        if path.is_file() and SAFE_NAME.fullmatch(path.name):
            return path
    return None


def inside(folder: Path, name: str) -> Path | None:
    """`folder/name` when `name` is one of our file names, else None: nothing outside the folder."""
    if not SAFE_NAME.fullmatch(name):
        return None
    path = folder / name
    return path if path.resolve().parent == folder.resolve() else None
