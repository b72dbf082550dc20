"""`python -m acemedia_testing.simulator --port 8765` (or `acemedia-simulator`): serve the simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from acemedia.simulator import DIALECTS, VARIED, ManualClock

from .runner import SimulatorServer
from .state import SimulatorState


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="acemedia-simulator",
        description="Serve an offline simulator of the AceDataCloud API for every installed provider package.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8765, help="port to bind; 0 picks a free one (default 8765)"
    )
    parser.add_argument("--job-seconds", type=float, default=3.0, help="how long a job runs (default 3)")
    parser.add_argument(
        "--token",
        action="append",
        dest="tokens",
        metavar="TOKEN",
        help="accept only this bearer token (repeatable); default: any non-empty token",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for ids, ratio faults and varied dialects (default 0)"
    )
    parser.add_argument(
        "--dialect",
        default=VARIED,
        choices=(VARIED, *DIALECTS),
        help="reply dialect of every job; default varied: one per job, drawn from the seed",
    )
    parser.add_argument(
        "--manual-clock",
        action="store_true",
        help="time moves only via POST /_sim/clock/advance (jobs never finish on their own)",
    )
    parser.add_argument(
        "--oauth-client-id",
        metavar="ID",
        help="sign users in only to this OAuth client at /oauth2/authorize (default: any client)",
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    parser.add_argument(
        "--serve-media", action="store_true", help="hand out media URLs on this server (GET /media/...)"
    )
    return parser.parse_args(argv)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    state = SimulatorState(
        clock=ManualClock() if args.manual_clock else None,
        job_seconds=args.job_seconds,
        tokens=args.tokens,
        seed=args.seed,
        dialect=args.dialect,
        oauth_client_id=args.oauth_client_id,
    )
    server = SimulatorServer(
        state, host=args.host, port=args.port, log_level=args.log_level, serve_media=args.serve_media
    )
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        print(f"acemedia-simulator: could not start on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    print(server.url, flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
