"""What differs between their surface and ours: a pure function of two surfaces and the allow-list.

Kinds:
- `lacks`: theirs has a tool, parameter, nested property or enum value that ours lacks, or ours requires a
  parameter theirs does not: a call that works with theirs fails with ours. A failure.
- `differs`: a default, a JSON type or a required flag that ours relaxes. Worth a look, not a failure.
- `extra`: ours has a tool, parameter or enum value theirs lacks.
- `documented`: any of these, listed in the allow-list with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from .surface import ITEMS, JSON, Param, Surface

Kind = Literal["lacks", "differs", "extra", "documented"]
Aspect = Literal["tool", "parameter", "required", "enum", "default", "type"]


@dataclass(frozen=True)
class Difference:
    kind: Kind
    tool: str
    aspect: Aspect
    path: str = ""  # a parameter, or a nested one: `request.element_list[].element_id`
    theirs: JSON = None
    ours: JSON = None
    reason: str = ""  # why it is deliberate, for `documented` ones

    @property
    def key(self) -> str:
        """How the allow-list names it: `kling_generate_video.model default`, `veo_upsample tool`."""
        where = f"{self.tool}.{self.path}" if self.path else self.tool
        return f"{where} {self.aspect}"

    def describe(self) -> str:
        where = f"{self.tool}.{self.path}" if self.path else self.tool
        if self.aspect == "tool":
            return f"tool {self.tool}"
        if self.aspect == "parameter":
            return f"parameter {where}"
        if self.aspect == "required":
            if not self.ours:
                return f"{where}: theirs requires it, ours takes it as optional"
            taken = "takes it as optional" if self.theirs is not None else "does not take it"
            return f"{where}: ours requires it, theirs {taken}"
        if self.aspect == "enum":
            return f"{where}: enum values {_show(self.theirs if self.kind != 'extra' else self.ours)}"
        return f"{where}: {self.aspect} theirs {_show(self.theirs)}, ours {_show(self.ours)}"


@dataclass(frozen=True)
class Comparison:
    differences: tuple[Difference, ...]
    stale: tuple[str, ...]  # allow-list entries for differences that no longer exist

    def of_kind(self, kind: Kind) -> list[Difference]:
        return [d for d in self.differences if d.kind == kind]

    @property
    def failed(self) -> bool:
        return bool(self.of_kind("lacks"))


def compare(theirs: Surface, ours: Surface, allowed: Mapping[str, str]) -> Comparison:
    """Every difference between `theirs` and `ours`; those `allowed` names become `documented`.
    `stale` lists the allowed keys that match no difference of these surfaces' tools."""
    found: list[Difference] = []
    for tool in sorted(theirs):
        if tool in ours:
            found.extend(_params(tool, "", theirs[tool], ours[tool]))
        else:
            found.append(Difference("lacks", tool, "tool"))
    found.extend(Difference("extra", tool, "tool") for tool in sorted(set(ours) - set(theirs)))
    differences = tuple(
        replace(d, kind="documented", reason=allowed[d.key]) if d.key in allowed else d for d in found
    )
    seen = {d.key for d in differences}
    tools = set(theirs) | set(ours)
    stale = tuple(k for k in sorted(allowed) if k not in seen and k.split(" ")[0].split(".")[0] in tools)
    return Comparison(differences, stale)


def _join(prefix: str, name: str) -> str:
    """`request` + `prompt` is `request.prompt`; `image_list` + `[].image_url` is `image_list[].image_url`."""
    if name.startswith(f"{ITEMS}."):
        return f"{prefix}{ITEMS}.{name[len(ITEMS) + 1 :]}"
    return f"{prefix}.{name}" if prefix else name


def _params(
    tool: str, prefix: str, theirs: Mapping[str, Param], ours: Mapping[str, Param]
) -> list[Difference]:
    found: list[Difference] = []
    for name in theirs:
        path = _join(prefix, name)
        if name in ours:
            found.extend(_param(tool, path, theirs[name], ours[name]))
        else:
            found.append(Difference("lacks", tool, "parameter", path))
    for name in ours:
        if name in theirs:
            continue
        path = _join(prefix, name)
        if ours[name].required:  # a call made for theirs leaves it out, and ours refuses it
            found.append(Difference("lacks", tool, "required", path, theirs=None, ours=True))
        else:
            found.append(Difference("extra", tool, "parameter", path))
    return found


def _param(tool: str, path: str, theirs: Param, ours: Param) -> list[Difference]:
    found: list[Difference] = []
    if ours.required and not theirs.required:
        found.append(Difference("lacks", tool, "required", path, theirs=False, ours=True))
    elif theirs.required and not ours.required:
        found.append(Difference("differs", tool, "required", path, theirs=True, ours=False))
    if theirs.enum is not None and ours.enum is not None:
        missing = [v for v in theirs.enum if v not in ours.enum]
        added = [v for v in ours.enum if v not in theirs.enum]
        if missing:
            found.append(Difference("lacks", tool, "enum", path, theirs=missing, ours=list(ours.enum)))
        if added:
            found.append(Difference("extra", tool, "enum", path, theirs=list(theirs.enum), ours=added))
    elif theirs.enum is not None or ours.enum is not None:
        found.append(Difference("differs", tool, "enum", path, theirs=_enum(theirs), ours=_enum(ours)))
    if not (theirs.required or ours.required) and _default(theirs) != _default(ours):
        found.append(
            Difference("differs", tool, "default", path, theirs=_default(theirs), ours=_default(ours))
        )
    accepted = set(theirs.types) - set(ours.types)
    if ours.types and accepted and not (accepted == {"integer"} and "number" in ours.types):
        found.append(
            Difference("differs", tool, "type", path, theirs=list(theirs.types), ours=list(ours.types))
        )
    if ours.properties or not ours.open:  # an open object of ours takes any of their keys
        found.extend(_params(tool, path, theirs.properties, ours.properties))
    return found


def _enum(param: Param) -> JSON:
    return "any value" if param.enum is None else list(param.enum)


def _default(param: Param) -> JSON:
    return param.default if param.has_default else "(none)"


def _show(value: JSON) -> str:
    if isinstance(value, list):
        return ", ".join(repr(v) for v in value)
    return value if value == "(none)" or value == "any value" else repr(value)
