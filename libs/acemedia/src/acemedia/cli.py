"""The command line every provider server shares: `<provider>-mcp [--transport stdio|http] ...`."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from .errors import ConfigError
from .media.config import MediaSettings
from .sandbox import Sandbox, start_sandbox
from .sandbox import job_seconds as sandbox_job_seconds
from .settings import LOG_LEVELS, SandboxVariables, Settings, read, redis_url
from .tasks.waits import CallerWaits

if TYPE_CHECKING:
    from .http.serve import HostedSetup
    from .http.store import SharedState
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
        default=read(SandboxVariables, None, "sandbox").sandbox,
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
        waits = CallerWaits.from_env()
        # a stdio server loads nothing of HTTP mode; it keeps its ledger in Redis only when told to
        hosted: HostedSetup | None = None
        shared: SharedState | None = None
        if args.transport == "http":
            from .http.serve import HostedSetup

            hosted = HostedSetup.from_env()
            shared = hosted.shared
        elif redis_url() is not None:
            from .http.store import SharedState

            shared = SharedState.from_env()
    except ConfigError as exc:
        stop_on_config_error(str(exc), argv)
    level = args.log_level or settings.log_level
    configure_logging(level)
    from .runtime import Runtime

    if sandbox is not None:
        settings = start_sandbox(settings, sandbox)
        # the simulator's own media host is on loopback: allow exactly that one
        media = media.allowing(settings.base_url.split("://", 1)[1])
        if hosted is not None:  # a sandbox has no real token to share: callers without one are served
            hosted = hosted.serving_anonymous_callers()
    runtime = Runtime.create(settings, sandbox=sandbox, media=media, waits=waits)
    if shared is not None:
        runtime = shared.attach(runtime, sandbox=sandbox is not None)
        if shared.redis_url is not None:
            log.info("shared state (task ledger, poll marks) in Redis")
    server.configure(runtime)
    if hosted is None:
        if not settings.api_token:
            log.warning(
                "ACEDATACLOUD_API_TOKEN is not set: every call will fail until it is (or try --sandbox)"
            )
        from . import stdio

        stdio.run(server.mcp)
    else:
        if not settings.api_token:
            log.warning(
                "ACEDATACLOUD_API_TOKEN is not set: each caller must send 'Authorization: Bearer <token>'"
            )
        hosted.serve(server, args.host, args.port, level)


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
