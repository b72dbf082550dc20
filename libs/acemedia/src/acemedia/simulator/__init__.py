"""An offline simulator of the AceDataCloud API for Sora, Luma, Kling, Producer and Veo.

    state = SimulatorState(clock=ManualClock())       # or SimulatorState() for real time
    app = create_app(state)                            # an ASGI app: httpx.ASGITransport(app)
    with SimulatorServer(state) as sim:                # or real HTTP on loopback
        httpx.post(f"{sim.url}/sora/videos", ...)

Script outcomes with `state.script.add(ScriptRule(Outcome(fail=True), provider="sora"))`, prompt markers
(`[sim:fail]`, `[sim:seconds=90]`, `[sim:preview]`) or `POST /_sim/script`; inject faults with
`state.faults.add(Fault("rate_limit", path="/sora/tasks"))` or `POST /_sim/faults`; read what happened in
`state.journal` or `GET /_sim/journal`.
"""

from .app import create_app
from .clock import ManualClock
from .endpoints import ENDPOINTS, PROVIDERS, TASK_PATHS
from .faults import FAULT_KINDS, Fault
from .journal import CallbackEntry, Journal, RequestEntry
from .outcomes import Outcome, ScriptRule
from .runner import SimulatorServer
from .state import SimulatorState

__all__ = [
    "ENDPOINTS",
    "FAULT_KINDS",
    "PROVIDERS",
    "TASK_PATHS",
    "CallbackEntry",
    "Fault",
    "Journal",
    "ManualClock",
    "Outcome",
    "RequestEntry",
    "ScriptRule",
    "SimulatorServer",
    "SimulatorState",
    "create_app",
]
