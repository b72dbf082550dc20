"""Turns a provider's plain tool function into an MCP tool the SDK can call with a Context.

Two things the SDK does not do for us: inject a `Context` into functions that do not declare one,
and call functions whose parameter has a wire alias (`async`, a Python keyword) by their Python name.
The SDK passes arguments by alias, which is the bug that broke one of the existing servers' tool sets.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.mcpserver import Context
from pydantic.fields import FieldInfo

CTX = "ctx"


def wire_aliases(fn: Callable[..., Any]) -> dict[str, str]:
    """Map each parameter's wire alias (e.g. `async`) to its Python name (e.g. `async_`)."""
    hints = typing.get_type_hints(fn, include_extras=True)
    aliases: dict[str, str] = {}
    for name, hint in hints.items():
        for meta in getattr(hint, "__metadata__", ()):
            if isinstance(meta, FieldInfo) and meta.alias and meta.alias != name:
                aliases[meta.alias] = name
    return aliases


def wire_names(fn: Callable[..., Any]) -> set[str]:
    """The argument names a client sends: each parameter's alias where it has one (never the Context)."""
    hints = typing.get_type_hints(fn, include_extras=True)
    by_python_name = {python: wire for wire, python in wire_aliases(fn).items()}
    return {
        by_python_name.get(name, name)
        for name in inspect.signature(fn).parameters
        if hints.get(name) is not Context
    }


def as_context_tool(
    fn: Callable[..., Any],
    call: Callable[[dict[str, Any], Context], Awaitable[Any]],
    returns: Any,
) -> Callable[..., Awaitable[Any]]:
    """A coroutine with `fn`'s parameters plus `ctx`, that calls `call(python_kwargs, ctx)`."""
    hints = typing.get_type_hints(fn, include_extras=True)
    aliases = wire_aliases(fn)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in inspect.signature(fn).parameters.values()
    ]
    params.append(inspect.Parameter(CTX, inspect.Parameter.KEYWORD_ONLY, annotation=Context))

    async def tool(**kwargs: Any) -> Any:
        ctx = kwargs.pop(CTX)
        return await call({aliases.get(k, k): v for k, v in kwargs.items()}, ctx)

    tool.__name__ = fn.__name__
    tool.__qualname__ = fn.__qualname__
    # the model reads the description: no leaked docstring indentation
    tool.__doc__ = inspect.cleandoc(fn.__doc__) if fn.__doc__ else None
    tool.__module__ = fn.__module__
    tool.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    tool.__annotations__ = {**{p.name: p.annotation for p in params}, "return": returns}
    return tool
