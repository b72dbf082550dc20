"""Shapes tool results: the upstream body, the compatible guidance block, and the normalised status."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..provider import Provider
from ..sandbox import Sandbox
from .guidance import DEFAULT_PACING, Pacing, ToolNames, polling_block, submission_block
from .status import TaskView, read_task, task_id_of

SANDBOX_NOTE = "Sandbox mode: this media is simulated by the built-in simulator; no real generation ran."


def tool_names(provider: Provider) -> ToolNames:
    p = provider.name
    return ToolNames(poll=f"{p}_get_task", batch=f"{p}_get_tasks_batch", wait=f"{p}_wait_for_task")


TIMING_KEYS = ("created_at", "started_at", "finished_at", "elapsed")


def _summary(view: TaskView, upstream: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"status": view.status, "media": [m.as_dict() for m in view.media]}
    if view.error:
        out["error_detail"] = view.error
        if not upstream.get("error"):  # where an agent looks first; an upstream `error` stays as it came
            out["error"] = view.error
    return out


# keys this server adds to a result: an upstream body's own keys of these names give way to ours
OUR_KEYS = ("status", "media", "error_detail", "timing", "wait", "sandbox", "retry_after_seconds")


def _without_ours(upstream: dict[str, Any]) -> dict[str, Any]:
    """A copy of an upstream body without the keys our result shapes itself (an upstream `error`
    stays: it is the upstream's own report)."""
    return {k: v for k, v in upstream.items() if k not in OUR_KEYS}


def _pacing(sandbox: Sandbox | None, request: Any) -> Pacing:
    """The pacing of a job whose request was `request` (the runtime's `pacing` also heeds the throttle)."""
    if sandbox is None:
        return DEFAULT_PACING
    return sandbox.pacing_for(request if isinstance(request, dict) else None)


def _timing(record: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k in TIMING_KEYS if isinstance(v := record.get(k), (int, float))}


def lean_task(provider: Provider, record: dict[str, Any]) -> dict[str, Any]:
    """A batch item without the upstream request and response: id, status, media, timing."""
    view = read_task(record, provider.vocabulary)
    lean: dict[str, Any] = {"id": str(record.get("id", "")), "state": view.state, **_summary(view, record)}
    if timing := _timing(record):
        lean["timing"] = timing
    return lean


def submission_result(
    provider: Provider,
    response: dict[str, Any],
    sandbox: Sandbox | None = None,
    pacing: Pacing | None = None,
    request: dict[str, Any] | None = None,
    product: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A submit reply with `mcp_async_submission` when it carries a task id (`product`: see `Submit`)."""
    vocab = provider.vocabulary
    if product:
        vocab = replace(vocab, result_keys=(*vocab.result_keys, *product))
    view = read_task({"response": response}, vocab)
    result = _without_ours(response)
    task_id = task_id_of(response)
    if task_id:
        result["task_id"] = task_id  # where agents look, also when the reply nests it in `data`
        result["mcp_async_submission"] = submission_block(
            task_id, view, tool_names(provider), pacing or _pacing(sandbox, request)
        )
    result.update(_summary(view, response))
    if sandbox:
        result["sandbox"] = SANDBOX_NOTE
    return result


def task_result(
    provider: Provider,
    record: dict[str, Any],
    view: TaskView | None = None,
    sandbox: Sandbox | None = None,
    pacing: Pacing | None = None,
) -> dict[str, Any]:
    """A task record with `mcp_task_polling` in the provider's flavour."""
    view = view or read_task(record, provider.vocabulary)
    result = _without_ours(record)
    task_id = record.get("id") or record.get("task_id")
    if task_id:
        result["mcp_task_polling"] = polling_block(
            str(task_id),
            view,
            tool_names(provider),
            pacing or _pacing(sandbox, record.get("request")),
            provider.polling,
        )
    result.update(_summary(view, record))
    if timing := _timing(record):
        result["timing"] = timing
    if sandbox:
        result["sandbox"] = SANDBOX_NOTE
    return result
