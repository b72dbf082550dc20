"""Shared core for the acemedia MCP servers: the public surface is this module, `acemedia.errors` (the error
tree) and `acemedia.simulator`.

A provider package needs nothing else: its `Provider` description, a `ProviderServer` with its tools
(each returning a `Submit`), the shared field types, and `console_main` for its script. Every other
module of the core is an implementation detail and may change without notice.
"""

from .cli import console_main
from .discovery import provider_names, server_package
from .errors import ConfigError, InvalidArgument
from .fields import (
    CallbackUrl,
    MediaUrl,
    NullableUrl,
    OptionalCallbackUrl,
    OptionalUrl,
    Url,
    is_http_url,
    prompt_field,
    require,
)
from .provider import Provider, Submit, always, given, present
from .server import ProviderServer
from .settings import DEFAULT_WAIT_BUDGETS, DEFAULT_WAIT_INTERVALS, env_default
from .tasks.guidance import PollingStyle
from .tasks.status import Vocabulary, read_task
from .tasks.tools import WAIT_DEFAULT_SECONDS

__all__ = [
    "DEFAULT_WAIT_BUDGETS",
    "DEFAULT_WAIT_INTERVALS",
    "WAIT_DEFAULT_SECONDS",
    "CallbackUrl",
    "ConfigError",
    "InvalidArgument",
    "MediaUrl",
    "NullableUrl",
    "OptionalCallbackUrl",
    "OptionalUrl",
    "PollingStyle",
    "Provider",
    "ProviderServer",
    "Submit",
    "Url",
    "Vocabulary",
    "always",
    "console_main",
    "env_default",
    "given",
    "is_http_url",
    "present",
    "prompt_field",
    "provider_names",
    "read_task",
    "require",
    "server_package",
]
