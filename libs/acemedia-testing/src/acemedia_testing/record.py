"""Re-record what a provider package keeps in its tests/data folder, into that folder.

    python -m acemedia_testing.record bodies [PROVIDER ...]
        the exact request bytes: replays each provider's contract submit cases and edge cases through a
        real MCP client and rewrites its upstream_request_bodies.json (read the diff: every changed line is
        a change the upstream will see)

    python -m acemedia_testing.record schemas OPENAPI_FOLDER [PROVIDER ...]
        the upstream's published request schemas: for each POST endpoint `/<provider>/...`, the request body
        schema of the newest source (the SDK's per-endpoint spec `sdk-endpoint-specs/<api_id>.json` where
        there is one, else the provider's OpenAPI file `<provider>.json`), keeping only what validation
        reads (types, required, enums, limits), into its upstream_request_schemas.json

Without PROVIDER, every installed provider (the `acemedia.providers` entry points), each in its own
source folder. Nothing is written outside those folders.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from acemedia import provider_names

from .recorded import (
    BODIES,
    SCHEMAS,
    ProviderData,
    contract_classes,
    dump_json,
    recorded_calls,
    requests_sent,
)

KEEP = {
    "type", "required", "properties", "items", "enum", "const", "anyOf", "oneOf", "allOf",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "minItems", "maxItems", "pattern", "additionalProperties",
}  # fmt: skip


def _strip(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_strip(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    kept = {k: v for k, v in schema.items() if k in KEEP}
    if "properties" in kept:
        kept["properties"] = {name: _strip(s) for name, s in kept["properties"].items()}
    for key in ("items", "anyOf", "oneOf", "allOf", "additionalProperties"):
        if isinstance(kept.get(key), dict | list):
            kept[key] = _strip(kept[key])
    return kept


def _request_schemas(path: Path) -> dict[str, Any]:
    found = {}
    for route, operations in json.loads(path.read_text(encoding="utf-8"))["paths"].items():
        body = operations.get("post", {}).get("requestBody")
        if body:
            found[route] = _strip(body["content"]["application/json"]["schema"])
    return found


def extract_request_schemas(folder: Path) -> dict[str, Any]:
    """Every POST endpoint's request schema in the AceDataCloud OpenAPI folder: route -> {source, schema}."""
    schemas: dict[str, Any] = {}
    for path in sorted(folder.glob("*.json")):
        for route, schema in _request_schemas(path).items():
            schemas[route] = {"source": path.name, "schema": schema}
    for path in sorted((folder / "sdk-endpoint-specs").glob("*.json")):
        for route, schema in _request_schemas(path).items():
            schemas[route] = {"source": f"sdk-endpoint-specs/{path.name}", "schema": schema}
    return dict(sorted(schemas.items()))


def record_bodies(provider: str) -> Path:
    """Rewrite the provider's recorded request bodies from its contract cases and edge cases."""
    data = ProviderData.of(provider)
    contracts = [c for c in contract_classes(data.folder.parent) if Path(c.data_dir).resolve() == data.folder]
    if len(contracts) != 1:
        raise SystemExit(
            f"{provider}: expected one RecordedContract using {data.folder}, found {len(contracts)}"
        )
    contract = contracts[0]
    entries = asyncio.run(
        requests_sent(contract.server, recorded_calls(contract.submit_cases, data.edge_cases()))
    )
    out = data.folder / BODIES
    out.write_text(dump_json(entries), encoding="utf-8")
    print(f"wrote {len(entries)} bodies to {out}")
    return out


def record_schemas(openapi: Path, providers: list[str]) -> list[Path]:
    """Split the folder's request schemas by their first path segment into each provider's data."""
    schemas = extract_request_schemas(openapi)
    written: list[Path] = []
    for provider in providers:
        mine = {route: s for route, s in schemas.items() if route.startswith(f"/{provider}/")}
        out = ProviderData.of(provider).folder / SCHEMAS
        out.write_text(dump_json(mine), encoding="utf-8")
        print(f"wrote {len(mine)} schemas to {out}")
        written.append(out)
    others = sorted({route.split("/")[1] for route in schemas} - set(providers))
    if others:
        print(f"left out (no such provider installed or asked for): {', '.join(others)}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m acemedia_testing.record", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    what = parser.add_subparsers(dest="what", required=True)
    bodies = what.add_parser("bodies", help=f"re-record each provider's {BODIES}")
    bodies.add_argument("providers", nargs="*", metavar="PROVIDER")
    schemas = what.add_parser("schemas", help=f"re-extract each provider's {SCHEMAS}")
    schemas.add_argument("openapi", type=Path, metavar="OPENAPI_FOLDER")
    schemas.add_argument("providers", nargs="*", metavar="PROVIDER")
    args = parser.parse_args(argv)
    installed = provider_names()
    providers: list[str] = args.providers or installed
    unknown = sorted(set(providers) - set(installed))
    if unknown:
        parser.error(f"not installed: {', '.join(unknown)}; installed: {', '.join(installed)}")
    if args.what == "bodies":
        for provider in providers:
            record_bodies(provider)
    else:
        record_schemas(args.openapi, providers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
