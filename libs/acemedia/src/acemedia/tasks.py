"""One status model for every provider: reads a task record (or a submit reply) in the provider's vocabulary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

TaskStatus = Literal["pending", "running", "succeeded", "failed"]
TERMINAL: frozenset[str] = frozenset({"succeeded", "failed"})

# Words the vendor's own SDK treats as done / failed; every provider also lists its own.
COMMON_SUCCEEDED = frozenset({"succeed", "succeeded", "success", "completed", "complete", "finished"})
COMMON_FAILED = frozenset({"failed", "failure", "error", "cancelled", "canceled", "rejected"})
COMMON_QUEUED = frozenset({"pending", "queued", "submitted", "waiting", "created"})


@dataclass(frozen=True)
class Vocabulary:
    """How one provider spells task states and where its media URLs live."""

    succeeded: frozenset[str]
    failed: frozenset[str] = COMMON_FAILED
    queued: frozenset[str] = COMMON_QUEUED
    # media URL keys in a response (flat) or in each `data` item, with the kind of media each holds
    media_keys: tuple[tuple[str, str], ...] = (("video_url", "video"),)

    @classmethod
    def of(cls, succeeded: Iterable[str], media_keys: tuple[tuple[str, str], ...], **kw: Any) -> Vocabulary:
        return cls(succeeded=COMMON_SUCCEEDED | frozenset(succeeded), media_keys=media_keys, **kw)


@dataclass(frozen=True)
class Media:
    url: str
    kind: str
    final: bool
    id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "kind": self.kind, "final": self.final}
        if self.id:
            out["id"] = self.id
        return out


@dataclass(frozen=True)
class TaskView:
    """What a task record means, independent of the provider's spelling."""

    status: TaskStatus
    state: str
    media: list[Media] = field(default_factory=list)
    error: dict[str, Any] | None = None

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


def _items(response: dict[str, Any]) -> list[dict[str, Any]]:
    data = response.get("data")
    if isinstance(data, list):
        return [i for i in data if isinstance(i, dict)]
    return [data] if isinstance(data, dict) else []


def _state_of(obj: dict[str, Any]) -> str:
    value = obj.get("state") or obj.get("status")
    return value.strip().lower() if isinstance(value, str) else ""


def read_task(record: dict[str, Any], vocab: Vocabulary) -> TaskView:
    """Normalise a task record `{id, response?, state?, ...}` to one status with its media."""
    raw_response = record.get("response")
    response = raw_response if isinstance(raw_response, dict) else None
    items = _items(response) if response else []
    item_states = [s for s in (_state_of(i) for i in items) if s]
    states = [s for s in (_state_of(record), _state_of(response or {}), *item_states) if s]

    success = response.get("success") if response and "success" in response else record.get("success")
    error = (response or {}).get("error") or record.get("error")
    failed = success is False or bool(error) or any(s in vocab.failed for s in states)
    unfinished = [s for s in states if s not in vocab.succeeded]

    status: TaskStatus
    if failed:
        status = "failed"
    elif not unfinished and (states or success is True):
        status = "succeeded"
    elif response is None or (
        all(s in vocab.queued for s in states) and not _has_media(response, items, vocab)
    ):
        status = "pending"
    else:
        status = "running"

    state = states[0] if states else ""
    return TaskView(
        status=status,
        state=state,
        media=_media(response, items, vocab, final=status == "succeeded"),
        error=_error_dict(error) if status == "failed" else None,
    )


def _has_media(response: dict[str, Any] | None, items: list[dict[str, Any]], vocab: Vocabulary) -> bool:
    return bool(_media(response, items, vocab, final=False))


def _media(
    response: dict[str, Any] | None, items: list[dict[str, Any]], vocab: Vocabulary, *, final: bool
) -> list[Media]:
    if response is None:
        return []
    found: list[Media] = []
    for source in [response, *items]:
        ident = source.get("id") or source.get("video_id") or source.get("audio_id")
        for key, kind in vocab.media_keys:
            url = source.get(key)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                found.append(Media(url=url, kind=kind, final=final, id=str(ident) if ident else None))
    return found


def _error_dict(error: Any) -> dict[str, Any]:
    if isinstance(error, dict):
        return error
    if error:
        return {"message": str(error)}
    return {"message": "The task failed without an error message"}
