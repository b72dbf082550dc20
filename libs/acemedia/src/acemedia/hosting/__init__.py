"""What HTTP mode adds for a server that strangers can reach: which callers and hosts it accepts."""

from .card import add_card_route
from .config import ANONYMOUS_ENV, HostingSettings
from .cors import add_cors
from .gate import CallerGate
from .hosts import HostCheck, transport_security
from .waits import CallerWaits, TooManyWaits

__all__ = [
    "ANONYMOUS_ENV",
    "CallerGate",
    "CallerWaits",
    "HostCheck",
    "HostingSettings",
    "TooManyWaits",
    "add_card_route",
    "add_cors",
    "transport_security",
]
