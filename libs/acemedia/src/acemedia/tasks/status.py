"""One status model for every provider: reads a task record (or a submission reply) in the provider's vocabulary."""

from __future__ import annotations

import math
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
    """How one provider spells task states and where its results live."""

    succeeded: frozenset[str]
    failed: frozenset[str] = COMMON_FAILED
    queued: frozenset[str] = COMMON_QUEUED
    # media URL keys in a response (flat) or in each `data` item, with the kind of media each holds
    media_keys: tuple[tuple[str, str], ...] = (("video_url", "video"),)
    # non-media keys whose value is an operation's finished product (Producer lyrics: `text`, `lyrics`)
    result_keys: tuple[str, ...] = ()

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
    progress: float | None = None  # the upstream's own progress, 0-100, where it reports one

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


JSON = dict[str, Any]


def read_task(record: JSON, vocab: Vocabulary) -> TaskView:
    """The one reading of an upstream answer: a task record `{id, response?, ...}`, or a submission
    reply wrapped as `{"response": reply}`. Final only with evidence.

    The dialects it holds on (upstream-api.md §1.2-§1.5, tests/data/reply_readings.json):
    - record without `response` (queued)                          -> pending
    - `{task_id}`, `{success: true, task_id, trace_id?}`, `{success: true, data: []}` (accepted)
                                                                  -> pending
    - list style `{success, data: [{state, video_url...}]}`, flat style `{success, state, video_url...}`,
      `data` as an object (Producer lyrics/upload/videos)          -> by the states and media below
    - `{"status": "success", data}`: an envelope `status` is the call's outcome, so a success word there
      is no evidence (a running or failed word still counts)
    - `success: false`, an `error` (object or string), a flat `{code, detail}` error, or any failed
      state word                                                  -> failed
    - otherwise `succeeded` needs every state word to be a success word and at least one of: a success
      word, or `success: true` with the operation's final media or product; a running word anywhere
      (e.g. Producer's preview `audio_url` while `pending`) keeps it running. Media of an unfinished
      task is reported as a preview (`final: false`).
    """
    raw = record.get("response")
    response = raw if isinstance(raw, dict) else None
    items = _items(response) if response else []
    states = [
        *_envelope_states(record, vocab),
        *_envelope_states(response or {}, vocab),
        *[s for s in (_state_of(i) for i in items) if s],
    ]
    success = (
        _flag(response.get("success")) if response and "success" in response else _flag(record.get("success"))
    )
    error = _error_of(response or {}) or _error_of(record)
    media = _media(response, items, vocab)
    produced = bool(media) or _has_result(response, items, vocab)

    status: TaskStatus
    if success is False or error is not None or any(s in vocab.failed for s in states):
        status = "failed"
    elif response is None:
        status = "pending"
    elif all(s in vocab.succeeded for s in states) and (states or (success is True and produced)):
        status = "succeeded"
    elif all(s in vocab.queued for s in states) and not media:
        status = "pending"
    else:
        status = "running"

    final = status == "succeeded"
    return TaskView(
        status=status,
        state=_first_state(record, response, items),
        media=[Media(m.url, m.kind, final, m.id) for m in media],
        error=_error_dict(error) if status == "failed" else None,
        progress=100.0 if final else _progress(response, items),
    )


def task_id_of(reply: JSON) -> str | None:
    """The task id of a submission reply: top-level `task_id`, else inside a `data` object
    (`{"status": "success", "data": {"task_id": ...}}`)."""
    for source in (reply, reply.get("data")):
        if isinstance(source, dict):
            value = source.get("task_id")
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
    return None


def _items(response: JSON) -> list[JSON]:
    data = response.get("data")
    if isinstance(data, list):
        return [i for i in data if isinstance(i, dict)]
    return [data] if isinstance(data, dict) else []


def _word(value: Any) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def _state_of(obj: JSON) -> str:
    return _word(obj.get("state")) or _word(obj.get("status"))


def _envelope_states(obj: JSON, vocab: Vocabulary) -> list[str]:
    """An envelope's `state`, and its `status` unless that only says the call went well."""
    found = [_word(obj.get("state"))]
    status = _word(obj.get("status"))
    if status not in vocab.succeeded:
        found.append(status)
    return [s for s in found if s]


def _first_state(record: JSON, response: JSON | None, items: list[JSON]) -> str:
    for obj in (record, response or {}, *items):
        if state := _state_of(obj):
            return state
    return ""


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _error_of(obj: JSON) -> Any:
    """An error the body carries: `error` (object or string), or the flat `{code, detail}` form."""
    error = obj.get("error")
    if isinstance(error, dict) and error:
        return error
    if isinstance(error, str) and error.strip():
        return error
    if isinstance(obj.get("code"), str) and "detail" in obj:
        return {"code": obj["code"], "message": str(obj.get("detail") or obj["code"])}
    return None


def _media(response: JSON | None, items: list[JSON], vocab: Vocabulary) -> list[Media]:
    if response is None:
        return []
    found: list[Media] = []
    for source in [response, *items]:
        ident = source.get("id") or source.get("video_id") or source.get("audio_id")
        for key, kind in vocab.media_keys:
            url = source.get(key)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                found.append(Media(url=url, kind=kind, final=False, id=str(ident) if ident else None))
    return found


def _has_result(response: JSON | None, items: list[JSON], vocab: Vocabulary) -> bool:
    sources = [response or {}, *items]
    return any(isinstance(s.get(k), str) and s[k].strip() for s in sources for k in vocab.result_keys)


def _progress(response: JSON | None, items: list[JSON]) -> float | None:
    """The upstream's own progress: "42%" and 42 read as 42, a share such as 0.42 as 42."""
    for source in [*items, response or {}]:
        number = _percent(source.get("progress"))
        if number is not None:
            return number
    return None


def _percent(value: Any) -> float | None:
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text.rstrip("%").strip())
        except ValueError:
            return None
        share = not text.endswith("%") and 0 < number < 1
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number, share = float(value), isinstance(value, float) and 0 < value < 1
    else:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return min(100.0, number * 100 if share else number)


def _error_dict(error: Any) -> JSON:
    if isinstance(error, dict):
        return error
    if error:
        return {"message": str(error)}
    return {"message": "The task failed without an error message"}
