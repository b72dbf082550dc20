"""The upstream's two kinds of call: submitting a job and querying `/<provider>/tasks`."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .endpoints import Endpoint
from .jobs import Job
from .outcomes import Outcome, apply_markers
from .replies import error_response
from .state import SimulatorState
from .validation import Need, Rules, check

DEFAULT_LIMIT = 12

TASK_RULES = Rules(
    needs=(Need((("id", "trace_id"),), when="action", values=("retrieve", None)),),
    enums={"action": ("retrieve", "retrieve_batch")},
    types={
        "id": str,
        "trace_id": str,
        "ids": list,
        "trace_ids": list,
        "offset": int,
        "limit": int,
        "type": str,
        "created_at_min": (int, float),
        "created_at_max": (int, float),
    },
)


def wants_async(body: dict[str, Any]) -> bool:
    callback = body.get("callback_url")
    return body.get("async") is True or (isinstance(callback, str) and bool(callback))


async def submit(
    state: SimulatorState, endpoint: Endpoint, body: dict[str, Any], token: str
) -> tuple[Response, Job | None]:
    """Start a job: the accepted reply at once when asked for async or a callback, else the finished body.

    An invalid request is 400 `bad_request` and a refusing outcome (`Outcome.refused`) its own error,
    both with no job; in a dialect with flat errors, an endpoint that documents them answers `{code, detail}`.
    """
    problem = check(endpoint.rules, body)
    if problem:
        wanted = apply_markers(Outcome(), body).dialect
        return _refusal(state, endpoint, wanted, "bad_request", problem), None
    outcome = state.plan(endpoint, body)
    if outcome.refused:
        code, message, status = outcome.error_code, outcome.error_message, outcome.http_status
        return _refusal(state, endpoint, outcome.dialect, code, message, status), None
    background = wants_async(body) and not endpoint.sync_only
    instant = not background and not state.sync_wait
    job = state.create_job(endpoint, body, token, instant=instant, outcome=outcome)
    if background:
        return JSONResponse(job.product.accepted()), job
    await state.wait_for(job)
    return JSONResponse(job.final_body(), status_code=job.final_status()), job


def _refusal(
    state: SimulatorState,
    endpoint: Endpoint,
    dialect: str | None,
    code: str,
    message: str | None,
    status: int | None = None,
) -> Response:
    """An error reply to a submission that starts no job, in the dialect the next job would speak."""
    flat = endpoint.recipe.style.flat_errors and state.dialects.peek(dialect).flat_errors
    return error_response(code, message, status=status, flat=flat)


def query(state: SimulatorState, provider: str, body: dict[str, Any], token: str) -> Response:
    """`retrieve` one task record (`{}` when unknown) or `retrieve_batch` as `{items, count}`."""
    problem = check(TASK_RULES, body)
    if problem:
        return error_response("bad_request", problem)
    now = state.clock()
    if body.get("action", "retrieve") in ("retrieve", None):
        job = state.find(provider, token, task_id=body.get("id"), trace_id=body.get("trace_id"))
        return JSONResponse(job.record(now) if job else {})
    for key in ("ids", "trace_ids"):
        if not all(isinstance(v, str) for v in body.get(key) or []):
            return error_response("bad_request", f"{key} must be a list of strings.")
    jobs = _select(state, provider, body, token)
    by_ids = bool(body.get("ids") or body.get("trace_ids"))
    offset, limit = body.get("offset"), body.get("limit", None if by_ids else DEFAULT_LIMIT)
    start = offset if isinstance(offset, int) and offset > 0 else 0
    page = jobs[start:] if limit is None else jobs[start : start + max(0, limit)]
    return JSONResponse({"items": [j.record(now) for j in page], "count": len(jobs)})


def _select(state: SimulatorState, provider: str, body: dict[str, Any], token: str) -> list[Job]:
    """The jobs a batch asks for: by ids then trace ids in the order given (unknown ones left out),
    or, without ids, the newest first; then filtered by `type` and `created_at_min`/`max`."""
    ids: list[str] = body.get("ids") or []
    trace_ids: list[str] = body.get("trace_ids") or []
    if ids or trace_ids:
        found = [state.find(provider, token, task_id=i) for i in ids]
        found += [state.find(provider, token, trace_id=t) for t in trace_ids]
        jobs = list({j.id: j for j in found if j is not None}.values())
    else:
        jobs = state.jobs(provider, token)[::-1]
    kind, low, high = body.get("type"), body.get("created_at_min"), body.get("created_at_max")
    return [
        j
        for j in jobs
        if (not kind or j.endpoint.type == kind)
        and (low is None or j.created_at >= low)
        and (high is None or j.created_at <= high)
    ]
