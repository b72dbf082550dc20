"""`uv run python -m parity`: install the newest published existing servers and compare their tools with ours."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import anyio

from .allowed import load_allowed
from .compare import compare
from .listing import ListingError, list_tools, listing_env
from .published import InstallError, install_newest
from .report import ProviderResult, render
from .snapshot import snapshot
from .surface import Surface, surface_of, surface_to_json
from .workspace import our_command, our_providers, published_package, snapshot_path


def _say(message: str) -> None:
    print(f"parity: {message}", file=sys.stderr, flush=True)


async def _compare_all(
    providers: list[str], root: Path, record: Path | None
) -> tuple[list[ProviderResult], dict[str, tuple[Surface, Surface]]]:
    allowed = load_allowed()
    env = listing_env()
    results: list[ProviderResult] = []
    surfaces: dict[str, tuple[Surface, Surface]] = {}
    for provider in providers:
        package = published_package(provider)
        _say(f"installing the newest {package} into {root}")
        installed = install_newest(package, root)
        _say(f"listing the tools of {package} {installed.version} and of ours over stdio")
        theirs = surface_of(await list_tools(installed.command, root, env))
        ours = surface_of(await list_tools(our_command(provider), root, env))
        surfaces[provider] = (theirs, ours)
        comparison = compare(theirs, ours, allowed)
        results.append(
            ProviderResult(provider, package, installed.version, len(theirs), len(ours), comparison)
        )
        if record is not None:
            data = {"package": package, "version": installed.version, "tools": surface_to_json(theirs)}
            (record / f"{package}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    return results, surfaces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m parity", description=__doc__)
    parser.add_argument("--provider", action="append", help="only this provider (repeatable)")
    parser.add_argument(
        "--write-snapshot",
        action="store_true",
        help="also refresh each compared provider's pinned surface (its tests/data/catalog_surface.json)",
    )
    parser.add_argument(
        "--record", type=Path, metavar="DIR", help="also write each published surface (no descriptions) here"
    )
    args = parser.parse_args(argv)
    if args.record:
        args.record.mkdir(parents=True, exist_ok=True)
    known = our_providers()
    providers = args.provider or known
    unknown = sorted(set(providers) - set(known))
    if unknown:
        parser.error(f"unknown provider {', '.join(unknown)}; the workspace has {', '.join(known)}")
    with tempfile.TemporaryDirectory(prefix="acemedia-parity-") as tmp:
        try:
            results, surfaces = anyio.run(_compare_all, providers, Path(tmp), args.record)
        except (InstallError, ListingError) as exc:
            _say(f"could not compare: {exc}")
            return 2
    print(render(results))
    if args.write_snapshot:
        for provider, (theirs, ours) in surfaces.items():
            path = snapshot_path(provider)
            pinned = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            pinned = snapshot(theirs, ours, pinned)
            path.write_text(json.dumps(pinned, indent=1) + "\n", encoding="utf-8")
            _say(f"wrote {len(pinned)} tools to {path}")
    return 1 if any(r.comparison.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
