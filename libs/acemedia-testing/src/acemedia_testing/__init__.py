"""Test helpers for acemedia provider packages: the contract suite and a pytest plugin with its fixtures."""

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
    require_program,
    tool_text,
    use_test_runtime,
)
from .local_redis import LocalRedis

__all__ = [
    "BASE_URL",
    "MAX_TOOL_NAME",
    "TOKEN",
    "BadCase",
    "FakeTime",
    "LocalRedis",
    "ProviderContract",
    "SubmitCase",
    "is_generation",
    "make_settings",
    "require_program",
    "tool_text",
    "use_test_runtime",
]
