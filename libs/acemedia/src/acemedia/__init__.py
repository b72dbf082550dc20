"""Shared core for the acemedia MCP servers."""

from .errors import InvalidArgument
from .guidance import PollingStyle
from .provider import Provider, Submit, given, present
from .server import ProviderServer
from .settings import env_default
from .tasks import Vocabulary

__all__ = [
    "InvalidArgument",
    "PollingStyle",
    "Provider",
    "ProviderServer",
    "Submit",
    "Vocabulary",
    "env_default",
    "given",
    "present",
]
