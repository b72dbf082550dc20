"""Test helpers for acemedia provider packages: the contract suite, the checks against a provider's
recorded data (its tests/data folder), and a pytest plugin with their fixtures."""

from .contract import (
    BASE_URL,
    MAX_TOOL_NAME,
    TOKEN,
    BadCase,
    FakeTime,
    ProviderContract,
    SubmitCase,
    is_generation,
    make_settings,
    tool_text,
    use_test_runtime,
)
from .footprint import Footprint, stdio_footprint
from .haproxy import LocalHaproxy, haproxy_config
from .local_redis import LocalRedis
from .ports import accepts_connections, answers_ok, free_port
from .processes import spawn, stop_process, wait_until
from .programs import require_program, skip_or_fail
from .recorded import (
    REQUIRED_FILES,
    ProviderData,
    RecordedContract,
    RequestSchemas,
    contract_classes,
    dump_json,
    dumped_tools,
    listed_tools,
    model_visible_bytes,
    provider_folder,
    recorded_calls,
    requests_sent,
    surface_problems,
)
from .servers import ServerProcess, console_script

__all__ = [
    "BASE_URL",
    "MAX_TOOL_NAME",
    "REQUIRED_FILES",
    "TOKEN",
    "BadCase",
    "FakeTime",
    "Footprint",
    "LocalHaproxy",
    "LocalRedis",
    "ProviderContract",
    "ProviderData",
    "RecordedContract",
    "RequestSchemas",
    "ServerProcess",
    "SubmitCase",
    "accepts_connections",
    "answers_ok",
    "console_script",
    "contract_classes",
    "dump_json",
    "dumped_tools",
    "free_port",
    "haproxy_config",
    "is_generation",
    "listed_tools",
    "make_settings",
    "model_visible_bytes",
    "provider_folder",
    "recorded_calls",
    "requests_sent",
    "require_program",
    "skip_or_fail",
    "spawn",
    "stdio_footprint",
    "stop_process",
    "surface_problems",
    "tool_text",
    "use_test_runtime",
    "wait_until",
]
