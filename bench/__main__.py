"""`python -m bench [--quick]`: run every measurement, write bench/results/latest.{md,json}."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import asdict

import anyio
from acemedia import server_package
from acemedia_testing import stdio_footprint

from . import baselines, checks, client_compare, env_info, report, targets
from .baselines import client_construction_ms
from .config import RESULTS, WORK, Params
from .progress import say
from .run import Run, run_all
from .tool_lists import published_versions
from .upstream import Upstream, stock_round_trip_ms

JOB_SECONDS = 0.05  # simulated jobs not marked otherwise finish almost at once


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small samples, to try the benchmark out (~1 min)"
    )
    args = parser.parse_args(argv)
    params = Params().quickened() if args.quick else Params()
    started = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    environment = env_info.collect()

    say("0/6 baselines: the existing published servers, each in its own venv from PyPI")
    pinned = published_versions()  # every installed provider's, from its own folder
    installed = {provider: baselines.ensure(provider, version) for provider, version in pinned.items()}
    for b in installed.values():
        say(
            f"  {b.package}=={b.version}: "
            + (f"ok ({b.entry_point})" if b.ok else f"NOT AVAILABLE: {b.problem}")
        )

    say("   the simulator: acemedia's, in its own process")
    upstream_ms = stock_ms = None
    try:
        stock_ms = stock_round_trip_ms(WORK)
    except (RuntimeError, OSError) as exc:
        say(f"  could not time the stock simulator runner: {exc}")
    upstream = Upstream(WORK, JOB_SECONDS).start()
    try:
        upstream_ms = upstream.round_trip_ms()
        say(f"  {upstream.url}: pooled query {upstream_ms} ms (stock runner: {stock_ms} ms)")
        servers = [
            targets.ours("veo", upstream.url, WORK),
            targets.floor(upstream.url),
            targets.ours("sora", upstream.url, WORK),
        ]
        # the other providers take part only in the tool-list comparison
        servers += [targets.ours(p, upstream.url, WORK) for p in pinned if p not in ("veo", "sora")]
        servers += [targets.existing(b, upstream.url) for b in installed.values() if b.ok]
        python_1x = client_compare.python_of(installed["veo"].script) if installed["veo"].ok else None
        run = Run(params, upstream, {t.key: t for t in servers}, python_1x)
        anyio.run(run_all, run)
    finally:
        upstream.stop()

    say("   what a stdio server loads at start (python -X importtime)")
    footprint = stdio_footprint(server_package("veo"))
    run.results["start_footprint"] = {
        "veo": {
            "lines": footprint.total,
            "modules": len(footprint.lines),
            "http": footprint.under("acemedia.http"),
        }
    }
    say(f"  veo-mcp: {footprint.total} lines in {len(footprint.lines)} acemedia modules")
    client_ms = client_construction_ms(installed["veo"]) if installed["veo"].ok else None
    environment["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    runtime = time.monotonic() - started
    checks_made = checks.evaluate(run.results)
    data = {
        "meta": {
            "runtime_seconds": round(runtime, 1),
            "quick": params.quick,
            "params": asdict(params),
            "upstream_round_trip_ms": upstream_ms,
            "stock_round_trip_ms": stock_ms,
            "existing_async_client_construction_ms": client_ms,
        },
        "environment": environment,
        "baselines": {p: b.as_json() for p, b in installed.items()},
        "targets": {t.key: t.label for t in servers},
        "checks": checks_made,
        "results": run.results,
        "errors": run.errors,
    }
    md_path, json_path = report.write(data, RESULTS)
    say(f"done in {runtime:.0f} s: wrote {md_path.relative_to(RESULTS.parent.parent)} and {json_path.name}")
    for check in checks_made:
        say(f"  target: {check['target']}: {check['verdict']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
