"""Checks tool arguments before the SDK does, so every refusal is in our words and sends nothing.

- Unknown names: the SDK silently drops them, so a misspelled option (`duraton=25`) would run the job
  with the default. Such a call gets a tool error naming the unknown and the allowed names; the work
  and the size of that answer are bounded, however many names a caller sends.
- Wrong types, empty strings, enum and range violations: rendered by `argument_errors` instead of
  pydantic's own text.
- A non-empty string parameter given only whitespace (a blank prompt, a blank task id) is refused.

The check validates with the SDK's own argument model of the tool and hands its result on, so a call's
arguments are validated once (see `CheckedArguments`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import annotated_types
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver.tools.base import Tool
from mcp.server.mcpserver.utilities.func_metadata import FuncMetadata, func_metadata
from mcp.types import CallToolResult, TextContent
from pydantic import ValidationError

from .argument_errors import BLANK, argument_error
from .errors import InvalidArgument

SHOWN_UNKNOWN = 5  # unknown names named (and matched against the allowed ones) in one answer
LONGEST_NAME = 64  # longer unknown names are shown cut and never matched


# the arguments the check validated in this request, and what they validated to
_CHECKED: ContextVar[tuple[FuncMetadata, dict[str, Any], dict[str, Any]] | None] = ContextVar(
    "acemedia_checked_arguments", default=None
)


class CheckedArguments(FuncMetadata):
    """A tool's argument model that takes the check's result for the arguments it just validated,
    instead of validating them a second time."""

    def validate_arguments(self, arguments_to_validate: dict[str, Any]) -> dict[str, Any]:
        checked = _CHECKED.get()
        if checked is not None and checked[0] is self and checked[1] == arguments_to_validate:
            return checked[2]
        return super().validate_arguments(arguments_to_validate)

    def check(self, arguments: dict[str, Any]) -> None:
        """Validate `arguments` (raising pydantic's ValidationError) and keep the result for this request."""
        _CHECKED.set((self, arguments, super().validate_arguments(arguments)))


@dataclass
class _Tool:
    allowed: frozenset[str]
    fn: Callable[..., Any]
    metadata: CheckedArguments | None = None  # the registered tool's, or built on first use
    not_blank: frozenset[str] | None = None

    def checks(self) -> CheckedArguments:
        if self.metadata is None:
            built = func_metadata(self.fn, skip_names=["ctx"])
            self.metadata = CheckedArguments.model_construct(**dict(built))
        if self.not_blank is None:
            fields = self.metadata.arg_model.model_fields
            self.not_blank = frozenset(
                info.alias or name
                for name, info in fields.items()
                if any(isinstance(m, annotated_types.MinLen) and m.min_length > 0 for m in info.metadata)
            )
        return self.metadata


class ArgumentNames:
    """The arguments each registered tool accepts, and the middleware that enforces them."""

    def __init__(self) -> None:
        self._tools: dict[str, _Tool] = {}

    def register(self, tool: str, names: set[str], fn: Callable[..., Any]) -> None:
        """`fn` is the coroutine the SDK registers for `tool` (its parameters plus `ctx`)."""
        self._tools[tool] = _Tool(frozenset(names), fn)

    def adopt(self, registered: Tool) -> None:
        """Check `registered`'s arguments with its own model, and let it take the result."""
        known = self._tools[registered.name]
        known.metadata = CheckedArguments.model_construct(**dict(registered.fn_metadata))
        registered.fn_metadata = known.metadata

    def unknown_argument_error(self, tool: str, arguments: dict[str, Any]) -> str | None:
        known = self._tools.get(tool)
        if known is None:
            return None
        allowed = known.allowed
        unknown = [name for name in arguments if name not in allowed]
        if not unknown:
            return None
        hints = []
        for name in sorted(unknown[: SHOWN_UNKNOWN * 20])[:SHOWN_UNKNOWN]:
            if len(name) > LONGEST_NAME:
                hints.append(f"'{name[:LONGEST_NAME]}…'")
                continue
            close = difflib.get_close_matches(name, allowed, n=1)
            hints.append(f"'{name}' (did you mean '{close[0]}'?)" if close else f"'{name}'")
        what = f"Unknown argument {', '.join(hints)}"
        if len(unknown) > SHOWN_UNKNOWN:
            what = f"{len(unknown)} unknown arguments, among them {', '.join(hints)}"
        listed = ", ".join(sorted(allowed)) or "none"
        return f"Error executing tool {tool}: {what}. Allowed arguments: {listed}. Nothing was sent."

    def invalid_argument_error(self, tool: str, arguments: dict[str, Any]) -> str | None:
        known = self._tools.get(tool)
        if known is None:
            return None
        checks = known.checks()
        try:
            checks.check(arguments)
        except ValidationError as exc:
            return argument_error(tool, exc)
        for name in known.not_blank or ():
            value = arguments.get(name)
            if isinstance(value, str) and not value.strip():
                return f"Error executing tool {tool}: {InvalidArgument(name, BLANK)}"
        return None

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        params = ctx.params if isinstance(ctx.params, dict) else None
        if ctx.method == "tools/call" and params is not None:
            arguments = params.get("arguments")
            arguments = {} if arguments is None else arguments
            if isinstance(arguments, dict):
                tool = str(params.get("name"))
                problem = self.unknown_argument_error(tool, arguments) or self.invalid_argument_error(
                    tool, arguments
                )
                if problem:
                    return CallToolResult(content=[TextContent(type="text", text=problem)], is_error=True)
        return await call_next(ctx)
