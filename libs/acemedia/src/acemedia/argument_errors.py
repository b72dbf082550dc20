"""Pydantic's argument errors rewritten in our words: the field, what was given, what is allowed.

The SDK would hand the agent pydantic's own text (internal model names, links to errors.pydantic.dev).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .errors import InvalidArgument
from .fields import CALLBACK_PATTERN, URL_PATTERN

SHOWN_ERRORS = 3
SHOWN_VALUE = 60

TYPES = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "none_required": "null",
}
PATTERNS = {
    URL_PATTERN: "an http(s) URL",
    CALLBACK_PATTERN: "an http(s) URL, or empty",
}


def shown(value: Any) -> str:
    """A short, JSON-like rendering of what the caller sent."""
    try:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"


def field_name(loc: tuple[int | str, ...]) -> str:
    name = str(loc[0]) if loc else "arguments"
    return name + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc[1:])


def _count(n: int, one: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {one}s"


def problem(error: ErrorDetails) -> str:
    """`got …; allowed: …` for one pydantic error."""
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        wanted = "must not be empty" if least == 1 else f"at least {_count(least, 'character')}"
        return f"got {shown(given)}; allowed: {wanted}" if least == 1 else f"got {shown(given)}; {wanted}"
    if kind == "string_too_long" and isinstance(given, str):
        return f"got {_count(len(given), 'character')}; allowed: at most {ctx.get('max_length')}"
    if kind in ("too_short", "too_long"):
        size = len(given) if hasattr(given, "__len__") else ctx.get("actual_length")
        bound = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        return f"got {_count(int(size or 0), 'item')}; allowed: {bound} {_count(int(limit or 0), 'item')}"
    if kind in ("literal_error", "enum"):
        return f"got {shown(given)}; allowed: one of {ctx.get('expected')}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"got {shown(given)}; allowed: {words} {ctx.get(key)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"got {shown(given)}; allowed: {PATTERNS.get(pattern, f'text matching {pattern}')}"
    if kind in TYPES:
        return f"got {shown(given)}; allowed: {TYPES[kind]}"
    return f"got {shown(given)}; {error['msg'][:1].lower()}{error['msg'][1:]}"


BLANK = "got only whitespace; allowed: text that is not only whitespace"


def argument_error(tool: str, exc: ValidationError) -> str:
    """The tool error text for a call whose arguments failed validation."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    text = problem(first)
    rest = [f"'{field_name(e['loc'])}' {problem(e)}" for e in errors[1:SHOWN_ERRORS]]
    if rest:
        text += "; also " + "; ".join(rest)
    if len(errors) > SHOWN_ERRORS:
        text += f"; and {len(errors) - SHOWN_ERRORS} more"
    return f"Error executing tool {tool}: {InvalidArgument(field_name(first['loc']), text)}"
