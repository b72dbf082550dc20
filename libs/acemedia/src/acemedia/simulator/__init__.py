"""An offline simulator of the AceDataCloud API for every installed provider package: the job engine.

    state = SimulatorState(clock=ManualClock())       # or SimulatorState() for real time
    app = create_app(state)                            # an ASGI app: httpx.ASGITransport(app)
    with SimulatorServer(state) as sim:                # or real HTTP on loopback
        httpx.post(f"{sim.url}/example/videos", ...)

This is what a `--sandbox` server runs. Replies come in the documented dialects (dialects.py): by default
each job draws one from the seed; `SimulatorState(dialect="classic")` pins one, and
`[sim:dialect=<name>]` or `Outcome(dialect=...)` one job's. Script outcomes with
`state.script.add(ScriptRule(Outcome(fail=True), provider="example"))` or prompt markers (`[sim:fail]`,
`[sim:fail=used_up]`, `[sim:seconds=90]`, `[sim:preview]`).

The test harness (fault injection, the request journal, the `/_sim/*` control API, the simulated sign-in
and platform API, `python -m acemedia_testing.simulator`) is `acemedia_testing.simulator`; it plugs in
through `create_app(routes=..., hook=...)` (hooks.py) and `SimulatorState(callback_observer=...)`.

A provider package teaches it its endpoints with a `simulation` module (registered under the
`acemedia.simulations` entry point) built from `Endpoint`, `Rules`, `Need`, `Recipe` and `Style`.
"""

from .app import create_app
from .callbacks import CallbackEntry, CallbackObserver
from .clock import ManualClock
from .dialects import CLASSIC, DIALECTS, VARIED, Dialect, dialect_named
from .endpoints import NUMBER, UNIT, Endpoint, EndpointTable, installed_endpoints, need, when
from .hooks import Answer, RequestHook, UpstreamCall, Visit
from .outcomes import Outcome, ScriptRule, strip_markers
from .recipes import Item, JobContext, Product, Recipe, Style, iso, preview_url
from .runner import SimulatorServer
from .state import SimulatorState
from .validation import Need, Rules, required

__all__ = [
    "CLASSIC",
    "DIALECTS",
    "NUMBER",
    "UNIT",
    "VARIED",
    "Answer",
    "CallbackEntry",
    "CallbackObserver",
    "Dialect",
    "Endpoint",
    "EndpointTable",
    "Item",
    "JobContext",
    "ManualClock",
    "Need",
    "Outcome",
    "Product",
    "Recipe",
    "RequestHook",
    "Rules",
    "ScriptRule",
    "SimulatorServer",
    "SimulatorState",
    "Style",
    "UpstreamCall",
    "Visit",
    "create_app",
    "dialect_named",
    "installed_endpoints",
    "iso",
    "need",
    "preview_url",
    "required",
    "strip_markers",
    "when",
]
