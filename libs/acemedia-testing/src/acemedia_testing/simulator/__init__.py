"""The simulator with its test harness: the engine of `acemedia.simulator` plus faults, journal, control API and sign-in.

    state = SimulatorState(clock=ManualClock())       # or SimulatorState() for real time
    app = create_app(state)                            # an ASGI app: httpx.ASGITransport(app)
    with SimulatorServer(state) as sim:                # or real HTTP on loopback
        httpx.post(f"{sim.url}/example/videos", ...)

Everything the engine exports is here too, so a test imports from one place. On top of the engine:
script outcomes over HTTP with `POST /_sim/script`; inject faults with
`state.faults.add(Fault("rate_limit", path="/example/tasks"))` or `POST /_sim/faults`; read what happened
in `state.journal` or `GET /_sim/journal` (admin.py lists the whole control API).

It also plays AceDataCloud's auth server (`/oauth2/authorize`, `/oauth2/token`: signin.py) and platform
API (`/api/v1/applications/`, `/api/v1/credentials/`: platform.py), so an OAuth sign-in runs offline; the
credential a user got is `state.credential_of(user)`, and `state.revoke_credential(token)` withdraws it.

`python -m acemedia_testing.simulator --port 8765` (or `acemedia-simulator`) serves it until Ctrl-C.
"""

from acemedia.simulator import (
    CLASSIC,
    DIALECTS,
    NUMBER,
    UNIT,
    VARIED,
    CallbackEntry,
    Dialect,
    Endpoint,
    EndpointTable,
    Item,
    JobContext,
    ManualClock,
    Need,
    Outcome,
    Product,
    Recipe,
    Rules,
    ScriptRule,
    Style,
    dialect_named,
    installed_endpoints,
    iso,
    need,
    preview_url,
    required,
    strip_markers,
    when,
)

from .app import create_app
from .faults import FAULT_KINDS, Fault
from .journal import Journal, RequestEntry
from .platform import Platform
from .runner import SimulatorServer
from .signin import AuthServer, pkce_challenge
from .state import SimulatorState

__all__ = [
    "CLASSIC",
    "DIALECTS",
    "FAULT_KINDS",
    "NUMBER",
    "UNIT",
    "VARIED",
    "AuthServer",
    "CallbackEntry",
    "Dialect",
    "Endpoint",
    "EndpointTable",
    "Fault",
    "Item",
    "JobContext",
    "Journal",
    "ManualClock",
    "Need",
    "Outcome",
    "Platform",
    "Product",
    "Recipe",
    "RequestEntry",
    "Rules",
    "ScriptRule",
    "SimulatorServer",
    "SimulatorState",
    "Style",
    "create_app",
    "dialect_named",
    "installed_endpoints",
    "iso",
    "need",
    "pkce_challenge",
    "preview_url",
    "required",
    "strip_markers",
    "when",
]
