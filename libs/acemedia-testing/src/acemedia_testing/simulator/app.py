"""The simulator app with the test harness: the engine's app plus `/_sim/*`, `/oauth2/*` and `/api/v1/*`.

Each upstream request is journaled, then due callbacks are sent, then an injected fault may answer
instead (hook.py), and finally the engine routes it. The auth server's `/oauth2/*` (signin.py) and the
platform API's `/api/v1/*` (platform.py) are served beside it, so a whole sign-in runs against the
simulator; neither is journaled, nor is the control API (admin.py).
"""

from __future__ import annotations

from acemedia import simulator as engine
from starlette.applications import Starlette

from .admin import admin_routes
from .hook import Recorder
from .platform import platform_routes
from .signin import signin_routes
from .state import SimulatorState


def create_app(state: SimulatorState, *, tick_interval: float | None = None) -> Starlette:
    """The harness's simulator app. `tick_interval` (seconds) starts a background callback ticker."""
    routes = [
        *admin_routes(state),
        *signin_routes(state.auth),
        *platform_routes(state.platform, state.auth),
    ]
    return engine.create_app(state, tick_interval=tick_interval, routes=routes, hook=Recorder(state))
