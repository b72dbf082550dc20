"""The command line every provider server shares: `<provider>-mcp [--transport stdio|http] ...`."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import ConfigError
from .media.config import MediaSettings
from .settings import LOG_LEVELS, Settings

if TYPE_CHECKING:
    from .server import ProviderServer

log = logging.getLogger("acemedia")


def parse_args(name: str, version: str, argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"{name}-mcp",
        description=f"MCP server for {name.title()} generation through the AceDataCloud API.",
    )
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio", help="default: stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
    parser.add_argument("--log-level", choices=LOG_LEVELS, type=str.upper, help="default: $LOG_LEVEL or INFO")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        default=os.environ.get("ACEMEDIA_SANDBOX", "").strip().lower() in ("1", "true", "yes", "on"),
        help="run against a built-in simulator of the API: no token, no network, simulated media "
        "(also ACEMEDIA_SANDBOX=1)",
    )
    parser.add_argument("--version", action="version", version=f"{name}-mcp {version}")
    return parser.parse_args(argv)


def console_main(module: str, argv: Sequence[str] | None = None) -> None:
    """Entry point of every `<provider>-mcp` script: `module` holds the provider's `server`.

    The module is imported here, not at script start, so a bad SORA_DEFAULT_* style variable
    becomes a one-line message instead of a traceback.
    """
    try:
        server: ProviderServer = importlib.import_module(module).server
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    args = parse_args(server.provider.name, server.version, argv)
    try:
        settings = Settings.from_env(server.provider.env_prefix, server.provider.default_timeout)
        media = MediaSettings.from_env(http=args.transport == "http")
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    level = args.log_level or settings.log_level
    # stdout belongs to the protocol in stdio mode: every log line goes to stderr
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    from .runtime import Runtime

    if args.sandbox:
        settings = start_sandbox(settings)
        # the simulator's own media host is on loopback: allow exactly that one
        media = media.allowing(settings.base_url.split("://", 1)[1])
    server.configure(Runtime.create(settings, sandbox=args.sandbox, media=media))
    if not settings.api_token:
        log.warning(
            "ACEDATACLOUD_API_TOKEN is not set: calls need a bearer token from the client (HTTP mode)"
        )
    if args.transport == "stdio":
        server.mcp.run("stdio")
    else:
        serve_http(server, args.host, args.port, level)


SANDBOX_TOKEN = "sandbox"
SANDBOX_JOB_SECONDS = 8.0


def start_sandbox(settings: Settings) -> Settings:
    """Start the simulator in this process and point the client at it. It stops with the process."""
    from dataclasses import replace

    from .simulator import SimulatorServer, SimulatorState

    seconds = float(os.environ.get("ACEMEDIA_SANDBOX_JOB_SECONDS", SANDBOX_JOB_SECONDS))
    simulator = SimulatorServer(SimulatorState(job_seconds=seconds, isolate_tokens=False), serve_media=True)
    simulator.start()
    log.warning(
        "sandbox mode: simulated API at %s (it serves the media too); the media is not real", simulator.url
    )
    # a separate ledger, so simulated tasks never mix with real ones
    ledger = None if settings.ledger_path is None else settings.ledger_path + ".sandbox"
    # the real token, if set, never goes to the simulator
    return replace(settings, base_url=simulator.url, api_token=SANDBOX_TOKEN, ledger_path=ledger)


def serve_http(server: ProviderServer, host: str, port: int, level: str) -> None:
    import signal

    import uvicorn

    from .http_app import build_http_app

    app = build_http_app(server, host)
    log.info("serving %s on http://%s:%d/mcp", server.mcp.name, host, port)
    # uvicorn re-raises the signal it stopped on; after a graceful drain that is a clean exit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(app, host=host, port=port, log_level=level.lower(), timeout_graceful_shutdown=30)
