"""Per-provider response bodies: each provider is a `Style` (envelope and state words) plus an item maker.

A job's `Product` is built once when the job is created, so every body it shows (running, finished,
failed) carries the same ids and URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from .ids import IdMaker
from .outcomes import strip_markers

Item = dict[str, Any]


@dataclass(frozen=True)
class Style:
    """How a provider lays out a body and spells its states."""

    shape: Literal["list", "flat", "object"]  # data: [item] | item fields at top level | data: item
    done: str | None  # the success state word; None: this reply has no state at all
    running: tuple[str, ...] = ()  # state words while running, spread evenly over the run
    state_key: str = "state"
    trace: bool = True  # trace_id in the success body
    media_keys: tuple[str, ...] = ("video_url",)  # empty until done; the first may carry a preview URL
    done_only: tuple[str, ...] = ()  # fields that appear only once done
    progress: bool = False  # a "NN%" progress field
    preview: bool = False  # streams a preview of the first media key while running by default


@dataclass(frozen=True)
class Context:
    """What an item maker knows about one job."""

    task_id: str
    trace_id: str
    request: Mapping[str, Any]
    ids: IdMaker
    media_base: str
    created_at: float  # unix seconds
    finished_at: float

    def url(self, provider: str, ext: str) -> str:
        return f"{self.media_base}/{provider}/{self.ids.hex(24)}.{ext}"

    def text(self, key: str, default: str = "") -> str:
        value = self.request.get(key)
        return value if isinstance(value, str) and value else default


ItemMaker = Callable[[Context], Item]


def preview_url(url: str) -> str:
    """The streaming-preview twin of a final media URL: …/<provider>/preview/<file>."""
    head, _, name = url.rpartition("/")
    return f"{head}/preview/{name}"


@dataclass(frozen=True)
class Product:
    """Everything one job can answer, in its provider's style."""

    style: Style
    task_id: str
    trace_id: str
    item: Item

    def success(self) -> dict[str, Any]:
        item = dict(self.item)
        if self.style.progress:
            item["progress"] = "100%"
        if self.style.done is not None:
            item[self.style.state_key] = self.style.done
        return self._envelope(item, success=True, trace=self.style.trace)

    def running(self, fraction: float, preview: bool) -> dict[str, Any]:
        """The in-progress body: no `success` key, media empty (or a preview), a running state word."""
        style = self.style
        item = {k: v for k, v in self.item.items() if k not in style.done_only}
        for i, key in enumerate(style.media_keys):
            if key in item:
                keep = i == 0 and preview and isinstance(item[key], str)
                item[key] = preview_url(item[key]) if keep else None
        if style.progress:
            item["progress"] = f"{min(99, int(fraction * 100))}%"
        if style.done is not None and style.running:
            step = min(int(fraction * len(style.running)), len(style.running) - 1)
            item[style.state_key] = style.running[max(0, step)]
        return self._envelope(item, success=None, trace=style.trace)

    def failure(self, code: str, message: str) -> dict[str, Any]:
        marker: Item = {"id": self.item["id"]} if "id" in self.item else {}
        if self.style.done is not None:
            marker[self.style.state_key] = "failed"
        body = self._envelope(marker, success=False, trace=True) if marker else self._bare(False, True)
        body["error"] = {"code": code, "message": message}
        return body

    def _bare(self, success: bool | None, trace: bool) -> dict[str, Any]:
        body: dict[str, Any] = {} if success is None else {"success": success}
        body["task_id"] = self.task_id
        if trace:
            body["trace_id"] = self.trace_id
        return body

    def _envelope(self, item: Item, *, success: bool | None, trace: bool) -> dict[str, Any]:
        body = self._bare(success, trace)
        if self.style.shape == "list":
            body["data"] = [item]
        elif self.style.shape == "object":
            body["data"] = item
        else:
            body.update(item)
        return body


@dataclass(frozen=True)
class Recipe:
    style: Style
    make_item: ItemMaker

    def product(self, ctx: Context) -> Product:
        return Product(self.style, ctx.task_id, ctx.trace_id, self.make_item(ctx))


def iso(ts: float, timespec: str = "milliseconds") -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat(timespec=timespec).replace("+00:00", "Z")


# --- item makers -------------------------------------------------------------------------------------


def sora_item(ctx: Context) -> Item:
    model = ctx.text("model", "sora-2")
    video_id = ctx.ids.uuid() if ctx.request.get("version") == "2.0" else f"{model}:task_{ctx.ids.base32(26)}"
    return {"id": video_id, "video_url": ctx.url("sora", "mp4")}


_LUMA_SIZES = {"16:9": (1360, 752), "9:16": (752, 1360), "1:1": (1024, 1024), "4:3": (1168, 880)}
_LUMA_SIZES |= {"3:4": (880, 1168), "21:9": (1568, 672), "9:21": (672, 1568)}


def luma_item(ctx: Context) -> Item:
    width, height = _LUMA_SIZES.get(ctx.text("aspect_ratio", "16:9"), (1360, 752))
    return {
        "video_id": ctx.ids.uuid(),
        "prompt": ctx.request.get("prompt"),
        "video_url": ctx.url("luma", "mp4"),
        "video_width": width,
        "video_height": height,
        "thumbnail_url": ctx.url("luma", "jpg"),
        "thumbnail_width": width,
        "thumbnail_height": height,
    }


def kling_item(ctx: Context) -> Item:
    seconds = ctx.request.get("duration")
    whole = int(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else 5
    item: Item = {"video_id": ctx.ids.digits(18), "video_url": ctx.url("kling", "mp4")}
    if ctx.text("prompt"):
        item["prompt"] = ctx.request["prompt"]
    item["duration"] = f"{whole}.041"
    return item


def kling_talking_photo_item(ctx: Context) -> Item:
    return {**kling_item(ctx), "source_video_url": ctx.url("kling", "mp4")}


def producer_audio_item(ctx: Context) -> Item:
    song_id = ctx.ids.uuid()
    if ctx.request.get("action") in ("stems", "all_stems"):
        return {
            "id": song_id,
            "title": ctx.text("title", "Stems"),
            "lyric": "",
            "stems_url": ctx.url("producer", "zip"),
            "model": "",
        }
    instrumental = ctx.request.get("instrumental") is True
    return {
        "id": song_id,
        "title": ctx.text("title") or _title(ctx.text("prompt")) or "Untitled",
        "image_url": ctx.url("producer", "jpg"),
        "lyric": "[Instrumental]" if instrumental else ctx.text("lyric") or _lyrics(ctx.text("prompt")),
        "audio_url": ctx.url("producer", "mp3"),
        "video_url": None,
        "image_id": song_id,
        "topic": None,
        "seed": ctx.text("seed") or ctx.ids.digits(10),
        "sound": strip_markers(ctx.text("prompt") or ctx.text("style")),
        "style": ctx.text("style") or None,
        "created_at": iso(ctx.created_at, "microseconds"),
        "model": ctx.text("model", "FUZZ-2.0"),
        "duration": "181.3014058956916",
    }


def producer_lyrics_item(ctx: Context) -> Item:
    prompt = ctx.text("prompt")
    return {"text": _lyrics(prompt), "title": _title(prompt) or "Untitled"}


def producer_upload_item(ctx: Context) -> Item:
    return {"audio_id": ctx.ids.uuid(), "lyric": "", "audio_url": ctx.request.get("audio_url")}


def producer_video_item(ctx: Context) -> Item:
    return {"video_url": ctx.url("producer", "mp4")}


def producer_wav_item(ctx: Context) -> Item:
    return {"title": "Untitled", "file_url": ctx.url("producer", "wav")}


def veo_item(ctx: Context) -> Item:
    gif = "gif" in (ctx.request.get("action"), ctx.request.get("resolution"))
    return {
        "id": ctx.ids.hex(32),
        "video_url": ctx.url("veo", "gif" if gif else "mp4"),
        "created_at": iso(ctx.created_at),
        "complete_at": iso(ctx.finished_at),
    }


def _title(prompt: str) -> str:
    words = strip_markers(prompt).split()[:4]
    return " ".join(w.capitalize() for w in words)


def _lyrics(prompt: str) -> str:
    theme = strip_markers(prompt)[:60] or "a simulated song"
    return (
        f"[Verse]\nA song about {theme}\nWritten by the simulator\n\n[Chorus]\nSing it once, sing it twice\n"
    )


# --- one recipe per response family --------------------------------------------------------------------

SORA = Recipe(Style("list", "succeeded", ("pending",)), sora_item)
VEO = Recipe(Style("list", "succeeded", ("running",), done_only=("complete_at",)), veo_item)
LUMA = Recipe(
    Style(
        "flat", "completed", ("pending", "processing"), trace=False, media_keys=("video_url", "thumbnail_url")
    ),
    luma_item,
)
_KLING = Style("flat", "succeed", ("processing",), trace=False, done_only=("duration",))
KLING = Recipe(_KLING, kling_item)
KLING_TALKING_PHOTO = Recipe(
    Style(
        "flat",
        "succeed",
        ("processing",),
        trace=False,
        media_keys=("video_url", "source_video_url"),
        done_only=("duration",),
    ),
    kling_talking_photo_item,
)
PRODUCER_AUDIOS = Recipe(
    Style(
        "list",
        "succeeded",
        ("pending",),
        media_keys=("audio_url", "stems_url"),
        done_only=("duration",),
        progress=True,
        preview=True,
    ),
    producer_audio_item,
)
PRODUCER_LYRICS = Recipe(
    Style("object", "complete", ("pending",), state_key="status", trace=False, media_keys=()),
    producer_lyrics_item,
)
PRODUCER_UPLOAD = Recipe(Style("object", None, trace=False, media_keys=()), producer_upload_item)
PRODUCER_VIDEOS = Recipe(Style("object", None), producer_video_item)
PRODUCER_WAV = Recipe(Style("list", None, media_keys=("file_url",)), producer_wav_item)
