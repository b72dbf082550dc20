"""How a provider's answers look: a `Style` (envelope and state words) plus an item maker make a `Recipe`.

Each provider package supplies its recipes in its `simulation` module. A job's `Product` is built once
when the job is created, so every body it shows (running, finished, failed) carries the same ids and URLs;
its `Dialect` (dialects.py) says which of the documented envelopes those bodies wear.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from .dialects import CLASSIC, Dialect
from .ids import IdMaker
from .replies import flat_error_body

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
    flat_errors: bool = False  # documents flat `{code, detail}` errors too (Kling lip-sync)


@dataclass(frozen=True)
class JobContext:
    """What an item maker knows about one job."""

    task_id: str
    trace_id: str
    request: Mapping[str, Any]
    ids: IdMaker
    media_base: str
    created_at: float  # unix seconds
    finished_at: float

    def url(self, folder: str, ext: str) -> str:
        """A simulated media URL: <media_base>/<folder>/<random>.<ext> (the folder is the provider's name)."""
        return f"{self.media_base}/{folder}/{self.ids.hex(24)}.{ext}"

    def text(self, key: str, default: str = "") -> str:
        value = self.request.get(key)
        return value if isinstance(value, str) and value else default


ItemMaker = Callable[[JobContext], Item]


def preview_url(url: str) -> str:
    """The streaming-preview twin of a final media URL: …/<folder>/preview/<file>."""
    head, _, name = url.rpartition("/")
    return f"{head}/preview/{name}"


@dataclass(frozen=True)
class Product:
    """Everything one job can answer, in its provider's style and its dialect."""

    style: Style
    task_id: str
    trace_id: str
    item: Item
    dialect: Dialect = CLASSIC

    @property
    def traced(self) -> bool:
        """`trace_id` in running and final bodies: the dialect's choice, else the provider's."""
        return self.style.trace if self.dialect.trace is None else self.dialect.trace

    @property
    def flat_errors(self) -> bool:
        return self.style.flat_errors and self.dialect.flat_errors

    def accepted(self) -> dict[str, Any]:
        """The immediate reply to an async or callback submission."""
        return self.dialect.accepted(self.task_id, self.trace_id, listed=self.style.shape == "list")

    def success(self) -> dict[str, Any]:
        item = dict(self.item)
        if self.style.progress:
            item["progress"] = "100%"
        if self.style.done is not None:
            item[self.style.state_key] = self.style.done
        # without a state word only `success: true` says it is done, so it stays
        keep = self.dialect.success_key or self.style.done is None
        return self._envelope(item, success=True if keep else None, trace=self.traced)

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
        return self._envelope(item, success=None, trace=self.traced)

    def failure(self, code: str, message: str) -> dict[str, Any]:
        if self.flat_errors:
            return {"task_id": self.task_id, **flat_error_body(code, message)}
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

    def product(self, ctx: JobContext, dialect: Dialect = CLASSIC) -> Product:
        return Product(self.style, ctx.task_id, ctx.trace_id, self.make_item(ctx), dialect)


def iso(ts: float, timespec: str = "milliseconds") -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat(timespec=timespec).replace("+00:00", "Z")
