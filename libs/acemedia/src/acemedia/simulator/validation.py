"""Request checks as data: required fields, conditional requirements, enums, ranges and types.

A value of `None`, `""` or `[]` counts as absent: the existing servers send nulls for unused keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Need:
    """Each group needs at least one present field.

    With `when`, only when that field holds one of `values` (`None` matching its absence), or, with no
    `values`, whenever that field is present.
    """

    groups: tuple[tuple[str, ...], ...]
    when: str | None = None
    values: tuple[Any, ...] = ()

    def applies(self, body: Mapping[str, Any]) -> bool:
        if self.when is None:
            return True
        value = None if absent(body.get(self.when)) else body.get(self.when)
        if not self.values:
            return value is not None
        return value in self.values


@dataclass(frozen=True)
class Rules:
    # keys the OpenAPI marks required that may still be empty: they must be in the body, even as ""
    keys: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()
    enums: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    types: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)


def required(*names: str) -> Need:
    """Every one of `names` is required."""
    return Need(groups=tuple((n,) for n in names))


def absent(value: Any) -> bool:
    return value is None or value == "" or value == []


_TYPE_NAMES = {str: "a string", bool: "a boolean", list: "a list", dict: "an object", int: "an integer"}

# Fields every submit endpoint may carry.
COMMON_TYPES: Mapping[str, type | tuple[type, ...]] = {"async": bool, "callback_url": str}


def check(rules: Rules, body: Mapping[str, Any]) -> str | None:
    """The first problem with `body`, as a message naming the field, or None when it is acceptable."""
    for name, kind in {**COMMON_TYPES, **rules.types}.items():
        value = body.get(name)
        if not absent(value) and not _is(value, kind):
            return f"{name} must be {_describe(kind)}."
    for need in rules.needs:
        if not need.applies(body):
            continue
        for group in need.groups:
            if all(absent(body.get(name)) for name in group):
                names = " or ".join(group)
                return f"{'one of ' if len(group) > 1 else ''}{names} is required{_context(need)}."
    for name in rules.keys:
        if name not in body:
            return f"{name} is required (send an empty string when it is unused)."
    for name, allowed in rules.enums.items():
        value = body.get(name)
        if not absent(value) and not any(_same(value, a) for a in allowed):
            listed = ", ".join(str(a) for a in allowed)
            return f"{name} is invalid: {value!r} is not one of {listed}."
    for name, (low, high) in rules.ranges.items():
        value = body.get(name)
        if value is None or absent(value):
            continue
        if not _is(value, (int, float)) or not low <= value <= high:
            return f"{name} must be a number from {low:g} to {high:g}."
    return None


def _context(need: Need) -> str:
    if need.when is None:
        return ""
    if not need.values:
        return f" with {need.when}"
    shown = [v for v in need.values if v is not None]
    return f" when {need.when} is {' or '.join(map(str, shown))}" if shown else ""


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool):  # bool is an int in Python, never in JSON
        return bool in kinds
    return isinstance(value, kinds)


def _same(value: Any, allowed: Any) -> bool:
    # True == 1 in Python; in JSON a boolean never matches a number.
    return bool(value == allowed) and isinstance(value, bool) == isinstance(allowed, bool)


def _describe(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
