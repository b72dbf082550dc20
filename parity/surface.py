"""A tool surface as data: for each tool, its parameters' required flags, JSON types, enum values, defaults
and nested properties, read from the tools' JSON input schemas. Descriptions are left out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

JSON = Any
# how deep nested object parameters are followed (a model inside a list inside a model is depth 3)
MAX_DEPTH = 4
# the key under which an array's item properties are kept: `image_list[].image_url`
ITEMS = "[]"


@dataclass(frozen=True)
class Param:
    required: bool
    types: tuple[str, ...] = ()
    enum: tuple[JSON, ...] | None = None
    has_default: bool = False
    default: JSON = None
    properties: Mapping[str, Param] = field(default_factory=dict)
    # an object (or a list of objects) that declares no properties: it takes any keys
    open: bool = False

    def as_json(self) -> dict[str, JSON]:
        data: dict[str, JSON] = {"required": self.required, "types": list(self.types)}
        if self.enum is not None:
            data["enum"] = list(self.enum)
        if self.has_default:
            data["default"] = self.default
        if self.properties:
            data["properties"] = {name: p.as_json() for name, p in self.properties.items()}
        if self.open:
            data["open"] = True
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, JSON]) -> Param:
        enum = data.get("enum")
        return cls(
            required=bool(data["required"]),
            types=tuple(data.get("types", ())),
            enum=None if enum is None else tuple(enum),
            has_default="default" in data,
            default=data.get("default"),
            properties={name: cls.from_json(p) for name, p in data.get("properties", {}).items()},
            open=bool(data.get("open", False)),
        )


# tool name -> parameter name -> parameter
Surface = dict[str, dict[str, Param]]


def surface_of(tools: Iterable[Mapping[str, JSON]]) -> Surface:
    """The surface of a `tools/list` result, each tool given as its JSON form (`name`, `inputSchema`)."""
    result: Surface = {}
    for tool in tools:
        schema = tool.get("inputSchema", tool.get("input_schema")) or {}
        result[str(tool["name"])] = _properties(schema, schema.get("$defs", {}), 0)
    return dict(sorted(result.items()))


def surface_to_json(surface: Surface) -> dict[str, JSON]:
    return {tool: {name: p.as_json() for name, p in params.items()} for tool, params in surface.items()}


def surface_from_json(data: Mapping[str, JSON]) -> Surface:
    return {tool: {name: Param.from_json(p) for name, p in params.items()} for tool, params in data.items()}


def _properties(schema: Mapping[str, JSON], defs: Mapping[str, JSON], depth: int) -> dict[str, Param]:
    required = set(schema.get("required", []))
    return {
        name: _param(prop, name in required, defs, depth)
        for name, prop in schema.get("properties", {}).items()
    }


def _resolve(schema: Mapping[str, JSON], defs: Mapping[str, JSON]) -> dict[str, JSON]:
    """`schema` with its `$ref` (or a one-entry `allOf`) replaced by what it points at; the outer keys win."""
    merged = dict(schema)
    for _ in range(8):  # a chain of references, never a loop
        ref = merged.pop("$ref", None)
        if ref is None and len(merged.get("allOf", [])) == 1:
            ref = merged.pop("allOf")[0].get("$ref")
        if not isinstance(ref, str):
            break
        target = defs.get(ref.rsplit("/", 1)[-1], {})
        merged = {**target, **merged}
    return merged


def _param(prop: Mapping[str, JSON], required: bool, defs: Mapping[str, JSON], depth: int) -> Param:
    schema = _resolve(prop, defs)
    alternatives: list[JSON] = schema.get("anyOf") or schema.get("oneOf") or [schema]
    branches = [_resolve(b, defs) for b in alternatives]
    types: set[str] = set()
    enum: list[JSON] = []
    has_enum = False
    properties: dict[str, Param] = {}
    open_object = False
    for branch in branches:
        kind = branch.get("type")
        types.update(kind if isinstance(kind, list) else [kind] if kind else [])
        if "enum" in branch or "const" in branch:
            has_enum = True
            enum.extend(branch["enum"] if "enum" in branch else [branch["const"]])
        items = _resolve(branch.get("items", {}), defs) if kind == "array" else {}
        open_object |= any(_is_open(s) for s in (branch, items))
        if depth >= MAX_DEPTH:
            continue
        if "properties" in branch:
            properties.update(_properties(branch, defs, depth + 1))
        if "properties" in items:
            for name, item in _properties(items, defs, depth + 1).items():
                properties[f"{ITEMS}.{name}"] = item
    return Param(
        required=required,
        types=tuple(sorted(types)),
        enum=tuple(v for v in enum if v is not None) if has_enum else None,
        has_default="default" in schema,
        default=schema.get("default"),
        properties=properties,
        open=open_object,
    )


def _is_open(schema: Mapping[str, JSON]) -> bool:
    return schema.get("type") == "object" and "properties" not in schema
