"""`python -m bench.sim_process --job-seconds 0.05`: acemedia's simulator in a process of its own.

The same `create_app(SimulatorState(...))` that `SimulatorServer` serves, with one difference: the
listening socket is created with `IPPROTO_TCP`. `SimulatorServer` creates it as `socket.socket(family,
SOCK_STREAM)` (protocol 0); asyncio only turns Nagle's algorithm off on accepted sockets whose protocol is
`IPPROTO_TCP`, so with the stock runner every request after the first on a kept-alive connection waits
about 40 ms for a delayed ACK. A real API front end does not do that, and a benchmark of pooled clients
against it would measure the simulator, not the servers. (`upstream.stock_round_trip` shows the effect.)
Prints its URL on stdout, then serves until terminated.
"""

from __future__ import annotations

import argparse
import socket

import uvicorn
from acemedia_testing.simulator import SimulatorState, create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sim_process")
    parser.add_argument("--job-seconds", type=float, default=0.05)
    args = parser.parse_args()
    # the classic reply, the one the published servers were written against, so the comparison is fair
    state = SimulatorState(job_seconds=args.job_seconds, dialect="classic")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    config = uvicorn.Config(
        create_app(state, tick_interval=0.2),
        log_level="warning",
        log_config=None,
        ws="none",
        lifespan="on",
        access_log=False,
    )
    server = uvicorn.Server(config)
    print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
