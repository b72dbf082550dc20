"""The command line every provider server shares: `<provider>-mcp [--transport stdio|http] ...`."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from .errors import ConfigError
from .hosting import CallerWaits, HostingSettings
from .media.config import MediaSettings
from .oauth import OAuthSettings, SignIn
from .sandbox import Sandbox, start_sandbox
from .sandbox import job_seconds as sandbox_job_seconds
from .settings import LOG_LEVELS, Settings
from .store import SharedState

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

    The module is imported here, not at script start, so a bad `<PROVIDER>_DEFAULT_*` variable
    becomes a one-line message instead of a traceback.
    """
    try:
        server: ProviderServer = importlib.import_module(module).server
        args = parse_args(server.provider.name, server.version, argv)
        settings = Settings.from_env(server.provider.env_prefix, server.provider.default_timeout)
        media = MediaSettings.from_env(http=args.transport == "http")
        sandbox = Sandbox(job_seconds=sandbox_job_seconds()) if args.sandbox else None
        hosting, waits = HostingSettings.from_env(), CallerWaits.from_env()
        shared = SharedState.from_env()
        oauth = OAuthSettings.from_env() if args.transport == "http" else None
        vault = shared.vault_named("acemedia:oauth", "OAuth sign-in (MCP_SERVER_URL)") if oauth else None
    except ConfigError as exc:
        stop_on_config_error(str(exc), argv)
    level = args.log_level or settings.log_level
    configure_logging(level)
    from .runtime import Runtime

    if sandbox is not None:
        settings = start_sandbox(settings, sandbox)
        # the simulator's own media host is on loopback: allow exactly that one
        media = media.allowing(settings.base_url.split("://", 1)[1])
        # a sandbox has no real token to share: callers without one of their own are served
        hosting = replace(hosting, anonymous="server-token")
    runtime = Runtime.create(settings, sandbox=sandbox, media=media, waits=waits)
    server.configure(shared.attach(runtime, sandbox=sandbox is not None))
    if shared.redis_url is not None:
        log.info("shared state (task ledger, poll marks) in Redis")
    if not settings.api_token:
        if args.transport == "stdio":
            log.warning(
                "ACEDATACLOUD_API_TOKEN is not set: every call will fail until it is (or try --sandbox)"
            )
        else:
            log.warning(
                "ACEDATACLOUD_API_TOKEN is not set: each caller must send 'Authorization: Bearer <token>'"
            )
    if args.transport == "stdio":
        from . import stdio

        stdio.run(server.mcp)
    else:
        signin = None
        if oauth is not None and vault is not None:
            signin = SignIn(oauth, vault)
            log.info("OAuth sign-in on: issuer %s, resource %s", oauth.issuer, oauth.resource)
        serve_http(server, args.host, args.port, level, hosting, signin)


def stop_on_config_error(message: str, argv: Sequence[str] | None) -> NoReturn:
    """One line on stderr; over stdio also the error of the client's first request, so the host shows it."""
    text = f"configuration error: {message}"
    print(text, file=sys.stderr, flush=True)
    args = list(sys.argv[1:] if argv is None else argv)
    # stdio, the default transport: the client is waiting on stdin for an answer
    serving_stdio = not {"http", "--transport=http", "--version", "-h", "--help"} & set(args)
    if serving_stdio:
        from .stdio import refuse_first_request

        refuse_first_request(f"{text}. Fix the server's environment in the MCP client configuration.")
    raise SystemExit(2)


class QuietSessionEnds(logging.Filter):
    """Drops the SDK's "Terminating session: None", logged at INFO after every stateless HTTP call."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Terminating session")


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    # stdout belongs to the protocol in stdio mode: every log line goes to stderr, uvicorn's too
    logging.basicConfig(level=level, stream=sys.stderr, format=LOG_FORMAT, force=True)
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    if level != "DEBUG":
        logging.getLogger("mcp.server.streamable_http").addFilter(QuietSessionEnds())


def serve_http(
    server: ProviderServer,
    host: str,
    port: int,
    level: str,
    hosting: HostingSettings | None = None,
    signin: SignIn | None = None,
) -> None:
    import signal

    import uvicorn

    from .http_app import build_http_app

    app = build_http_app(server, host, hosting, signin)
    log.info("serving %s on http://%s:%d/mcp", server.mcp.name, host, port)
    # uvicorn re-raises the signal it stopped on; after a graceful drain that is a clean exit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # log_config=None: uvicorn's loggers go through ours, in one format
    uvicorn.run(
        app, host=host, port=port, log_level=level.lower(), log_config=None, timeout_graceful_shutdown=30
    )
