"""HTTP mode (`--transport http`), loaded only then: the app, which callers and hosts it accepts,
OAuth sign-in and the state replicas share."""

from .card import add_card_route
from .config import ANONYMOUS_ENV, HostingSettings, StreamLimits
from .cors import add_cors
from .gate import CallerGate
from .hosts import HostCheck, transport_security
from .sse import BoundedStreams, sse_routes

__all__ = [
    "ANONYMOUS_ENV",
    "BoundedStreams",
    "CallerGate",
    "HostCheck",
    "HostingSettings",
    "StreamLimits",
    "add_card_route",
    "add_cors",
    "sse_routes",
    "transport_security",
]
