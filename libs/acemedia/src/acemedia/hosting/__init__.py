"""What HTTP mode adds for a server that strangers can reach: which callers and hosts it accepts."""

from .card import add_card_route
from .config import ANONYMOUS_ENV, HostingSettings, StreamLimits
from .cors import add_cors
from .gate import CallerGate
from .hosts import HostCheck, transport_security
from .sse import BoundedStreams, sse_routes
from .waits import CallerWaits, TooManyWaits

__all__ = [
    "ANONYMOUS_ENV",
    "BoundedStreams",
    "CallerGate",
    "CallerWaits",
    "HostCheck",
    "HostingSettings",
    "StreamLimits",
    "TooManyWaits",
    "add_card_route",
    "add_cors",
    "sse_routes",
    "transport_security",
]
