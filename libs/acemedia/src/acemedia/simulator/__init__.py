"""An offline simulator of the AceDataCloud API for every installed provider package.

    state = SimulatorState(clock=ManualClock())       # or SimulatorState() for real time
    app = create_app(state)                            # an ASGI app: httpx.ASGITransport(app)
    with SimulatorServer(state) as sim:                # or real HTTP on loopback
        httpx.post(f"{sim.url}/example/videos", ...)

Replies come in the documented dialects (dialects.py): by default each job draws one from the seed;
`SimulatorState(dialect="classic")` pins one, and `[sim:dialect=<name>]` or `Outcome(dialect=...)` one job's.

Script outcomes with `state.script.add(ScriptRule(Outcome(fail=True), provider="example"))`, prompt
markers (`[sim:fail]`, `[sim:fail=used_up]`, `[sim:seconds=90]`, `[sim:preview]`) or `POST /_sim/script`;
inject faults with `state.faults.add(Fault("rate_limit", path="/example/tasks"))` or `POST /_sim/faults`;
read what happened in `state.journal` or `GET /_sim/journal`.

It also plays AceDataCloud's auth server (`/oauth2/authorize`, `/oauth2/token`: signin.py) and platform
API (`/api/v1/applications/`, `/api/v1/credentials/`: platform.py), so an OAuth sign-in runs offline; the
credential a user got is `state.credential_of(user)`, and `state.revoke_credential(token)` withdraws it.

A provider package teaches it its endpoints with a `simulation` module (registered under the
`acemedia.simulations` entry point) built from `Endpoint`, `Rules`, `Need`, `Recipe` and `Style`.
"""

from .app import create_app
from .clock import ManualClock
from .dialects import CLASSIC, DIALECTS, VARIED, Dialect, dialect_named
from .endpoints import NUMBER, UNIT, Endpoint, EndpointTable, installed_endpoints, need, when
from .faults import FAULT_KINDS, Fault
from .journal import CallbackEntry, Journal, RequestEntry
from .outcomes import Outcome, ScriptRule, strip_markers
from .platform import Platform
from .recipes import Item, JobContext, Product, Recipe, Style, iso, preview_url
from .runner import SimulatorServer
from .signin import AuthServer, pkce_challenge
from .state import SimulatorState
from .validation import Need, Rules, required

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
