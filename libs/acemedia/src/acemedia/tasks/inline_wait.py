"""`wait_seconds` on every generation tool: submit, then wait for the result in the same call.

Default 0 keeps the existing contract (the task id comes back at once); the parameter's description
and the submission guidance suggest `SUGGESTED_WAIT` seconds, which every client tolerates, so an agent
that takes the advice gets a short job in one call and a 90 s job in two. The wait budget of the wait
tools depends on whether the client listens for progress: a call that carries a progress token gets
progress notifications at every upstream poll (at most 10 s apart), which keep clients that reset
their timeout on progress (Claude Code, TypeScript SDK `resetTimeoutOnProgress`) from cutting it, so
its default budget is long enough to cover a typical job in one call; without a token the default
stays under the ~60 s at which some clients cut a call.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from pydantic import Field

from ..settings import Settings

WAIT_PARAMETER = "wait_seconds"
WAIT_MAX_SECONDS = 600
SUGGESTED_WAIT = 50  # under the ~60 s at which clients without progress cut a call

WaitInCall = Annotated[
    float,
    Field(
        ge=0,
        le=WAIT_MAX_SECONDS,
        description=f"Seconds to wait here for the result; {SUGGESTED_WAIT} suits most clients.",
    ),
]


def listens_for_progress(ctx: Context) -> bool:
    """Whether the client asked for progress notifications on this call (`_meta.progressToken`)."""
    try:
        request = ctx.request_context
    except ValueError:  # called outside a request
        return False
    raw = request.params.get("_meta") if request.params else None
    for meta in (request.meta, raw):
        if isinstance(meta, Mapping) and meta.get("progressToken") is not None:
            return True
    return False


def default_budget(ctx: Context, settings: Settings) -> float:
    """The wait tools' budget when the caller names none."""
    listening, quiet = settings.wait_budgets
    return listening if listens_for_progress(ctx) else quiet


def with_wait_parameter(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for `fn` whose signature ends with `wait_seconds`, for the tool schema."""
    hints = typing.get_type_hints(fn, include_extras=True)
    signature = inspect.signature(fn)
    wait = inspect.Parameter(WAIT_PARAMETER, inspect.Parameter.KEYWORD_ONLY, default=0, annotation=WaitInCall)
    parameters = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
    ]

    def spec(**kwargs: Any) -> Any:
        raise NotImplementedError

    spec.__name__, spec.__qualname__, spec.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    spec.__module__ = fn.__module__
    spec.__signature__ = signature.replace(parameters=[*parameters, wait])  # type: ignore[attr-defined]
    spec.__annotations__ = {**{p.name: p.annotation for p in parameters}, WAIT_PARAMETER: WaitInCall}
    return spec
