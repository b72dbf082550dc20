"""Output schemas the tools declare. Upstream keys pass through untouched (extra="allow")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, with_config
from typing_extensions import NotRequired, TypedDict

from .tasks.status import TaskStatus

OPEN = ConfigDict(extra="allow")


class MediaItem(TypedDict):
    url: str
    kind: str
    final: bool
    id: NotRequired[str]


class Timing(TypedDict, total=False):
    created_at: float
    started_at: float
    finished_at: float
    elapsed: float


class WaitInfo(TypedDict):
    polls: int
    waited_seconds: float
    finished: bool
    next_step: NotRequired[str]


@with_config(OPEN)
class SubmissionResult(TypedDict):
    """The upstream submit reply, plus status, media and `mcp_async_submission` guidance."""

    status: TaskStatus
    media: list[MediaItem]
    task_id: NotRequired[Any]  # upstream values pass through as they came
    mcp_async_submission: NotRequired[dict[str, Any]]
    error_detail: NotRequired[dict[str, Any]]
    sandbox: NotRequired[str]


@with_config(OPEN)
class TaskResult(TypedDict):
    """The upstream task record, plus status, media, timing and `mcp_task_polling` guidance."""

    status: TaskStatus
    media: list[MediaItem]
    id: NotRequired[Any]  # upstream values pass through as they came
    state: NotRequired[Any]
    timing: NotRequired[Timing]
    mcp_task_polling: NotRequired[dict[str, Any]]
    error_detail: NotRequired[dict[str, Any]]
    wait: NotRequired[WaitInfo]
    retry_after_seconds: NotRequired[float]
    sandbox: NotRequired[str]


class BatchResult(TypedDict):
    count: int
    items: list[TaskResult]
    by_status: dict[str, int]
    not_found: list[str]
    wait: NotRequired[WaitInfo]
    retry_after_seconds: NotRequired[float]
    sandbox: NotRequired[str]


class SavedFile(TypedDict):
    """One media file saved into the output folder."""

    index: int
    kind: str
    url: str
    path: str
    name: str
    bytes: int
    content_type: str
    resource_uri: str
    already_saved: bool


class LedgerEntry(TypedDict):
    task_id: str
    provider: str
    tool: str
    summary: str
    submitted_at: float
    last_status: str
    updated_at: float
    files: NotRequired[list[SavedFile]]


class SaveResult(TypedDict):
    task_id: str
    status: TaskStatus
    output_dir: str
    files: list[SavedFile]
    sandbox: NotRequired[str]


class LedgerListing(TypedDict):
    ledger: Literal["on", "off"]
    tasks: list[LedgerEntry]
    count: NotRequired[int]
    note: NotRequired[str]
